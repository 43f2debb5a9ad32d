import JSON
import JSONRPC
import Store

/// `schema.migrate`: applies pending migration files in order, each in its own transaction on
/// the writer, so no request ever sees a half-migrated database.
enum SchemaMigrate {
    static let name = "schema.migrate"

    static func method(_ server: Server) -> Method {
        Method(name, lane: .write) { context in
            let params = try JSONRPC.Params(context.params, allowed: ["dryRun", "confirmDataLoss", "to"])
            let dryRun = try params.bool("dryRun", default: false)
            let confirm = try params.bool("confirmDataLoss", default: false)
            let target = try params.optionalString("to")
            context.progressBegin("Applying migrations")
            let outcome = try server.store.withWriter { db in
                dryRun ? try server.migrator.dryRun(db, confirmDataLoss: confirm, target: target, time: server.time)
                    : try server.migrator.migrate(db, confirmDataLoss: confirm, target: target, time: server.time)
            }
            context.progressEnd(message: "\(outcome.applied.count) applied")
            if !dryRun && !outcome.applied.isEmpty { server.reloadCatalog() }
            return .value([
                "applied": .array(outcome.applied.map { .string($0) }),
                "pending": .array(outcome.pending.map { .string($0) }),
                "dryRun": .bool(outcome.dryRun),
            ])
        }
    }
}
