/// `maintenance.archive` on a database server: the same rows move as on SQLite (rows of the table
/// soft-deleted before the cutoff, with every row that depends on them through cascading foreign
/// keys), into tables of the same names in the schema `wizdb_archive` of the same database.
///
/// On a server one transaction spans both schemas, so each batch copies and deletes at once:
/// no row is ever in both places or in neither. A batch whose delete is refused by a foreign key
/// that does not cascade (RESTRICT, NO ACTION) is run again one row at a time, each in a
/// savepoint, and the refused rows stay where they are (counted in `skipped`).
extension Database {
    /// The schema archived rows go to, and the name the result gives as `archivePath`.
    public static let serverArchiveSchema = "wizdb_archive"
    private static let serverArchiveKeys = "_wizdb_archive_keys"

    /// A table reached from the archived one, with the condition that picks its rows in the
    /// closure of the root rows named in the keys table.
    private struct Reached {
        var table: Table
        var conditions: [String]
        var condition: String { conditions.count == 1 ? conditions[0] : conditions.map { "(\($0))" }.joined(separator: " OR ") }
    }

    func serverArchive(_ options: ArchiveOptions, nowSeconds: Int64, observer: some OperationObserver) throws -> ArchiveResult {
        let schema = try introspectSchema()
        guard let root = schema.tables.first(where: { $0.name == options.table }) else {
            throw StoreError.unknownTable(name: options.table, available: schema.tables.map(\.name))
        }
        guard root.columns.contains(where: { $0.name == "deactivated_at" }) else {
            throw StoreError.invalidValue(field: "table", expected: "a table with soft deletion (a deactivated_at column)",
                                          got: "\"\(root.name)\", which has none")
        }
        guard root.primaryKey.count == 1, let key = root.primaryKey.first else {
            throw StoreError.invalidValue(field: "table", expected: "a table with a one-column primary key", got: "\"\(root.name)\"")
        }
        let reached = try Self.cascadeClosure(from: root, key: key, in: schema)
        let cutoff = nowSeconds - Int64(options.olderThanDays) * 86_400
        var result = ArchiveResult(archived: 0, purged: 0, skipped: 0,
                                   archivePath: options.purge ? nil : Self.serverArchiveSchema, tables: [])
        let candidates = try integer("SELECT count(*) FROM \(SQL.quote(root.name)) WHERE deactivated_at < ?", [.integer(cutoff)])
        guard candidates > 0 else { return result }

        try execute("CREATE TEMP TABLE IF NOT EXISTS \(Self.serverArchiveKeys) (k text PRIMARY KEY)")
        if !options.purge { try prepareArchiveTables(reached) }
        observer.progressBegin(options.purge ? "Purge" : "Archive", message: "\(candidates) rows of \(root.name)", percentage: 0)
        var counts: [String: Int] = [:]
        var cursor: String?
        var seen = 0
        while true {
            try observer.checkCancellation()
            let batch = try immediateTransaction { () throws -> (keys: [String], moved: [String: Int], skipped: Int)? in
                try execute("DELETE FROM \(Self.serverArchiveKeys)")
                let after = cursor == nil ? "" : " AND \(SQL.quote(key))::text > ?"
                let keys = try rows("SELECT \(SQL.quote(key))::text FROM \(SQL.quote(root.name)) WHERE deactivated_at < ?\(after) "
                                    + "ORDER BY \(SQL.quote(key))::text LIMIT \(options.batchSize)",
                                    [.integer(cutoff)] + (cursor.map { [SQLValue.text($0)] } ?? []))
                    .compactMap(\.first?.textValue)
                guard !keys.isEmpty else { return nil }
                do {
                    try execute("SAVEPOINT wizdb_archive_batch")
                    let moved = try move(keys, reached: reached, purge: options.purge)
                    try execute("RELEASE SAVEPOINT wizdb_archive_batch")
                    return (keys, moved, 0)
                } catch StoreError.constraint(kind: .foreignKey, _, _, _) {
                    try execute("ROLLBACK TO SAVEPOINT wizdb_archive_batch")
                }
                // Something that does not cascade holds on to a row of the batch: one row at a time.
                var moved: [String: Int] = [:]
                var skipped = 0
                for single in keys {
                    do {
                        try execute("SAVEPOINT wizdb_archive_row")
                        for (table, rows) in try move([single], reached: reached, purge: options.purge) { moved[table, default: 0] += rows }
                        try execute("RELEASE SAVEPOINT wizdb_archive_row")
                    } catch StoreError.constraint(kind: .foreignKey, _, _, _) {
                        try execute("ROLLBACK TO SAVEPOINT wizdb_archive_row")
                        skipped += 1
                    }
                }
                return (keys, moved, skipped)
            }
            guard let batch else { break }
            cursor = batch.keys.last
            seen += batch.keys.count
            result.skipped += batch.skipped
            for (table, rows) in batch.moved { counts[table, default: 0] += rows }
            observer.progressReport(message: "\(seen) of \(candidates) rows of \(root.name)",
                                    percentage: Int(Int64(min(seen, Int(candidates))) * 100 / candidates))
        }
        try? execute("DROP TABLE IF EXISTS \(Self.serverArchiveKeys)")
        let total = counts.values.reduce(0, +)
        if options.purge { result.purged = total } else { result.archived = total }
        result.tables = reached.compactMap { entry in counts[entry.table.name].map { ArchiveResult.TableCount(table: entry.table.name, rows: $0) } }
        observer.progressEnd(message: "\(total) rows " + (options.purge ? "purged" : "archived"))
        return result
    }

