/// A statement for a database on a server: the text as the server spells it, the values bound
/// so far, and once it ran, the rows it returned (the server sends them all at once; the
/// store's callers step through them as through a SQLite statement).
final class RemoteStatement: @unchecked Sendable {
    /// The text as the caller wrote it (SQLite's `?` placeholders, or the server's own `$n`).
    let originalSQL: String
    /// The text sent to the server.
    let sql: String
    let parameterCount: Int
    /// Named parameters (`:name`, `$name`) by position, numbered in order of first use.
    let parameterNames: [String]
    let isReadOnly: Bool
    private let connection: any RemoteConnection
    private var bindings: [SQLValue]
    private var result: RemoteResult?
    /// Why the statement failed, kept until `reset()`: asking for its columns first (raw SQL
    /// does) must not run it a second time.
    private var failure: (any Error)?
    /// The row `value(at:)` reads; -1 before the first step.
    private var position = -1

    init(sql: String, dialect: any SQLDialect, connection: any RemoteConnection) {
        originalSQL = sql
        let translated = Self.translate(sql, dialect: dialect)
        self.sql = translated.sql
        parameterCount = translated.parameters
        parameterNames = translated.names
        isReadOnly = Self.isRead(sql)
        self.connection = connection
        bindings = Array(repeating: .null, count: translated.parameters)
    }

    func bind(_ value: SQLValue, at index: Int) throws {
        guard index >= 1, index <= bindings.count else {
            throw StoreError.parameter(message: "the statement has \(bindings.count) parameter(s); there is no parameter \(index)")
        }
        bindings[index - 1] = value
    }

    func reset() {
        result = nil
        failure = nil
        position = -1
        for index in bindings.indices { bindings[index] = .null }
    }

    func step(database: Database) throws -> Bool {
        let result = try execute(database: database)
        position += 1
        return position < result.rows.count
    }

    func columnNames(database: Database) throws -> [String] { try execute(database: database).columns }

    @inline(__always)
    func value(at index: Int) -> SQLValue {
        guard let result, position >= 0, position < result.rows.count else { return .null }
        let row = result.rows[position]
        return index < row.count ? row[index] : .null
    }

    private func execute(database: Database) throws -> RemoteResult {
        if let result { return result }
        if let failure { throw failure }
        let effect = Self.transactionEffect(of: originalSQL)
        // A cancel that came before the statement started (ending a transaction still runs).
        if database.interruptWasRequested, effect != .ends {
            failure = StoreError.interrupted
            throw StoreError.interrupted
        }
        do {
            let result = try connection.run(sql, bindings)
            self.result = result
            database.noteRemote(result, sql: originalSQL)
            return result
        } catch {
            // A failed ROLLBACK or a lost connection leaves no transaction open on the server.
            if effect == .ends || connection.isClosed { database.remoteInTransaction = false }
            failure = error
            throw error
        }
    }

    // MARK: Spelling

    enum TransactionEffect { case begins, ends, none }

    static func transactionEffect(of sql: String) -> TransactionEffect {
        let words = sql.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == ";" }).prefix(2).map { $0.uppercased() }
        switch words.first {
        case "BEGIN", "START": return .begins
        case "COMMIT", "END": return .ends
        case "ROLLBACK", "ABORT": return words.count > 1 && words[1] == "TO" ? .none : .ends
        default: return .none
        }
    }

    /// SQLite's transaction openings in the server's words, and `?` placeholders renumbered
    /// `$1, $2, ...` (a `?` inside a string, a quoted name or a comment is left alone). Text
    /// without `?` keeps its own `$n` placeholders; the count is then the highest `n`.
    static func translate(_ sql: String, dialect: any SQLDialect) -> (sql: String, parameters: Int, names: [String]) {
        switch sql {
        case "BEGIN IMMEDIATE": return (dialect.beginWrite, 0, [])
        case "BEGIN DEFERRED": return (dialect.beginRead, 0, [])
        default: break
        }
        var names: [String] = []
        func isNameStart(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isAlphabetic || scalar == "_" }
        func isNamePart(_ scalar: Unicode.Scalar) -> Bool { isNameStart(scalar) || ("0"..."9").contains(scalar) }
        var output = ""
        output.reserveCapacity(sql.utf8.count + 16)
        var count = 0
        var highestDollar = 0
        var characters = sql.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let scalar = pending {
                pending = nil
                return scalar
            }
            return characters.next()
        }
        /// Reads the rest of a parameter's name and writes its `$n` (one number per distinct name).
        func namedParameter(startingWith first: Unicode.Scalar) {
            var name = String(first)
            while let part = next() {
                if isNamePart(part) {
                    name.unicodeScalars.append(part)
                } else {
                    pending = part
                    break
                }
            }
            if !names.contains(name) { names.append(name) }
            output += "$\((names.firstIndex(of: name) ?? 0) + 1)"
        }
        while let character = next() {
            switch character {
            case "'", "\"":
                output.unicodeScalars.append(character)
                while let inner = next() {
                    output.unicodeScalars.append(inner)
                    if inner == character { break }
                }
            case "-":
                output.unicodeScalars.append(character)
                guard let following = next() else { break }
                if following == "-" {
                    output.unicodeScalars.append(following)
                    while let inner = next() {
                        output.unicodeScalars.append(inner)
                        if inner == "\n" { break }
                    }
                } else {
                    pending = following
                }
            case "?":
                count += 1
                output += "$\(count)"
            case ":":
                guard let following = next() else {
                    output.unicodeScalars.append(character)
                    break
                }
                if following == ":" {
                    // A cast (`x::text`), not a parameter.
                    output += "::"
                } else if isNameStart(following) {
                    namedParameter(startingWith: following)
                } else {
                    output.unicodeScalars.append(character)
                    pending = following
                }
            case "$":
                if let following = next() {
                    pending = following
                    if isNameStart(following) {
                        pending = nil
                        namedParameter(startingWith: following)
                        continue
                    }
                }
                output.unicodeScalars.append(character)
                var digits = 0
                while let digit = next() {
                    if let value = digit.properties.numericType != nil ? Int(String(digit)) : nil {
                        digits = digits * 10 + value
                        output.unicodeScalars.append(digit)
                    } else {
                        pending = digit
                        break
                    }
                }
                highestDollar = max(highestDollar, digits)
            default:
                output.unicodeScalars.append(character)
            }
        }
        if !names.isEmpty { return (output, names.count, names) }
        return (output, count > 0 ? count : highestDollar, [])
    }

    /// Whether the text only reads, judged by its first word (the server itself refuses a
    /// write on a read-only connection; this only chooses where the statement runs).
    static func isRead(_ sql: String) -> Bool {
        var text = Substring(sql)
        while true {
            text = text.drop(while: { $0.isWhitespace || $0 == "(" })
            if text.hasPrefix("--") {
                text = text.drop(while: { $0 != "\n" })
            } else if text.hasPrefix("/*"), let end = text.firstRange(of: "*/") {
                text = text[end.upperBound...]
            } else {
                break
            }
        }
        let word = text.prefix(while: { $0.isLetter }).uppercased()
        switch word {
        case "SELECT", "VALUES", "TABLE", "SHOW":
            return !text.uppercased().contains(" INTO ")
        case "WITH", "EXPLAIN":
            let upper = text.uppercased()
            return !["INSERT ", "UPDATE ", "DELETE ", "MERGE ", "ANALYZE"].contains { upper.contains($0) }
        default:
            return false
        }
    }
}
