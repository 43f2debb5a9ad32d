import JSON
import JSONRPC
import Store

/// `query.restore`: undoes a soft deletion of the deactivated rows named by `id` and/or
/// `where` (clears `deactivatedAt` and `deactivatedBy`, stamps `updatedAt`). A live row is left
/// as it was. Result: `{"rows": [...], "changes": n}`.
enum QueryRestore {
    static let name = "query.restore"

    struct Params {
        static let allowed: Set<String> = ["table", "id", "where", "all", "returning", "tx"]

        var table: Table
        var selection: RowSelection
        var returning: Returning

        init(_ params: JSONValue?, server: Server) throws {
            let reader = try JSONRPC.Params(params, allowed: Self.allowed)
            try reader.checkTransaction()
            table = try server.table(reader).table
            selection = try reader.selection()
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
        let compiled = try server.builder.restore(params.table, selection: params.selection, now: now, returning: params.returning)
        var bounded: (count: CompiledQuery, silent: CompiledQuery)?
        if params.returning != .none, params.selection.mayTouchManyRows {
            bounded = (try server.builder.count(params.table, selection: params.selection, deactivated: .only),
                       try server.builder.restore(params.table, selection: params.selection, now: now, returning: .none))
        }
        return try server.runWrite(compiled, table: params.table, bounded: bounded, call: call)
    }
}
