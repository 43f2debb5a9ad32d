/// What a raw statement (`query.sql`) may not do: anything that changes the connection it runs
/// on for every later request, or leaves it in a state wizdb does not know about.
///
/// Transaction control would leave the writer or a reader inside a transaction nobody ends (every
/// later write then fails); ATTACH and DETACH change what every later statement sees and reach
/// files outside the database's folder; VACUUM has its own method with a confined folder; PRAGMAs
/// that set a value could switch off foreign keys or durability for everyone. The check runs on
/// the prepared statement's own text, so comments and case cannot hide the keyword.
public enum RawStatementPolicy {
    /// Pragmas that take an argument only to say what to read.
    static let readingPragmasWithArgument: Set<String> = [
        "table_info", "table_xinfo", "index_list", "index_info", "index_xinfo", "foreign_key_list", "foreign_key_check",
        "integrity_check", "quick_check", "table_list", "function_list", "module_list", "pragma_list", "collation_list",
        "database_list",
    ]

    /// Throws `unsafeOperation` when `statement` must not run as raw SQL.
    public static func check(_ statement: Statement) throws {
        if let reason = statement.rawSQLRefusal { throw StoreError.unsafeOperation(message: reason) }
    }

    /// Why `sql` (one statement) may not run as raw SQL, or nil when it may.
    public static func refusal(forSQL sql: String) -> String? {
        var words = SQLWords(sql)
        guard let first = words.next() else { return nil }
        if first == "explain" {
            // EXPLAIN only describes the statement; it runs nothing.
            return nil
        }
        switch first {
        case "begin", "commit", "end", "rollback", "savepoint", "release":
            return "query.sql does not run transaction control (\(first.uppercased())): the connection is shared by every request; use transaction.begin/commit/rollback or transaction.run"
        case "attach", "detach":
            return "query.sql does not run \(first.uppercased()): it would change the connection for every later request and reach files outside the database's folder"
        case "vacuum":
            return "query.sql does not run VACUUM; use maintenance.vacuum (its \"into\" file stays inside the backups folder)"
        case "pragma":
            guard let name = words.next() else { return nil }
            // `PRAGMA schema.name`: the pragma's name comes after the dot.
            var pragma = name
            if words.peek() == "." {
                _ = words.next()
                pragma = words.next() ?? name
            }
            switch words.next() {
            case nil: return nil
            case "(" where readingPragmasWithArgument.contains(pragma): return nil
            default:
                return "query.sql does not set pragmas (PRAGMA \(pragma)): the connection's settings are wizdb's (foreign keys on, WAL, synchronous NORMAL) and are shared by every request"
            }
        default:
            return nil
        }
    }
}

/// The lowercased words and punctuation of SQL text, skipping whitespace, comments and the
/// contents of quoted identifiers and strings (enough to find a statement's leading keywords).
struct SQLWords: IteratorProtocol {
    private let bytes: [UInt8]
    private var index = 0

    init(_ sql: String) { bytes = Array(sql.utf8) }

    mutating func peek() -> String? {
        var copy = self
        return copy.next()
    }

    mutating func next() -> String? {
        skipSpaceAndComments()
        guard index < bytes.count else { return nil }
        let start = index
        let byte = bytes[index]
        if isWordByte(byte) {
            while index < bytes.count, isWordByte(bytes[index]) { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self).lowercased()
        }
        if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "`") || byte == UInt8(ascii: "[") {
            let closing = byte == UInt8(ascii: "[") ? UInt8(ascii: "]") : byte
            index += 1
            while index < bytes.count, bytes[index] != closing { index += 1 }
            index = min(index + 1, bytes.count)
            // A quoted name is a word whatever it holds.
            return String(decoding: bytes[(start + 1)..<max(start + 1, index - 1)], as: UTF8.self).lowercased()
        }
        index += 1
        return String(decoding: [byte], as: UTF8.self)
    }

    private func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte >= 0x80
    }

    private mutating func skipSpaceAndComments() {
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
                index += 1
            } else if byte == UInt8(ascii: "-"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "-") {
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
            } else if byte == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*") {
                index += 2
                while index + 1 < bytes.count, !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) { index += 1 }
                index = min(index + 2, bytes.count)
            } else {
                return
            }
        }
    }
}
