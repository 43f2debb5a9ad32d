import JSONRPC
import Store

/// The one list of methods a host can call (besides the dispatcher's lifecycle methods), sorted by
/// name. `protocol/openrpc.json` must list the same set; a test keeps them from drifting.
enum Registry {
    static func methods(for server: Server, session: SessionControl = SessionControl()) -> [Method] {
        allMethods(for: server, session: session).map { method in
            var method = method
            // On a server the 5 ms budget of work on the input thread cannot be enforced (no
            // progress handler), so a long read or write there would keep `$/cancelRequest` unread.
            method.inlineWhenIdle = quickReads.contains(method.name) && !server.store.isRemote
            method.inlineWriteWhenIdle = quickWrites.contains(method.name) && !server.store.isRemote
            // The quick reads read only through `Store.read` and `readStatement` (see `ReadRuns`).
            method.sharesReadSnapshot = quickReads.contains(method.name) && !server.store.isRemote
            let answeredAtOnce = answeredAtOnce.contains(method.name)
            let transactions = server.transactions
            method.jumpsQueue = { params in
                if answeredAtOnce { return true }
                guard case .string(let id)? = params?.objectValue?["tx"] else { return false }
                return transactions.isOpen(id)
            }
            if usesCatalog(method.name) { method.handler = followingSchemaChanges(method.handler, server: server) }
            method.handler = countingWriterWaitFromArrival(method.handler, busyTimeoutMs: Int64(server.store.configuration.busyTimeoutMs))
            let handler = method.handler
            // A commit the call makes tells its live queries which request caused it.
            method.handler = { context in
                // A read commits nothing, so no live query needs to know it caused a change.
                if context.runsAsRead { return try handler(context) }
                return try WatchRegistry.$currentRequest.withValue(context) { try handler(context) }
            }
            return method
        }
    }

    /// A request that waits for the writer (held by an open transaction, or by writes queued
    /// ahead of it) gives up `busy` once the busy timeout has passed since it arrived: queued
    /// writes fail together instead of each waiting a full timeout after the one before it. A
    /// cancelled request stops waiting at once.
    private static func countingWriterWaitFromArrival(_ handler: @escaping @Sendable (RequestContext) throws -> MethodResult,
                                                      busyTimeoutMs: Int64) -> @Sendable (RequestContext) throws -> MethodResult {
        { context in
            // A read never waits for the writer.
            if context.runsAsRead { return try handler(context) }
            // On the input thread nothing may wait for the writer: a write that would is queued
            // for the writer instead, where it waits as above (see `Method.inlineWriteWhenIdle`).
            let inline = context.inlineDeadlineMillis != nil
            let wait = Store.WriterWait(deadline: context.receivedAtMillis + busyTimeoutMs,
                                        isCancelled: { [context] in context.isCancelled },
                                        onWaiting: { [context] waiting in context.waitingForWriter(waiting) },
                                        mustNotWait: inline)
            do {
                return try Store.$writerWait.withValue(wait) { try handler(context) }
            } catch is Store.WriterWouldWait where inline {
                context.markRescheduled()
                throw RPCError.cancelled
            }
        }
    }

    /// Methods that resolve tables and fields through the schema catalog.
    static func usesCatalog(_ name: String) -> Bool { name.hasPrefix("query.") || name == TransactionRun.name }

    /// Another process may have migrated the database, or the schema file may have changed: the
    /// catalog is checked at most every few milliseconds before a call, and at once when a call
    /// meets a table or field that the catalog or SQLite does not know. When the check finds a
    /// change, the call runs again with the new catalog; it failed before writing anything (a
    /// name is resolved, and a statement prepared, before it runs).
    private static func followingSchemaChanges(_ handler: @escaping @Sendable (RequestContext) throws -> MethodResult,
                                               server: Server) -> @Sendable (RequestContext) throws -> MethodResult {
        { context in
            // The path and the store are taken only when the catalog looks (every call took a
            // reference to each, on every reader at once, for nothing).
            if server.catalog.isDue { server.catalog.refreshIfChanged(path: server.settings.schemaPath, store: server.store) }
            do {
                return try handler(context)
            } catch where isSchemaMismatch(error) && server.catalog.refreshIfChanged(path: server.settings.schemaPath, store: server.store) {
                return try handler(context)
            }
        }
    }

    private static func isSchemaMismatch(_ error: any Error) -> Bool {
        if let error = error as? StoreError {
            switch error {
            case .unknownTable, .unknownField, .schemaOutOfDate: return true
            default: return error.isMissingTableOrColumn
            }
        }
        // A step of transaction.run reports its error already mapped.
        guard let error = error as? RPCError, case .string(let kind)? = error.data?.objectValue?["kind"] else { return false }
        return ["unknown_table", "unknown_field", "schema_out_of_date"].contains(kind)
            || (kind == "sql_error" && (error.message.contains("no such table") || error.message.contains("no such column")
                || error.message.contains("has no column named")))
    }

    /// Methods that touch no database and are answered on the input thread: served even while
    /// input is backed up behind queued work, like the calls of an open transaction.
    static let answeredAtOnce: Set<String> = [Initialize.name, Ping.name, QueryUnwatch.name, RPCDiscover.name]

    /// Reads that stop at a statement boundary when cancelled (they use `cancellable(on:)`) and
    /// are bounded by maxRows: they may run on the input thread when it is otherwise idle.
    static let quickReads: Set<String> = [
        QueryAggregate.name, QueryCount.name, QueryGet.name, QueryPaginate.name, QuerySelect.name, QuerySQL.name,
    ]

    /// Writes bounded the same way (they stop at a statement boundary when their time is up, and
    /// what they wrote is then rolled back): when nothing else is queued they may run on the
    /// input thread too, and move to the writer when they would wait or run long.
    static let quickWrites: Set<String> = [
        QueryDelete.name, QueryInsert.name, QueryRestore.name, QuerySoftDelete.name, QuerySQL.name, QueryUpdate.name,
    ]

    private static func allMethods(for server: Server, session: SessionControl) -> [Method] {
        [
            Initialize.method(server, session: session),
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
            QueryUnwatch.method(server),
            QueryUpdate.method(server),
            QueryWatch.method(server),
            RPCDiscover.method(server),
            SchemaDescribe.method(server),
            SchemaDiffMethod.method(server),
            SchemaGenerate.method(server),
            SchemaMigrate.method(server),
            SchemaPush.method(server),
            SchemaStatus.method(server),
            SchemaTypes.method(server),
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