    /// Copies (unless purging) and deletes the rows of `keys` with their dependents; the rows per table.
    private func move(_ keys: [String], reached: [Reached], purge: Bool) throws -> [String: Int] {
        try execute("DELETE FROM \(Self.serverArchiveKeys)")
        for key in keys { try execute("INSERT INTO \(Self.serverArchiveKeys) (k) VALUES (?)", [.text(key)]) }
        var moved: [String: Int] = [:]
        for entry in reached {
            let name = SQL.quote(entry.table.name)
            let count = try integer("SELECT count(*) FROM \(name) WHERE \(entry.condition)")
            guard count > 0 else { continue }
            moved[entry.table.name] = Int(count)
            guard !purge else { continue }
            let archived = "\(SQL.quote(Self.serverArchiveSchema)).\(name)"
            let columns = entry.table.columns.map { SQL.quote($0.name) }.joined(separator: ", ")
            let keyColumns = entry.table.primaryKey.map(SQL.quote).joined(separator: ", ")
            // An earlier copy of the same row is replaced (a row restored and deactivated again).
            if !keyColumns.isEmpty {
                try execute("DELETE FROM \(archived) WHERE (\(keyColumns)) IN (SELECT \(keyColumns) FROM \(name) WHERE \(entry.condition))")
            }
            try execute("INSERT INTO \(archived) (\(columns)) SELECT \(columns) FROM \(name) WHERE \(entry.condition)")
        }
        // The root rows go; the server's cascades take their dependents, and a reference that does
        // not cascade refuses the whole statement (23503, foreign_key).
        let root = reached[0].table
        try execute("DELETE FROM \(SQL.quote(root.name)) WHERE \(reached[0].condition)")
        return moved
    }

    /// The archive schema and a table there for each table reached, with the live table's columns
    /// and types (added when the live table gained some) and its primary key.
    private func prepareArchiveTables(_ reached: [Reached]) throws {
        let schema = SQL.quote(Self.serverArchiveSchema)
        try execute("CREATE SCHEMA IF NOT EXISTS \(schema)")
        for entry in reached {
            let name = SQL.quote(entry.table.name)
            let archived = "\(schema).\(name)"
            let exists = try integer("SELECT count(*) FROM pg_tables WHERE schemaname = ? AND tablename = ?",
                                     [.text(Self.serverArchiveSchema), .text(entry.table.name)]) > 0
            if !exists {
                try execute("CREATE TABLE \(archived) (LIKE \(name) INCLUDING DEFAULTS)")
                if !entry.table.primaryKey.isEmpty {
                    try execute("ALTER TABLE \(archived) ADD PRIMARY KEY (\(entry.table.primaryKey.map(SQL.quote).joined(separator: ", ")))")
                }
                continue
            }
            let types = try rows("SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
                                 + "WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
                                 [.text(entry.table.name)])
            for row in types {
                guard let column = row[0].textValue, let type = row[1].textValue else { continue }
                try execute("ALTER TABLE \(archived) ADD COLUMN IF NOT EXISTS \(SQL.quote(column)) \(type)")
            }
        }
    }

    /// The archived table first, then every table its rows cascade to (recursively), each with
    /// the condition that selects the dependent rows. A cycle of cascading references is refused.
    private static func cascadeClosure(from root: Table, key: String, in schema: Schema) throws -> [Reached] {
        var reached = [Reached(table: root, conditions: ["\(SQL.quote(key))::text IN (SELECT k FROM \(serverArchiveKeys))"])]
        func visit(_ parent: Table, condition: String, path: [String]) throws {
            for child in schema.tables {
                for column in child.columns {
                    guard let reference = column.references, reference.table == parent.name, reference.onDelete == .cascade else { continue }
                    if path.contains(child.name) {
                        throw StoreError.invalidValue(field: "table",
                                                      expected: "cascading references without a cycle (on PostgreSQL)",
                                                      got: (path + [child.name]).joined(separator: " -> "))
                    }
                    let childCondition = "\(SQL.quote(column.name)) IN (SELECT \(SQL.quote(reference.column)) FROM \(SQL.quote(parent.name)) WHERE \(condition))"
                    if let index = reached.firstIndex(where: { $0.table.name == child.name }) {
                        reached[index].conditions.append(childCondition)
                    } else {
                        reached.append(Reached(table: child, conditions: [childCondition]))
                    }
                    try visit(child, condition: childCondition, path: path + [child.name])
                }
            }
        }
        try visit(root, condition: reached[0].condition, path: [root.name])
        return reached
    }
}
