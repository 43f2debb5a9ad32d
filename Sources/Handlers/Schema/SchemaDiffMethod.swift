import JSON
import JSONRPC
import Store

/// `schema.diff`: the statements that would bring the live database to the declared schema,
/// with warnings and the data at stake measured on the live rows. Changes made by hand show
/// up here.
enum SchemaDiffMethod {
    static let name = "schema.diff"

    static func method(_ server: Server) -> Method {
        Method(name, lane: .read) { context in
            let params = try JSONRPC.Params(context.params, allowed: ["schema"])
            let declared = try server.declaredSchema(params)
            return .value(try server.store.read { db in
                let plan = SchemaDiff.plan(from: try db.introspectSchema(), to: declared, dialect: db.dialect)
                let measured = try server.migrator.measure(plan.dataLoss, on: db)
                return .object(plan.json(measured: measured))
            })
        }
    }
}
