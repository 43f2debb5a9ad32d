import JSON
import JSONRPC
import Store

/// `query.update`: changes the rows named by `id` and/or `where` (both must hold): `set` gives
/// new values, `increment` adds to numbers atomically (`credits = credits + ?`, so concurrent
/// increments never lose one). `updatedAt` is stamped. Soft-deleted rows are left alone unless
/// `deactivated` says otherwise. Result: `{"rows": [...], "changes": n}`.
enum QueryUpdate {
    static let name = "query.update"

    struct Params {
        static let allowed: Set<String> = ["table", "id", "where", "all", "set", "increment", "returning",
                                                              "deactivated", "tx"]

        var query: UpdateQuery

        init(_ params: JSONValue?, server: Server) throws {
            let reader = try JSONRPC.Params(params, allowed: Self.allowed)
            try reader.checkTransaction()
            let table = try server.table(reader).table
            let set = try reader.optionalObject("set")?.members ?? []
            let increment = try reader.optionalObject("increment")?.members ?? []
            query = UpdateQuery(table: table, selection: try reader.selection(), set: set.map { ($0.key, $0.value) },
                                increment: increment.map { ($0.key, $0.value) }, returning: try reader.returning(),
                                deactivated: try reader.deactivated())
        }
    }

    static func method(_ server: Server) -> Method {
        Method(name, laneFor: { Server.lane(for: $0, otherwise: .write) }) { context in try handle(server, Call(answering: context)) }
    }

    static func handle(_ server: Server, _ call: Call) throws -> MethodResult {
        let context = call.rpc
        let params = try Params(call.params, server: server)
        let now = server.time.secondsSinceEpoch
        let query = params.query
        let compiled = try server.builder.update(query, now: now)
        var bounded: (count: CompiledQuery, silent: CompiledQuery)?
        if query.returning != .none, query.selection.mayTouchManyRows {
            var silent = query
            silent.returning = .none
            bounded = (try server.builder.count(query.table, selection: query.selection, deactivated: query.deactivated),
                       try server.builder.update(silent, now: now))
        }
        return try server.runWrite(compiled, table: query.table, assigned: assignedValues(query), bounded: bounded, call: call)
    }

    /// The values `set` assigns, by column, to name the field a foreign-key failure is about.
    static func assignedValues(_ query: UpdateQuery) -> [String: SQLValue] {
        var values: [String: SQLValue] = [:]
        for (field, value) in query.set {
            guard let column = query.table.column(field: field), let converted = try? column.type.sqlValue(from: value, field: field) else {
                continue
            }
            values[column.name] = converted
        }
        return values
    }
}
