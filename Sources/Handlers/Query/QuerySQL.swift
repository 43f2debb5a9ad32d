import JSONRPC
import Store
import JSON

/// `query.sql`: one raw, parameterized SQL statement, for what the structured methods do not cover.
/// Values are always bound; several statements in one call are refused; the operator can switch
/// the method off with `--no-raw-sql`.
enum QuerySQL {
    static let name = "query.sql"

    struct Params: Sendable {
        enum RowMode: String { case object, array }
        var sql: String
        var parameters: JSONValue?
        var readOnly: Bool
        var rowMode: RowMode
        var maxRows: Int

        /// Made once: a set literal here hashed every key on every call of the hottest method.
        static let allowed: Set<String> = ["sql", "params", "readOnly", "rowMode", "maxRows", "tx"]

        init(_ params: JSONValue?, settings: Server.Settings) throws(RPCError) {
            let reader = try JSONRPC.Params(params, allowed: Self.allowed)
            sql = try reader.string("sql")
            parameters = reader.value("params")
            if let parameters, parameters.arrayValue == nil, parameters.objectValue == nil, !parameters.isNull {
                throw .invalidParams("\"params\" must be an array (positional) or an object (named), got \(parameters.typeName)",
                                     field: "params")
            }
            readOnly = try reader.bool("readOnly", default: false)
            rowMode = RowMode(rawValue: try reader.optionalChoice("rowMode", from: ["object", "array"]) ?? "object") ?? .object
            maxRows = Int(try reader.optionalInt("maxRows", in: 0...Int64(settings.maxRows)) ?? Int64(settings.maxRows))
        }

        private init(sql: String, parameters: JSONValue?, readOnly: Bool, rowMode: RowMode, maxRows: Int) {
            self.sql = sql
            self.parameters = parameters
            self.readOnly = readOnly
            self.rowMode = rowMode
            self.maxRows = maxRows
        }

        private static let keys: [StaticString] = ["sql", "params", "readOnly", "rowMode", "maxRows"]

        /// The params of a plain call read straight from the request's text (`Method.prepare`):
        /// `sql`, values that are scalars, and the options given as they should be. Nil for
        /// everything else (`tx`, `workDoneToken`, a member twice, a value of the wrong type or
        /// out of range, nested values): `init(_:settings:)` reads those, and reports what is wrong.
        /// `known`: texts classified before (`Store.knownStatement`), whose String is taken
        /// instead of a new one.
        static func prepare(_ reader: inout JSONPullReader, settings: Server.Settings,
                            known: (UnsafeRawBufferPointer) -> String? = { _ in nil }) -> Params? {
            var sql: String?
            var parameters: JSONValue?
            var readOnly: Bool?
            var rowMode: RowMode?
            var maxRows: Int?
            let read = reader.readObject(keys: keys) { reader, key in
                switch key {
                case 0:
                    sql = reader.string(knownAs: known)
                    return sql != nil
                case 1:
                    parameters = reader.null() ? .null : scalars(&reader)
                    return parameters != nil
                case 2:
                    readOnly = reader.bool()
                    return readOnly != nil
                case 3:
                    rowMode = reader.string().flatMap(RowMode.init(rawValue:))
                    return rowMode != nil
                default:
                    guard let limit = reader.number().flatMap({ Int64($0) }), limit >= 0, limit <= Int64(settings.maxRows) else { return false }
                    maxRows = Int(limit)
                    return true
                }
            }
            guard read else { return nil }
            guard let sql else { return nil }
            return Params(sql: sql, parameters: parameters, readOnly: readOnly ?? false, rowMode: rowMode ?? .object,
                          maxRows: maxRows ?? settings.maxRows)
        }

        /// An array of scalars (positional values) or an object of scalars (named ones).
        private static func scalars(_ reader: inout JSONPullReader) -> JSONValue? {
            if let hasElements = reader.enterArray() {
                var values: [JSONValue] = []
                guard hasElements else { return .array(values) }
                // Room for a few values at once: growing from empty costs a second allocation.
                values.reserveCapacity(4)
                repeat {
                    guard let value = reader.scalar(), let more = reader.nextElement() else { return nil }
                    values.append(value)
                    if !more { break }
                } while true
                return .array(values)
            }
            guard let hasMembers = reader.enterObject() else { return nil }
            var members: [(key: String, value: JSONValue)] = []
            guard hasMembers else { return .object(JSONObject(members)) }
            repeat {
                guard let key = reader.key(), !members.contains(where: { $0.key == key }),
                      let value = reader.scalar(), let more = reader.nextMember() else { return nil }
                members.append((key, value))
                if !more { break }
            } while true
            return .object(JSONObject(members))
        }
    }

