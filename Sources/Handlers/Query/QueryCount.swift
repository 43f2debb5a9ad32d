import JSON
import JSONRPC
import Store

/// `query.count`: how many rows match `where`, `{"count": n}`; soft-deleted rows count only
/// with `deactivated` `include` or `only`.
enum QueryCount {
    static let name = "query.count"

    struct Params {
        static let allowed: Set<String> = ["table", "where", "deactivated", "tx"]

        var table: Table
        var filter: Filter?
        var deactivated: Deactivated

        init(_ params: JSONValue?, server: Server) throws {
            let reader = try JSONRPC.Params(params, allowed: Self.allowed)
            try reader.checkTransaction()
            table = try server.table(reader).table
            filter = try reader.filter("where")
            deactivated = try reader.deactivated()
        }
    }

    static func method(_ server: Server) -> Method {
        Method(name, laneFor: { Server.lane(for: $0, otherwise: .read) }) { context in try handle(server, Call(answering: context)) }
    }

    static func handle(_ server: Server, _ call: Call) throws -> MethodResult {
        let context = call.rpc
        let params = try Params(call.params, server: server)
        let compiled = try server.builder.count(params.table, filter: params.filter, deactivated: params.deactivated)
        let count = try server.readStatement(call) { db in
            try context.cancellable(on: db) { try db.integer(of: compiled) }
        }
        return .value(["count": .integer(count)])
    }
}
