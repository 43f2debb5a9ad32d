import JSONRPC
import Store
import JSON

/// `maintenance.integrityCheck`: SQLite's `integrity_check` (or `quick_check`) and
/// `foreign_key_check`, reported as problems and violations a host can list.
enum MaintenanceIntegrityCheck {
    static let name = "maintenance.integrityCheck"

    struct Params {
        var quick: Bool

        init(_ params: JSONValue?) throws(RPCError) {
            let reader = try JSONRPC.Params(params, allowed: ["quick"])
            quick = try reader.bool("quick", default: false)
        }
    }

    static func method(_ server: Server) -> Method {
        // A reader: the checks only read, and on a large database they take long enough that
        // holding up writes for them would hurt.
        Method(name, lane: .read) { context in
            if let answer = try server.serverAnswer(name, context) { return answer }
            let params = try Params(context.params)
            let report = try server.store.checkIntegrity(quick: params.quick, observer: RequestObserver(context))
            var object: JSONObject = [
                "ok": .bool(report.ok),
                "problems": .array(report.problems.map { ["message": .string($0)] }),
                "foreignKeyViolations": .array(report.foreignKeyViolations.map(encode)),
            ]
            if report.truncated { object["truncated"] = .bool(true) }
            return .value(.object(object))
        }
    }

    static func encode(_ violation: ForeignKeyViolation) -> JSONValue {
        var object: JSONObject = ["table": .string(violation.table)]
        if let rowid = violation.rowid { object["rowid"] = .integer(rowid) }
        object["parent"] = .string(violation.parent)
        object["columns"] = .array(violation.columns.map { .string($0) })
        object["parentColumns"] = .array(violation.parentColumns.map { .string($0) })
        return .object(object)
    }
}
