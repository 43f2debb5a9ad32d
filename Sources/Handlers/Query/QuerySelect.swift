import JSON
import JSONRPC
import Store

/// `query.select`: rows matching `where`, in `orderBy` order, with optional joined tables.
/// Without `limit` at most the server's maxRows rows come back, with `truncated: true` when
/// there were more: a select never loads a whole large table (`query.paginate` walks one).
enum QuerySelect {
    static let name = "query.select"

    struct Params {
        static let allowed: Set<String> = ["table", "fields", "where", "orderBy", "limit", "offset", "deactivated",
                                                              "join", "tx"]

        var query: SelectQuery
        /// Rows to send at most; more rows than this are reported as `truncated` when no limit was given.
        var limit: Int
        var limited: Bool

        init(_ params: JSONValue?, server: Server) throws {
            let reader = try JSONRPC.Params(params, allowed: Self.allowed)
            try reader.checkTransaction()
            let (table, _) = try server.table(reader)
            query = SelectQuery(table: table, fields: try reader.fieldList("fields"), filter: try reader.filter("where"),
                                deactivated: try reader.deactivated(), orderBy: try reader.orderBy() ?? [])
            let requested = try reader.limit("limit", maximum: server.settings.maxRows)
            limit = requested ?? server.settings.maxRows
            limited = requested != nil
            // One row more than sent tells whether the cap cut anything off.
            query.limit = limited ? limit : limit + 1
            query.offset = try reader.optionalInt("offset", in: 0...Int64.max).map { Int($0) }
            query.joins = try Self.joins(reader, server: server)
        }

        static func joins(_ reader: JSONRPC.Params, server: Server) throws -> [Join] {
            guard let items = try reader.optionalArray("join") else { return [] }
            return try items.enumerated().map { offset, item in
                let path = "join[\(offset)]"
                let entry = try JSONRPC.Params(nested: item, path: path, allowed: ["table", "as", "on", "type", "fields", "deactivated"])
                let table = try server.catalog.lookup(try entry.string("table"), store: server.store).table
                var join = Join(table: table, fields: try entry.fieldList("fields"), deactivated: try entry.deactivated())
                if let alias = try entry.optionalString("as") {
                    guard !alias.isEmpty, !alias.contains(".") else {
                        throw RPCError.invalidParams("\"\(path).as\" must be a non-empty name without dots", field: "\(path).as")
                    }
                    join.alias = alias
                }
                if let kind = try entry.optionalChoice("type", from: Join.Kind.allCases.map(\.rawValue)) {
                    join.kind = Join.Kind(rawValue: kind) ?? .left
                }
                if let on = try entry.optionalObject("on") {
                    join.on = try on.members.map { member in
                        guard case .string(let right) = member.value else {
                            throw RPCError.invalidParams("\"\(path).on.\(member.key)\" must name a field of \(table.name) (a string), got \(member.value.typeName)",
                                                         field: "\(path).on.\(member.key)")
                        }
                        return (member.key, right)
                    }
                }
                return join
            }
        }
    }

    static func method(_ server: Server) -> Method {
        Method(name, laneFor: { Server.lane(for: $0, otherwise: .read) }) { context in try handle(server, Call(answering: context)) }
    }

    static func handle(_ server: Server, _ call: Call) throws -> MethodResult {
        let context = call.rpc
        let params = try Params(call.params, server: server)
        let compiled = try server.builder.select(params.query)
        var (writer, resultStart) = call.resultWriter(capacity: 4096)
        writer.beginObject()
        writer.key("rows")
        writer.beginArray()
        let outcome = try server.readStatement(call) { db in
            try context.cancellable(on: db) {
                try db.writeRows(of: compiled, limit: params.limit, to: &writer)
            }
        }
        writer.endArray()
        if outcome.hasMore && !params.limited {
            writer.key("truncated")
            writer.bool(true)
        }
        writer.endObject()
        return call.result(of: &writer, from: resultStart)
    }
}
