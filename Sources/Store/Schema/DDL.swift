/// CREATE statements for the schema model, in one canonical spelling. Identifiers are always
/// quoted; defaults are literals or parenthesised expressions; a text primary key says NOT NULL.
/// The dialect gives the column types and the server's own spellings (PostgreSQL: `bigint`,
/// identity keys, named CHECK constraints).
public enum DDL {
    public static func createTable(_ table: Table, as name: String? = nil, dialect: any SQLDialect = SQLiteDialect()) -> String {
        var parts = table.columns.map { columnDefinition($0, in: table, as: name, dialect: dialect) }
        if table.primaryKey.count > 1 {
            parts.append("PRIMARY KEY (\(table.primaryKey.map(SQL.quote).joined(separator: ", ")))")
        }
        return "CREATE TABLE \(SQL.quote(name ?? table.name)) (\n  \(parts.joined(separator: ",\n  "))\n)"
    }

    public static func columnDefinition(_ column: Column, in table: Table, as tableName: String? = nil,
                                        dialect: any SQLDialect = SQLiteDialect()) -> String {
        let identity = table.primaryKey == [column.name] && column.autoIncrement
        var text = "\(SQL.quote(column.name)) \(dialect.columnType(column.type, identity: identity))"
        if column.notNull { text += " NOT NULL" }
        if table.primaryKey == [column.name] {
            text += " PRIMARY KEY"
            if column.autoIncrement { text += dialect.autoIncrementSuffix }
        }
        if let defaultSQL = column.defaultSQL { text += " DEFAULT \(dialect.defaultExpression(defaultSQL))" }
        if let checkSQL = column.checkSQL {
            text += " " + dialect.checkConstraint(checkSQL, table: tableName ?? table.name, column: column.name)
        }
        if let reference = column.references {
            text += " REFERENCES \(SQL.quote(reference.table)) (\(SQL.quote(reference.column)))"
            if reference.onDelete != .noAction { text += " ON DELETE \(reference.onDelete.sql)" }
            if reference.onUpdate != .noAction { text += " ON UPDATE \(reference.onUpdate.sql)" }
        }
        return text
    }

    public static func createIndex(_ index: Index, on table: String) -> String {
        var text = "CREATE \(index.unique ? "UNIQUE " : "")INDEX \(SQL.quote(index.name)) ON \(SQL.quote(table)) "
            + "(\(index.columns.map(SQL.quote).joined(separator: ", ")))"
        if let whereSQL = index.whereSQL { text += " WHERE \(whereSQL)" }
        return text
    }

    public static func dropIndex(_ name: String) -> String { "DROP INDEX \(SQL.quote(name))" }
    public static func dropTable(_ name: String) -> String { "DROP TABLE \(SQL.quote(name))" }

    /// The name a column's CHECK constraint gets on a server (PostgreSQL's own default name).
    public static func checkName(table: String, column: String) -> String { "\(table)_\(column)_check" }

    /// What a server needs after creating `table` so that reading it back gives the same model:
    /// the declared text of its CHECK constraints, kept as their comments.
    public static func remarks(for table: Table, dialect: any SQLDialect) -> [String] {
        guard dialect.keepsDeclaredText else { return [] }
        return table.columns.compactMap { column in
            column.checkSQL.map { checkRemark($0, table: table.name, column: column.name) }
        }
    }

    public static func checkRemark(_ checkSQL: String, table: String, column: String) -> String {
        "COMMENT ON CONSTRAINT \(SQL.quote(checkName(table: table, column: column))) ON \(SQL.quote(table)) IS \(SQL.literal(checkSQL))"
    }

    /// The declared text of a partial index's condition, kept as the index's comment on a server.
    public static func indexRemark(_ index: Index, dialect: any SQLDialect) -> String? {
        guard dialect.keepsDeclaredText, let whereSQL = index.whereSQL else { return nil }
        return "COMMENT ON INDEX \(SQL.quote(index.name)) IS \(SQL.literal(whereSQL))"
    }
}
