import JSON
import JSONRPC
import Store

/// `query.insert`: one row (`values`) or many (`rows`, in one transaction through one prepared
/// statement). The server fills `id` (UUIDv7), `createdAt` and `updatedAt` when a row does not
/// give them. `onConflict` turns the insert into "insert or ignore" or an upsert.
/// Result: `{"rows": [...], "changes": n}`, without `rows` when `returning` is false.
enum QueryInsert {
    static let name = "query.insert"

    struct Params {
        static let allowed: Set<String> = ["table", "values", "rows", "returning", "onConflict", "tx"]

        var query: InsertQuery

        init(_ params: JSONValue?, server: Server) throws {
            let reader = try JSONRPC.Params(params, allowed: Self.allowed)
            try reader.checkTransaction()
            let table = try server.table(reader).table
            let rows: [JSONObject]
            var rowsPath: String?
            switch (reader.value("values"), reader.value("rows")) {
            case (let values?, nil):
                guard case .object(let row) = values else {
                    throw RPCError.invalidParams("\"values\" must be an object of field values, got \(values.typeName)", field: "values")
                }
                rows = [row]
            case (nil, let list?):
                guard case .array(let items) = list else {
                    throw RPCError.invalidParams("\"rows\" must be an array of objects, got \(list.typeName)", field: "rows")
                }
                rows = try items.enumerated().map { offset, item in
                    guard case .object(let row) = item else {
                        throw RPCError.invalidParams("\"rows[\(offset)]\" must be an object of field values, got \(item.typeName)",
                                                     field: "rows[\(offset)]")
                    }
                    return row
                }
                rowsPath = "rows"
            case (nil, nil):
                throw RPCError.invalidParams("give \"values\" (one row) or \"rows\" (an array of rows)", field: "values")
            case (_?, _?):
                throw RPCError.invalidParams("give either \"values\" or \"rows\", not both", field: "rows")
            }
            query = InsertQuery(table: table, rows: rows, returning: try reader.returning(),
                                onConflict: try Self.onConflict(reader), rowsPath: rowsPath)
        }

        /// `{"target": [fields] | field, "do": "nothing" | {"update": [fields]}}`.
        static func onConflict(_ reader: JSONRPC.Params) throws -> OnConflict? {
            guard let value = reader.value("onConflict"), !value.isNull else { return nil }
            let entry = try JSONRPC.Params(nested: value, path: "onConflict", allowed: ["target", "do"])
            let target: [String]
            if case .string(let field)? = entry.value("target") {
                target = [field]
            } else if let fields = try entry.fieldList("target") {
                target = fields
            } else {
                throw RPCError.invalidParams("missing required parameter \"onConflict.target\" (the fields of a unique key)",
                                             field: "onConflict.target")
            }
            switch entry.value("do") {
            case .string("nothing")?:
                return OnConflict(target: target, action: .nothing)
            case .object?:
                let action = try JSONRPC.Params(nested: entry.value("do") ?? .null, path: "onConflict.do", allowed: ["update"])
                guard let fields = try action.fieldList("update") else {
                    throw RPCError.invalidParams("missing required parameter \"onConflict.do.update\" (fields)", field: "onConflict.do.update")
                }
                return OnConflict(target: target, action: .update(fields))
            default:
                throw RPCError.invalidParams("\"onConflict.do\" must be \"nothing\" or {\"update\": [fields]}", field: "onConflict.do")
            }
        }
    }

    static func method(_ server: Server) -> Method {
        Method(name, laneFor: { Server.lane(for: $0, otherwise: .write) }) { context in try handle(server, Call(answering: context)) }
    }

    static func handle(_ server: Server, _ call: Call) throws -> MethodResult {
        let context = call.rpc
        let params = try Params(call.params, server: server)
        let now = server.time.secondsSinceEpoch
        var writer = JSONWriter(capacity: params.query.returning == .none ? 32 : 256 * params.query.rows.count)
        writer.beginObject()
        if params.query.returning != .none {
            writer.key("rows")
            writer.beginArray()
        }
        let outcome = try server.write(call) { db in
            try context.cancellable(on: db) {
                try db.insert(params.query, builder: server.builder, ids: server.ids, now: now, limit: server.settings.maxRows,
                              to: &writer)
            }
        }
        if params.query.returning != .none { writer.endArray() }
        writer.writeChanges(outcome)
        writer.endObject()
        return .encoded(writer.bytes)
    }
}

extension JSONWriter {
    /// `"changes": n`, and `"truncated": true` when written-back rows were cut at maxRows.
    mutating func writeChanges(_ outcome: WriteOutcome) {
        key("changes")
        int(Int64(outcome.changes))
        if outcome.truncated {
            key("truncated")
            bool(true)
        }
    }
}
