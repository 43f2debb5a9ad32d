import JSON
import JSONRPC
import Store

/// `schema.types`: type definitions for a host language (TypeScript, Python, Swift) from the
/// declared schema (`schema` inline, else the schema file read now) or, when there is no schema
/// file, from the database's own tables. The same text `wizdb types --lang L` prints.
enum SchemaTypes {
    static let name = "schema.types"

    static func method(_ server: Server) -> Method {
        Method(name, lane: .read) { context in
            let params = try JSONRPC.Params(context.params, allowed: ["lang", "schema"])
            guard let langName = try params.optionalChoice("lang", from: HostTypes.Language.allCases.map(\.rawValue)),
                  let lang = HostTypes.Language(rawValue: langName) else {
                throw RPCError.invalidParams("missing required parameter \"lang\" (typescript, python or swift)", field: "lang")
            }
            let (schema, origin) = try server.schemaForTypes(params)
            let text = try HostTypes.generate(schema, language: lang, origin: origin)
            return .value(["lang": .string(lang.rawValue), "text": .string(text)])
        }
    }
}

extension Server {
    /// The schema types are generated from, and where it came from. The file is read at each
    /// call (not the one loaded at start), so a schema edited since is what the types describe.
    func schemaForTypes(_ params: JSONRPC.Params) throws -> (Schema, HostTypes.Origin) {
        if let inline = params.value("schema") {
            let checksum = MigrationFile.checksum(of: JSONWriter.encode(inline))
            return (try DeclaredSchema.parse(inline), .inline(sha256: checksum))
        }
        if let text = readFile(settings.schemaPath) {
            let name = settings.schemaPath.split(separator: "/").last.map(String.init) ?? settings.schemaPath
            return (try DeclaredSchema.parse(text), .file(name: name, sha256: MigrationFile.checksum(of: Array(text.utf8))))
        }
        let path = store.configuration.path
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return (try store.read { try $0.introspectSchema() }, .database(name: name))
    }
}