    /// Prepared params by reference: in the call's context they are one reference, where the
    /// struct was copied into a box of its own (each of its members retained) and copied out again.
    final class PreparedParams: Sendable {
        let params: Params
        init(_ params: Params) { self.params = params }
    }

    static func method(_ server: Server) -> Method {
        var method = Method(name, laneFor: { params in
            // Reads run on a reader, concurrently: those marked read-only, and those SQLite says
            // cannot write. Everything else runs on the writer.
            Server.lane(for: params, otherwise: runsAsRead(params, server) ? .read : .write)
        }) { context in
            if let prepared = context.prepared as? PreparedParams { return try handle(server, Call(prepared: context), prepared: prepared) }
            return try handle(server, Call(answering: context))
        }
        // The hottest call of all (a lookup by key, a one-row insert) skips the request's tree.
        method.prepare = { reader in
            // A statement sent before is found by its bytes, with its classification.
            var knownIsRead: Bool?
            let known = { (bytes: UnsafeRawBufferPointer) -> String? in
                guard let found = server.store.knownStatement(bytes) else { return nil }
                knownIsRead = found.isRead
                return found.sql
            }
            guard let params = Params.prepare(&reader, settings: server.settings, known: known) else { return nil }
            return Method.Prepared(lane: runsAsRead(params.sql, readOnly: params.readOnly, server, known: knownIsRead) ? .read : .write,
                                   params: PreparedParams(params))
        }
        return method
    }

    private static func runsAsRead(_ params: JSONValue?, _ server: Server) -> Bool {
        guard let object = params?.objectValue else { return server.store.isReadOnly }
        guard case .string(let sql)? = object["sql"] else { return server.store.isReadOnly || object["readOnly"] == .bool(true) }
        return runsAsRead(sql, readOnly: object["readOnly"] == .bool(true), server)
    }

    /// `known`: the classification `Store.knownStatement` found for `sql` already.
    private static func runsAsRead(_ sql: String, readOnly: Bool, _ server: Server, known: Bool? = nil) -> Bool {
        server.store.isReadOnly || readOnly || (known ?? server.store.isReadStatement(sql))
    }

    static func handle(_ server: Server, _ call: Call) throws -> MethodResult { try handle(server, call, prepared: nil) }

    /// `prepared`: the params as `Method.prepare` read them; otherwise they are read from the call.
    /// They are used where they lie, in their holder: a copy of them retained the statement's
    /// text, which every call of that statement shares, on every reader at once.
    private static func handle(_ server: Server, _ call: Call, prepared: PreparedParams?) throws -> MethodResult {
        guard server.settings.rawSQL else {
            throw RPCError(code: ErrorCode.rawSQLDisabled, kind: "raw_sql_disabled",
                           message: "Raw SQL is switched off on this server (--no-raw-sql); use the query.* methods")
        }
        let holder = try prepared ?? PreparedParams(Params(call.params, settings: server.settings))
        let context = call.rpc
        if call.database != nil || call.transactionID != nil {
            // Inside a transaction: its connection, its snapshot, its uncommitted writes.
            let body = { (db: Database) throws -> MethodResult in
                let statement = try db.cachedStatement(holder.params.sql)
                defer { statement.reset() }
                try RawStatementPolicy.check(statement)
                if holder.params.readOnly && !statement.isReadOnly { throw StoreError.writeInReadOnlyContext(sql: holder.params.sql) }
                return try context.cancellable(on: db) { try run(holder.params, statement, on: db, for: call) }
            }
            return holder.params.readOnly ? try server.read(call, body) : try server.write(call, body)
        }
        // Scheduled as a read, it was classified as one already (see `runsAsRead`).
        if holder.params.readOnly || server.store.isReadOnly || (context.lane.map { _ in context.runsAsRead } ?? server.store.isReadStatement(holder.params.sql)) {
            return try server.store.readStatement { db in
                let statement = try db.cachedStatement(holder.params.sql)
                defer { statement.reset() }
                try RawStatementPolicy.check(statement)
                guard statement.isReadOnly else { throw StoreError.writeInReadOnlyContext(sql: holder.params.sql) }
                return try context.cancellable(on: db) {
                    try run(holder.params, statement, on: db, for: call)
                }
            }
        }
        let result = try server.store.withWriter { db in
            let statement = try db.cachedStatement(holder.params.sql)
            defer { statement.reset() }
            try RawStatementPolicy.check(statement)
            return try context.cancellable(on: db) {
                // A statement that cannot write needs no write lock: it runs in its own
                // snapshot, after every earlier write, without BEGIN IMMEDIATE.
                if statement.isReadOnly { return try run(holder.params, statement, on: db, for: call) }
                return try db.immediateTransaction { try run(holder.params, statement, on: db, for: call) }
            }
        }
        // The query methods see a table created, altered or dropped here from the next call on,
        // not only after the catalog's next periodic look.
        if changesSchema(holder.params.sql) { server.catalog.markDue() }
        return result
    }

