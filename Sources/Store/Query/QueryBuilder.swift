import JSON

/// Builds the SQL of the structured query methods from typed queries. Every field is checked
/// against the schema, every value is converted for its column's type and bound, and the text
/// for one request shape is always the same (so the prepared statement is reused).
///
/// Spelling rules, so that tests can state exact SQL: identifiers are always quoted; a query on
/// one table does not qualify columns, a query with joins qualifies every column; WHERE
/// conditions come in the order id, filter, keyset position, soft-delete visibility, joined by
/// AND; LIMIT and OFFSET are bound values.
public struct QueryBuilder: Sendable {
    public let dialect: any SQLDialect

    public init(dialect: any SQLDialect = SQLiteDialect()) {
        self.dialect = dialect
    }

    // MARK: Reads

    /// `SELECT <fields> FROM <table> [JOIN ...] WHERE ... ORDER BY ... LIMIT ? OFFSET ?`.
    public func select(_ query: SelectQuery) throws -> CompiledQuery { try buildSelect(query).query }

    /// A keyset page's SQL, kept to be bound again for the next positions of the walk (see `KeysetPage`).
    public func keysetPage(_ query: SelectQuery) throws -> KeysetPage {
        let built = try buildSelect(query)
        return KeysetPage(query: built.query, terms: built.terms, position: built.position,
                          rowValues: dialect.supportsRowValues, hasPosition: query.after != nil)
    }

    private func buildSelect(_ query: SelectQuery) throws -> (query: CompiledQuery, terms: [KeysetTerm], position: Range<Int>) {
        var scope = FieldScope(main: query.table, dialect: dialect, qualified: !query.joins.isEmpty)
        var shape = RowShape()
        // Collected, then set once: each change of `shape.fields` encodes every key again.
        var fields: [RowShape.Field] = []
        var resultColumns: [String] = []

        let mainColumns = try columns(of: query.table, fields: query.fields, path: "fields")
        for column in mainColumns {
            resultColumns.append(scope.reference(0, column))
            fields.append(RowShape.Field(key: column.field, type: column.type))
        }
        if !query.joins.isEmpty {
            shape.groups.append(RowShape.Group(key: query.table.name, fields: 0..<mainColumns.count, presence: nil))
        }

        var from = dialect.quote(query.table.name)
        var presenceReferences: [(group: Int, sql: String)] = []
        for (offset, join) in query.joins.enumerated() {
            let path = "join[\(offset)]"
            guard !scope.sources.contains(where: { $0.name == join.name }) else {
                throw StoreError.invalidQuery(path: "\(path).as",
                    message: "\"\(join.name)\" already names a table of this query; give this join another \"as\"")
            }
            let source = scope.add(name: join.name, table: join.table, nullable: join.kind == .left)
            let pairs = try joinPairs(join, source: source, scope: scope, path: path)
            var conditions = pairs.map { "\($0.right) = \($0.left)" }
            if let visibility = try visibility(of: join.table, join.deactivated, qualifier: scope.sources[source].qualifier) {
                // In the ON clause, not WHERE: a parent whose child is deactivated stays, with a null child.
                conditions.append(visibility)
            }
            from += join.kind == .left ? " LEFT JOIN " : " JOIN "
            from += dialect.quote(join.table.name)
            if join.name != join.table.name { from += " AS " + dialect.quote(join.name) }
            from += " ON " + conditions.joined(separator: " AND ")

            let joinedColumns = try columns(of: join.table, fields: join.fields, path: "\(path).fields")
            let start = fields.count
            for column in joinedColumns {
                resultColumns.append(scope.reference(source, column))
                fields.append(RowShape.Field(key: column.field, type: column.type))
            }
            shape.groups.append(RowShape.Group(key: join.name, fields: start..<fields.count, presence: nil))
            if join.kind == .left, let first = pairs.first {
                // The joined side of an ON pair is NULL exactly when no row matched.
                presenceReferences.append((shape.groups.count - 1, first.right))
            }
        }
        for (group, sql) in presenceReferences {
            shape.groups[group].presence = Int32(resultColumns.count)
            resultColumns.append(sql)
        }

        shape.fields = fields
        let order = try resolvedOrder(effectiveOrder(query.orderBy, table: query.table), scope: scope)
        if query.capturesOrderValues {
            for term in order {
                if let visible = resultColumns.prefix(shape.fields.count).firstIndex(of: term.resolved.sql) {
                    shape.orderColumns.append(Int32(visible))
                } else {
                    shape.orderColumns.append(Int32(resultColumns.count))
                    resultColumns.append(term.resolved.sql)
                }
            }
        }

        var conditions: [String] = []
        var bindings: [SQLValue] = []
        if let key = query.key {
            conditions.append("\(scope.reference(0, try keyColumn(of: query.table))) = ?")
            bindings.append(key)
        }
        if let filter = query.filter {
            conditions.append(try compile(filter, scope: scope, bindings: &bindings))
        }
        let positionStart = bindings.count
        if let after = query.after {
            conditions.append(try keysetCondition(order, after: after, bindings: &bindings))
        }
        let position = positionStart..<bindings.count
        if let visibility = try visibility(of: query.table, query.deactivated, qualifier: scope.sources[0].qualifier) {
            conditions.append(visibility)
        }

        var sql = "SELECT " + resultColumns.joined(separator: ", ") + " FROM " + from
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        if !order.isEmpty { sql += " ORDER BY " + order.map(\.sql).joined(separator: ", ") }
        appendLimit(query.limit, offset: query.offset, to: &sql, bindings: &bindings)
        return (CompiledQuery(sql: sql, bindings: bindings, shape: shape), order.map(\.keysetTerm), position)
    }

