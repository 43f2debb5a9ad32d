import JSON

/// Reads the declared schema document (`wizdb.schema.json`, or `schema` passed inline) into a
/// `Schema`, adding the base pattern to every table that does not opt out, and checking
/// everything a mistake could hide in: unknown keys, types, references, names, defaults.
/// Errors name the path of the offending part (`tables.users.columns.email.type`).
public enum DeclaredSchema {
    static let tableKeys: Set<String> = ["columns", "indexes", "unique", "primaryKey", "base", "renamedFrom"]
    static let columnKeys: Set<String> = ["type", "notNull", "default", "unique", "primaryKey", "autoIncrement",
                                          "references", "check", "renamedFrom", "column"]
    static let referenceKeys: Set<String> = ["table", "column", "onDelete", "onUpdate"]
    static let indexKeys: Set<String> = ["name", "columns", "unique", "where"]
    /// The SQL names of the base pattern's columns, which declared columns may not take.
    public static let baseColumnNames = ["id", "created_at", "updated_at", "deactivated_at", "deactivated_by"]

    public static func parse(_ text: String) throws -> Schema {
        let document: JSONValue
        do {
            document = try JSONReader.parse(text)
        } catch {
            throw StoreError.invalidSchema(path: "", message: "the schema is not valid JSON: \(error.message) (byte \(error.offset))")
        }
        return try parse(document)
    }

    public static func parse(_ document: JSONValue) throws -> Schema {
        guard case .object(let root) = document else { throw invalid("", "the schema must be an object with \"tables\"") }
        try rejectUnknownKeys(root, allowed: ["tables", "$schema", "version"], path: "")
        guard case .object(let tables)? = root["tables"] else { throw invalid("tables", "\"tables\" must be an object of tables") }
        var schema = Schema()
        for (name, value) in tables.members {
            schema.tables.append(try parseTable(name, value, path: "tables.\(name)"))
        }
        try validateReferences(schema, declared: tables)
        try validateIndexNames(schema)
        return resolved(schema)
    }

    // MARK: Tables

