import JSONRPC
import Store
import JSON

/// `maintenance.checkpoint`: copies the WAL into the database file now, in one of SQLite's
/// checkpoint modes, and says how many frames there were and how many were copied.
enum MaintenanceCheckpoint {
    static let name = "maintenance.checkpoint"

    struct Params {
        var mode: CheckpointMode

        init(_ params: JSONValue?) throws(RPCError) {
            let reader = try JSONRPC.Params(params, allowed: ["mode"])
            let choice = try reader.optionalChoice("mode", from: CheckpointMode.allCases.map(\.rawValue))
            mode = choice.flatMap(CheckpointMode.init(rawValue:)) ?? .passive
        }
    }

    static func method(_ server: Server) -> Method {
        Method(name, lane: .write) { context in
            if let answer = try server.serverAnswer(name, context) { return answer }
            let params = try Params(context.params)
            let result = try server.store.checkpoint(params.mode)
            return .value([
                "walFrames": .integer(result.walFrames),
                "checkpointedFrames": .integer(result.checkpointedFrames),
                "complete": .bool(result.complete),
            ])
        }
    }
}