    /// `SELECT count(*) FROM <table> WHERE ...`; the row is `{"count": n}`.
    public func count(_ table: Table, filter: Filter?, deactivated: Deactivated) throws -> CompiledQuery {
        let scope = FieldScope(main: table, dialect: dialect, qualified: false)
        var conditions: [String] = []
        var bindings: [SQLValue] = []
        if let filter { conditions.append(try compile(filter, scope: scope, bindings: &bindings)) }
        if let visibility = try visibility(of: table, deactivated, qualifier: "") { conditions.append(visibility) }
        var sql = "SELECT count(*) FROM " + dialect.quote(table.name)
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        return CompiledQuery(sql: sql, bindings: bindings, shape: RowShape(fields: [RowShape.Field(key: "count", type: .integer)]))
    }

    /// The order a query really uses: the requested terms, then the primary key's fields not
    /// already in it, in the direction of the last term. Rows with equal sort keys (created in
    /// the same second, say) then have one order, which keyset pagination depends on. No
    /// requested order means no ORDER BY at all.
    public func effectiveOrder(_ orderBy: [Ordering], table: Table) -> [Ordering] {
        guard let last = orderBy.last else { return [] }
        var order = orderBy
        for name in table.primaryKey {
            guard let column = table.column(named: name), !order.contains(where: { $0.field == column.field }) else { continue }
            order.append(Ordering(field: column.field, direction: last.direction))
        }
        return order
    }

    // MARK: Aggregates

    private static let statusColumn = Column(field: AggregateQuery.statusGroup, name: AggregateQuery.statusGroup, type: .text, notNull: true)

