import JSONRPC
import Store
import JSON

/// `maintenance.vacuum`: rebuilds the database without its free pages, or with `into` writes a
/// compacted copy into the backups folder (`VACUUM INTO`), reporting the size before and after.
enum MaintenanceVacuum {
    static let name = "maintenance.vacuum"

    struct Params {
        var into: String?

        init(_ params: JSONValue?) throws(RPCError) {
            let reader = try JSONRPC.Params(params, allowed: ["into"])
            into = try reader.optionalString("into")
        }
    }

    static func method(_ server: Server) -> Method {
        // VACUUM rewrites the database: the writer. VACUUM INTO only reads one snapshot, like a
        // backup: a reader lane, so writes go on.
        Method(name, laneFor: { params in params?.objectValue?["into"]?.stringValue != nil ? .read : .write }) { context in
            if let answer = try server.serverAnswer(name, context) { return answer }
            let params = try Params(context.params)
            let observer = RequestObserver(context)
            let result = if let into = params.into {
                try server.store.vacuum(into: server.store.backupFolder(at: server.settings.backupsPath), name: into,
                                        time: server.time, observer: observer)
            } else {
                try server.store.vacuum(observer: observer)
            }
            var object: JSONObject = ["bytesBefore": .integer(result.bytesBefore), "bytesAfter": .integer(result.bytesAfter)]
            if let path = result.path { object["path"] = .string(path) }
            return .value(.object(object))
        }
    }
}
