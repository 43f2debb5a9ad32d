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
    private var known: [String: Bool] = [:]
    private let knownLimit = 1024

    init(configuration: Store.Configuration) { self.configuration = configuration }

    /// True when `sql` is one statement that cannot write and may run as raw SQL; false when it
    /// writes, cannot be prepared (its error is for the writer to report) or is refused.
    func isRead(_ sql: String, idleReader: () -> Database?, giveBack: (Database) -> Void) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if let answer = known[sql] { return answer }
        let answer: Bool?
        switch Self.firstWord(of: sql) {
        case .writes: answer = false
        case .query: answer = classify(sql, idleReader: idleReader, giveBack: giveBack)
        case .other: answer = classify(sql, idleReader: { nil }, giveBack: giveBack)
        }
        guard let answer else { return false }
        if known.count >= knownLimit { known.removeAll(keepingCapacity: true) }
        known[sql] = answer
        return answer
    }

    enum FirstWord {
        /// INSERT, UPDATE, DELETE, REPLACE: SQLite answers "writes" for every one of them, and
        /// false is the answer too when one cannot be prepared.
        case writes
        /// SELECT, WITH, VALUES: preparing one changes nothing on the connection, so a reader
        /// may prepare it.
        case query
        /// Anything else (PRAGMA, a leading comment, ...): prepared on the classifier's own
        /// connection, since preparing some statements acts at once (`PRAGMA foreign_keys = OFF`
        /// sets the connection's flag while it is prepared).
        case other
    }

    static func firstWord(of sql: String) -> FirstWord {
        var word: [UInt8] = []
        for byte in sql.utf8 {
            let isSpace = byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
            if isSpace && word.isEmpty { continue }
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): word.append(byte - 0x20)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(byte)
            default:
                return word.isEmpty ? .other : Self.firstWords[word] ?? .other
            }
            if word.count > 7 { return .other }
        }
        return .other
    }

    private static let firstWords: [[UInt8]: FirstWord] = [
        Array("INSERT".utf8): .writes, Array("UPDATE".utf8): .writes, Array("DELETE".utf8): .writes, Array("REPLACE".utf8): .writes,
        Array("SELECT".utf8): .query, Array("WITH".utf8): .query, Array("VALUES".utf8): .query,
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
