/// The SQL spellings that differ between backends, kept behind one seam so that a second backend
/// (PostgreSQL) is one more conformance rather than a hunt through string building.
///
/// Placeholders are always `?` in generated text; a backend that numbers them (`$1`) renumbers
/// the finished text, which never holds a `?` outside a placeholder (identifiers are quoted and
/// values are always bound).
public protocol SQLDialect: Sendable {
    /// An identifier, quoted so that any name is safe: `users` -> `"users"`.
    func quote(_ identifier: String) -> String
    /// What an ORDER BY term needs after its direction to put NULLs first or last, "" when the
    /// backend already does so for that direction.
    func nullsClause(descending: Bool, nullsFirst: Bool) -> String
    /// Whether `(a, b) > (?, ?)` compares row values (and can use a composite index for it).
    var supportsRowValues: Bool { get }
    /// `count(*) FILTER (WHERE ...)`-style aggregate filters.
    var supportsAggregateFilter: Bool { get }
}

/// SQLite's spelling: NULL sorts as the smallest value (first ascending, last descending), row
/// values and aggregate FILTER exist since 3.15 and 3.30, RETURNING and UPSERT since 3.35.
public struct SQLiteDialect: SQLDialect {
    public init() {}

    public func quote(_ identifier: String) -> String { SQL.quote(identifier) }

    public func nullsClause(descending: Bool, nullsFirst: Bool) -> String {
        // SQLite's default is NULLS FIRST ascending and NULLS LAST descending; saying so anyway
        // would be harmless, but only the other placement needs words.
        if nullsFirst == !descending { return "" }
        return nullsFirst ? " NULLS FIRST" : " NULLS LAST"
    }

    public var supportsRowValues: Bool { true }
    public var supportsAggregateFilter: Bool { true }
}