    /// `SELECT <groups>, <aggregates> FROM <table> WHERE ... GROUP BY ... HAVING ... ORDER BY <groups>`.
    public func aggregate(_ query: AggregateQuery) throws -> CompiledQuery {
        let table = query.table
        let scope = FieldScope(main: table, dialect: dialect, qualified: false)
        guard !query.aggregates.isEmpty else {
            throw StoreError.invalidQuery(path: "aggregates", message: "name at least one aggregate")
        }

        // Groups: a key, its SQL expression and the column that types it.
        var groups: [(key: String, sql: String, column: Column)] = []
        switch query.grouping {
        case nil:
            break
        case .status:
            guard table.supportsSoftDelete else { throw missingSoftDelete(table) }
            groups.append((AggregateQuery.statusGroup, statusExpression(), Self.statusColumn))
        case .fields(let fields):
            guard !fields.isEmpty else { throw StoreError.invalidQuery(path: "groupBy", message: "name at least one field") }
            for field in fields where !groups.contains(where: { $0.key == field }) {
                if field == AggregateQuery.statusGroup, table.column(field: field) == nil {
                    guard table.supportsSoftDelete else { throw missingSoftDelete(table) }
                    groups.append((field, statusExpression(), Self.statusColumn))
                    continue
                }
                let resolved = try scope.resolve(field)
                groups.append((field, resolved.sql, resolved.column))
            }
        }

        var selectList = groups.map(\.sql)
        var shape = RowShape(fields: groups.map { RowShape.Field(key: $0.key, type: $0.column.type) })
        var bindings: [SQLValue] = []
        // Aggregate SQL (with its own bound values) by alias, for HAVING.
        var expressions: [String: (sql: String, bindings: [SQLValue], column: Column)] = [:]
        for aggregate in query.aggregates {
            let path = "aggregates.\(aggregate.alias)"
            guard !aggregate.alias.isEmpty else { throw StoreError.invalidQuery(path: "aggregates", message: "an alias cannot be empty") }
            guard expressions[aggregate.alias] == nil else {
                throw StoreError.invalidQuery(path: path, message: "the alias \"\(aggregate.alias)\" is used twice")
            }
            guard !groups.contains(where: { $0.key == aggregate.alias }) else {
                throw StoreError.invalidQuery(path: path, message: "\"\(aggregate.alias)\" is also a grouped field; choose another alias")
            }
            var argument = "*"
            var argumentColumn: Column?
            if let field = aggregate.field {
                let resolved = try scope.resolve(field)
                argument = resolved.sql
                argumentColumn = resolved.column
            }
            let outputType: ColumnType?
            switch aggregate.function {
            case .count:
                outputType = .integer
            case .sum, .avg:
                guard let column = argumentColumn else {
                    throw StoreError.invalidQuery(path: "\(path).field", message: "\(aggregate.function.rawValue) needs a field")
                }
                guard [.integer, .real, .boolean].contains(column.type) else {
                    throw StoreError.invalidQuery(path: "\(path).field",
                        message: "\(aggregate.function.rawValue) needs a number field; \"\(column.field)\" is \(column.type.rawValue)")
                }
                // A sum keeps the storage class (integers stay exact); an average is a real.
                outputType = aggregate.function == .avg ? .real : nil
            case .min, .max:
                guard let column = argumentColumn else {
                    throw StoreError.invalidQuery(path: "\(path).field", message: "\(aggregate.function.rawValue) needs a field")
                }
                outputType = column.type
            }
            var expression = "\(aggregate.function.rawValue)(\(argument))"
            var ownBindings: [SQLValue] = []
            if let filter = aggregate.filter {
                guard dialect.supportsAggregateFilter else { throw StoreError.invalidQuery(path: "\(path).filter", message: "not supported") }
                expression += " FILTER (WHERE " + (try compile(filter, scope: scope, bindings: &ownBindings)) + ")"
            }
            selectList.append(expression)
            bindings += ownBindings
            shape.fields.append(RowShape.Field(key: aggregate.alias, type: outputType))
            // HAVING compares an aggregate with numbers: counts as integers, other sums and
            // averages as reals, min and max as their field's type.
            let havingType: ColumnType = switch aggregate.function {
            case .count: .integer
            case .sum, .avg: .real
            case .min, .max: argumentColumn?.type ?? .real
            }
            expressions[aggregate.alias] = (expression, ownBindings,
                                            Column(field: aggregate.alias, name: aggregate.alias, type: havingType))
        }

        var conditions: [String] = []
        if let filter = query.filter { conditions.append(try compile(filter, scope: scope, bindings: &bindings)) }
        if let visibility = try visibility(of: table, query.deactivated, qualifier: "") { conditions.append(visibility) }

        var sql = "SELECT " + selectList.joined(separator: ", ") + " FROM " + dialect.quote(table.name)
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        if !groups.isEmpty { sql += " GROUP BY " + groups.map(\.sql).joined(separator: ", ") }
        if let having = query.having {
            let available = groups.map(\.key) + query.aggregates.map(\.alias)
            var compiler = FilterCompiler(table: table, values: .parameters) { name in
                if let aggregate = expressions[name] {
                    return FilterCompiler.Reference(sql: aggregate.sql, column: aggregate.column, bindings: aggregate.bindings)
                }
                if let group = groups.first(where: { $0.key == name }) {
                    var column = group.column
                    column.field = name
                    return FilterCompiler.Reference(sql: group.sql, column: column)
                }
                throw StoreError.unknownField(table: table.name, field: name, available: available)
            }
            compiler.dialect = dialect
            let text = try Self.wrapped(having, compiler.compile(having))
            bindings += compiler.bindings
            sql += " HAVING " + text
        }
        if !groups.isEmpty { sql += " ORDER BY " + groups.map(\.sql).joined(separator: ", ") }
        return CompiledQuery(sql: sql, bindings: bindings, shape: shape)
    }

