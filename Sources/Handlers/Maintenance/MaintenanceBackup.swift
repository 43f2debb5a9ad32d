import JSONRPC
import Store
import JSON

/// `maintenance.backup`: a consistent copy of the live database in the backups folder, taken
/// with SQLite's online backup API while writes go on, optionally verified, with retention.
enum MaintenanceBackup {
    static let name = "maintenance.backup"

    struct Params {
        var options: BackupOptions

        init(_ params: JSONValue?) throws(RPCError) {
            let reader = try JSONRPC.Params(params, allowed: ["name", "verify", "keep"])
            options = BackupOptions(name: try reader.optionalString("name"),
                                    verify: try reader.bool("verify", default: true),
                                    keep: try reader.optionalInt("keep", in: 1...1_000_000).map { Int($0) })
        }
    }

    static func method(_ server: Server) -> Method {
        // The read lane: the copy reads one snapshot on a reader connection, so the writer goes
        // on committing meanwhile (Store.backup explains why), and the backup still sees every
        // write received before it (reads queue behind pending writes).
        Method(name, lane: .read) { context in
            if let answer = try server.serverAnswer(name, context) { return answer }
            let params = try Params(context.params)
            let result = try server.store.backup(into: server.store.backupFolder(at: server.settings.backupsPath),
                                                 options: params.options, time: server.time, observer: RequestObserver(context))
            return .value([
                "path": .string(result.path),
                "name": .string(result.name),
                "bytes": .integer(result.bytes),
                "pages": .integer(result.pages),
                "durationMs": .integer(result.durationMs),
                "verified": .bool(result.verified),
                "removed": .array(result.removed.map { .string($0) }),
            ])
        }
    }
}
