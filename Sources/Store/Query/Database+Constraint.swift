extension Database {
    /// Completes a constraint error of a structured write with what SQLite's message leaves out:
    /// wire field names instead of SQL column names, the table of a CHECK or FOREIGN KEY
    /// failure, the field whose CHECK failed, and the foreign-key fields whose value has no
    /// parent row (looked up in the still-open transaction, before it rolls back).
    /// `values` are the row's values by SQL column name, when the write has them.
    func explainConstraint(_ error: StoreError, table: Table, values: [String: SQLValue]) -> StoreError {
        guard case .constraint(let kind, let named, let columns, let message) = error else { return error }
        if isRemote {
            // The server names the table and the columns itself (and its transaction is aborted,
            // so nothing could be looked up in it now). A row still referenced is reported
            // on the table it was deleted from, as SQLite does.
            if kind == .foreignKey, message.contains("is still referenced") {
                return .constraint(kind: kind, table: table.name, columns: [], message: message)
            }
            return .constraint(kind: kind, table: named ?? table.name, columns: columns.map { table.column(named: $0)?.field ?? $0 },
                               message: message)
        }
        switch kind {
        case .unique, .primaryKey, .notNull:
            if named == table.name {
                return .constraint(kind: kind, table: table.name, columns: columns.map { table.column(named: $0)?.field ?? $0 },
                                   message: message)
            }
            // An index on expressions is named instead: "UNIQUE constraint failed: index 'name'".
            if named == nil, let start = message.firstRange(of: "index '"),
               let index = table.indexes.first(where: { message[start.upperBound...].hasPrefix($0.name + "'") }) {
                return .constraint(kind: kind, table: table.name,
                                   columns: index.columns.map { table.column(named: $0)?.field ?? $0 }, message: message)
            }
            return error
        case .check:
            let expression = message.firstRange(of: "constraint failed: ").map { String(message[$0.upperBound...]) }
            // SQLite quotes the CHECK's text, except that a text starting with a quoted name is
            // cut to that name ("CHECK constraint failed: credits" for `"credits" >= 0`).
            var fields = table.columns.filter { $0.checkSQL != nil && $0.checkSQL == expression }.map(\.field)
            if fields.isEmpty, let expression {
                fields = table.columns.filter { $0.checkSQL?.hasPrefix(SQL.quote(expression)) == true }.map(\.field)
            }
            return .constraint(kind: kind, table: table.name, columns: fields, message: message)
        case .foreignKey:
            var fields: [String] = []
            var missing: [String] = []
            for (column, reference) in table.foreignKeys {
                guard let value = values[column.name], value != .null else { continue }
                let sql = "SELECT 1 FROM \(SQL.quote(reference.table)) WHERE \(SQL.quote(reference.column)) = ? LIMIT 1"
                if let found = try? pragmaValue(sql, [value]), found == .null {
                    fields.append(column.field)
                    missing.append("\(table.name).\(column.field) refers to a \(reference.table) row that does not exist")
                }
            }
            let explained = missing.isEmpty ? message : "\(message): \(missing.joined(separator: "; "))"
            return .constraint(kind: kind, table: table.name, columns: fields, message: explained)
        case .other:
            return error
        }
    }
}
