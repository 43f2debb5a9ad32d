import JSON
import JSONRPC
import Store

/// `query.aggregate`: count, sum, avg, min and max over the rows matching `where`, optionally
/// per group (`groupBy`: a list of fields, `"status"` among them or alone for active/inactive), each aggregate
/// with its own `filter`, the groups kept by `having`. Result: `{"rows": [...]}`, one row per
/// group in group order, keyed by the grouped fields and the aggregate aliases.
///
/// Soft-deleted rows are excluded by default as in every read, except when grouping by
/// `status`, whose whole point is to count both: then `deactivated` defaults to `include`.
enum QueryAggregate {
    static let name = "query.aggregate"

    struct Params {
        static let allowed: Set<String> = ["table", "groupBy", "aggregates", "where", "having", "deactivated", "tx"]

        var query: AggregateQuery

        init(_ params: JSONValue?, server: Server) throws {
            let reader = try JSONRPC.Params(params, allowed: Self.allowed)
            try reader.checkTransaction()
            let table = try server.table(reader).table
            var grouping: AggregateQuery.Grouping?
            switch reader.value("groupBy") {
            case nil, .null?: grouping = nil
            case .string("status")?: grouping = .status
            case .array?: grouping = .fields(try reader.fieldList("groupBy") ?? [])
            case let other?:
                throw RPCError.invalidParams("\"groupBy\" must be a list of fields, or \"status\" for active/inactive; got \(other.stringValue.map { "\"\($0)\"" } ?? other.typeName)",
                                             field: "groupBy")
            }
            guard let aggregates = try reader.optionalObject("aggregates") else {
                throw RPCError.invalidParams("missing required parameter \"aggregates\" ({alias: {fn, field?, filter?}})", field: "aggregates")
            }
            let parsed = try aggregates.members.map { member in
                let entry = try JSONRPC.Params(nested: member.value, path: "aggregates.\(member.key)", allowed: ["fn", "field", "filter"])
                guard let function = try entry.optionalChoice("fn", from: AggregateQuery.Function.allCases.map(\.rawValue)) else {
                    throw RPCError.invalidParams("missing required parameter \"aggregates.\(member.key).fn\" (count, sum, avg, min or max)",
                                                 field: "aggregates.\(member.key).fn")
                }
                return AggregateQuery.Aggregate(alias: member.key, function: AggregateQuery.Function(rawValue: function) ?? .count,
                                                field: try entry.optionalString("field"), filter: try entry.filter("filter"))
            }
            query = AggregateQuery(table: table, grouping: grouping, aggregates: parsed, filter: try reader.filter("where"),
                                   having: try reader.filter("having"),
                                   deactivated: try reader.deactivated(default: grouping?.includesStatus(of: table) == true ? .include : .exclude))
        }
    }

    static func method(_ server: Server) -> Method {
        Method(name, laneFor: { Server.lane(for: $0, otherwise: .read) }) { context in try handle(server, Call(answering: context)) }
    }

    static func handle(_ server: Server, _ call: Call) throws -> MethodResult {
        let context = call.rpc
        let params = try Params(call.params, server: server)
        let compiled = try server.builder.aggregate(params.query)
        var writer = JSONWriter(capacity: 256)
        writer.beginObject()
        writer.key("rows")
        writer.beginArray()
        let outcome = try server.readStatement(call) { db in
            try context.cancellable(on: db) {
                try db.writeRows(of: compiled, limit: server.settings.maxRows, to: &writer)
            }
        }
        writer.endArray()
        if outcome.hasMore {
            writer.key("truncated")
            writer.bool(true)
        }
        writer.endObject()
        return .encoded(writer.bytes)
    }
}
