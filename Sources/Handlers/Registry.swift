import JSONRPC

/// The one list of methods a host can call (besides the dispatcher's lifecycle methods), sorted by
/// name. `protocol/openrpc.json` must list the same set; a test keeps them from drifting.
enum Registry {
    static func methods(for server: Server) -> [Method] {
        [
            Initialize.method(server),
            Ping.method(server),
            QuerySQL.method(server),
            RPCDiscover.method(server),
            SchemaDescribe.method(server),
            SchemaDiffMethod.method(server),
            SchemaGenerate.method(server),
            SchemaMigrate.method(server),
            SchemaStatus.method(server),
        ]
    }

    /// Every method name a host can call, lifecycle methods included.
    static func methodNames(for server: Server) -> [String] {
        (methods(for: server).map(\.name) + Dispatcher.builtInMethods).sorted()
    }
}