    /// `active` for live rows, `inactive` for soft-deleted ones.
    func statusExpression(qualifier: String = "") -> String {
        "CASE WHEN \(qualifier)\(dialect.quote("deactivated_at")) IS NULL THEN 'active' ELSE 'inactive' END"
    }

    // MARK: Writes

    /// `INSERT INTO <table> (<columns>) VALUES (?, ...) [ON CONFLICT ...] [RETURNING ...]`.
    /// `columns` are given in table order, so rows with the same fields share one statement.
    public func insert(into table: Table, columns: [Column], onConflict: OnConflict?, returning: [Column]) throws -> String {
        var sql = "INSERT INTO \(dialect.quote(table.name)) ("
            + columns.map { dialect.quote($0.name) }.joined(separator: ", ") + ") VALUES ("
            + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        if let onConflict { sql += try conflictClause(onConflict, table: table) }
        sql += returningClause(returning)
        return sql
    }

    /// `UPDATE <table> SET ... WHERE ... [RETURNING ...]`, stamping `updated_at` with `now`.
    public func update(_ query: UpdateQuery, now: Int64) throws -> CompiledQuery {
        let table = query.table
        guard !query.set.isEmpty || !query.increment.isEmpty else {
            throw StoreError.invalidQuery(path: "set", message: "give \"set\" or \"increment\" (or both)")
        }
        var assignments: [String] = []
        var bindings: [SQLValue] = []
        var assigned: Set<String> = []
        for (field, value) in query.set {
            let column = try self.column(field, of: table)
            guard assigned.insert(column.name).inserted else {
                throw StoreError.invalidQuery(path: "set.\(field)", message: "\"\(field)\" is assigned twice")
            }
            assignments.append("\(dialect.quote(column.name)) = ?")
            bindings.append(try column.type.sqlValue(from: value, field: "set.\(field)"))
        }
        for (field, value) in query.increment {
            let column = try self.column(field, of: table)
            guard assigned.insert(column.name).inserted else {
                throw StoreError.invalidQuery(path: "increment.\(field)", message: "\"\(field)\" is both set and incremented")
            }
            guard column.type == .integer || column.type == .real else {
                throw StoreError.invalidQuery(path: "increment.\(field)",
                    message: "increment needs an integer or real field; \"\(field)\" is \(column.type.rawValue)")
            }
            let amount = try column.type.sqlValue(from: value, field: "increment.\(field)")
            guard amount != .null else {
                throw StoreError.invalidValue(field: "increment.\(field)", expected: "a number", got: "null")
            }
            // One statement reads and writes the value, so concurrent increments never lose one.
            assignments.append("\(dialect.quote(column.name)) = \(dialect.quote(column.name)) + ?")
            bindings.append(amount)
        }
        if let stamp = table.column(named: "updated_at"), !assigned.contains(stamp.name) {
            assignments.append("\(dialect.quote(stamp.name)) = ?")
            bindings.append(.integer(now))
        }
        return try updateStatement(table, assignments: assignments, bindings: bindings, selection: query.selection,
                                   deactivated: query.deactivated, returning: query.returning)
    }

