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
    func isRead(_ sql: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if let answer = known[sql] { return answer }
        guard let answer = classify(sql) else { return false }
        if known.count >= knownLimit { known.removeAll(keepingCapacity: true) }
        known[sql] = answer
        return answer
    }

    /// nil when the statement could not be prepared: not remembered, since a table may appear.
    private func classify(_ sql: String) -> Bool? {
        do {
            if connection == nil {
                // Small: it only ever prepares statements, it never reads rows.
                connection = try Database(path: configuration.path, readOnly: configuration.readOnly,
                                          busyTimeoutMs: configuration.busyTimeoutMs, queryOnly: true, cacheMiB: 1)
            }
            guard let connection else { return nil }
            let statement = try connection.makeStatement(sql)
            return statement.isReadOnly && RawStatementPolicy.refusal(forSQL: statement.sql) == nil
        } catch {
            return nil
        }
    }
}
