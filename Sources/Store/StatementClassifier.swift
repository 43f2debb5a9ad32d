import Primitives

/// Tells, before a raw statement is scheduled, whether it only reads: SQLite's own answer
/// (`sqlite3_stmt_readonly`) from preparing it once on a connection kept for that, remembered by
/// text. A `SELECT` sent without `readOnly: true` then runs on a reader like any read, instead of
/// waiting behind writes (or an open transaction) for the writer.
///
/// Used from the input thread; a lock guards the connection and the memory of answers.
final class StatementClassifier: @unchecked Sendable {
    private let configuration: Store.Configuration
    private let lock = ConditionLock()
    private var connection: Database?
    private var known = SQLTextCache<Bool>(limit: 1024)

    init(configuration: Store.Configuration) { self.configuration = configuration }

    /// True when `sql` is one statement that cannot write and may run as raw SQL; false when it
    /// writes, cannot be prepared (its error is for the writer to report) or is refused.
    func isRead(_ sql: String, idleReader: () -> Database?, giveBack: (Database) -> Void) -> Bool {
        // A write says so in its first word: no lock, no hashing of its text.
        let first = Self.firstWord(of: sql)
        if first == .writes { return false }
        let key = SQLText(sql)
        lock.lock()
        defer { lock.unlock() }
        if let answer = known[key] { return answer }
        let answer: Bool?
        switch first {
        case .writes: answer = false
        case .query: answer = classify(sql, idleReader: idleReader, giveBack: giveBack)
        case .other, .schema: answer = classify(sql, idleReader: { nil }, giveBack: giveBack)
        }
        guard let answer else { return false }
        known.set(answer, for: key)
        return answer
    }

    /// The answer for a text classified before that holds exactly `bytes`, with that text: a
    /// request that sends the same statement again gets the same String, not a new copy.
    func known(_ bytes: UnsafeRawBufferPointer) -> (sql: String, isRead: Bool)? {
        lock.lock()
        defer { lock.unlock() }
        return known.entry(holding: bytes).map { ($0.text, $0.value) }
    }

    enum FirstWord {
        /// INSERT, UPDATE, DELETE, REPLACE: SQLite answers "writes" for every one of them, and
        /// false is the answer too when one cannot be prepared.
        case writes
        /// SELECT, WITH, VALUES: preparing one changes nothing on the connection, so a reader
        /// may prepare it.
        case query
        /// CREATE, ALTER, DROP: the schema changes (and the statement is classified as `other`).
        case schema
        /// Anything else (PRAGMA, a leading comment, ...): prepared on the classifier's own
        /// connection, since preparing some statements acts at once (`PRAGMA foreign_keys = OFF`
        /// sets the connection's flag while it is prepared).
        case other
    }

    static func firstWord(of sql: String) -> FirstWord {
        // The word's letters, upper-cased, packed into one integer (at most seven fit the list).
        var sql = sql
        // Read through the text's own bytes: iterating `utf8` cost several times as much.
        return sql.withUTF8 { bytes in
            var word: UInt64 = 0
            var length = 0
            for byte in bytes {
                let isSpace = byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
                if isSpace && length == 0 { continue }
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"): word = word << 8 | UInt64(byte - 0x20)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): word = word << 8 | UInt64(byte)
                default: return kind(of: word, length: length)
                }
                length += 1
                if length > 7 { return .other }
            }
            return kind(of: word, length: length)
        }
    }

    private static func kind(of word: UInt64, length: Int) -> FirstWord {
        length == 0 ? .other : firstWords.first { $0.word == word }?.kind ?? .other
    }

    private static func packed(_ word: StaticString) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<word.utf8CodeUnitCount { value = value << 8 | UInt64(word.utf8Start[index]) }
        return value
    }

    private static let firstWords: [(word: UInt64, kind: FirstWord)] = [
        (packed("INSERT"), .writes), (packed("UPDATE"), .writes), (packed("DELETE"), .writes), (packed("REPLACE"), .writes),
        (packed("SELECT"), .query), (packed("WITH"), .query), (packed("VALUES"), .query),
        (packed("CREATE"), .schema), (packed("ALTER"), .schema), (packed("DROP"), .schema),
    ]

    /// nil when the statement could not be prepared: not remembered, since a table may appear.
    private func classify(_ sql: String, idleReader: () -> Database?, giveBack: (Database) -> Void) -> Bool? {
        // A reader that is free now prepares a query (and keeps it in its cache for running
        // it): a connection of its own costs start-up time and memory, so it is opened only
        // when every reader is busy or the statement is not a query (see `FirstWord`).
        if let reader = idleReader() {
            defer { giveBack(reader) }
            guard let statement = try? reader.cachedStatement(sql) else { return nil }
            defer { statement.reset() }
            return statement.isReadOnly && statement.rawSQLRefusal == nil
        }
        do {
            if connection == nil {
                // Small: it only ever prepares statements, it never reads rows.
                connection = try Database(path: configuration.path, readOnly: configuration.readOnly,
                                          busyTimeoutMs: configuration.busyTimeoutMs, queryOnly: true, cacheKiB: 256)
            }
            guard let connection else { return nil }
            let statement = try connection.makeStatement(sql)
            return statement.isReadOnly && statement.rawSQLRefusal == nil
        } catch {
            return nil
        }
    }
}