    /// Soft deletion: stamps `deactivated_at`, `deactivated_by` and `updated_at` on live rows
    /// only, so deactivating a row twice changes nothing the second time.
    public func softDelete(_ table: Table, selection: RowSelection, by: String?, now: Int64, returning: Returning) throws -> CompiledQuery {
        guard table.supportsSoftDelete else { throw missingSoftDelete(table) }
        var assignments = ["\(dialect.quote("deactivated_at")) = ?"]
        var bindings: [SQLValue] = [.integer(now)]
        if table.column(named: "deactivated_by") != nil {
            assignments.append("\(dialect.quote("deactivated_by")) = ?")
            bindings.append(by.map(SQLValue.text) ?? .null)
        }
        if table.column(named: "updated_at") != nil {
            assignments.append("\(dialect.quote("updated_at")) = ?")
            bindings.append(.integer(now))
        }
        return try updateStatement(table, assignments: assignments, bindings: bindings, selection: selection,
                                   deactivated: .exclude, returning: returning)
    }

    /// Undoes a soft deletion on deactivated rows only, stamping `updated_at`.
    public func restore(_ table: Table, selection: RowSelection, now: Int64, returning: Returning) throws -> CompiledQuery {
        guard table.supportsSoftDelete else { throw missingSoftDelete(table) }
        var assignments = ["\(dialect.quote("deactivated_at")) = NULL"]
        var bindings: [SQLValue] = []
        if table.column(named: "deactivated_by") != nil { assignments.append("\(dialect.quote("deactivated_by")) = NULL") }
        if table.column(named: "updated_at") != nil {
            assignments.append("\(dialect.quote("updated_at")) = ?")
            bindings.append(.integer(now))
        }
        return try updateStatement(table, assignments: assignments, bindings: bindings, selection: selection,
                                   deactivated: .only, returning: returning)
    }

    /// `DELETE FROM <table> WHERE ...`: a hard delete; foreign keys cascade as declared.
    public func delete(_ table: Table, selection: RowSelection, deactivated: Deactivated) throws -> CompiledQuery {
        var bindings: [SQLValue] = []
        var sql = "DELETE FROM " + dialect.quote(table.name)
        let conditions = try writeConditions(table, selection: selection, deactivated: deactivated, bindings: &bindings)
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        return CompiledQuery(sql: sql, bindings: bindings)
    }

    /// `SELECT count(*)` of the rows a write with this selection would touch.
    public func count(_ table: Table, selection: RowSelection, deactivated: Deactivated) throws -> CompiledQuery {
        var bindings: [SQLValue] = []
        var sql = "SELECT count(*) FROM " + dialect.quote(table.name)
        let conditions = try writeConditions(table, selection: selection, deactivated: deactivated, bindings: &bindings)
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        return CompiledQuery(sql: sql, bindings: bindings, shape: RowShape(fields: [RowShape.Field(key: "count", type: .integer)]))
    }

    /// The columns a write returns, as a flat row shape.
    public func returningColumns(_ table: Table, _ returning: Returning) throws -> [Column] {
        switch returning {
        case .all: table.columns
        case .none: []
        case .fields(let fields): try columns(of: table, fields: fields, path: "returning")
        }
    }

    private func updateStatement(_ table: Table, assignments: [String], bindings: [SQLValue], selection: RowSelection,
                                 deactivated: Deactivated, returning: Returning) throws -> CompiledQuery {
        var bindings = bindings
        var sql = "UPDATE \(dialect.quote(table.name)) SET " + assignments.joined(separator: ", ")
        let conditions = try writeConditions(table, selection: selection, deactivated: deactivated, bindings: &bindings)
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        let returned = try returningColumns(table, returning)
        sql += returningClause(returned)
        return CompiledQuery(sql: sql, bindings: bindings,
                             shape: RowShape(fields: returned.map { RowShape.Field(key: $0.field, type: $0.type) }))
    }

    /// The WHERE conditions of a write: id, filter, visibility. Refuses a write that names no
    /// rows unless `all` says so.
    private func writeConditions(_ table: Table, selection: RowSelection, deactivated: Deactivated,
                                 bindings: inout [SQLValue]) throws -> [String] {
        guard selection.namesRows || selection.all else {
            throw StoreError.unsafeOperation(message: "Neither \"id\" nor \"where\" names the rows to change, so every row of "
                + "\"\(table.name)\" would change; pass \"all\": true if that is meant")
        }
        var conditions: [String] = []
        if let id = selection.id {
            let key = try keyColumn(of: table)
            let value = try key.type.sqlValue(from: id, field: "id")
            guard value != .null else { throw StoreError.invalidValue(field: "id", expected: key.type.expectedDescription, got: "null") }
            conditions.append("\(dialect.quote(key.name)) = ?")
            bindings.append(value)
        }
        if let filter = selection.filter {
            let scope = FieldScope(main: table, dialect: dialect, qualified: false)
            conditions.append(try compile(filter, scope: scope, bindings: &bindings))
        }
        if let visibility = try visibility(of: table, deactivated, qualifier: "") { conditions.append(visibility) }
        return conditions
    }

