import JSONRPC

/// The one list of methods a host can call (besides the dispatcher's lifecycle methods), sorted by
/// name. `protocol/openrpc.json` must list the same set; a test keeps them from drifting.
enum Registry {
    static func methods(for server: Server) -> [Method] {
        allMethods(for: server).map { method in
            var method = method
            method.inlineWhenIdle = quickReads.contains(method.name)
            return method
        }
    }

    /// Reads that stop at a statement boundary when cancelled (they use `cancellable(on:)`) and
    /// are bounded by maxRows: they may run on the input thread when it is otherwise idle.
    static let quickReads: Set<String> = [
        QueryAggregate.name, QueryCount.name, QueryGet.name, QueryPaginate.name, QuerySelect.name, QuerySQL.name,
    ]

    private static func allMethods(for server: Server) -> [Method] {
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
            SchemaDescribe.method(server),
            SchemaDiffMethod.method(server),
            SchemaGenerate.method(server),
            SchemaMigrate.method(server),
            SchemaStatus.method(server),
            TransactionBegin.method(server),
            TransactionCommit.method(server),
            TransactionRollback.method(server),
            TransactionRun.method(server),
        ]
    }

    /// Methods that can be steps of `transaction.run` (and take `tx`), by name.
    static let stepMethods: [String: @Sendable (Server, Call) throws -> MethodResult] = [
        QueryAggregate.name: QueryAggregate.handle,
        QueryCount.name: QueryCount.handle,
        QueryDelete.name: QueryDelete.handle,
        QueryGet.name: QueryGet.handle,
        QueryInsert.name: QueryInsert.handle,
        QueryPaginate.name: QueryPaginate.handle,
        QueryRestore.name: QueryRestore.handle,
        QuerySelect.name: QuerySelect.handle,
        QuerySoftDelete.name: QuerySoftDelete.handle,
        QuerySQL.name: QuerySQL.handle,
        QueryUpdate.name: QueryUpdate.handle,
    ]

    /// Every method name a host can call, lifecycle methods included.
    static func methodNames(for server: Server) -> [String] {
        (methods(for: server).map(\.name) + Dispatcher.builtInMethods).sorted()
    }
}
