import JSONRPC
import Store
import JSON

/// `maintenance.optimize`: lets SQLite refresh the query planner's statistics where they are
/// stale (`PRAGMA optimize`), after a full `ANALYZE` when `analyze` is true.
enum MaintenanceOptimize {
    static let name = "maintenance.optimize"
    private static let emptyObject: [UInt8] = Array("{}".utf8)

    struct Params {
        var analyze: Bool

        init(_ params: JSONValue?) throws(RPCError) {
            let reader = try JSONRPC.Params(params, allowed: ["analyze"])
            analyze = try reader.bool("analyze", default: false)
        }
    }

    static func method(_ server: Server) -> Method {
        Method(name, lane: .write) { context in
            if let answer = try server.serverAnswer(name, context) { return answer }
            let params = try Params(context.params)
            try server.store.optimize(analyze: params.analyze, observer: RequestObserver(context))
            return .encoded(emptyObject)
        }
    }
}
