import PostgresNIO
import Store

/// PostgreSQL's errors in the store's terms, from their SQLSTATE: constraints with their table
/// and fields, serialization failures and deadlocks as `busy`, a cancelled statement as
/// `interrupted`, a full disk, and a lost connection as `unavailable`.
enum PostgresErrors {
    struct Unexpected: Error, CustomStringConvertible {
        var description: String
    }

    static func unexpected(_ message: String) -> Unexpected { Unexpected(description: message) }

    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying { return String(describing: underlying) }
            return error.code.description
        }
        return String(describing: error)
    }

    static func storeError(for error: any Error, connectionLost: Bool) -> any Error {
        if let error = error as? StoreError { return error }
        guard let error = error as? PSQLError else { return error }
        guard let info = error.serverInfo, let state = info[.sqlState] else {
            if error.code == .queryCancelled { return StoreError.interrupted }
            // No answer from the server: the connection (or the server) is gone.
            return StoreError.unavailable(message: describe(error))
        }
        let message = info[.message] ?? state
        let detail = info[.detail]
        let table = info[.tableName]
        switch state {
        case "23505":
            let kind: StoreError.ConstraintKind = info[.constraintName]?.hasSuffix("_pkey") == true ? .primaryKey : .unique
            return StoreError.constraint(kind: kind, table: table, columns: columns(inDetail: detail) ?? [], message: constraintMessage(message, detail))
        case "23503":
            return StoreError.constraint(kind: .foreignKey, table: table, columns: columns(inDetail: detail) ?? [], message: constraintMessage(message, detail))
        case "23502":
            return StoreError.constraint(kind: .notNull, table: table, columns: info[.columnName].map { [$0] } ?? [], message: message)
        case "23514":
            return StoreError.constraint(kind: .check, table: table, columns: checkedColumn(info[.constraintName], table: table), message: message)
        case "40001", "40P01", "55P03":
            return StoreError.busy(message: message)
        case "57014":
            return message.contains("statement timeout") ? StoreError.statementTimedOut : StoreError.interrupted
        case "53100":
            return StoreError.diskFull(message: message)
        case "25006":
            return StoreError.readOnly(message: message)
        case "42601" where message.contains("multiple commands"):
            return StoreError.multipleStatements
        case "08000", "08003", "08006", "08001", "08004", "57P01", "57P02", "57P03":
            return StoreError.unavailable(message: message)
        case "XX001", "XX002":
            return StoreError.corrupt(message: message)
        default:
            return StoreError.server(sqlState: state, message: message)
        }
    }

    /// The column of a column CHECK, from the name the server gave it (`<table>_<column>_check`).
    static func checkedColumn(_ constraint: String?, table: String?) -> [String] {
        guard let constraint, let table, constraint.hasPrefix(table + "_"), constraint.hasSuffix("_check") else { return [] }
        let column = constraint.dropFirst(table.count + 1).dropLast("_check".count)
        return column.isEmpty ? [] : [String(column)]
    }

    private static func constraintMessage(_ message: String, _ detail: String?) -> String {
        guard let detail else { return message }
        return "\(message): \(detail)"
    }

    /// The column names of `Key (a, b)=(...) already exists.` / `is not present in table`.
    static func columns(inDetail detail: String?) -> [String]? {
        guard let detail, let open = detail.firstRange(of: "Key ("), let close = detail[open.upperBound...].firstIndex(of: ")") else { return nil }
        return detail[open.upperBound..<close].split(separator: ",").map {
            var name = String($0.drop(while: { $0 == " " }))
            if name.hasPrefix("\"") && name.hasSuffix("\"") && name.count >= 2 { name = String(name.dropFirst().dropLast()) }
            return name
        }
    }
}