    private func returningClause(_ columns: [Column]) -> String {
        columns.isEmpty ? "" : " RETURNING " + columns.map { dialect.quote($0.name) }.joined(separator: ", ")
    }

    /// `ON CONFLICT (<key>) [WHERE <partial index condition>] DO ...`. The key must be the
    /// primary key or a unique index; SQLite matches a partial unique index only when the
    /// conflict target repeats its condition, so it is added from the schema.
    private func conflictClause(_ onConflict: OnConflict, table: Table) throws -> String {
        guard !onConflict.target.isEmpty else {
            throw StoreError.invalidQuery(path: "onConflict.target", message: "name the fields of a unique key")
        }
        let target = try onConflict.target.map { try column($0, of: table).name }
        let keyColumns: [String]
        var condition: String?
        if Set(table.primaryKey) == Set(target), table.primaryKey.count == target.count {
            keyColumns = table.primaryKey
        } else if let index = table.indexes.first(where: { $0.unique && $0.whereSQL == nil && Set($0.columns) == Set(target) && $0.columns.count == target.count })
                    ?? table.indexes.first(where: { $0.unique && Set($0.columns) == Set(target) && $0.columns.count == target.count }) {
            keyColumns = index.columns
            condition = index.whereSQL
        } else {
            throw StoreError.invalidQuery(path: "onConflict.target",
                message: "no primary key or unique index of \"\(table.name)\" is exactly (\(onConflict.target.joined(separator: ", ")))")
        }
        var clause = " ON CONFLICT (" + keyColumns.map { dialect.quote($0) }.joined(separator: ", ") + ")"
        if let condition { clause += " WHERE " + condition }
        switch onConflict.action {
        case .nothing:
            clause += " DO NOTHING"
        case .update(let fields):
            guard !fields.isEmpty else {
                throw StoreError.invalidQuery(path: "onConflict.do.update", message: "name at least one field to update")
            }
            var names: [String] = []
            for field in fields {
                let name = try column(field, of: table).name
                if !names.contains(name) { names.append(name) }
            }
            if let stamp = table.column(named: "updated_at"), !names.contains(stamp.name) { names.append(stamp.name) }
            clause += " DO UPDATE SET " + names.map { "\(dialect.quote($0)) = excluded.\(dialect.quote($0))" }.joined(separator: ", ")
        }
        return clause
    }

    // MARK: Pieces

    /// The single-column primary key that `id` refers to.
    public func keyColumn(of table: Table) throws -> Column {
        guard table.primaryKey.count == 1, let column = table.column(named: table.primaryKey[0]) else {
            throw StoreError.invalidQuery(path: "id", message: "table \"\(table.name)\" has no single-column primary key to look rows up by")
        }
        return column
    }

    func column(_ field: String, of table: Table) throws -> Column {
        guard let column = table.column(field: field) else {
            throw StoreError.unknownField(table: table.name, field: field, available: table.columns.map(\.field))
        }
        return column
    }

    /// The columns for a `fields` list (all columns when nil), without repeats.
    func columns(of table: Table, fields: [String]?, path: String) throws -> [Column] {
        guard let fields else { return table.columns }
        guard !fields.isEmpty else { throw StoreError.invalidQuery(path: path, message: "name at least one field") }
        var columns: [Column] = []
        for field in fields {
            let column = try self.column(field, of: table)
            if !columns.contains(where: { $0.name == column.name }) { columns.append(column) }
        }
        return columns
    }

