/// CREATE statements for the schema model, in one canonical spelling. Identifiers are always
/// quoted; defaults are literals or parenthesised expressions; a text primary key says NOT NULL.
public enum DDL {
    public static func createTable(_ table: Table, as name: String? = nil) -> String {
        var parts = table.columns.map { columnDefinition($0, in: table) }
        if table.primaryKey.count > 1 {
            parts.append("PRIMARY KEY (\(table.primaryKey.map(SQL.quote).joined(separator: ", ")))")
        }
        return "CREATE TABLE \(SQL.quote(name ?? table.name)) (\n  \(parts.joined(separator: ",\n  "))\n)"
    }

    public static func columnDefinition(_ column: Column, in table: Table) -> String {
        var text = "\(SQL.quote(column.name)) \(column.type.storageType)"
        if column.notNull { text += " NOT NULL" }
        if table.primaryKey == [column.name] {
            text += " PRIMARY KEY"
            if column.autoIncrement { text += " AUTOINCREMENT" }
        }
        if let defaultSQL = column.defaultSQL { text += " DEFAULT \(defaultSQL)" }
        if let checkSQL = column.checkSQL { text += " CHECK (\(checkSQL))" }
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
}
