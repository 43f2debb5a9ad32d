import JSONRPC
import Store
import JSON

/// `maintenance.archive`: moves rows soft-deleted more than `olderThanDays` ago, with the rows
/// that cascade from them, into the archive database next to the main one; `purge` deletes
/// them without a copy instead.
enum MaintenanceArchive {
    static let name = "maintenance.archive"

    struct Params {
        var options: ArchiveOptions

        init(_ params: JSONValue?) throws(RPCError) {
            let reader = try JSONRPC.Params(params, allowed: ["table", "olderThanDays", "purge"])
            let table = try reader.string("table")
            guard let days = try reader.optionalInt("olderThanDays", in: 0...1_000_000) else {
                throw .invalidParams("missing required parameter \"olderThanDays\" (integer)", field: "olderThanDays",
                                     details: ["expected": "integer"])
            }
            options = ArchiveOptions(table: table, olderThanDays: Int(days), purge: try reader.bool("purge", default: false))
        }
    }

    static func method(_ server: Server) -> Method {
        Method(name, lane: .write) { context in
            let params = try Params(context.params)
            let result = try server.store.archive(params.options, time: server.time, observer: RequestObserver(context))
            return .value([
                "archived": .integer(result.archived),
                "purged": .integer(result.purged),
                "skipped": .integer(result.skipped),
                "archivePath": result.archivePath.map { .string($0) } ?? .null,
                "tables": .array(result.tables.map { ["table": .string($0.table), "rows": .integer($0.rows)] }),
            ])
        }
    }
}
