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
    /// A table name that is neither declared nor in the database.
    case unknownTable(name: String, available: [String])
    /// A field the table does not have.
    case unknownField(table: String, field: String, available: [String])
    /// A value that does not fit its column's type.
    case invalidValue(field: String, expected: String, got: String)
    /// A where-filter that is not well formed; `path` says where it sits.
    case invalidFilter(path: String, message: String)
    /// A declared schema that is not valid; `path` points at the offending part.
    case invalidSchema(path: String, message: String)
    /// Applied migration files whose content changed since they were applied.
    case migrationDrift(files: [String])
    /// A migration statement failed; its file was rolled back completely.
    case migrationFailed(file: String, statement: String, message: String)
    /// A pending migration would destroy data and `confirmDataLoss` was not given.
    case dataLossUnconfirmed(file: String, losses: [MeasuredDataLoss])
    /// A file or folder could not be read or written.
    case fileSystem(path: String, message: String)
    /// No open transaction has this id (never begun, or already committed or rolled back).
    case transactionNotFound(id: String)
    /// The transaction was open longer than its timeout and was rolled back.
    case transactionTimedOut(id: String)
    /// A file name a host sent that would lead outside the folder it is confined to, or onto a
    /// file wizdb must not overwrite; `reason` says which rule it broke.
    case pathNotAllowed(name: String, reason: String)
    /// A query whose parts do not fit the table or each other (a join with no foreign key to
    /// follow, `sum` of a text field, ...); `path` names the part of the request at fault.
    case invalidQuery(path: String, message: String)
    /// A write that names no rows (neither `id` nor `where`) and does not say `all`.
    case unsafeOperation(message: String)
    /// Any other error SQLite reported (syntax errors, unknown tables in raw SQL, ...).
    case sqlite(code: Int32, message: String)
    /// A declared table or field that the database does not have yet (its migration was not
    /// generated or not applied); `fix` says what to run.
    case schemaOutOfDate(table: String, field: String?, pending: [String], fix: String)
    /// Any other error a database server reported, with its SQLSTATE (PostgreSQL's code).
    case server(sqlState: String, message: String)
    /// Something this backend cannot do (a SQLite-only method on PostgreSQL, say).
    case unsupported(feature: String, backend: String)
    /// The server stopped a statement that ran past its `statement_timeout`.
    case statementTimedOut
    /// The database server cannot be reached now (connection lost, failover in progress); the
    /// next request opens a new connection, so retrying is right.
    case unavailable(message: String)

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
        case .unknownTable(let name, let available):
            "unknown table \"\(name)\"; tables are: \(available.joined(separator: ", "))"
        case .unknownField(let table, let field, let available):
            "unknown field \"\(field)\" in table \"\(table)\"; fields are: \(available.joined(separator: ", "))"
        case .invalidValue(let field, let expected, let got): "\(field): expected \(expected), got \(got)"
        case .invalidFilter(let path, let message): "\(path): \(message)"
        case .invalidSchema(let path, let message): "\(path): \(message)"
        case .migrationDrift(let files):
            "applied migration(s) changed since they were applied: \(files.joined(separator: ", ")); restore the original file(s) or add a new migration"
        case .migrationFailed(let file, let statement, let message):
            "migration \(file) failed and was rolled back: \(message) (in: \(statement))"
        case .dataLossUnconfirmed(let file, let losses) where file == "push":
            "the push would lose data (\(losses.map(\.summary).joined(separator: "; "))); confirm with confirmDataLoss (wizdb push --confirm-data-loss)"
        case .dataLossUnconfirmed(let file, let losses):
            "migration \(file) would lose data (\(losses.map(\.summary).joined(separator: "; "))); confirm with confirmDataLoss (wizdb migrate --confirm-data-loss)"
        case .fileSystem(let path, let message): "\(path): \(message)"
        case .transactionNotFound(let id): "no open transaction \"\(id)\" (never begun, or already committed or rolled back)"
        case .transactionTimedOut(let id): "transaction \"\(id)\" was open longer than its timeout and was rolled back"
        case .pathNotAllowed(let name, let reason): "the name \"\(name)\" is not allowed: \(reason)"
        case .invalidQuery(let path, let message): "\(path): \(message)"
        case .unsafeOperation(let message): message
        case .sqlite(_, let message): message
        case .server(_, let message): message
        case .unsupported(let feature, let backend): "\(feature) is not available on the \(backend) backend"
        case .unavailable(let message): "the database server is unavailable: \(message)"
        case .statementTimedOut: "the statement ran longer than the statement timeout"
        case .schemaOutOfDate(let table, let field, _, let fix):
            if let field {
                "the declared field \"\(field)\" of table \"\(table)\" is not in the database yet; \(fix)"
            } else {
                "the declared table \"\(table)\" is not in the database yet; \(fix)"
            }
        }
    }
}

/// A statement's possible data loss, measured on the live database.
public struct MeasuredDataLoss: Sendable, Equatable {
    public var table: String
    public var column: String?
    public var rows: Int64
    public var description: String

    public init(table: String, column: String?, rows: Int64, description: String) {
        self.table = table
        self.column = column
        self.rows = rows
        self.description = description
    }

    var summary: String { "\(description): \(rows) row(s)" }
}

extension StoreError {
    /// SQLite's answer for a table or column the database does not have: the declared schema
    /// (or this process's view of it) may be ahead of the database.
    public var isMissingTableOrColumn: Bool {
        if case .server(let state, _) = self { return state == "42P01" || state == "42703" }
        guard case .sqlite(_, let message) = self else { return false }
        return message.hasPrefix("no such table") || message.hasPrefix("no such column") || message.contains("has no column named")
    }
}
