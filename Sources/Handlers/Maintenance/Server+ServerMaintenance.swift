import JSON
import JSONRPC
import Store

/// The maintenance methods on a database server (PostgreSQL), in the same result shapes as on
/// SQLite: the server does its own storage work (VACUUM, ANALYZE), sizes come from its catalog,
/// and what only SQLite has (checkpoints, the archive database, live queries through SQLite's
/// hooks, file copies) answers `unsupported`.
extension Server {
    /// nil on SQLite (the method's own code runs); the answer, or an error, on a server.
    func serverAnswer(_ method: String, _ context: RequestContext) throws -> MethodResult? {
        guard store.isRemote else { return nil }
        switch method {
        case MaintenanceVacuum.name:
            let reader = try JSONRPC.Params(context.params, allowed: ["into"])
            if try reader.optionalString("into") != nil { throw StoreError.unsupported(feature: "maintenance.vacuum with into", backend: store.backendName) }
            return .value(try serverVacuum())
        case MaintenanceOptimize.name:
            let reader = try JSONRPC.Params(context.params, allowed: ["analyze"])
            _ = try reader.bool("analyze", default: false)
            try store.withWriter { db in try db.execute("ANALYZE") }
            return .value([:])
        case MaintenanceStats.name:
            _ = try JSONRPC.Params(context.params, allowed: [])
            return .value(try serverStats())
        case MaintenanceBackup.name:
            let options = try MaintenanceBackup.Params(context.params).options
            let result = try store.serverBackup(into: store.backupFolder(at: settings.backupsPath), options: options, time: time)
            return .value([
                "path": .string(result.path),
                "name": .string(result.name),
                "bytes": .integer(result.bytes),
                "durationMs": .integer(result.durationMs),
                "verified": .bool(result.verified),
                "format": "pg_dump custom",
                "removed": [],
            ])
        case MaintenanceIntegrityCheck.name:
            let reader = try JSONRPC.Params(context.params, allowed: ["quick"])
            return .value(try serverIntegrityCheck(quick: try reader.bool("quick", default: false)))
        default:
            throw StoreError.unsupported(feature: method, backend: store.backendName)
        }
    }

    private func databaseBytes(_ db: Database) throws -> Int64 {
        try db.pragmaValue("SELECT pg_database_size(current_database())").integerValue ?? 0
    }

    /// VACUUM outside a transaction, on the writer (the server refuses it inside one).
    private func serverVacuum() throws -> JSONValue {
        try store.withWriter { db in
            let before = try databaseBytes(db)
            try db.execute("VACUUM")
            let after = try databaseBytes(db)
            return ["bytesBefore": .integer(before), "bytesAfter": .integer(after)]
        }
    }

    /// The database's size, and per table its rows (active and deactivated where the table
    /// soft-deletes) and bytes (the table with its indexes and TOAST).
    private func serverStats() throws -> JSONValue {
        try store.read { db in
            var tables: [JSONValue] = []
            for name in try db.userTableNames() {
                let table = try db.introspectTable(name)
                let quoted = SQL.quote(name)
                var object: JSONObject = ["name": .string(name)]
                if table.supportsSoftDelete {
                    let row = try db.rows("SELECT count(*), count(*) FILTER (WHERE \"deactivated_at\" IS NULL) FROM \(quoted)").first ?? []
                    let rows = row.first?.integerValue ?? 0
                    let active = row.count > 1 ? row[1].integerValue ?? 0 : 0
                    object["rows"] = .integer(rows)
                    object["active"] = .integer(active)
                    object["deactivated"] = .integer(rows - active)
                } else {
                    object["rows"] = .integer(try db.pragmaValue("SELECT count(*) FROM \(quoted)").integerValue ?? 0)
                }
                object["bytes"] = .integer(try db.pragmaValue("SELECT pg_total_relation_size(?::regclass)", [.text(quoted)]).integerValue ?? 0)
                tables.append(.object(object))
            }
            return ["fileBytes": .integer(try databaseBytes(db)), "tables": .array(tables)]
        }
    }

    /// Every foreign key and CHECK re-checked against the rows (the server enforces them, but a
    /// constraint added NOT VALID, or disabled triggers, can leave rows that break them), and
    /// with the amcheck extension installed, every B-tree index verified (`bt_index_check`; not
    /// with `quick`). `checked` says what was looked at.
    private func serverIntegrityCheck(quick: Bool) throws -> JSONValue {
        try store.read { db in
            var problems: [JSONValue] = []
            var violations: [JSONValue] = []
            var checked: [JSONValue] = ["foreign keys", "check constraints"]
            let schema = try db.introspectSchema()
            for table in schema.tables {
                for (column, reference) in table.foreignKeys {
                    let count = try db.pragmaValue("""
                        SELECT count(*) FROM \(SQL.quote(table.name)) c WHERE c.\(SQL.quote(column.name)) IS NOT NULL AND NOT EXISTS \
                        (SELECT 1 FROM \(SQL.quote(reference.table)) p WHERE p.\(SQL.quote(reference.column)) = c.\(SQL.quote(column.name)))
                        """).integerValue ?? 0
                    if count > 0 {
                        violations.append(["table": .string(table.name), "parent": .string(reference.table),
                                           "columns": [.string(column.name)], "parentColumns": [.string(reference.column)],
                                           "rows": .integer(count)])
                    }
                }
            }
            let checks = try db.rows("""
                SELECT c.relname, con.conname, pg_get_constraintdef(con.oid) FROM pg_constraint con
                JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND con.contype = 'c' ORDER BY 1, 2
                """)
            for row in checks {
                guard let table = row[0].textValue, let name = row[1].textValue, let definition = row[2].textValue,
                      definition.hasPrefix("CHECK ") else { continue }
                let condition = String(definition.dropFirst("CHECK ".count))
                let count = try db.pragmaValue("SELECT count(*) FROM \(SQL.quote(table)) WHERE NOT \(condition)").integerValue ?? 0
                if count > 0 {
                    problems.append(["message": .string("\(count) row(s) of \(table) break the check \(name)")])
                }
            }
            if !quick, try db.pragmaValue("SELECT count(*) FROM pg_extension WHERE extname = 'amcheck'") == .integer(1) {
                checked.append("B-tree indexes (amcheck)")
                let indexes = try db.rows("""
                    SELECT ic.relname, ic.oid::bigint FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
                    JOIN pg_namespace n ON n.oid = ic.relnamespace JOIN pg_am am ON am.oid = ic.relam
                    WHERE n.nspname = current_schema() AND am.amname = 'btree' ORDER BY 1
                    """)
                for row in indexes {
                    guard let name = row[0].textValue, let oid = row[1].integerValue else { continue }
                    do {
                        try db.execute("SELECT bt_index_check(?::bigint::oid)", [.integer(oid)])
                    } catch {
                        problems.append(["message": .string("index \(name): \(error)")])
                    }
                }
            }
            return ["ok": .bool(problems.isEmpty && violations.isEmpty), "problems": .array(problems),
                    "foreignKeyViolations": .array(violations), "checked": .array(checked)]
        }
    }
}
