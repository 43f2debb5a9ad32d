/// The live schema of a database on a PostgreSQL server, read from `pg_catalog` (the current
/// schema only), in the same model as SQLite's: types read back as wizdb types, defaults in the
/// spelling the declared schema gives them, CHECK and partial-index conditions as the DDL wrote
/// them (wizdb keeps that text in the constraint's or index's comment, since the server prints
/// expressions its own way).
extension Database {
    /// The oid of table `name` in the current schema, as text for the queries below.
    private static let tableOid = "(SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        + "WHERE n.nspname = current_schema() AND c.relname = ?)"

    func serverUserTableNames() throws -> [String] {
        try rows("""
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND left(c.relname, 7) <> '_wizdb_'
            ORDER BY c.relname COLLATE "C"
            """).compactMap(\.first?.textValue)
    }

    func serverIntrospectTable(_ name: String) throws -> Table {
        var columns: [Column] = []
        let columnRows = try rows("""
            SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity
            FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE a.attrelid = \(Self.tableOid) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
            """, [.text(name)])
        for row in columnRows {
            guard let columnName = row[0].textValue else { continue }
            let declaredType = row[1].textValue ?? ""
            var column = Column(field: SQL.camelCase(columnName), name: columnName,
                                type: .fromServerType(declaredType, columnName: columnName))
            column.notNull = row[2] == .integer(1)
            column.defaultSQL = row[3].textValue.map(Self.serverDefault)
            column.autoIncrement = (row[4].textValue ?? "") != ""
            columns.append(column)
        }
        let primaryKey = try rows("""
            SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
            WHERE i.indrelid = \(Self.tableOid) AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)
            """, [.text(name)]).compactMap(\.first?.textValue)

        // Single-column foreign keys and checks (the ones the declared schema can express).
        let constraints = try rows("""
            SELECT con.contype::text, a.attname, cf.relname, af.attname, con.confupdtype::text, con.confdeltype::text,
                   coalesce(obj_description(con.oid, 'pg_constraint'), pg_get_expr(con.conbin, con.conrelid))
            FROM pg_constraint con
            JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
            LEFT JOIN pg_class cf ON cf.oid = con.confrelid
            LEFT JOIN pg_attribute af ON af.attrelid = con.confrelid AND af.attnum = con.confkey[1]
            WHERE con.conrelid = \(Self.tableOid) AND con.contype IN ('f', 'c') AND array_length(con.conkey, 1) = 1
            ORDER BY con.conname
            """, [.text(name)])
        for row in constraints {
            guard let kind = row[0].textValue, let columnName = row[1].textValue,
                  let index = columns.firstIndex(where: { $0.name == columnName }) else { continue }
            if kind == "f", let parent = row[2].textValue {
                columns[index].references = ForeignKey(table: parent, column: row[3].textValue ?? "id",
                                                       onDelete: Self.action(row[5].textValue), onUpdate: Self.action(row[4].textValue))
            } else if kind == "c" {
                columns[index].checkSQL = row[6].textValue
            }
        }
        var table = Table(name: name, columns: columns, primaryKey: primaryKey,
                          hasBasePattern: DeclaredSchema.baseColumnNames.allSatisfy { base in columns.contains { $0.name == base } })
        table.indexes = try serverIntrospectIndexes(of: name)
        return table
    }

    /// Indexes other than the primary key's, with their columns and partial condition.
    func serverIntrospectIndexes(of table: String) throws -> [Index] {
        let rows = try rows("""
            SELECT ic.relname, i.indisunique,
                   coalesce(obj_description(ic.oid, 'pg_class'), pg_get_expr(i.indpred, i.indrelid)),
                   ARRAY(SELECT a.attname FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(num, pos)
                         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num ORDER BY k.pos)::text
            FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
            WHERE i.indrelid = \(Self.tableOid) AND NOT i.indisprimary
            ORDER BY ic.relname COLLATE "C"
            """, [.text(table)])
        return rows.compactMap { row in
            guard let name = row[0].textValue else { return nil }
            return Index(name: name, columns: Self.textArray(row[3].textValue ?? "{}"), unique: row[1] == .integer(1),
                         whereSQL: row[2].textValue)
        }
    }

    /// `{a,"b c"}` -> ["a", "b c"].
    static func textArray(_ text: String) -> [String] {
        let inner = text.dropFirst().dropLast()
        guard !inner.isEmpty else { return [] }
        var items: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in inner {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if character == "," && !quoted {
                items.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        items.append(current)
        return items
    }

    private static func action(_ code: String?) -> ReferentialAction {
        switch code {
        case "c": .cascade
        case "n": .setNull
        case "d": .setDefault
        case "r": .restrict
        default: .noAction
        }
    }

    /// The server's spelling of a default back in the declared schema's: `'x'::text` -> `'x'`,
    /// `'-1'::bigint` -> `-1`, the epoch expression -> `(unixepoch())`, other expressions
    /// parenthesised.
    static func serverDefault(_ text: String) -> String {
        if text.contains("EXTRACT(epoch FROM now())") { return "(unixepoch())" }
        var value = Substring(text)
        if value.hasPrefix("'"), let cast = value.ranges(of: "'::").last {
            let literal = value[..<cast.lowerBound].dropFirst()
            let typeName = value[cast.upperBound...]
            if typeName != "text" && typeName != "character varying", Double(literal) != nil { return String(literal) }
            value = value[...cast.lowerBound]
            return String(value)
        }
        if Int64(text) != nil || Double(text) != nil || text == "NULL" || text == "true" || text == "false" { return text }
        if value.hasPrefix("(") && value.hasSuffix(")") { return text }
        return "(\(text))"
    }
}

extension ColumnType {
    /// The wizdb type a PostgreSQL column most likely has (see `PostgresDialect.columnType`).
    static func fromServerType(_ type: String, columnName: String) -> ColumnType {
        switch type {
        case "bigint", "integer":
            return ["created_at", "updated_at", "deactivated_at"].contains(columnName) ? .timestamp : .integer
        case "smallint", "boolean": return type == "boolean" ? .boolean : .integer
        case "double precision", "real", "numeric": return .real
        case "bytea": return .blob
        case "json", "jsonb": return .json
        default: return .text
        }
    }
}

extension Database {
    /// A number that moves whenever the schema changes: SQLite's `schema_version`; on a server,
    /// a sum over the catalog rows of the current schema's tables and columns (each change of a
    /// table or column writes a new catalog row version).
    public func schemaVersion() throws -> Int64 {
        guard isRemote else {
            guard case .integer(let number) = try pragmaValue("PRAGMA schema_version") else {
                throw StoreError.corrupt(message: "schema_version is not a number")
            }
            return number
        }
        let value = try pragmaValue("""
            SELECT (count(*) * 1000003 + coalesce(sum(c.xmin::text::bigint), 0)
                    + coalesce(sum((SELECT sum(a.xmin::text::bigint) FROM pg_attribute a WHERE a.attrelid = c.oid)), 0))::bigint
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()
            """)
        return value.integerValue ?? 0
    }
}

extension Database {
    /// The SQL spelling of this database.
    public var dialect: any SQLDialect { remoteDialect ?? SQLiteDialect() }

    /// Whether a table (wizdb's bookkeeping ones included) exists.
    public func hasTable(_ name: String) throws -> Bool {
        if isRemote {
            return try pragmaValue("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                   + "WHERE n.nspname = current_schema() AND c.relname = ? AND c.relkind IN ('r', 'p')", [.text(name)]) == .integer(1)
        }
        return try pragmaValue("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?", [.text(name)]) == .integer(1)
    }
}