    /// Whether the statement starts with CREATE, ALTER or DROP (see `Store.changesSchema`).
    static func changesSchema(_ sql: String) -> Bool { Store.changesSchema(sql) }

    private static let rowsKey = JSONWriter.encodedKey("rows")
    private static let columnsKey = JSONWriter.encodedKey("columns")
    private static let changesKey = JSONWriter.encodedKey("changes")

    static func run(_ params: Params, _ statement: Statement, on db: Database, for call: Call) throws -> MethodResult {
        try bind(params.parameters, to: statement)

        let writes = !statement.isReadOnly
        let changesBefore = db.totalChanges
        let rowidBefore = db.lastInsertRowid
        let columnCount = statement.columnCount
        // The last answer's size, within reason: one huge result must not make every later
        // call of the statement reserve as much.
        let hint = min(statement.lastAnswerBytes, 1 << 16)
        var (writer, resultStart) = call.resultWriter(capacity: max(1024, hint + hint / 4))
        writer.beginObject()
        writer.key(encoded: Self.rowsKey)
        writer.beginArray()
        var rowCount = 0
        var truncated = false
        // Each column's `"name":`, encoded once per prepared statement (read at the first row:
        // a statement re-prepared after a schema change may name its columns differently).
        var keys: [[UInt8]] = []
        while try statement.step() {
            guard rowCount < params.maxRows else {
                truncated = true
                // A write must still run to completion; a read can stop here.
                if writes { continue } else { break }
            }
            rowCount += 1
            switch params.rowMode {
            case .object:
                if keys.isEmpty { keys = statement.encodedColumnKeys() }
                statement.writeRowObject(keys: keys, to: &writer)
            case .array:
                writer.beginArray()
                for index in 0..<columnCount { writer.column(statement, index) }
                writer.endArray()
            }
        }
        writer.endArray()
        writer.key(encoded: Self.columnsKey)
        writer.raw(statement.encodedColumnNames())
        writer.key(encoded: Self.changesKey)
        writer.int(Int64(writes ? db.totalChanges - changesBefore : 0))
        // The connection keeps its last rowid across statements; report it only when this one set it.
        if writes, db.lastInsertRowid != rowidBefore {
            writer.key("lastInsertRowid")
            writer.int(db.lastInsertRowid)
        }
        if truncated {
            writer.key("truncated")
            writer.bool(true)
        }
        writer.endObject()
        statement.lastAnswerBytes = writer.bytes.count - resultStart
        return call.result(of: &writer, from: resultStart)
    }

    /// Binds positional params (an array, in order) or named params (an object keyed by the
    /// parameter's name without its `:`, `@` or `$` prefix).
    static func bind(_ parameters: JSONValue?, to statement: Statement) throws {
        let count = statement.parameterCount
        switch parameters {
        case .array(let values)?:
            guard values.count == Int(count) else {
                throw StoreError.parameter(message: "the statement has \(count) parameter(s) but \(values.count) value(s) were given")
            }
            for (offset, value) in values.enumerated() {
                try statement.bind(SQLValue(parameter: value, field: "params[\(offset)]"), at: Int32(offset + 1))
            }
        case .object(let named)?:
            var used = Set<String>()
            for index in Int32(1)...max(1, count) where index <= count {
                guard let fullName = statement.parameterName(at: index), fullName.count > 1,
                      let prefix = fullName.first, prefix != "?" else {
                    throw StoreError.parameter(message: "the statement uses positional parameters (?); send \"params\" as an array")
                }
                let name = String(fullName.dropFirst())
                guard let value = named[name] else {
                    throw StoreError.parameter(message: "no value was given for the parameter \(fullName)")
                }
                used.insert(name)
                try statement.bind(SQLValue(parameter: value, field: "params.\(name)"), at: index)
            }
            if let unused = named.keys.first(where: { !used.contains($0) }) {
                throw StoreError.parameter(message: "the statement has no parameter named \"\(unused)\"")
            }
        case nil, .null?:
            guard count == 0 else {
                throw StoreError.parameter(message: "the statement has \(count) parameter(s) but no \"params\" were given")
            }
        default:
            throw StoreError.parameter(message: "\"params\" must be an array or an object")
        }
    }
}
