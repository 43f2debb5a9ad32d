import JSON
import JSONRPC
import Store

/// `query.paginate`, in one of two modes.
///
/// Keyset (the default): rows in `orderBy` order (default `createdAt` ascending) with the
/// primary key as tie-breaker, `limit` at a time (default 20), continuing after `cursor`.
/// Result: `{"rows": [...], "nextCursor": "..." | null, "hasMore": bool}`. The cursor holds the
/// last row's order values, so rows created in the same second are neither skipped nor
/// repeated, and pages stay right while rows are inserted or deleted elsewhere in the order.
///
/// Offset (when `page` or `pageSize` is given): page `page` (from 1) of `pageSize` rows (default
/// 20). Result: `{"rows", "page", "pageSize", "totalCount", "totalPages"}`, counted and read in
/// one snapshot.
enum QueryPaginate {
    static let name = "query.paginate"
    static let defaultLimit = 20

    struct Params {
        static let allowed: Set<String> = ["table", "fields", "where", "orderBy", "limit", "cursor", "page", "pageSize",
                                                              "deactivated", "tx"]

        enum Mode {
            case keyset(limit: Int, cursor: String?)
            case offset(page: Int, pageSize: Int)
        }

        var query: SelectQuery
        var order: [Ordering]
        var mode: Mode
        var generation: UInt64

        init(_ params: JSONValue?, server: Server) throws {
            let reader = try JSONRPC.Params(params, allowed: Self.allowed)
            try reader.checkTransaction()
            let table: Table
            (table, generation) = try server.table(reader)
            let maxRows = server.settings.maxRows
            if reader.has("page") || reader.has("pageSize") {
                for key in ["cursor", "limit"] where reader.has(key) {
                    throw RPCError.invalidParams("\"\(key)\" belongs to cursor pagination; with \"page\" and \"pageSize\", leave it out", field: key)
                }
                let page = Int(try reader.optionalInt("page", in: 1...Int64(Int32.max)) ?? 1)
                let pageSize = Int(try reader.optionalInt("pageSize", in: 1...Int64(max(1, maxRows))) ?? Int64(min(QueryPaginate.defaultLimit, maxRows)))
                mode = .offset(page: page, pageSize: pageSize)
            } else {
                let limit = Int(try reader.optionalInt("limit", in: 1...Int64(max(1, maxRows))) ?? Int64(min(QueryPaginate.defaultLimit, maxRows)))
                mode = .keyset(limit: limit, cursor: try reader.optionalString("cursor"))
            }
            order = try reader.orderBy() ?? Self.defaultOrder(table)
            guard !order.isEmpty else {
                throw RPCError.invalidParams("\"orderBy\" needs at least one field", field: "orderBy")
            }
            query = SelectQuery(table: table, fields: try reader.fieldList("fields"), filter: try reader.filter("where"),
                                deactivated: try reader.deactivated(), orderBy: order)
        }

        /// A plain keyset page, as `Method.prepare` read it (see `PlainPage`): what the init above
        /// makes of params that hold only these.
        init(plain: PlainPage, server: Server) throws {
            let table: Table
            (table, generation) = try server.catalog.lookup(plain.table, store: server.store)
            let maxRows = server.settings.maxRows
            mode = .keyset(limit: plain.limit ?? min(QueryPaginate.defaultLimit, maxRows), cursor: plain.cursor)
            order = Self.defaultOrder(table)
            guard !order.isEmpty else {
                throw RPCError.invalidParams("\"orderBy\" needs at least one field", field: "orderBy")
            }
            query = SelectQuery(table: table, fields: nil, filter: nil, deactivated: .exclude, orderBy: order)
        }

        /// `createdAt` ascending, or the primary key on a table without the base pattern.
        static func defaultOrder(_ table: Table) -> [Ordering] {
            if let created = table.column(named: "created_at") { return [Ordering(field: created.field)] }
            return table.primaryKey.compactMap { table.column(named: $0).map { Ordering(field: $0.field) } }
        }
    }

    /// What decides the SQL of a keyset page: everything but the position's values (only which
    /// of them are NULL), so the pages of one walk share one plan.
    struct PlanKey: Hashable, Sendable {
        var table: String
        var fields: [String]?
        var filter: Filter?
        var deactivated: Deactivated
        var order: [Ordering]
        var limit: Int
        var nulls: [Bool]?
    }

    /// The params of a page of a walk in the default order: `table`, and `limit` and `cursor`
    /// when given, nothing else. The table is looked up by the handler, after the catalog's
    /// check for schema changes, as for any other call.
    struct PlainPage: Sendable {
        var table: String
        var limit: Int?
        var cursor: String?

        private static let keys: [StaticString] = ["table", "limit", "cursor"]