    private static func parseTable(_ name: String, _ value: JSONValue, path: String) throws -> Table {
        try checkName(name, of: "table", path: path)
        guard case .object(let object) = value else { throw invalid(path, "a table must be an object with \"columns\"") }
        try rejectUnknownKeys(object, allowed: tableKeys, path: path)
        let base = try bool(object["base"], path: "\(path).base") ?? true
        guard case .object(let declaredColumns)? = object["columns"] else {
            throw invalid("\(path).columns", "\"columns\" must be an object of columns")
        }

        var columns: [Column] = []
        var columnPrimaryKeys: [String] = []
        var columnUniques: [String] = []
        var checks: [(column: String, filter: Filter, path: String)] = []
        for (field, spec) in declaredColumns.members {
            let columnPath = "\(path).columns.\(field)"
            let parsed = try parseColumn(field, spec, path: columnPath)
            if base, baseColumnNames.contains(parsed.column.name) {
                throw invalid(columnPath, "\"\(parsed.column.name)\" belongs to the base pattern; declare the table with \"base\": false to define it yourself")
            }
            if let clash = columns.first(where: { $0.name == parsed.column.name }) {
                throw invalid(columnPath, "the SQL column \"\(parsed.column.name)\" is also used by the field \"\(clash.field)\"")
            }
            if parsed.primaryKey { columnPrimaryKeys.append(parsed.column.name) }
            if parsed.unique { columnUniques.append(parsed.column.name) }
            if let check = parsed.check { checks.append((parsed.column.name, check, "\(columnPath).check")) }
            columns.append(parsed.column)
        }
        if base {
            columns.insert(Column(field: "id", name: "id", type: .text, notNull: true), at: 0)
            columns.append(Column(field: "createdAt", name: "created_at", type: .timestamp, notNull: true, defaultSQL: "(unixepoch())"))
            columns.append(Column(field: "updatedAt", name: "updated_at", type: .timestamp, notNull: true, defaultSQL: "(unixepoch())"))
            columns.append(Column(field: "deactivatedAt", name: "deactivated_at", type: .timestamp))
            columns.append(Column(field: "deactivatedBy", name: "deactivated_by", type: .text))
        }
        guard !columns.isEmpty else { throw invalid("\(path).columns", "a table needs at least one column") }
        let renamedFrom = try string(object["renamedFrom"], path: "\(path).renamedFrom")
        if let renamedFrom { try checkName(renamedFrom, of: "table", path: "\(path).renamedFrom") }
        var table = Table(name: name, columns: columns, primaryKey: [], hasBasePattern: base, renamedFrom: renamedFrom)

        // Primary key: the base pattern's id, a column's own flag, or a table-level list.
        let tablePrimaryKey = try fieldList(object["primaryKey"], in: table, path: "\(path).primaryKey")
        if base {
            if !columnPrimaryKeys.isEmpty || tablePrimaryKey != nil {
                throw invalid(path, "a table with the base pattern has \"id\" as its primary key; use \"base\": false to choose another")
            }
            table.primaryKey = ["id"]
        } else if let tablePrimaryKey {
            if !columnPrimaryKeys.isEmpty { throw invalid("\(path).primaryKey", "declare the primary key either on a column or on the table, not both") }
            table.primaryKey = tablePrimaryKey
        } else {
            if columnPrimaryKeys.count > 1 {
                throw invalid(path, "several columns say \"primaryKey\": true; list them in the table's \"primaryKey\" for a composite key")
            }
            table.primaryKey = columnPrimaryKeys
        }
        for (index, column) in table.columns.enumerated() where column.autoIncrement {
            guard table.primaryKey == [column.name], column.type == .integer else {
                throw invalid("\(path).columns.\(column.field).autoIncrement", "\"autoIncrement\" needs an integer column that is the whole primary key")
            }
            table.columns[index].notNull = true
        }
        // A text primary key can hold NULL in SQLite unless it says NOT NULL.
        for (index, column) in table.columns.enumerated() where table.primaryKey.contains(column.name) {
            table.columns[index].notNull = true
        }

        for (columnName, filter, checkPath) in checks {
            var compiler = FilterCompiler(table: table, values: .literals)
            let sql = try wrap(checkPath) { try compiler.compile(filter) }
            try checkLiteral(sql, path: checkPath)
            if let index = table.columns.firstIndex(where: { $0.name == columnName }) { table.columns[index].checkSQL = sql }
        }

        // Unique constraints become named unique indexes, so they can be added and dropped without a rebuild.
        for column in columnUniques {
            table.indexes.append(Index(name: "\(name)_\(column)_unique", columns: [column], unique: true))
        }
        if let uniques = object["unique"] {
            guard case .array(let lists) = uniques else { throw invalid("\(path).unique", "\"unique\" must be a list of field lists") }
            for (offset, list) in lists.enumerated() {
                guard let columns = try fieldList(list, in: table, path: "\(path).unique[\(offset)]"), !columns.isEmpty else {
                    throw invalid("\(path).unique[\(offset)]", "each unique constraint is a non-empty list of fields")
                }
                table.indexes.append(Index(name: "\(name)_\(columns.joined(separator: "_"))_unique", columns: columns, unique: true))
            }
        }
        if let indexes = object["indexes"] {
            guard case .array(let items) = indexes else { throw invalid("\(path).indexes", "\"indexes\" must be a list of indexes") }
            for (offset, item) in items.enumerated() {
                table.indexes.append(try parseIndex(item, table: table, path: "\(path).indexes[\(offset)]"))
            }
        }
        return table
    }

    // MARK: Columns

    private struct ParsedColumn {
        var column: Column
        var primaryKey: Bool
        var unique: Bool
        var check: Filter?
    }

