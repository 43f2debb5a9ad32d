import JSON

/// What a read wrote: how many rows, whether more were there, and the order values of the last
/// row written (for a cursor) when the query captures them.
public struct RowsOutcome: Sendable {
    public var count: Int
    public var hasMore: Bool
    public var lastOrderValues: [SQLValue]?
}

/// What a write did: rows changed in its table (not counting cascades), rows written back, and
/// whether the written-back rows were cut at the limit.
public struct WriteOutcome: Sendable {
    public var changes: Int
    public var returned: Int
    public var truncated: Bool
}

extension Database {
    /// Runs a compiled read and writes at most `limit` rows into `writer`, as array elements
    /// (the caller writes the brackets). One more row is read to tell whether there were more.
    public func writeRows(of query: CompiledQuery, limit: Int, to writer: inout JSONWriter) throws -> RowsOutcome {
        let statement = try cachedStatement(query.sql)
        defer { statement.reset() }
        try statement.bind(query.bindings)
        let shape = query.shape
        var count = 0
        var last: [SQLValue]?
        while try statement.step() {
            if count == limit { return RowsOutcome(count: count, hasMore: true, lastOrderValues: last) }
            shape.writeRow(statement, to: &writer)
            count += 1
            if count == limit, !shape.orderColumns.isEmpty { last = shape.orderValues(statement) }
        }
        return RowsOutcome(count: count, hasMore: false, lastOrderValues: last)
    }

    /// Runs a compiled read of one row and writes it into `writer`, or `null` when there is none.
    public func writeFirstRow(of query: CompiledQuery, to writer: inout JSONWriter) throws {
        let statement = try cachedStatement(query.sql)
        defer { statement.reset() }
        try statement.bind(query.bindings)
        if try statement.step() {
            query.shape.writeRow(statement, to: &writer)
        } else {
            writer.null()
        }
    }

    /// The first column of the first row as an integer (counts).
    public func integer(of query: CompiledQuery) throws -> Int64 {
        let statement = try cachedStatement(query.sql)
        defer { statement.reset() }
        try statement.bind(query.bindings)
        guard try statement.step() else { return 0 }
        return statement.int64(at: 0)
    }

    /// Runs a compiled UPDATE or DELETE to completion, writing at most `limit` RETURNING rows.
    /// `assigned` (column name to value) helps explain a foreign-key failure.
    ///
    /// SQLite gathers every RETURNING row in memory before handing out the first, so a write
    /// that may touch many rows comes with `bounded`: the count of rows it would touch (taken
    /// in the same transaction, under the write lock) and the same write without RETURNING,
    /// run instead when more than `limit` rows would come back (`truncated`, no rows).
    public func write(_ query: CompiledQuery, table: Table, assigned: [String: SQLValue] = [:], limit: Int,
                      bounded: (count: CompiledQuery, silent: CompiledQuery)? = nil, to writer: inout JSONWriter) throws -> WriteOutcome {
        if let bounded, try integer(of: bounded.count) > Int64(limit) {
            var discard = JSONWriter(capacity: 0)
            var outcome = try write(bounded.silent, table: table, assigned: assigned, limit: 0, to: &discard)
            outcome.truncated = true
            return outcome
        }
        let statement = try cachedStatement(query.sql)
        defer { statement.reset() }
        try statement.bind(query.bindings)
        var returned = 0
        var truncated = false
        do {
            while try statement.step() {
                // The change happens as a whole; rows past the limit are read but not written back.
                guard returned < limit else {
                    truncated = true
                    continue
                }
                query.shape.writeRow(statement, to: &writer)
                returned += 1
            }
        } catch let error as StoreError {
            throw explainConstraint(error, table: table, values: assigned)
        }
        return WriteOutcome(changes: changes, returned: returned, truncated: truncated)
    }

