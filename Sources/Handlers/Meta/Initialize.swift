import JSONRPC
import Store
import JSON

/// `initialize`: optional handshake telling the host who we are, what we can do, and our limits.
/// It may also switch on ordered responses for the rest of the session.
enum Initialize {
    static let name = "initialize"

    struct Params {
        var orderedResponses: Bool?

        init(_ params: JSONValue?) throws(RPCError) {
            let reader = try JSONRPC.Params(params, allowed: ["clientInfo", "protocolVersion", "capabilities", "orderedResponses"])
            if let info = reader.value("clientInfo"), info.objectValue == nil {
                throw .invalidParams("\"clientInfo\" must be an object, got \(info.typeName)", field: "clientInfo")
            }
            orderedResponses = try reader.optionalBool("orderedResponses")
        }
    }

    static func method(_ server: Server, session: SessionControl) -> Method {
        Method(name, lane: .inline) { context in
            let params = try Params(context.params)
            if let ordered = params.orderedResponses { session.setOrderedResponses(ordered) }
            return .value(result(server, orderedResponses: params.orderedResponses))
        }
    }

    static func versionKey(_ server: Server) -> String { server.store.isRemote ? "serverVersion" : "sqliteVersion" }

    static func result(_ server: Server, orderedResponses: Bool?) -> JSONValue {
        let settings = server.settings
        var capabilities: JSONObject = [
            "methods": .array(Registry.methodNames(for: server).map { .string($0) }),
            "backend": .string(server.store.backendName),
            "sqlDialect": .string(server.store.dialect.name),
            // The server's version on a server backend (`serverVersion`), SQLite's otherwise.
            versionKey(server): .string(server.store.configuration.remote?.serverVersion ?? SQLiteLibrary.version),
            "limits": [
                "maxLineBytes": .integer(settings.maxLineBytes),
                "maxDepth": .integer(settings.maxDepth),
                "maxBatch": .integer(settings.maxBatch),
                "maxRows": .integer(settings.maxRows),
                "maxWatches": .integer(settings.maxWatches),
            ],
            "readOnly": .bool(server.store.isReadOnly),
            "rawSql": .bool(settings.rawSQL),
        ]
        if let orderedResponses { capabilities["orderedResponses"] = .bool(orderedResponses) }
        return [
            "serverInfo": ["name": .string(Server.name), "version": .string(Server.version)],
            "protocolVersion": .string(Server.protocolVersion),
            "capabilities": .object(capabilities),
        ]
    }
}
