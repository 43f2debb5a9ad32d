import JSON
import JSONRPC
import Store

/// `query.get`: one row by primary key, `{"row": {...}}`, or `{"row": null}` when there is no
/// such row (or it is soft-deleted and `deactivated` is not `include` or `only`).
enum QueryGet {
    static let name = "query.get"

    struct Params {
        static let allowed: Set<String> = ["table", "id", "fields", "deactivated", "tx"]

        var table: Table
        var generation: UInt64
        var id: JSONValue
        var fields: [String]?
        var deactivated: Deactivated

        init(_ params: JSONValue?, server: Server) throws {
            let reader = try JSONRPC.Params(params, allowed: Self.allowed)
            try reader.checkTransaction()
            (table, generation) = try server.table(reader)
            guard let id = reader.value("id"), !id.isNull else {
                throw RPCError.invalidParams("missing required parameter \"id\"", field: "id")
            }
            self.id = id
            fields = try reader.fieldList("fields")
            deactivated = try reader.deactivated()
        }

        /// Requests that differ only in `id` share one plan.
        var planKey: PlanKey { PlanKey(table: table.name, fields: fields, deactivated: deactivated) }
    }

    /// What decides the SQL of a lookup: everything but the id.
    struct PlanKey: Hashable, Sendable {
        var table: String
        var fields: [String]?
        var deactivated: Deactivated
    }

    static func method(_ server: Server) -> Method {
        Method(name, laneFor: { Server.lane(for: $0, otherwise: .read) }) { context in try handle(server, Call(answering: context)) }
    }

    static func handle(_ server: Server, _ call: Call) throws -> MethodResult {
        let params = try Params(call.params, server: server)
        let key = try server.builder.keyColumn(of: params.table)
        let value = try key.type.sqlValue(from: params.id, field: "id")
        var plan = try server.lookupPlans.plan(for: params.planKey, generation: params.generation) {
            try server.builder.select(SelectQuery(table: params.table, key: value, fields: params.fields,
                                                  deactivated: params.deactivated))
        }
        plan.bindings = [value]
        var (writer, resultStart) = call.resultWriter(capacity: 512)
        writer.beginObject()
        writer.key("row")
        try server.readStatement(call) { db in try db.writeFirstRow(of: plan, to: &writer) }
        writer.endObject()
        return call.result(of: &writer, from: resultStart)
    }
}
