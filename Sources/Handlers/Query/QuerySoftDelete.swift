import JSON
import JSONRPC
import Store

/// `query.softDelete`: deactivates the live rows named by `id` and/or `where`, stamping
/// `deactivatedAt`, `deactivatedBy` (`by`) and `updatedAt`. A row already deactivated is left
/// as it was (and not counted in `changes`). Result: `{"rows": [...], "changes": n}`.
enum QuerySoftDelete {
    static let name = "query.softDelete"

    struct Params {
        static let allowed: Set<String> = ["table", "id", "where", "all", "by", "returning", "tx"]

        var table: Table
        var selection: RowSelection
        var by: String?
        var returning: Returning

        init(_ params: JSONValue?, server: Server) throws {
            let reader = try JSONRPC.Params(params, allowed: Self.allowed)
            try reader.checkTransaction()
            table = try server.table(reader).table
            selection = try reader.selection()
            by = try reader.optionalString("by")
            returning = try reader.returning()
        }
    }

    static func method(_ server: Server) -> Method {
        Method(name, laneFor: { Server.lane(for: $0, otherwise: .write) }) { context in try handle(server, Call(answering: context)) }
    }

    static func handle(_ server: Server, _ call: Call) throws -> MethodResult {
        let context = call.rpc
        let params = try Params(call.params, server: server)
        let now = server.time.secondsSinceEpoch
        let compiled = try server.builder.softDelete(params.table, selection: params.selection, by: params.by, now: now,
                                                     returning: params.returning)
        var bounded: (count: CompiledQuery, silent: CompiledQuery)?
        if params.returning != .none, params.selection.mayTouchManyRows {
            bounded = (try server.builder.count(params.table, selection: params.selection, deactivated: .exclude),
                       try server.builder.softDelete(params.table, selection: params.selection, by: params.by, now: now, returning: .none))
        }
        return try server.runWrite(compiled, table: params.table, bounded: bounded, call: call)
    }
}
