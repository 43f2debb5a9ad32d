import JSONRPC
import Store
import JSON

/// `maintenance.stats`: file and WAL sizes, page figures, and per table its rows (active and
/// deactivated where the table soft-deletes) and bytes (where SQLite offers `dbstat`).
enum MaintenanceStats {
    static let name = "maintenance.stats"

    static func method(_ server: Server) -> Method {
        Method(name, lane: .read) { context in
            if let answer = try server.serverAnswer(name, context) { return answer }
            _ = try Params(context.params, allowed: [])
            let stats = try server.store.statistics(observer: RequestObserver(context))
            return .value([
                "fileBytes": .integer(stats.fileBytes),
                "walBytes": .integer(stats.walBytes),
                "pageSize": .integer(stats.pageSize),
                "pageCount": .integer(stats.pageCount),
                "freelistCount": .integer(stats.freelistCount),
                "dbstat": .bool(stats.dbstat),
                "tables": .array(stats.tables.map(encode)),
            ])
        }
    }

    static func encode(_ table: TableStats) -> JSONValue {
        var object: JSONObject = ["name": .string(table.name), "rows": .integer(table.rows)]
        if let active = table.active, let deactivated = table.deactivated {
            object["active"] = .integer(active)
            object["deactivated"] = .integer(deactivated)
        }
        if let bytes = table.bytes { object["bytes"] = .integer(bytes) }
        if let indexes = table.indexes {
            object["indexes"] = .array(indexes.map { ["name": .string($0.name), "bytes": .integer($0.bytes)] })
        }
        return .object(object)
    }
}
