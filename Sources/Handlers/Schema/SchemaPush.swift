import JSON
import JSONRPC
import Store

/// `schema.push`: applies the declared schema to the database directly, without a migration
/// file, for prototyping (like `drizzle-kit push`). Same diff and data-loss refusal as
/// `schema.migrate`; recorded so that `migrate` later adopts the file `generate` writes.
enum SchemaPush {
    static let name = "schema.push"

    static func method(_ server: Server) -> Method {
        Method(name, lane: .write) { context in
            let params = try JSONRPC.Params(context.params, allowed: ["schema", "dryRun", "confirmDataLoss"])
            let dryRun = try params.bool("dryRun", default: false)
            let confirm = try params.bool("confirmDataLoss", default: false)
            let declared = try server.declaredSchema(params)
            let outcome = try server.store.withWriter { db in
                try server.migrator.push(db, declared: declared, confirmDataLoss: confirm, dryRun: dryRun, time: server.time)
            }
            if outcome.applied { server.reloadCatalog() }
            var result = outcome.plan.json(measured: outcome.dataLoss)
            result["applied"] = .bool(outcome.applied)
            result["dryRun"] = .bool(dryRun)
            return .value(.object(result))
        }
    }
}
