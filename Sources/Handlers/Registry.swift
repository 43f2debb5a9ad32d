import JSONRPC

/// The one list of methods a host can call (besides the dispatcher's lifecycle methods), sorted by
/// name. `protocol/openrpc.json` must list the same set; a test keeps them from drifting.
enum Registry {
    static func methods(for server: Server) -> [Method] {
        [
            Initialize.method(server),
            Ping.method(server),
            QueryAggregate.method(server),
            QueryCount.method(server),
            QueryDelete.method(server),
            QueryGet.method(server),
            QueryInsert.method(server),
            QueryPaginate.method(server),
            QueryRestore.method(server),
            QuerySelect.method(server),
            QuerySoftDelete.method(server),
            QuerySQL.method(server),
            QueryUpdate.method(server),
            RPCDiscover.method(server),
        ]
    }

    /// Every method name a host can call, lifecycle methods included.
    static func methodNames(for server: Server) -> [String] {
        (methods(for: server).map(\.name) + Dispatcher.builtInMethods).sorted()
    }
}
