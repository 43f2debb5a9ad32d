/// Which rows a query sees with respect to soft deletion (`deactivated_at`).
public enum Deactivated: String, Sendable, CaseIterable {
    /// Live rows only (`deactivated_at IS NULL`): the default of every read.
    case exclude
    /// Live and soft-deleted rows alike.
    case include
    /// Soft-deleted rows only (`deactivated_at IS NOT NULL`).
    case only
}
