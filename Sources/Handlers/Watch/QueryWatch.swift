import JSON
import JSONRPC
import Store

/// `query.watch`: a live query. Answers `{watch, result}` with the first result of the read it
/// wraps (`query.get`, `query.select`, `query.count`, `query.aggregate`, `query.paginate`, or
/// `query.sql`, always run read-only), then sends `watch/changed {watch, result}` whenever a
/// commit (by any method of this process, or by another process on the same file) changed that
/// result. See `WatchRegistry`.
enum QueryWatch {
    static let name = "query.watch"

    static let watchable: [String: @Sendable (Server, Call) throws -> MethodResult] = [
        QueryAggregate.name: QueryAggregate.handle,
        QueryCount.name: QueryCount.handle,
        QueryGet.name: QueryGet.handle,
        QueryPaginate.name: QueryPaginate.handle,
        QuerySelect.name: QuerySelect.handle,
        QuerySQL.name: QuerySQL.handle,
    ]

    static func method(_ server: Server) -> Method {
        // The session's watches open one at a time, in order with its other requests: the first
        // result sees every write sent before, and the limit counts exactly.
        Method(name, lane: .serial("watches")) { context in
            let reader = try JSONRPC.Params(context.params, allowed: ["method", "params", "debounceMs"])
            let method = try reader.string("method")
            guard watchable[method] != nil else {
                throw RPCError.invalidParams("\"\(method)\" cannot be watched; watchable methods are \(watchable.keys.sorted().joined(separator: ", "))",
                                             field: "method")
            }
            var params = try reader.optionalObject("params") ?? JSONObject()
            if params["tx"] != nil {
                throw RPCError.invalidParams("a watch follows committed data; the calls of a transaction (\"tx\") cannot be watched",
                                             field: "params.tx")
            }
            // A watched statement must only read: query.sql runs read-only, refusing writes.
            if method == QuerySQL.name { params["readOnly"] = .bool(true) }
            let debounce = try reader.optionalInt("debounceMs", in: 0...60_000) ?? 0
            guard let session = context.session else {
                throw RPCError.invalidRequest("query.watch needs a session to send its notifications to")
            }
            let opened = try server.watches.watch(id: "watch_" + server.ids.next(), session: session, method: method,
                                                  params: .object(params), debounceMs: debounce) { method, params in
                guard let handler = watchable[method] else { throw RPCError.methodNotFound(method) }
                do {
                    return try handler(server, Call(RequestContext(method: method, params: params)))
                } catch {
                    throw server.rpcError(for: error)
                }
            }
            var writer = JSONWriter(capacity: opened.result.count + 64)
            writer.beginObject()
            writer.key("watch"); writer.string(opened.id)
            writer.key("result"); writer.raw(opened.result)
            writer.endObject()
            return .encoded(writer.bytes)
        }
    }
}
