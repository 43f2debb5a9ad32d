import JSONRPC
import Store

extension Server {
    /// When SQLite reports a table or column missing that the declared schema has, the database
    /// is behind the declaration: the error names what is missing and what to run. nil when the
    /// missing name is not a declared one (a typo in raw SQL stays a plain `sql_error`).
    func schemaOutOfDate(_ error: StoreError) -> StoreError? {
        guard catalog.currentSource == "declared" else { return nil }
        let message: String
        switch error {
        case .sqlite(_, let text): message = text
        case .server(_, let text): message = Self.sqliteWording(ofServerMessage: text)
        default: return nil
        }
        let declared = catalog.current
        let found: (table: String, field: String?)? = try? store.read { db in
            let live = try db.introspectSchema()
            for table in declared.tables {
                guard let liveTable = live.table(named: table.name) else {
                    if Self.message(message, names: table.name) { return (table.name, nil) }
                    continue
                }
                for column in table.columns where liveTable.column(named: column.name) == nil && Self.message(message, names: column.name) {
                    return (table.name, column.field)
                }
            }
            return nil
        }
        guard let found else { return nil }
        let pending = (try? store.read { db in try migrator.status(db).pending }) ?? []
        let fix = pending.isEmpty
            ? "generate a migration with `wizdb generate <name>` and apply it with `wizdb migrate` (the methods schema.generate and schema.migrate), or apply the declared schema directly with `wizdb push` while prototyping"
            : "apply the pending migration(s) \(pending.joined(separator: ", ")) with `wizdb migrate` (the method schema.migrate)"
        return .schemaOutOfDate(table: found.table, field: found.field, pending: pending, fix: fix)
    }

    /// PostgreSQL's `relation "users" does not exist` / `column "phone" of relation "users" does
    /// not exist` in SQLite's words (`no such table: users`, `no such column: phone`).
    static func sqliteWording(ofServerMessage message: String) -> String {
        let parts = message.split(separator: "\"", omittingEmptySubsequences: false)
        guard parts.count >= 3, message.hasSuffix("does not exist") else { return message }
        if message.hasPrefix("relation ") { return "no such table: \(parts[1])" }
        if message.hasPrefix("column ") { return "no such column: \(parts[1])" }
        return message
    }

    /// Whether SQLite's message names `name` as the missing table or column (maybe qualified:
    /// "no such table: main.users", "no such column: users.phone", "table users has no column
    /// named phone").
    private static func message(_ message: String, names name: String) -> Bool {
        let subject: Substring
        if let range = message.firstRange(of: "has no column named ") {
            subject = message[range.upperBound...]
        } else if let range = message.firstRange(of: ": ") {
            subject = message[range.upperBound...]
        } else {
            return false
        }
        let last = subject.split(separator: ".").last.map(String.init) ?? String(subject)
        return last == name || last == "\"\(name)\""
    }
}
