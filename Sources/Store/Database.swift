#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSQLite
import Primitives
import Synchronization

/// One SQLite connection, configured the way every wizdb connection must be.
///
/// A `Database` is used by one thread at a time: the store hands it to a closure and takes it
/// back afterwards. Only `interrupt()` may be called from another thread (SQLite allows it).
public final class Database: @unchecked Sendable {
    let handle: OpaquePointer
    public let path: String
    public let isReadOnly: Bool
    private var statementCache = SQLTextCache<Statement>(limit: 512)
    /// Set by `interrupt()`; the progress handler stops the running statement when it sees it.
    private let interruptRequested = InterruptFlag()
    /// The server connection when this database lives on a server (PostgreSQL); nil for SQLite.
    /// Statements then go to the server, and `handle` is a private, empty in-memory SQLite
    /// database that only SQLite-only features (which the handlers refuse on a server) could see.
    public let remote: (any RemoteConnection)?
    /// How the server spells what the store writes in SQLite's words (`BEGIN IMMEDIATE`, `?`).
    let remoteDialect: (any SQLDialect)?
    /// Rows changed by the last statement, and since the connection opened (server only).
    var remoteChanges = 0
    var remoteTotalChanges = 0
    var remoteInTransaction = false

    /// Opens (or creates, unless `readOnly`) the database at `path` and applies wizdb's settings:
    /// WAL, foreign keys on, the busy timeout, synchronous NORMAL, trusted_schema off, defensive mode.
    public init(path: String, readOnly: Bool = false, busyTimeoutMs: Int32 = 5000, queryOnly: Bool = false,
                mmapSize: Int64 = 0, cacheKiB: Int? = nil) throws {
        let flags = (readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE))
            | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        handle = try Self.open(path, flags: flags)
        self.path = path
        isReadOnly = readOnly
        remote = nil
        remoteDialect = nil
        sqlite3_extended_result_codes(handle, 1)
        // sqlite3_interrupt alone is lost when it lands just before a statement starts; a flag
        // checked every thousand VM steps is not.
        sqlite3_progress_handler(handle, 1000, { context in
            guard let context else { return 0 }
            return Unmanaged<InterruptFlag>.fromOpaque(context).takeUnretainedValue().shouldStop ? 1 : 0
        }, Unmanaged.passUnretained(interruptRequested).toOpaque())
        sqlite3_busy_timeout(handle, busyTimeoutMs)
        StatementTrace.install(on: handle)
        do {
            try retryingWhileBusy(forMilliseconds: Int64(busyTimeoutMs)) {
                try configure(readOnly: readOnly, queryOnly: queryOnly, mmapSize: mmapSize, cacheKiB: cacheKiB)
            }
        } catch {
            sqlite3_close_v2(handle)
            if case StoreError.sqlite(_, let message) = error { throw StoreError.cannotOpen(path: path, message: message) }
            throw error
        }
    }

    /// A bare connection that receives a copy (the destination of a backup): no WAL and no
    /// rollback journal, since the copy is private until it is complete, synced and renamed into
    /// place (a crash can only leave a hidden partial file behind, never a torn backup). Each
    /// step is still synced as it commits (synchronous NORMAL): left unsynced, a 200 MB copy piles
    /// up that much dirty data for one final sync, and the writer's own syncs queue behind it
    /// (wizdb-bench --backup: worst concurrent write about 100 ms that way, about 50 ms this way,
    /// at the same throughput within the noise of the machine).
    init(copyDestination path: String) throws {
        handle = try Self.open(path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX)
        self.path = path
        isReadOnly = false
        remote = nil
        remoteDialect = nil
        do {
            _ = try pragmaValue("PRAGMA journal_mode = OFF")
            try execute("PRAGMA synchronous = NORMAL")
        } catch {
            sqlite3_close_v2(handle)
            throw error
        }
    }

    /// A connection meant to hold the database file for itself (`locking_mode = EXCLUSIVE`, set
    /// before anything is read, so that in WAL mode the first read takes an exclusive lock on
    /// the file, which no other connection in any process can share). See `Store.restore`.
    init(exclusiveAccessTo path: String, busyTimeoutMs: Int32) throws {
        handle = try Self.open(path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX)
        self.path = path
        isReadOnly = false
        remote = nil
        remoteDialect = nil
        sqlite3_busy_timeout(handle, busyTimeoutMs)
        do {
            try check(wizdb_db_config_defensive(handle, 1))
            _ = try pragmaValue("PRAGMA locking_mode = EXCLUSIVE")
        } catch {
            sqlite3_close_v2(handle)
            throw error
        }
    }

    /// A database on a server, reached through `connection`; `path` names it in messages.
    public init(remote connection: any RemoteConnection, dialect: any SQLDialect, path: String, readOnly: Bool) throws {
        handle = try Self.open(":memory:", flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX)
        self.path = path
        isReadOnly = readOnly
        remote = connection
        remoteDialect = dialect
    }

    /// Whether this database lives on a server rather than in a local SQLite file.
    public var isRemote: Bool { remote != nil }

    /// Process-wide settings, made once before the first connection opens.
    private static let configured: Void = { _ = wizdb_config_no_memstatus() }()

    private static func open(_ path: String, flags: Int32) throws -> OpaquePointer {
        _ = configured
        var pointer: OpaquePointer?
        let rc = sqlite3_open_v2(path, &pointer, flags, nil)
        guard rc == SQLITE_OK, let pointer else {
            let message = pointer.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_close_v2(pointer)
            throw StoreError.cannotOpen(path: path, message: message)
        }
        sqlite3_extended_result_codes(pointer, 1)
        return pointer
    }

    deinit {
        statementCache.removeAll()
        remote?.close()
        sqlite3_close_v2(handle)
    }

    /// Runs `body` again while it fails `busy`, for at most `milliseconds`. Opening a database
    /// that another process is creating at the same moment (switching a new file to WAL, or
    /// recovering its WAL) answers SQLITE_BUSY without calling the busy handler; several
    /// processes started together on a new file must all open it.
    private func retryingWhileBusy(forMilliseconds milliseconds: Int64, _ body: () throws -> Void) throws {
        let deadline = ConditionLock.nowMillis() + max(0, milliseconds)
        var pause: UInt32 = 1_000
        while true {
            do {
                return try body()
            } catch StoreError.busy(let message) {
                if ConditionLock.nowMillis() >= deadline { throw StoreError.busy(message: message) }
                usleep(pause)
                pause = min(pause * 2, 50_000)
            }
        }
    }

    private func configure(readOnly: Bool, queryOnly: Bool, mmapSize: Int64, cacheKiB: Int?) throws {
        try check(wizdb_db_config_defensive(handle, 1))
        try check(wizdb_db_config_no_dqs(handle))
        if !readOnly {
            // journal_mode answers with a row; a database that cannot switch (in memory) keeps its mode.
            _ = try pragmaValue("PRAGMA journal_mode = WAL")
        }
        try execute("PRAGMA foreign_keys = ON")
        try execute("PRAGMA synchronous = NORMAL")
        try execute("PRAGMA trusted_schema = OFF")
        if mmapSize > 0 {
            // Memory-mapped reads skip a copy per page; the mapped pages count in resident memory.
            _ = try pragmaValue("PRAGMA mmap_size = \(mmapSize)")
        }
        if let cacheKiB {
            // A negative cache_size is in KiB; pages are only allocated as they are used.
            try execute("PRAGMA cache_size = -\(cacheKiB)")
        }
        if queryOnly { try execute("PRAGMA query_only = ON") }
        // Reading the schema now surfaces "file is not a database" at open time, not on the first request.
        _ = try pragmaValue("PRAGMA schema_version")
    }

    /// How long a statement waits for a lock another connection holds before failing busy.
    func setBusyTimeout(_ milliseconds: Int32) { sqlite3_busy_timeout(handle, milliseconds) }

    /// Caps the file at about `bytes` (whole pages): writes past it fail `disk_full`.
    public func limitSize(toBytes bytes: Int64) throws {
        let pageSize = try pragmaValue("PRAGMA page_size").integerValue ?? 4096
        _ = try pragmaValue("PRAGMA max_page_count = \(max(1, bytes / max(512, pageSize)))")
    }

    // MARK: Tracking the tables read

    private var tracker: ReadTracker?

    /// Runs `body` noting in `tracker` every table its statements read (SQLite's authorizer,
    /// `SQLITE_READ`, called while a statement is prepared).
    func tracking<T>(_ tracker: ReadTracker, _ body: () throws -> T) rethrows -> T {
        self.tracker = tracker
        sqlite3_set_authorizer(handle, { context, action, table, _, _, _ in
            if action == SQLITE_READ, let context, let table {
                let name = String(cString: table)
                if !name.hasPrefix("sqlite_") { Unmanaged<ReadTracker>.fromOpaque(context).takeUnretainedValue().add(name) }
            }
            return SQLITE_OK
        }, Unmanaged.passUnretained(tracker).toOpaque())
        defer {
            sqlite3_set_authorizer(handle, nil, nil)
            self.tracker = nil
        }
        return try body()
    }

    // MARK: Statements

    /// A prepared statement for `sql`, reused across calls on this connection. `sql` must hold one statement.
    public func cachedStatement(_ sql: String) throws -> Statement {
        // While tracking, statements are prepared afresh so the authorizer sees each one.
        if tracker != nil { return try makeStatement(sql) }
        let key = SQLText(sql)
        if let statement = statementCache[key] {
            statement.reset()
            return statement
        }
        let statement = try makeStatement(sql)
        statementCache.set(statement, for: key)
        return statement
    }

    /// Prepares exactly one statement; text holding more than one is refused.
    public func makeStatement(_ sql: String) throws -> Statement {
        if let remote, let remoteDialect {
            return Statement(remote: RemoteStatement(sql: sql, dialect: remoteDialect, connection: remote), database: self)
        }
        var utf8 = Array(sql.utf8)
        utf8.append(0)
        return try utf8.withUnsafeBufferPointer { buffer -> Statement in
            let base = buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { $0 }
            var statement: OpaquePointer?
            var tail: UnsafePointer<CChar>?
            let rc = sqlite3_prepare_v3(handle, base, Int32(buffer.count), UInt32(SQLITE_PREPARE_PERSISTENT), &statement, &tail)
            guard rc == SQLITE_OK else { throw lastError(code: rc) }
            guard let statement else { throw StoreError.emptyStatement }
            if let tail, tail.pointee != 0, try containsStatement(tail) {
                sqlite3_finalize(statement)
                throw StoreError.multipleStatements
            }
            return Statement(handle: statement, database: self)
        }
    }

    /// Whether the rest of an SQL text holds another statement (and not just whitespace or comments).
    private func containsStatement(_ text: UnsafePointer<CChar>) throws -> Bool {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v2(handle, text, -1, &statement, nil)
        defer { sqlite3_finalize(statement) }
        if rc != SQLITE_OK { return true }
        return statement != nil
    }

    /// Runs one statement to completion, discarding any rows.
    public func execute(_ sql: String, _ arguments: [SQLValue] = []) throws {
        let statement = try cachedStatement(sql)
        try statement.bind(arguments)
        while try statement.step() {}
        statement.reset()
    }

    /// Runs several statements separated by semicolons (trusted, server-written SQL only).
    public func executeScript(_ sql: String) throws {
        if let remote {
            try remote.runScript(sql)
            return
        }
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        if rc != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_free(message)
            throw StoreError.classify(code: rc, message: text)
        }
    }

    /// The first column of the first row, for PRAGMAs and scalar queries.
    public func pragmaValue(_ sql: String, _ arguments: [SQLValue] = []) throws -> SQLValue {
        let statement = try cachedStatement(sql)
        defer { statement.reset() }
        try statement.bind(arguments)
        guard try statement.step() else { return .null }
        return statement.value(at: 0)
    }

    /// All rows of a query as values, for small internal queries (never for host-sized results).
    public func rows(_ sql: String, _ arguments: [SQLValue] = []) throws -> [[SQLValue]] {
        let statement = try cachedStatement(sql)
        defer { statement.reset() }
        try statement.bind(arguments)
        var rows: [[SQLValue]] = []
        while try statement.step() {
            rows.append((0..<statement.columnCount).map { statement.value(at: $0) })
        }
        return rows
    }

    // MARK: Transactions

    /// Runs `body` inside `BEGIN IMMEDIATE ... COMMIT`: the write lock is taken up front (waiting
    /// up to the busy timeout), so the transaction never fails halfway for want of it.
    /// A throw rolls everything back.
    public func immediateTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            rollbackIfNeeded()
            throw error
        }
    }

    /// Runs `body` inside a savepoint: a throw undoes what `body` did and nothing before it.
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        try execute("SAVEPOINT wizdb_call")
        do {
            let result = try body()
            try execute("RELEASE wizdb_call")
            return result
        } catch {
            try? execute("ROLLBACK TO wizdb_call")
            try? execute("RELEASE wizdb_call")
            throw error
        }
    }

    /// Rolls back the open transaction, if any: SQLite may already have rolled back by itself
    /// (after SQLITE_FULL, for example).
    func rollbackIfNeeded() {
        if isInTransaction { try? execute("ROLLBACK") }
    }

    // MARK: State

    /// Rows changed by the last INSERT, UPDATE or DELETE on this connection.
    public var changes: Int { remote == nil ? Int(sqlite3_changes64(handle)) : remoteChanges }
    public var totalChanges: Int { remote == nil ? Int(sqlite3_total_changes64(handle)) : remoteTotalChanges }
    /// Always 0 on a server: rows there have no rowid.
    public var lastInsertRowid: Int64 { remote == nil ? sqlite3_last_insert_rowid(handle) : 0 }
    public var isInTransaction: Bool { remote == nil ? sqlite3_get_autocommit(handle) == 0 : remoteInTransaction }

    /// Notes what a statement run on the server did to the connection's counters and state.
    func noteRemote(_ result: RemoteResult, sql: String) {
        remoteChanges = result.changes
        remoteTotalChanges += result.changes
        switch RemoteStatement.transactionEffect(of: sql) {
        case .begins: remoteInTransaction = true
        case .ends: remoteInTransaction = false
        case .none: break
        }
    }

    /// Stops whatever statement runs on this connection now, or the next one it starts, until
    /// `clearInterrupt()`; safe to call from any thread.
    public func interrupt() {
        interruptRequested.set(true)
        if let remote {
            remote.cancelRunning()
            return
        }
        sqlite3_interrupt(handle)
    }

    /// Whether `interrupt()` was called since the last `clearInterrupt()`.
    var interruptWasRequested: Bool { interruptRequested.isSet }

    /// Forgets an earlier `interrupt()`, before the connection starts work for a new request.
    public func clearInterrupt() { interruptRequested.set(false) }

    /// Stops statements running past `millis` (realtime clock; 0 clears it). Whether one was
    /// stopped that way is `deadlinePassed`.
    public func setDeadline(_ millis: Int64) { interruptRequested.setDeadline(millis) }
    public var deadlinePassed: Bool { interruptRequested.deadlinePassed }

    /// Tells `observer` once, from SQLite's progress handler, when a statement on this connection
    /// has run a thousand VM steps: by then its read transaction, and so its snapshot, is open.
    /// `nil` forgets an observer that was not told.
    public func onceRunning(_ observer: (any RunningObserver)?) { interruptRequested.setObserver(observer) }

    // MARK: Errors

    func check(_ rc: Int32) throws {
        if rc != SQLITE_OK { throw lastError(code: rc) }
    }

    func lastError(code: Int32) -> StoreError {
        let extended = sqlite3_extended_errcode(handle)
        let message = String(cString: sqlite3_errmsg(handle))
        return StoreError.classify(code: extended != 0 ? extended : code, message: message)
    }
}

