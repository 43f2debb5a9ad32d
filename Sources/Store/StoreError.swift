/// What went wrong in database terms. Handlers map these to protocol errors in one place.
public enum StoreError: Error, Sendable, Equatable {
    /// A constraint refused the change; `table` and `columns` come from SQLite's message when it names them.
    case constraint(kind: ConstraintKind, table: String?, columns: [String], message: String)
    /// The database stayed locked by another connection for longer than the busy timeout.
    case busy(message: String)
    /// A write was attempted on a database or connection opened read-only.
    case readOnly(message: String)
    /// The disk (or a size limit) is full; the change was rolled back.
    case diskFull(message: String)
    /// The file is not a database or is damaged.
    case corrupt(message: String)
    /// The running statement was stopped by `Database.interrupt()`.
    case interrupted
    /// The database file could not be opened or created.
    case cannotOpen(path: String, message: String)
    /// Raw SQL with more than one statement; the caller must send them one at a time.
    case multipleStatements
    /// Raw SQL that is empty or only comments.
    case emptyStatement
    /// A bound parameter that the statement does not have, or one it has that was not given.
    case parameter(message: String)
    /// A statement that writes, run where only reads are allowed.
    case writeInReadOnlyContext(sql: String)
    /// Any other error SQLite reported (syntax errors, unknown tables in raw SQL, ...).
    case sqlite(code: Int32, message: String)

    public enum ConstraintKind: String, Sendable, Equatable {
        case unique, primaryKey = "primary_key", foreignKey = "foreign_key", notNull = "not_null", check, other
    }
}

extension StoreError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .constraint(_, _, _, let message): message
        case .busy(let message): message
        case .readOnly(let message): message
        case .diskFull(let message): message
        case .corrupt(let message): message
        case .interrupted: "interrupted"
        case .cannotOpen(let path, let message): "cannot open database at \(path): \(message)"
        case .multipleStatements: "only one SQL statement is allowed per call"
        case .emptyStatement: "the SQL text contains no statement"
        case .parameter(let message): message
        case .writeInReadOnlyContext: "this statement writes, but it was sent as read-only"
        case .sqlite(_, let message): message
        }
    }
}
