import JSON
import JSONRPC
import Store

/// `schema.generate`: writes the next numbered migration file from the difference between the
/// schema the existing migrations build and the declared schema. Nothing changed: no file.
enum SchemaGenerate {
    static let name = "schema.generate"

    static func method(_ server: Server) -> Method {
        // On the writer lane so that two generate calls cannot pick the same number.
        Method(name, lane: .write) { context in
            let params = try JSONRPC.Params(context.params, allowed: ["name", "schema"])
            let name = try params.string("name")
            guard name.contains(where: { !$0.isWhitespace }) else {
                throw RPCError.invalidParams("\"name\" must say what the migration does, like \"add phone number\"", field: "name")
            }
            let declared = try server.declaredSchema(params)
            let generated = server.store.isRemote
                ? try server.store.read { db in try server.migrator.generate(name: name, declared: declared, time: server.time, live: db) }
                : try server.migrator.generate(name: name, declared: declared, time: server.time)
            var result: JSONObject = ["file": generated.file.map { .string(server.settings.migrationsPath + "/" + $0) } ?? .null]
            result.members += generated.plan.json().members
            return .value(.object(result))
        }
    }
}