    /// Inserts the rows of `query` in order, in the caller's transaction: the server fills `id`
    /// (a UUIDv7 from `ids`), `createdAt` and `updatedAt` (`now`) when a row does not give them;
    /// rows with the same fields share one prepared statement. At most `limit` rows are written
    /// back into `writer`.
    public func insert(_ query: InsertQuery, builder: QueryBuilder, ids: IDGenerator, now: Int64, limit: Int,
                       to writer: inout JSONWriter) throws -> WriteOutcome {
        let table = query.table
        let columns = table.columns
        let returned = try builder.returningColumns(table, query.returning)
        let shape = RowShape(fields: returned.map { RowShape.Field(key: $0.field, type: $0.type) })
        let generatedID = table.hasBasePattern ? columns.firstIndex { $0.name == "id" && $0.type == .text } : nil
        let stamped = table.hasBasePattern ? columns.indices.filter { ["created_at", "updated_at"].contains(columns[$0].name) } : []

        var slots = [SQLValue?](repeating: nil, count: columns.count)
        var keys: [String] = []
        var keyColumns: [Int] = []
        var present: [Bool] = []
        var presentColumns: [Int] = []
        var statement: Statement?
        /// For each returned column, the slot holding its value (nil: NULL), when the row can be
        /// written back from what was bound rather than through RETURNING.
        var echoed: [Int?]?
        var outcome = WriteOutcome(changes: 0, returned: 0, truncated: false)

        for (rowIndex, row) in query.rows.enumerated() {
            // Rows usually repeat the previous row's fields in the same order: map keys once.
            if !Self.sameKeys(row, keys) {
                keys = row.keys
                keyColumns = try keys.map { key in
                    guard let index = columns.firstIndex(where: { $0.field == key }) else {
                        throw StoreError.unknownField(table: table.name, field: key, available: columns.map(\.field))
                    }
                    return index
                }
            }
            for index in slots.indices { slots[index] = nil }
            for (position, member) in row.members.enumerated() {
                let column = columns[keyColumns[position]]
                do {
                    slots[keyColumns[position]] = try column.type.sqlValue(from: member.value, field: column.field)
                } catch StoreError.invalidValue(_, let expected, let got) {
                    let field = query.rowsPath.map { "\($0)[\(rowIndex)].\(column.field)" } ?? column.field
                    throw StoreError.invalidValue(field: field, expected: expected, got: got)
                }
            }
            if let generatedID, slots[generatedID] == nil || slots[generatedID] == .null {
                slots[generatedID] = .text(ids.next())
            }
            for index in stamped where slots[index] == nil || slots[index] == .null {
                slots[index] = .integer(now)
            }

            if statement == nil || !Self.samePresence(slots, present) {
                present = slots.map { $0 != nil }
                presentColumns = columns.indices.filter { present[$0] }
                echoed = Self.echoedColumns(query, returned: returned, present: present)
                let sql = try builder.insert(into: table, columns: presentColumns.map { columns[$0] },
                                             onConflict: query.onConflict, returning: echoed == nil ? returned : [])
                statement = try cachedStatement(sql)
            }
            guard let statement else { continue }
            do {
                for (position, index) in presentColumns.enumerated() {
                    try statement.bind(slots[index] ?? .null, at: Int32(position + 1))
                }
                while try statement.step() {
                    if outcome.returned < limit {
                        shape.writeRow(statement, to: &writer)
                        outcome.returned += 1
                    } else {
                        outcome.truncated = true
                    }
                }
                statement.reset()
                if let echoed {
                    if outcome.returned < limit {
                        writer.beginObject()
                        for (position, column) in echoed.enumerated() {
                            writer.key(returned[position].field)
                            writer.value(column.map { slots[$0] ?? .null } ?? .null, type: returned[position].type)
                        }
                        writer.endObject()
                        outcome.returned += 1
                    } else {
                        outcome.truncated = true
                    }
                }
            } catch let error as StoreError {
                statement.reset()
                var values: [String: SQLValue] = [:]
                for index in presentColumns { values[columns[index].name] = slots[index] }
                throw explainConstraint(error, table: table, values: values)
            }
            outcome.changes += changes
        }
        return outcome
    }

    /// A plain INSERT stores exactly the values bound (each was converted to its column's
    /// declared type first), and SQLite's RETURNING costs more than the insert's own work on
    /// narrow rows. So when every returned column was bound, or is a column without default
    /// outside the primary key (NULL then), the row is written from the bound values. With
    /// ON CONFLICT the statement may insert nothing or update another row: RETURNING tells.
    static func echoedColumns(_ query: InsertQuery, returned: [Column], present: [Bool]) -> [Int?]? {
        guard query.onConflict == nil, !returned.isEmpty else { return nil }
        var slots: [Int?] = []
        for column in returned {
            guard let index = query.table.columns.firstIndex(where: { $0.name == column.name }) else { return nil }
            if present[index] {
                slots.append(index)
            } else if column.defaultSQL == nil, !query.table.primaryKey.contains(column.name) {
                slots.append(nil)
            } else {
                return nil
            }
        }
        return slots
    }

    private static func samePresence(_ slots: [SQLValue?], _ present: [Bool]) -> Bool {
        guard slots.count == present.count else { return false }
        for index in slots.indices where (slots[index] != nil) != present[index] { return false }
        return true
    }

    private static func sameKeys(_ row: JSONObject, _ keys: [String]) -> Bool {
        guard row.members.count == keys.count else { return false }
        for (member, key) in zip(row.members, keys) where member.key != key { return false }
        return true
    }
}
