import Dispatch
import Primitives
import Store

/// The open interactive transactions: each holds the writer (or, read-only, a connection of
/// its own with one snapshot) until it is committed, rolled back, or rolled back by its timeout.
///
/// Calls of one transaction arrive on its own serial lane; the per-transaction lock still
/// guards the connection, because the timeout fires on another thread.
public final class TransactionRegistry: @unchecked Sendable {
    final class Transaction: @unchecked Sendable {
        enum State { case open, finished, timedOut }
        let id: String
        let database: Database
        let readOnly: Bool
        /// When it must be over (realtime milliseconds): checked at every use as well as by the
        /// timer, so a late timer never lets an expired transaction commit.
        let deadline: Int64
        let lock = ConditionLock()
        var state = State.open
        var timer: (any DispatchSourceTimer)?

        init(id: String, database: Database, readOnly: Bool, deadline: Int64) {
            self.id = id
            self.database = database
            self.readOnly = readOnly
            self.deadline = deadline
        }
    }

    private let store: Store
    private let lock = ConditionLock()
    private var open: [String: Transaction] = [:]
    /// Ids that timed out recently, so a late call hears "timed out" rather than "not found".
    private var timedOut: [String] = []

    init(store: Store) { self.store = store }

    public var openCount: Int { lock.withLock { open.count } }

    /// Whether `id` names a transaction that is open now.
    public func isOpen(_ id: String) -> Bool { lock.withLock { open[id] != nil } }

    /// Starts a transaction and returns its id. A writing transaction takes the writer (waiting
    /// at most the busy timeout); a read-only one opens its own connection and pins a snapshot.
    func begin(id: String, readOnly: Bool, timeoutMs: Int64) throws -> String {
        let database: Database
        if readOnly {
            database = try store.openReadConnection()
            try database.execute("BEGIN DEFERRED")
            // The snapshot is taken by the first read, so take it now.
            _ = try database.pragmaValue(database.isRemote ? "SELECT 1" : "SELECT count(*) FROM sqlite_schema")
        } else {
            database = try store.acquireWriter()
            do {
                try database.execute("BEGIN IMMEDIATE")
            } catch {
                store.releaseWriter()
                throw error
            }
        }
        let transaction = Transaction(id: id, database: database, readOnly: readOnly,
                                      deadline: ConditionLock.nowMillis() + max(1, timeoutMs))
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + .milliseconds(Int(max(1, timeoutMs))))
        timer.setEventHandler { [weak self] in self?.expire(id) }
        transaction.timer = timer
        lock.withLock { open[id] = transaction }
        timer.resume()
        return id
    }

    /// Runs `body` on the transaction's connection.
    func use<T>(_ id: String, writing: Bool, _ body: (Database) throws -> T) throws -> T {
        let transaction = try find(id)
        transaction.lock.lock()
        defer { transaction.lock.unlock() }
        try check(transaction)
        if writing && transaction.readOnly {
            throw StoreError.readOnly(message: "transaction \(id) was begun read-only")
        }
        return try body(transaction.database)
    }

    func commit(_ id: String) throws {
        try finish(id) { db in try db.execute("COMMIT") }
    }

    func rollback(_ id: String) throws {
        try finish(id) { db in try db.execute("ROLLBACK") }
    }

    /// Rolls back every open transaction (shutdown, end of input).
    public func rollbackAll() {
        for id in lock.withLock({ Array(open.keys) }) { try? rollback(id) }
    }

    private func finish(_ id: String, _ end: (Database) throws -> Void) throws {
        let transaction = try find(id)
        transaction.lock.lock()
        defer { transaction.lock.unlock() }
        try check(transaction)
        defer { close(transaction, as: .finished) }
        do {
            try end(transaction.database)
        } catch {
            // A failed COMMIT leaves the transaction open in SQLite; undo it before letting go.
            if transaction.database.isInTransaction { try? transaction.database.execute("ROLLBACK") }
            throw error
        }
    }

    private func expire(_ id: String) {
        guard let transaction = lock.withLock({ open[id] }) else { return }
        transaction.lock.lock()
        defer { transaction.lock.unlock() }
        guard transaction.state == .open else { return }
        if transaction.database.isInTransaction { try? transaction.database.execute("ROLLBACK") }
        close(transaction, as: .timedOut)
    }

    /// Lets go of the connection; call with the transaction's lock held.
    private func close(_ transaction: Transaction, as state: Transaction.State) {
        transaction.state = state
        transaction.timer?.cancel()
        transaction.timer = nil
        if !transaction.readOnly { store.releaseWriter() }
        lock.withLock {
            open[transaction.id] = nil
            if state == .timedOut {
                timedOut.append(transaction.id)
                if timedOut.count > 1000 { timedOut.removeFirst(timedOut.count - 1000) }
            }
        }
    }

    private func find(_ id: String) throws -> Transaction {
        try lock.withLock {
            if let transaction = open[id] { return transaction }
            if timedOut.contains(id) { throw StoreError.transactionTimedOut(id: id) }
            throw StoreError.transactionNotFound(id: id)
        }
    }

    /// Call with the transaction's lock held.
    private func check(_ transaction: Transaction) throws {
        if transaction.state == .open && ConditionLock.nowMillis() >= transaction.deadline {
            if transaction.database.isInTransaction { try? transaction.database.execute("ROLLBACK") }
            close(transaction, as: .timedOut)
        }
        switch transaction.state {
        case .open: return
        case .timedOut: throw StoreError.transactionTimedOut(id: transaction.id)
        case .finished: throw StoreError.transactionNotFound(id: transaction.id)
        }
    }
}