    /// The soft-delete condition for `deactivated`, or nil when there is none to apply.
    func visibility(of table: Table, _ deactivated: Deactivated, qualifier: String) throws -> String? {
        guard table.supportsSoftDelete else {
            if deactivated == .only { throw missingSoftDelete(table) }
            return nil
        }
        let column = qualifier + dialect.quote("deactivated_at")
        switch deactivated {
        case .exclude: return "\(column) IS NULL"
        case .only: return "\(column) IS NOT NULL"
        case .include: return nil
        }
    }

    func missingSoftDelete(_ table: Table) -> StoreError {
        .unknownField(table: table.name, field: "deactivatedAt", available: table.columns.map(\.field))
    }

    private func compile(_ filter: Filter, scope: FieldScope, bindings: inout [SQLValue]) throws -> String {
        var compiler = scope.qualified
            ? FilterCompiler(table: scope.main, values: .parameters, resolve: scope.filterResolver)
            : FilterCompiler(table: scope.main, values: .parameters)
        compiler.dialect = dialect
        let text = try Self.wrapped(filter, compiler.compile(filter))
        bindings += compiler.bindings
        return text
    }

    /// A filter's text, parenthesised when it is an OR, so that joining it with AND keeps its meaning.
    static func wrapped(_ filter: Filter, _ text: String) -> String {
        if case .any(let parts) = filter, parts.count > 1 { return "(\(text))" }
        return text
    }

    private func appendLimit(_ limit: Int?, offset: Int?, to sql: inout String, bindings: inout [SQLValue]) {
        if let limit {
            sql += " LIMIT ?"
            bindings.append(.integer(Int64(limit)))
        } else if offset != nil {
            sql += dialect.noLimit
        }
        if let offset {
            sql += " OFFSET ?"
            bindings.append(.integer(Int64(offset)))
        }
    }

    // MARK: Joins

    /// The `on` pairs of a join as SQL (left: an earlier table, right: the joined one), given
    /// or inferred from the one foreign key between the joined table and the tables before it.
    private func joinPairs(_ join: Join, source: Int, scope: FieldScope, path: String) throws -> [(left: String, right: String)] {
        if let on = join.on {
            guard !on.isEmpty else { throw StoreError.invalidQuery(path: "\(path).on", message: "give at least one pair of fields") }
            return try on.map { pair in
                let left = try scope.resolve(pair.left, within: source)
                guard let right = join.table.column(field: pair.right) else {
                    throw StoreError.unknownField(table: join.table.name, field: pair.right, available: join.table.columns.map(\.field))
                }
                return (left.sql, scope.reference(source, right))
            }
        }
        var candidates: [(left: String, right: String, description: String)] = []
        for earlier in 0..<source {
            let other = scope.sources[earlier]
            // The joined table refers to the earlier one (users <- user_profiles.user_id).
            for (column, reference) in join.table.foreignKeys where reference.table == other.table.name {
                guard let parent = other.table.column(named: reference.column) else { continue }
                candidates.append((scope.reference(earlier, parent), scope.reference(source, column),
                                   "\(join.name).\(column.field) -> \(other.name).\(parent.field)"))
            }
            // The earlier table refers to the joined one (user_profiles.user_id -> users).
            for (column, reference) in other.table.foreignKeys where reference.table == join.table.name {
                guard let parent = join.table.column(named: reference.column) else { continue }
                candidates.append((scope.reference(earlier, column), scope.reference(source, parent),
                                   "\(other.name).\(column.field) -> \(join.name).\(parent.field)"))
            }
        }
        guard candidates.count == 1, let only = candidates.first else {
            let message = candidates.isEmpty
                ? "no foreign key links \"\(join.table.name)\" to the tables before it; give \"on\""
                : "several foreign keys link \"\(join.table.name)\" to the tables before it (\(candidates.map(\.description).joined(separator: ", "))); give \"on\""
            throw StoreError.invalidQuery(path: "\(path).on", message: message)
        }
        return [(only.left, only.right)]
    }

    // MARK: Order and keyset

    struct OrderTerm {
        var ordering: Ordering
        var resolved: FieldScope.Resolved
        var sql: String

        var keysetTerm: KeysetTerm {
            KeysetTerm(descending: ordering.isDescending, nullable: resolved.nullable, nullsFirst: ordering.nullsFirst)
        }
    }

