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
    /// The name `initialize` reports as `sqlDialect`.
    var name: String { get }
    /// A pattern match that ignores ASCII case, as the `like` filter means it (no escape character).
    func like(_ reference: String, _ pattern: String) -> String
    /// What follows the ORDER BY when there is an OFFSET but no LIMIT.
    var noLimit: String { get }
    /// A condition that is always false / always true (`in: []`, `notIn: []`).
    var alwaysFalse: String { get }
    var alwaysTrue: String { get }
    /// How a transaction that will write starts, and one that only reads one snapshot.
    var beginWrite: String { get }
    var beginRead: String { get }

    // DDL
    /// The SQL type of a column of `type`; `identity` for an auto-incrementing integer key.
    func columnType(_ type: ColumnType, identity: Bool) -> String
    /// What follows PRIMARY KEY on an auto-incrementing key.
    var autoIncrementSuffix: String { get }
    /// A declared default (`0`, `'x'`, `(unixepoch())`) as this backend writes it.
    func defaultExpression(_ sql: String) -> String
    /// A column CHECK clause.
    func checkConstraint(_ sql: String, table: String, column: String) -> String
    /// Whether the backend reprints expressions its own way, so the declared text is kept aside
    /// (in comments) for reading the schema back.
    var keepsDeclaredText: Bool { get }
    /// Whether column changes are made in place (ALTER TABLE) rather than by rebuilding the table.
    var altersColumnsInPlace: Bool { get }
}

extension SQLDialect {
    public func like(_ reference: String, _ pattern: String) -> String { "\(reference) LIKE \(pattern)" }
    public var noLimit: String { " LIMIT -1" }
    public var alwaysFalse: String { "0" }
    public var alwaysTrue: String { "1" }
    public var beginWrite: String { "BEGIN IMMEDIATE" }
    public var beginRead: String { "BEGIN DEFERRED" }
    public func columnType(_ type: ColumnType, identity: Bool) -> String { type.storageType }
    public var autoIncrementSuffix: String { " AUTOINCREMENT" }
    public func defaultExpression(_ sql: String) -> String { sql }
    public func checkConstraint(_ sql: String, table: String, column: String) -> String { "CHECK (\(sql))" }
    public var keepsDeclaredText: Bool { false }
    public var altersColumnsInPlace: Bool { false }
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
    public var name: String { "sqlite" }
}

/// PostgreSQL's spelling: NULL sorts as the largest value, so both placements are said out loud
/// (the contract's default, first when ascending, is SQLite's); LIKE is case-sensitive and has a
/// backslash escape, so `like` is ILIKE with no escape character; reads take one snapshot
/// (REPEATABLE READ), writes run in READ COMMITTED, where an UPDATE re-checks its WHERE on the
/// row it locked (the credit transfer's `credits >= amount` stays true when it commits).
public struct PostgresDialect: SQLDialect {
    public init() {}

    public func quote(_ identifier: String) -> String { SQL.quote(identifier) }

    public func nullsClause(descending: Bool, nullsFirst: Bool) -> String {
        if nullsFirst == descending { return "" }
        return nullsFirst ? " NULLS FIRST" : " NULLS LAST"
    }

    public var supportsRowValues: Bool { true }
    public var supportsAggregateFilter: Bool { true }
    public var name: String { "postgresql" }
    public func like(_ reference: String, _ pattern: String) -> String { "\(reference)::text ILIKE \(pattern) ESCAPE ''" }
    public var noLimit: String { " LIMIT ALL" }
    public var alwaysFalse: String { "FALSE" }
    public var alwaysTrue: String { "TRUE" }
    public var beginWrite: String { "BEGIN" }
    public var beginRead: String { "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" }

    /// Booleans are smallint 0/1 and timestamps bigint seconds, as on SQLite, so that filters,
    /// defaults, sums and the wire conversion mean the same on both backends; json is text.
    public func columnType(_ type: ColumnType, identity: Bool) -> String {
        if identity { return "bigint GENERATED BY DEFAULT AS IDENTITY" }
        return switch type {
        case .text, .json: "text"
        case .integer, .timestamp: "bigint"
        case .boolean: "smallint"
        case .real: "double precision"
        case .blob: "bytea"
        }
    }

    public var autoIncrementSuffix: String { "" }

    public func defaultExpression(_ sql: String) -> String {
        sql == "(unixepoch())" ? Self.unixEpoch : sql
    }

    /// `unixepoch()` in PostgreSQL's words; the server prints it back as `(EXTRACT(epoch FROM now()))::bigint`.
    public static let unixEpoch = "(extract(epoch from now())::bigint)"

    public func checkConstraint(_ sql: String, table: String, column: String) -> String {
        "CONSTRAINT \(SQL.quote(DDL.checkName(table: table, column: column))) CHECK (\(sql))"
    }

    public var keepsDeclaredText: Bool { true }
    public var altersColumnsInPlace: Bool { true }
}
