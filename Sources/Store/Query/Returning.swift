/// What a write sends back for each row it inserted or changed.
public enum Returning: Sendable, Equatable {
    /// Every field of the row (the default).
    case all
    /// These fields, in this order.
    case fields([String])
    /// Nothing: only the number of changes.
    case none
}