    private static func parseColumn(_ field: String, _ value: JSONValue, path: String) throws -> ParsedColumn {
        try checkName(field, of: "field", path: path)
        guard case .object(let object) = value else { throw invalid(path, "a column must be an object with \"type\"") }
        try rejectUnknownKeys(object, allowed: columnKeys, path: path)
        guard case .string(let typeName)? = object["type"] else {
            throw invalid("\(path).type", "\"type\" is required: one of \(ColumnType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let type = ColumnType(rawValue: typeName) else {
            throw invalid("\(path).type", "unknown type \"\(typeName)\"; types are \(ColumnType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let name = try string(object["column"], path: "\(path).column") ?? SQL.snakeCase(field)
        try checkName(name, of: "column", path: object["column"] == nil ? path : "\(path).column")
        var column = Column(field: field, name: name, type: type)
        column.notNull = try bool(object["notNull"], path: "\(path).notNull") ?? false
        column.autoIncrement = try bool(object["autoIncrement"], path: "\(path).autoIncrement") ?? false
        column.renamedFrom = try string(object["renamedFrom"], path: "\(path).renamedFrom")
        if let renamedFrom = column.renamedFrom { try checkName(renamedFrom, of: "field", path: "\(path).renamedFrom") }
        if let defaultValue = object["default"] {
            if defaultValue.isNull, column.notNull {
                throw invalid("\(path).default", "a notNull column cannot default to null")
            }
            let sql = try wrap("\(path).default") { try type.defaultSQL(from: defaultValue, field: field) }
            try checkLiteral(sql, path: "\(path).default")
            column.defaultSQL = sql
        }
        if let reference = object["references"] {
            column.references = try parseReference(reference, path: "\(path).references")
        }
        let check = try object["check"].map { filter in try wrap("\(path).check") { try Filter.parse(filter, path: "\(path).check") } }
        return ParsedColumn(column: column, primaryKey: try bool(object["primaryKey"], path: "\(path).primaryKey") ?? false,
                            unique: try bool(object["unique"], path: "\(path).unique") ?? false, check: check)
    }

    private static func parseReference(_ value: JSONValue, path: String) throws -> ForeignKey {
        guard case .object(let object) = value else { throw invalid(path, "\"references\" must be an object with \"table\"") }
        try rejectUnknownKeys(object, allowed: referenceKeys, path: path)
        guard case .string(let table)? = object["table"] else { throw invalid("\(path).table", "\"table\" is required") }
        try checkName(table, of: "table", path: "\(path).table")
        func action(_ key: String) throws -> ReferentialAction {
            guard let text = try string(object[key], path: "\(path).\(key)") else { return .noAction }
            guard let action = ReferentialAction(rawValue: text) else {
                throw invalid("\(path).\(key)", "unknown action \"\(text)\"; actions are \(ReferentialAction.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return action
        }
        // The referenced column is given as a field name and resolved once all tables are known.
        return ForeignKey(table: table, column: try string(object["column"], path: "\(path).column") ?? "id",
                          onDelete: try action("onDelete"), onUpdate: try action("onUpdate"))
    }

    // MARK: Indexes

    private static func parseIndex(_ value: JSONValue, table: Table, path: String) throws -> Index {
        guard case .object(let object) = value else { throw invalid(path, "an index must be an object with \"columns\"") }
        try rejectUnknownKeys(object, allowed: indexKeys, path: path)
        guard let columns = try fieldList(object["columns"], in: table, path: "\(path).columns"), !columns.isEmpty else {
            throw invalid("\(path).columns", "an index needs a non-empty list of fields")
        }
        let unique = try bool(object["unique"], path: "\(path).unique") ?? false
        let name = try string(object["name"], path: "\(path).name")
            ?? "\(table.name)_\(columns.joined(separator: "_"))_\(unique ? "unique" : "idx")"
        try checkName(name, of: "index", path: object["name"] == nil ? path : "\(path).name")
        var whereSQL: String?
        switch object["where"] {
        case nil, .null?:
            break
        case .string("active")?:
            guard table.supportsSoftDelete else {
                throw invalid("\(path).where", "\"active\" needs the base pattern's deactivatedAt column")
            }
            whereSQL = "\"deactivated_at\" IS NULL"
        case let filterValue?:
            let filter = try wrap("\(path).where") { try Filter.parse(filterValue, path: "\(path).where") }
            var compiler = FilterCompiler(table: table, values: .literals)
            whereSQL = try wrap("\(path).where") { try compiler.compile(filter) }
            try checkLiteral(whereSQL ?? "", path: "\(path).where")
        }
        return Index(name: name, columns: columns, unique: unique, whereSQL: whereSQL)
    }

    // MARK: Whole-schema checks

    private static func validateReferences(_ schema: Schema, declared: JSONObject) throws {
        for table in schema.tables {
            for column in table.columns {
                guard let reference = column.references else { continue }
                let path = "tables.\(table.name).columns.\(column.field).references"
                guard let parent = schema.table(named: reference.table) else {
                    throw invalid("\(path).table", "unknown table \"\(reference.table)\"; tables are \(schema.tableNames.joined(separator: ", "))")
                }
                guard let target = parent.column(field: reference.column) ?? parent.column(named: reference.column) else {
                    throw invalid("\(path).column", "table \"\(parent.name)\" has no field \"\(reference.column)\"")
                }
                // SQLite needs the parent key to be the primary key or covered by a unique index.
                let isKey = parent.primaryKey == [target.name]
                    || parent.indexes.contains { $0.unique && $0.whereSQL == nil && $0.columns == [target.name] }
                guard isKey else {
                    throw invalid("\(path).column", "\"\(parent.name).\(target.field)\" is neither the primary key nor unique, so it cannot be referenced")
                }
                if reference.onDelete == .setNull, column.notNull {
                    throw invalid("\(path).onDelete", "\"setNull\" on a notNull column would fail whenever the parent is deleted")
                }
            }
        }
    }

    private static func validateIndexNames(_ schema: Schema) throws {
        var seen: [String: String] = [:]
        for table in schema.tables {
            for index in table.indexes {
                if let owner = seen[index.name.lowercased()] {
                    throw invalid("tables.\(table.name).indexes", "the index name \"\(index.name)\" is used twice (also on \(owner))")
                }
                if schema.table(named: index.name) != nil {
                    throw invalid("tables.\(table.name).indexes", "the index name \"\(index.name)\" is also a table name")
                }
                seen[index.name.lowercased()] = table.name
            }
        }
    }

    /// Resolves the referenced columns from field names to SQL names (after all tables are parsed).
    static func resolved(_ schema: Schema) -> Schema {
        var schema = schema
        for tableIndex in schema.tables.indices {
            for columnIndex in schema.tables[tableIndex].columns.indices {
                guard var reference = schema.tables[tableIndex].columns[columnIndex].references,
                      let parent = schema.table(named: reference.table),
                      let target = parent.column(field: reference.column) ?? parent.column(named: reference.column) else { continue }
                reference.column = target.name
                schema.tables[tableIndex].columns[columnIndex].references = reference
            }
        }
        return schema
    }

    // MARK: Names and literals

    /// Names become quoted SQL identifiers, type names in generated code and file names: they
    /// must be non-empty, hold no control characters (a NUL ends the text SQLite reads, a newline
    /// breaks the migration file's comments) and stay out of the names SQLite and wizdb keep for
    /// themselves (`sqlite_...`, `_wizdb_...`).
    static func checkName(_ name: String, of kind: String, path: String) throws {
        guard !name.isEmpty else { throw invalid(path, "a \(kind) name cannot be empty") }
        if let control = name.unicodeScalars.first(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            throw invalid(path, "the \(kind) name \(String(decoding: JSONWriter.encode(.string(name)), as: UTF8.self)) holds the control character U+\(hex(control.value)); names cannot")
        }
        let lowered = name.lowercased()
        for prefix in ["sqlite_", "_wizdb_"] where lowered.hasPrefix(prefix) {
            throw invalid(path, "the \(kind) name \"\(name)\" is reserved: names starting with \"\(prefix)\" belong to \(prefix == "sqlite_" ? "SQLite" : "wizdb")")
        }
    }

    /// A NUL inside a literal (a default, a check or an index filter) would cut the statement short.
    static func checkLiteral(_ sql: String, path: String) throws {
        if sql.utf8.contains(0) { throw invalid(path, "a value holds a NUL character (U+0000), which SQL text cannot carry") }
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    // MARK: Helpers

    private static func fieldList(_ value: JSONValue?, in table: Table, path: String) throws -> [String]? {
        guard let value, !value.isNull else { return nil }
        guard case .array(let items) = value else { throw invalid(path, "expected a list of field names") }
        return try items.enumerated().map { offset, item in
            guard case .string(let field) = item else { throw invalid("\(path)[\(offset)]", "expected a field name") }
            guard let column = table.column(field: field) else {
                throw invalid("\(path)[\(offset)]", "unknown field \"\(field)\"; fields are \(table.columns.map(\.field).joined(separator: ", "))")
            }
            return column.name
        }
    }

    private static func rejectUnknownKeys(_ object: JSONObject, allowed: Set<String>, path: String) throws {
        for (key, _) in object.members where !allowed.contains(key) {
            throw invalid(path.isEmpty ? key : "\(path).\(key)", "unknown key \"\(key)\"; allowed: \(allowed.sorted().joined(separator: ", "))")
        }
    }

    private static func bool(_ value: JSONValue?, path: String) throws -> Bool? {
        guard let value, !value.isNull else { return nil }
        guard case .bool(let flag) = value else { throw invalid(path, "expected true or false, got \(value.typeName)") }
        return flag
    }

    private static func string(_ value: JSONValue?, path: String) throws -> String? {
        guard let value, !value.isNull else { return nil }
        guard case .string(let text) = value else { throw invalid(path, "expected a string, got \(value.typeName)") }
        return text
    }

    /// Re-labels value and filter errors with the schema path they came from.
    private static func wrap<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StoreError {
            switch error {
            case .invalidSchema: throw error
            case .invalidFilter(let filterPath, let message): throw invalid(filterPath, message)
            default: throw invalid(path, error.description)
            }
        }
    }

    private static func invalid(_ path: String, _ message: String) -> StoreError {
        .invalidSchema(path: path, message: message)
    }
}
