import JSON
import JSONRPC
import Store

/// `query.unwatch`: ends a live query of this session; no notification for it follows.
enum QueryUnwatch {
    static let name = "query.unwatch"

    static func method(_ server: Server) -> Method {
        // In line after the session's earlier requests (the watch it ends may still be starting),
        // but not behind writes waiting for an open transaction.
        Method(name, lane: .serial("watches")) { context in
            let reader = try JSONRPC.Params(context.params, allowed: ["watch"])
            let id = try reader.string("watch")
            guard let session = context.session, server.watches.unwatch(id, session: session) else {
                throw RPCError(code: ErrorCode.notFound, kind: "not_found", message: "no open watch \"\(id)\" in this session",
                               details: ["watch": .string(id)])
            }
            return .value([:])
        }
    }
}
