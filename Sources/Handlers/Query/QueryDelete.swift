import JSON
import JSONRPC
import Store

/// `query.delete`: removes the rows named by `id` and/or `where` for good, soft-deleted or not
/// (`deactivated` narrows it); foreign keys cascade as declared. Result: `{"changes": n}`,
/// counting rows of this table only.
enum QueryDelete {
    static let name = "query.delete"

    struct Params {
        static let allowed: Set<String> = ["table", "id", "where", "all", "deactivated", "tx"]

        var table: Table
        var selection: RowSelection
        var deactivated: Deactivated

        init(_ params: JSONValue?, server: Server) throws {
            let reader = try JSONRPC.Params(params, allowed: Self.allowed)
            try reader.checkTransaction()
            table = try server.table(reader).table
            selection = try reader.selection()
            deactivated = try reader.deactivated(default: .include)
        }
    }

    static func method(_ server: Server) -> Method {
        Method(name, laneFor: { Server.lane(for: $0, otherwise: .write) }) { context in try handle(server, Call(answering: context)) }
    }

    static func handle(_ server: Server, _ call: Call) throws -> MethodResult {
        let context = call.rpc
        let params = try Params(call.params, server: server)
        let compiled = try server.builder.delete(params.table, selection: params.selection, deactivated: params.deactivated)
        return try server.runWrite(compiled, table: params.table, call: call)
    }
}
