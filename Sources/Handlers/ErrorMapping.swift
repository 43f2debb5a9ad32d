import JSONRPC
import Store
import JSON

extension Server {
    /// The one place where errors become JSON-RPC error objects. Store errors get their
    /// application code and `data.kind`; anything unexpected becomes -32603 and is logged.
    func rpcError(for error: any Error) -> RPCError {
        if let error = error as? RPCError { return error }
        guard let error = error as? StoreError else {
            logger.error("unexpected error: \(String(describing: error))")
            return .internalError()
        }
        switch error {
        case .constraint(let kind, let table, let columns, let message):
            var details: JSONObject = ["constraint": .string(kind.rawValue)]
            if let table { details["table"] = .string(table) }
            details["fields"] = .array(columns.map { .string($0) })
            return RPCError(code: ErrorCode.constraint, kind: "constraint", message: message, details: details)
        case .busy(let message):
            return RPCError(code: ErrorCode.busy, kind: "busy",
                            message: "The database is busy (locked by another connection for longer than the busy timeout): \(message)")
        case .readOnly(let message):
            return RPCError(code: ErrorCode.readOnly, kind: "read_only", message: "The database is read-only: \(message)")
        case .writeInReadOnlyContext:
            return RPCError(code: ErrorCode.readOnly, kind: "read_only", message: "This statement writes, but it was sent as read-only")
        case .diskFull(let message):
            return RPCError(code: ErrorCode.diskFull, kind: "disk_full",
                            message: "The disk is full; nothing was written: \(message)")
        case .corrupt(let message):
            return RPCError(code: ErrorCode.corrupt, kind: "corrupt", message: "The database file is damaged: \(message)")
        case .interrupted:
            return .cancelled
        case .multipleStatements, .emptyStatement:
            return .invalidParams(error.description, field: "sql")
        case .parameter(let message):
            return .invalidParams(message, field: "params")
        case .sqlite(let code, let message):
            if error.isMissingTableOrColumn, let outOfDate = schemaOutOfDate(error) { return rpcError(for: outOfDate) }
            return RPCError(code: ErrorCode.sqlError, kind: "sql_error", message: message, details: ["sqliteCode": .integer(code)])
        case .server(let state, let message):
            if error.isMissingTableOrColumn, let outOfDate = schemaOutOfDate(error) { return rpcError(for: outOfDate) }
            return RPCError(code: ErrorCode.sqlError, kind: "sql_error", message: message, details: ["sqlState": .string(state)])
        case .unsupported(let feature, let backend):
            return RPCError(code: ErrorCode.unsupported, kind: "unsupported", message: error.description,
                            details: ["feature": .string(feature), "backend": .string(backend)])
        case .statementTimedOut:
            return RPCError(code: ErrorCode.statementTimeout, kind: "statement_timeout",
                            message: "The request ran longer than the statement timeout (--statement-timeout) and was stopped; what it wrote was rolled back")
        case .unavailable:
            return RPCError(code: ErrorCode.unavailable, kind: "unavailable", message: error.description,
                            details: ["retryable": .bool(true)])
        case .schemaOutOfDate(let table, let field, let pending, _):
            var details: JSONObject = ["table": .string(table)]
            if let field { details["field"] = .string(field) }
            details["pending"] = .array(pending.map { .string($0) })
            details["command"] = .string(pending.isEmpty ? "wizdb generate <name> && wizdb migrate" : "wizdb migrate")
            return RPCError(code: ErrorCode.schemaOutOfDate, kind: "schema_out_of_date", message: error.description, details: details)
        case .unknownTable(let name, let available):
            return RPCError(code: ErrorCode.unknownTable, kind: "unknown_table", message: error.description,
                            details: ["table": .string(name), "available": .array(available.map { .string($0) })])
        case .unknownField(let table, let field, let available):
            return RPCError(code: ErrorCode.unknownField, kind: "unknown_field", message: error.description,
                            details: ["table": .string(table), "field": .string(field), "available": .array(available.map { .string($0) })])
        case .invalidValue(let field, let expected, let got):
            return RPCError(code: ErrorCode.invalidValue, kind: "invalid_value", message: error.description,
                            details: ["field": .string(field), "expected": .string(expected), "got": .string(got)])
        case .invalidFilter(let path, let message):
            return .invalidParams("\(path): \(message)", field: path)
        case .invalidQuery(let path, let message):
            return .invalidParams("\(path): \(message)", field: path)
        case .unsafeOperation(let message):
            return RPCError(code: ErrorCode.unsafeOperation, kind: "unsafe_operation", message: message)
        case .transactionNotFound(let id):
            return RPCError(code: ErrorCode.transactionNotFound, kind: "transaction_not_found", message: error.description,
                            details: ["tx": .string(id)])
        case .invalidSchema(let path, let message):
            return RPCError(code: ErrorCode.invalidSchema, kind: "invalid_schema",
                            message: path.isEmpty ? "Invalid schema: \(message)" : "Invalid schema at \(path): \(message)",
                            details: ["path": .string(path)])
        case .migrationDrift(let files):
            return RPCError(code: ErrorCode.migrationDrift, kind: "migration_drift", message: error.description,
                            details: ["files": .array(files.map { .string($0) })])
        case .migrationFailed(let file, let statement, let message):
            return RPCError(code: ErrorCode.migrationFailed, kind: "migration_failed", message: error.description,
                            details: ["file": .string(file), "statement": .string(statement), "sqliteMessage": .string(message)])
        case .dataLossUnconfirmed(let file, let losses):
            return RPCError(code: ErrorCode.dataLossUnconfirmed, kind: "data_loss_unconfirmed", message: error.description,
                            details: ["file": .string(file), "dataLoss": .array(losses.map { loss in
                                var object: JSONObject = ["table": .string(loss.table)]
                                if let column = loss.column { object["column"] = .string(column) }
                                object["rows"] = .integer(loss.rows)
                                object["description"] = .string(loss.description)
                                return .object(object)
                            })])
        case .fileSystem(let path, _):
            return RPCError(code: ErrorCode.fileSystem, kind: "file_system", message: error.description, details: ["path": .string(path)])
        case .transactionNotFound(let id):
            return RPCError(code: ErrorCode.transactionNotFound, kind: "transaction_not_found", message: error.description,
                            details: ["tx": .string(id)])
        case .transactionTimedOut(let id):
            return RPCError(code: ErrorCode.transactionTimeout, kind: "transaction_timeout", message: error.description,
                            details: ["tx": .string(id)])
        case .pathNotAllowed(let name, let reason):
            return RPCError(code: ErrorCode.pathNotAllowed, kind: "path_not_allowed",
                            message: "The name \"\(name)\" is not allowed: \(reason)",
                            details: ["name": .string(name)])
        case .cannotOpen:
            logger.error("\(error.description)")
            return .internalError(error.description)
        }
    }
}
