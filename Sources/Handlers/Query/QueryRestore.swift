import JSON
import JSONRPC
import Store

/// `query.restore`: undoes a soft deletion of the deactivated rows named by `id` and/or
/// `where` (clears `deactivatedAt` and `deactivatedBy`, stamps `updatedAt`). A live row is left
/// as it was. Result: `{"rows": [...], "changes": n}`.
enum QueryRestore {
    static let name = "query.restore"

    struct Params {
        var table: Table
        var selection: RowSelection
        var returning: Returning

        init(_ params: JSONValue?, server: Server) throws {
            let reader = try JSONRPC.Params(params, allowed: ["table", "id", "where", "all", "returning", "tx"])
            try reader.checkTransaction()
            table = try server.table(reader).table
            selection = try reader.selection()
            returning = try reader.returning()
        }
    }

    static func method(_ server: Server) -> Method {
        Method(name, laneFor: { Server.lane(for: $0, otherwise: .write) }) { context in try handle(server, Call(context)) }
    }

    static func handle(_ server: Server, _ call: Call) throws -> MethodResult {
        let params = try Params(call.params, server: server)
        let compiled = try server.builder.restore(params.table, selection: params.selection, now: server.time.secondsSinceEpoch,
                                                  returning: params.returning)
        return try server.runWrite(compiled, table: params.table, call: call)
    }
}
