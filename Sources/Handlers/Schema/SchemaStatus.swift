import JSON
import JSONRPC
import Store

/// `schema.status`: which migration files are applied (with checksum and time), pending,
/// changed since applied (drift) or missing from the folder, and how many pushes changed the
/// database since its files last described it.
enum SchemaStatus {
    static let name = "schema.status"

    static func method(_ server: Server) -> Method {
        Method(name, lane: .read) { context in
            _ = try JSONRPC.Params(context.params, allowed: [])
            let status = try server.store.read { try server.migrator.status($0) }
            return .value(json(status))
        }
    }

    static func json(_ status: Migrator.Status) -> JSONValue {
        [
            "applied": .array(status.applied.map { record in
                ["name": .string(record.name), "checksum": .string(record.checksum),
                 "appliedAt": .string(Timestamp.format(record.appliedAt)), "durationMs": .integer(record.durationMs)]
            }),
            "pending": .array(status.pending.map { .string($0) }),
            "drift": .array(status.drift.map { .string($0) }),
            "missing": .array(status.missing.map { .string($0) }),
            "pushes": .integer(status.pushes),
        ]
    }
}