public enum SQLiteLibrary {
    /// The version of the SQLite library wizdb runs on, for example "3.40.1".
    public static var version: String { String(cString: sqlite3_libversion()) }
}

/// Told when a statement has been running for a while (`Database.onceRunning`). An object
/// rather than a closure: a request sets one on every statement it runs.
public protocol RunningObserver: AnyObject, Sendable {
    func statementRunning()
}

/// A flag set from one thread and read by SQLite's progress handler on another.
final class InterruptFlag: Sendable {
    private let value = Atomic<Bool>(false)
    /// Realtime milliseconds after which statements stop (0: none), and whether that happened.
    private let deadline = Atomic<Int64>(0)
    private let passed = Atomic<Bool>(false)

    var isSet: Bool { value.load(ordering: .acquiring) }
    func set(_ flag: Bool) { value.store(flag, ordering: .releasing) }

    func setDeadline(_ millis: Int64) {
        passed.store(false, ordering: .relaxed)
        deadline.store(millis, ordering: .releasing)
    }

    var deadlinePassed: Bool { passed.load(ordering: .acquiring) }

    private let hasObserver = Atomic<Bool>(false)
    private let observer = Mutex<(any RunningObserver)?>(nil)

    func setObserver(_ newObserver: (any RunningObserver)?) {
        observer.withLock { $0 = newObserver }
        hasObserver.store(newObserver != nil, ordering: .releasing)
    }

    /// Checked by SQLite's progress handler every thousand VM steps.
    var shouldStop: Bool {
        if hasObserver.load(ordering: .acquiring) {
            hasObserver.store(false, ordering: .relaxed)
            observer.withLock { observer in
                let taken = observer
                observer = nil
                return taken
            }?.statementRunning()
        }
        if isSet { return true }
        let limit = deadline.load(ordering: .relaxed)
        guard limit != 0 else { return false }
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        if Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000 >= limit {
            passed.store(true, ordering: .releasing)
            return true
        }
        return false
    }
}
