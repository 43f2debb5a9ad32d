import JSON
import JSONRPC
import Store

/// `schema.describe`: the tables as they are in the database (columns, types, keys, indexes,
/// foreign keys, row counts), in wizdb's own shape. Field names come from the declared schema
/// where it names the column.
enum SchemaDescribe {
    static let name = "schema.describe"

    static func method(_ server: Server) -> Method {
        Method(name, lane: .read) { context in
            let params = try JSONRPC.Params(context.params, allowed: ["table", "rows"])
            let only = try params.optionalString("table")
            let countsRows = try params.bool("rows", default: true)
            let declared = server.catalog.currentSource == "declared" ? server.catalog.current : nil
            return .value(try server.store.read { db in
                let names = try db.userTableNames()
                if let only, !names.contains(only) { throw StoreError.unknownTable(name: only, available: names) }
                let tables = try names.filter { only == nil || $0 == only }.map { name -> JSONValue in
                    let table = try db.introspectTable(name)
                    let rows = countsRows ? try db.pragmaValue("SELECT count(*) FROM \(SQL.quote(name))").integerValue ?? 0 : nil
                    return describe(table, declared: declared?.table(named: name), rows: rows, dialect: db.dialect)
                }
                return ["tables": .array(tables)]
            })
        }
    }

    static func describe(_ table: Table, declared: Table?, rows: Int64?, dialect: any SQLDialect = SQLiteDialect()) -> JSONValue {
        let columns = table.columns.map { column -> JSONValue in
            let declaredColumn = declared?.column(named: column.name)
            var object: JSONObject = [
                "name": .string(column.name),
                "field": .string(declaredColumn?.field ?? column.field),
                "type": .string((declaredColumn?.type ?? column.type).rawValue),
                "sqlType": .string(dialect.columnType(column.type, identity: column.autoIncrement && table.primaryKey == [column.name])),
                "notNull": .bool(column.notNull),
                "primaryKey": .bool(table.primaryKey.contains(column.name)),
            ]
            if let defaultSQL = column.defaultSQL { object["default"] = .string(defaultSQL) }
            if let checkSQL = column.checkSQL { object["check"] = .string(checkSQL) }
            if column.autoIncrement { object["autoIncrement"] = true }
            if let reference = column.references {
                object["references"] = ["table": .string(reference.table), "column": .string(reference.column),
                                        "onDelete": .string(reference.onDelete.rawValue), "onUpdate": .string(reference.onUpdate.rawValue)]
            }
            return .object(object)
        }
        let indexes = table.indexes.map { index -> JSONValue in
            var object: JSONObject = ["name": .string(index.name), "columns": .array(index.columns.map { .string($0) }),
                                      "unique": .bool(index.unique)]
            if let whereSQL = index.whereSQL { object["where"] = .string(whereSQL) }
            return .object(object)
        }
        var described: JSONObject = [
            "name": .string(table.name),
            "basePattern": .bool(table.hasBasePattern),
            "primaryKey": .array(table.primaryKey.map { .string($0) }),
            "columns": .array(columns),
            "indexes": .array(indexes),
        ]
        if let rows { described["rows"] = .integer(rows) }
        return .object(described)
    }
}