    private func resolvedOrder(_ order: [Ordering], scope: FieldScope) throws -> [OrderTerm] {
        try order.map { ordering in
            let resolved = try scope.resolve(ordering.field)
            var sql = resolved.sql
            if ordering.isDescending { sql += " DESC" }
            // A column that cannot hold NULL needs no placement (and keeps its index usable).
            if resolved.nullable { sql += dialect.nullsClause(descending: ordering.isDescending, nullsFirst: ordering.nullsFirst) }
            return OrderTerm(ordering: ordering, resolved: resolved, sql: sql)
        }
    }

    /// Rows strictly after the position `after` in `order`. With one direction and no NULLs
    /// possible this is a row-value comparison, `("created_at", "id") > (?, ?)`, which an index
    /// on those columns answers directly; otherwise it spells out, term by term, "equal so far
    /// and after on this one", with NULLs placed as the order says. Its values, in the order of
    /// its placeholders, are `keysetBindings` (a cached page plan binds another position alike).
    private func keysetCondition(_ order: [OrderTerm], after values: [SQLValue], bindings: inout [SQLValue]) throws -> String {
        guard !order.isEmpty, values.count == order.count else {
            throw StoreError.invalidValue(field: "cursor", expected: "a cursor for this order", got: "a cursor for another order")
        }
        let terms = order.map(\.keysetTerm)
        let rowValues = dialect.supportsRowValues
        bindings += Self.keysetBindings(terms, values, rowValues: rowValues)
        if Self.usesRowComparison(terms, values, rowValues: rowValues) {
            let op = order[0].ordering.isDescending ? "<" : ">"
            if order.count == 1 { return "\(order[0].resolved.sql) \(op) ?" }
            let columns = order.map(\.resolved.sql).joined(separator: ", ")
            return "(\(columns)) \(op) (\(Array(repeating: "?", count: order.count).joined(separator: ", ")))"
        }
        var disjuncts: [String] = []
        for index in order.indices {
            var parts: [String] = []
            for earlier in 0..<index {
                let reference = order[earlier].resolved.sql
                parts.append(values[earlier] == .null ? "\(reference) IS NULL" : "\(reference) = ?")
            }
            let term = order[index]
            let reference = term.resolved.sql
            if values[index] == .null {
                // After NULL comes every non-NULL value when NULLs come first, and nothing otherwise.
                guard term.ordering.nullsFirst else { continue }
                parts.append("\(reference) IS NOT NULL")
            } else {
                let comparison = "\(reference) \(term.ordering.isDescending ? "<" : ">") ?"
                if term.resolved.nullable && !term.ordering.nullsFirst {
                    parts.append("(\(comparison) OR \(reference) IS NULL)")
                } else {
                    parts.append(comparison)
                }
            }
            disjuncts.append(parts.joined(separator: " AND "))
        }
        if disjuncts.isEmpty { return dialect.alwaysFalse }
        if disjuncts.count == 1 { return disjuncts[0] }
        return "(" + disjuncts.map { "(\($0))" }.joined(separator: " OR ") + ")"
    }

    /// One direction, no NULL possible: a single (row-value) comparison.
    private static func usesRowComparison(_ terms: [KeysetTerm], _ values: [SQLValue], rowValues: Bool) -> Bool {
        let descending = terms[0].descending
        return terms.allSatisfy { $0.descending == descending && !$0.nullable } && !values.contains(.null)
            && (terms.count == 1 || rowValues)
    }

    /// The values `keysetCondition` binds for the position `values`, in placeholder order: the
    /// values themselves for a single comparison; else, per term not skipped, the non-NULL
    /// values of the terms before it and its own when not NULL.
    static func keysetBindings(_ terms: [KeysetTerm], _ values: [SQLValue], rowValues: Bool) -> [SQLValue] {
        if usesRowComparison(terms, values, rowValues: rowValues) { return values }
        var bindings: [SQLValue] = []
        for index in terms.indices {
            if values[index] == .null && !terms[index].nullsFirst { continue }
            for earlier in 0..<index where values[earlier] != .null { bindings.append(values[earlier]) }
            if values[index] != .null { bindings.append(values[index]) }
        }
        return bindings
    }
}
