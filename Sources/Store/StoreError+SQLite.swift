import CSQLite

extension StoreError {
    /// Turns an SQLite (extended) result code and message into a typed error.
    static func classify(code: Int32, message: String) -> StoreError {
        let primary = code & 0xFF
        switch primary {
        case SQLITE_CONSTRAINT:
            return constraint(extendedCode: code, message: message)
        case SQLITE_BUSY, SQLITE_LOCKED:
            return .busy(message: message)
        case SQLITE_READONLY:
            return .readOnly(message: message)
        case SQLITE_FULL:
            return .diskFull(message: message)
        case SQLITE_CORRUPT, SQLITE_NOTADB:
            return .corrupt(message: message)
        case SQLITE_INTERRUPT:
            return .interrupted
        default:
            return .sqlite(code: code, message: message)
        }
    }

    private static func constraint(extendedCode: Int32, message: String) -> StoreError {
        let kind: ConstraintKind = switch extendedCode {
        case SQLITE_CONSTRAINT | (8 << 8): .unique // SQLITE_CONSTRAINT_UNIQUE
        case SQLITE_CONSTRAINT | (6 << 8): .primaryKey // SQLITE_CONSTRAINT_PRIMARYKEY
        case SQLITE_CONSTRAINT | (3 << 8): .foreignKey // SQLITE_CONSTRAINT_FOREIGNKEY
        case SQLITE_CONSTRAINT | (5 << 8): .notNull // SQLITE_CONSTRAINT_NOTNULL
        case SQLITE_CONSTRAINT | (1 << 8): .check // SQLITE_CONSTRAINT_CHECK
        case SQLITE_CONSTRAINT | (10 << 8): .primaryKey // SQLITE_CONSTRAINT_ROWID
        // ON DELETE/UPDATE RESTRICT is enforced like a trigger: SQLITE_CONSTRAINT_TRIGGER, same message.
        case _ where message.hasPrefix("FOREIGN KEY constraint failed"): .foreignKey
        default: .other
        }
        let (table, columns) = constrainedColumns(in: message)
        return .constraint(kind: kind, table: table, columns: columns, message: message)
    }

    /// SQLite names the columns as "UNIQUE constraint failed: users.email, users.name".
    static func constrainedColumns(in message: String) -> (table: String?, columns: [String]) {
        guard let colon = message.firstRange(of: "constraint failed: ") else { return (nil, []) }
        let list = message[colon.upperBound...]
        var table: String?
        var columns: [String] = []
        for part in list.split(separator: ",") {
            let item = part.trimmingCharacters(in: " ")
            guard let dot = item.firstIndex(of: ".") else {
                // CHECK constraints name the constraint or expression, not a column.
                return (nil, [])
            }
            table = String(item[..<dot])
            columns.append(String(item[item.index(after: dot)...]))
        }
        return (table, columns)
    }
}

extension StringProtocol {
    func trimmingCharacters(in character: Character) -> SubSequence {
        var start = startIndex
        var end = endIndex
        while start < end, self[start] == character { start = index(after: start) }
        while end > start, self[index(before: end)] == character { end = index(before: end) }
        return self[start..<end]
    }
}
