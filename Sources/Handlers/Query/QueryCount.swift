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
            try reader.rejectTransaction()
            table = try server.table(reader).table
            filter = try reader.filter("where")
            deactivated = try reader.deactivated()
        }
    }

    static func method(_ server: Server) -> Method {
        Method(name, lane: .read) { context in
            let params = try Params(context.params, server: server)
            let compiled = try server.builder.count(params.table, filter: params.filter, deactivated: params.deactivated)
            let count = try server.store.readStatement { db in
                try context.whileRunning(interrupt: { db.interrupt() }) { try db.integer(of: compiled) }
            }
            return .value(["count": .integer(count)])
        }
    }
}