        /// Nil for anything else (another member, a member twice, a value of the wrong type or
        /// out of range): `Params.init(_:server:)` reads those, and reports what is wrong.
        static func prepare(_ reader: inout JSONPullReader, maxRows: Int) -> PlainPage? {
            var table: String?
            var limit: Int?
            var cursor: String?
            let read = reader.readObject(keys: keys) { reader, key in
                switch key {
                case 0:
                    table = reader.string()
                    return table != nil
                case 1:
                    guard let count = reader.number().flatMap({ Int64($0) }), count >= 1, count <= Int64(max(1, maxRows)) else { return false }
                    limit = Int(count)
                    return true
                default:
                    cursor = reader.string()
                    return cursor != nil
                }
            }
            guard read else { return nil }
            guard let table else { return nil }
            return PlainPage(table: table, limit: limit, cursor: cursor)
        }
    }

    /// A prepared page by reference (see `QuerySQL.PreparedParams`).
    final class PreparedPage: Sendable {
        let page: PlainPage
        init(_ page: PlainPage) { self.page = page }
    }

    static func method(_ server: Server) -> Method {
        var method = Method(name, laneFor: { Server.lane(for: $0, otherwise: .read) }) { context in
            if let plain = context.prepared as? PreparedPage {
                var params = try Params(plain: plain.page, server: server)
                return try page(&params, server: server, call: Call(prepared: context))
            }
            return try handle(server, Call(answering: context))
        }
        // The pages of a walk skip the request's tree, as query.sql's calls do.
        method.prepare = { reader in
            PlainPage.prepare(&reader, maxRows: server.settings.maxRows).map { Method.Prepared(lane: .read, params: PreparedPage($0)) }
        }
        return method
    }

    static func handle(_ server: Server, _ call: Call) throws -> MethodResult {
        var params = try Params(call.params, server: server)
        return try page(&params, server: server, call: call)
    }

    static func page(_ params: inout Params, server: Server, call: Call) throws -> MethodResult {
        switch params.mode {
        case .keyset(let limit, let cursor):
            return try keysetPage(&params, limit: limit, cursor: cursor, server: server, call: call)
        case .offset(let page, let pageSize):
            return try offsetPage(&params, page: page, pageSize: pageSize, server: server, call: call)
        }
    }

    static func keysetPage(_ params: inout Params, limit: Int, cursor: String?, server: Server,
                           call: Call) throws -> MethodResult {
        let context = call.rpc
        let table = params.query.table
        let order = server.builder.effectiveOrder(params.order, table: table)
        guard table.primaryKey.allSatisfy({ name in order.contains { $0.field == table.column(named: name)?.field } }),
              !table.primaryKey.isEmpty else {
            throw StoreError.invalidQuery(path: "orderBy", message: "table \"\(table.name)\" has no primary key to break ties; use page and pageSize")
        }
        if let cursor { params.query.after = try KeysetCursor.decode(cursor, table: table.name, order: order) }
        params.query.limit = limit + 1
        params.query.capturesOrderValues = true
        let query = params.query
        let key = PlanKey(table: table.name, fields: query.fields, filter: query.filter, deactivated: query.deactivated,
                          order: params.order, limit: limit, nulls: KeysetPage.nullPattern(query.after))
        let compiled = try server.pagePlans.plan(for: key, generation: params.generation) {
            try server.builder.keysetPage(query)
        }.after(query.after)
        var (writer, resultStart) = call.resultWriter(capacity: 4096)
        writer.beginObject()
        writer.key("rows")
        writer.beginArray()
        let outcome = try server.readStatement(call) { db in
            try context.cancellable(on: db) { try db.writeRows(of: compiled, limit: limit, to: &writer) }
        }
        writer.endArray()
        writer.key("nextCursor")
        if outcome.hasMore, let last = outcome.lastOrderValues {
            writer.string(KeysetCursor(table: table.name, order: order, values: last).encoded())
        } else {
            writer.null()
        }
        writer.key("hasMore")
        writer.bool(outcome.hasMore)
        writer.endObject()
        return call.result(of: &writer, from: resultStart)
    }

    static func offsetPage(_ params: inout Params, page: Int, pageSize: Int, server: Server,
                           call: Call) throws -> MethodResult {
        let context = call.rpc
        let counting = try server.builder.count(params.query.table, filter: params.query.filter, deactivated: params.query.deactivated)
        params.query.limit = pageSize
        let (offset, overflow) = (page - 1).multipliedReportingOverflow(by: pageSize)
        params.query.offset = overflow ? Int(Int64.max) : offset
        let compiled = try server.builder.select(params.query)
        var (writer, resultStart) = call.resultWriter(capacity: 4096)
        writer.beginObject()
        writer.key("rows")
        writer.beginArray()
        // One read transaction: the count and the page come from the same snapshot.
        let total = try server.read(call) { db in
            try context.cancellable(on: db) {
                let total = try db.integer(of: counting)
                _ = try db.writeRows(of: compiled, limit: pageSize, to: &writer)
                return total
            }
        }
        writer.endArray()
        writer.key("page"); writer.int(Int64(page))
        writer.key("pageSize"); writer.int(Int64(pageSize))
        writer.key("totalCount"); writer.int(total)
        writer.key("totalPages"); writer.int((total + Int64(pageSize) - 1) / Int64(pageSize))
        writer.endObject()
        return call.result(of: &writer, from: resultStart)
    }
}
