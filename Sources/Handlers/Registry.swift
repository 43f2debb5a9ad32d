import JSONRPC

/// The one list of methods a host can call (besides the dispatcher's lifecycle methods), sorted by
/// name. `protocol/openrpc.json` must list the same set; a test keeps them from drifting.
enum Registry {
    static func methods(for server: Server) -> [Method] {
        [
            Initialize.method(server),
            MaintenanceArchive.method(server),
            MaintenanceBackup.method(server),
            MaintenanceCheckpoint.method(server),
            MaintenanceIntegrityCheck.method(server),
            MaintenanceOptimize.method(server),
            MaintenanceStats.method(server),
            MaintenanceVacuum.method(server),
            Ping.method(server),
            QuerySQL.method(server),
            RPCDiscover.method(server),
        ]
    }

    /// Every method name a host can call, lifecycle methods included.
    static func methodNames(for server: Server) -> [String] {
        (methods(for: server).map(\.name) + Dispatcher.builtInMethods).sorted()
    }
}
