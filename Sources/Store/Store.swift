import Primitives
import Synchronization

/// The database as the rest of wizdb sees it: one writer connection and a pool of readers.
///
/// Access is scoped, never held: `read { db in }` runs on a reader inside one snapshot, and
/// `write { db in }` runs on the single writer inside `BEGIN IMMEDIATE`, committing when the
/// closure returns and rolling back when it throws. The writer is guarded by a token, so writes
/// from any thread are serialized (an interactive transaction holds the token across requests);
/// readers are handed out by a condition-guarded pool.
public final class Store: Sendable {
    public struct Configuration: Sendable {
        public var path: String
        public var readOnly: Bool
        public var busyTimeoutMs: Int32
        public var maxReaders: Int
        /// Bytes of the file each connection may memory-map for reads (0: none, SQLite's default).
        public var mmapSize: Int64
        /// SQLite's page cache of the writer, in MiB (readers get a quarter: `readerCacheKiB`).
        /// The default is SQLite's own (2 MiB), which
        /// keeps a three-connection server under 30 MiB resident; on a 100,000-row table a point
        /// lookup then reads a leaf page or two from the OS each time, and 8 MiB per connection
        /// (`--cache-mb 8`) took a fifth off its CPU time, at up to 18 MiB more memory.
        public var cacheMiB: Int
        /// The most bytes the database file may grow to (0: no limit but the disk's); past it,
        /// writes fail `disk_full` as on a full disk (`PRAGMA max_page_count` on the writer).
        public var maxSizeBytes: Int64
        /// A database server to use instead of the SQLite file at `path` (PostgreSQL); `path`
        /// then only names it in messages.
        public var remote: (any RemoteBackend)?

        public static let defaultCacheMiB = 2

        public init(path: String, readOnly: Bool = false, busyTimeoutMs: Int32 = 5000, maxReaders: Int = 4, mmapSize: Int64 = 0,
                    cacheMiB: Int = defaultCacheMiB, maxSizeBytes: Int64 = 0, remote: (any RemoteBackend)? = nil) {
            self.remote = remote
            self.maxSizeBytes = max(0, maxSizeBytes)
            self.path = path
            self.readOnly = readOnly
            self.busyTimeoutMs = busyTimeoutMs
            self.maxReaders = max(1, maxReaders)
            self.mmapSize = max(0, mmapSize)
            self.cacheMiB = max(1, cacheMiB)
        }

        /// Each reader's page cache: a quarter of the writer's (512 KiB by default). Readers
        /// share the OS page cache, and a pread of a page it holds costs about a microsecond, so a
        /// reader's own cache only needs the interior pages of the trees it walks: measured on a
        /// 100,000-row table, lookups one at a time and pipelined ran as fast with 512 KiB per
        /// reader as with 2 MiB, and the peak resident memory fell by 3 MiB.
        public var readerCacheKiB: Int { cacheMiB * 256 }
    }

    /// How long the current thread's work may wait for the writer, and how it learns that it was
    /// cancelled meanwhile. The dispatcher sets it per request so the wait is counted once from
    /// when the request arrived, not restarted by every write queued ahead of it.
    public struct WriterWait: Sendable {
        /// Realtime milliseconds (`ConditionLock.nowMillis()`) after which the wait fails `busy`.
        public var deadline: Int64
        public var isCancelled: @Sendable () -> Bool
        /// Told `true` when the writer is held by an open interactive transaction and the wait
        /// begins, `false` when it ends (not for a wait behind a write or a brief look at it).
        public var onWaiting: @Sendable (Bool) -> Void
        /// The caller cannot wait at all (it runs on the thread that reads input): when the writer
        /// is held here, or its write lock by another process, `WriterWouldWait` is thrown
        /// instead, before anything was written, and the caller queues the work for the writer.
        public var mustNotWait: Bool

        public init(deadline: Int64, isCancelled: @escaping @Sendable () -> Bool = { false },
                    onWaiting: @escaping @Sendable (Bool) -> Void = { _ in }, mustNotWait: Bool = false) {
            self.deadline = deadline
            self.isCancelled = isCancelled
            self.onWaiting = onWaiting
            self.mustNotWait = mustNotWait
        }
    }

    /// Thrown to a caller that must not wait (`WriterWait.mustNotWait`) when the writer is busy.
    public struct WriterWouldWait: Error {
        public init() {}
    }

    /// The writer wait of the work running on this thread; nil means the busy timeout from now.
    @TaskLocal public static var writerWait: WriterWait?

    /// When set, reads note the tables they read in it (see `ReadTracker`).
    @TaskLocal public static var readTracker: ReadTracker?

    public let configuration: Configuration
    private let writer: Database?
    private let writerToken = WriterToken()
    let readers: ReaderPool
    private let classifier: StatementClassifier
    /// Which tables each commit on the writer changed, for live queries.
    public let commits = CommitFeed()

    public init(_ configuration: Configuration) throws {
        self.configuration = configuration
        classifier = StatementClassifier(configuration: configuration)
        if let remote = configuration.remote {
            writer = configuration.readOnly ? nil : try Self.open(remote, path: configuration.path, readOnly: false)
            let first = configuration.readOnly ? try Self.open(remote, path: configuration.path, readOnly: true) : nil
            readers = ReaderPool(configuration: configuration, first: first)
        } else if configuration.readOnly {
            writer = nil
            // Opening one reader now turns a missing or damaged file into a start-up error.
            let first = try Database(path: configuration.path, readOnly: true, busyTimeoutMs: configuration.busyTimeoutMs,
                                     mmapSize: configuration.mmapSize, cacheKiB: configuration.readerCacheKiB)
            readers = ReaderPool(configuration: configuration, first: first)
        } else {
            let writer = try Database(path: configuration.path, busyTimeoutMs: configuration.busyTimeoutMs, mmapSize: configuration.mmapSize,
                                      cacheKiB: configuration.cacheMiB * 1024)
            if configuration.maxSizeBytes > 0 { try writer.limitSize(toBytes: configuration.maxSizeBytes) }
            commits.install(on: writer)
            self.writer = writer
            readers = ReaderPool(configuration: configuration, first: nil)
        }
    }

    /// A connection to the server of `backend`, as a `Database`.
    static func open(_ backend: any RemoteBackend, path: String, readOnly: Bool) throws -> Database {
        try Database(remote: backend.connect(readOnly: readOnly), dialect: backend.dialect, path: path, readOnly: readOnly)
    }

    public var isReadOnly: Bool { configuration.readOnly }

    /// The SQL spelling of the database behind this store.
    public var dialect: any SQLDialect { configuration.remote?.dialect ?? SQLiteDialect() }

    /// `sqlite`, or the name of the server backend (`postgres`).
    public var backendName: String { configuration.remote?.name ?? "sqlite" }

    /// Whether the data lives on a database server rather than in a SQLite file.
    public var isRemote: Bool { configuration.remote != nil }

    /// Fails `unsupported` when the database is on a server: for features only SQLite has.
    public func requireSQLite(_ feature: String) throws {
        if let remote = configuration.remote { throw StoreError.unsupported(feature: feature, backend: remote.name) }
    }

    /// Whether a raw statement starts with CREATE, ALTER or DROP (any case, after blanks): the
    /// schema catalog should look again. Read from its first word alone, with no allocation.
    public static func changesSchema(_ sql: String) -> Bool {
        StatementClassifier.firstWord(of: sql) == .schema
    }

    /// `isReadStatement` for a text asked about before, found by its UTF-8 bytes, with the text
    /// as it was kept; nil for one not seen yet (and always with a database server).
    public func knownStatement(_ bytes: UnsafeRawBufferPointer) -> (sql: String, isRead: Bool)? {
        guard configuration.remote == nil else { return nil }
        return classifier.known(bytes)
    }

    /// Whether raw `sql` only reads (SQLite's `sqlite3_stmt_readonly`), so it can run on a reader.
    /// Remembered by text; false when it cannot be prepared.
    public func isReadStatement(_ sql: String) -> Bool {
        if configuration.remote != nil { return RemoteStatement.isRead(sql) && RawStatementPolicy.refusal(forSQL: sql) == nil }
        return classifier.isRead(sql, idleReader: { [readers] in readers.takeIfFree() }, giveBack: { [readers] in readers.giveBack($0) })
    }

    /// Runs `body` on a reader inside one read transaction (a consistent snapshot).
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        // In a run of reads, its transaction is this read's snapshot too (see `beginReadRun`).
        if let run = currentReadRun() { return try runRead(on: try run.connection(), body) }
        let db = try readers.take()
        defer { readers.giveBack(db) }
        if let tracker = Store.readTracker {
            return try db.tracking(tracker) { try Store.$readTracker.withValue(nil) { try read(on: db, body) } }
        }
        return try read(on: db, body)
    }

    private func read<T>(on db: Database, _ body: (Database) throws -> T) throws -> T {
        try db.execute("BEGIN DEFERRED")
        do {
            let result = try body(db)
            try db.execute("COMMIT")
            return result
        } catch {
            rollback(db)
            throw error
        }
    }

    /// Runs `body` on a reader without an explicit transaction, for exactly one statement: SQLite
    /// runs a lone statement in its own snapshot, and skipping BEGIN/COMMIT saves two round trips
    /// through the VM on the hottest path (point lookups).
    public func readStatement<T>(_ body: (Database) throws -> T) throws -> T {
        if let run = currentReadRun() { return try runRead(on: try run.connection(), body) }
        let db = try readers.take()
        defer { readers.giveBack(db) }
        if let tracker = Store.readTracker { return try db.tracking(tracker) { try body(db) } }
        return try body(db)
    }

    private func runRead<T>(on db: Database, _ body: (Database) throws -> T) throws -> T {
        if let tracker = Store.readTracker { return try db.tracking(tracker) { try Store.$readTracker.withValue(nil) { try body(db) } } }
        return try body(db)
    }

    /// Runs `body` on the writer inside `BEGIN IMMEDIATE ... COMMIT`; a throw rolls everything back.
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        try withWriter { db in try db.immediateTransaction { try body(db) } }
    }

    /// How many times a transaction the server aborted for a conflict (a serialization failure
    /// or a deadlock with another process) is run in all before `busy` reaches the caller.
    public static let conflictAttempts = 3

    /// `write`, run again from the start when a database server aborted it for a conflict with
    /// another process (SQLSTATE 40001, 40P01): the whole transaction is retried, never a part.
    /// SQLite's writer never conflicts that way (its `busy` is a timeout, not worth repeating).
    public func writeRetryingConflicts<T>(_ body: (Database) throws -> T) throws -> T {
        var attempt = 1
        while true {
            do {
                return try write(body)
            } catch StoreError.busy(let message) where isRemote && attempt < Self.conflictAttempts && !message.hasPrefix("the writer") {
                attempt += 1
            }
        }
    }

    /// Runs `body` on the writer with no transaction around it, for work that manages its own
    /// (VACUUM, migrations that switch foreign keys off, checkpoints). Waits for the writer at
    /// most the busy timeout (an interactive transaction may hold it), then fails with `busy`.
    public func withWriter<T>(_ body: (Database) throws -> T) throws -> T {
        let writer = try takeWriter(acrossRequests: false)
        defer { writerToken.release() }
        guard Store.writerWait?.mustNotWait == true else { return try body(writer) }
        // No waiting for the write lock either: SQLite answers busy at once, before the
        // transaction has written anything (BEGIN IMMEDIATE takes the lock first).
        writer.setBusyTimeout(0)
        defer { writer.setBusyTimeout(configuration.busyTimeoutMs) }
        do {
            return try body(writer)
        } catch StoreError.busy {
            throw WriterWouldWait()
        }
    }

    /// Takes the writer for a caller that will give it back with `releaseWriter()`, possibly from
    /// another thread (an interactive transaction spans several requests).
    public func acquireWriter() throws -> Database { try takeWriter(acrossRequests: true) }

    private func takeWriter(acrossRequests: Bool) throws -> Database {
        guard let writer else {
            throw StoreError.readOnly(message: "the database is open read-only")
        }
        let wait = Store.writerWait ?? WriterWait(deadline: ConditionLock.nowMillis() + Int64(configuration.busyTimeoutMs))
        if wait.mustNotWait {
            guard writerToken.tryAcquire() else { throw WriterWouldWait() }
            return writer
        }
        switch writerToken.acquire(until: wait.deadline, acrossRequests: acrossRequests, isCancelled: wait.isCancelled, onWaiting: wait.onWaiting) {
        case .acquired: return writer
        case .cancelled: throw StoreError.interrupted
        case .timedOut:
            throw StoreError.busy(message: "the writer stayed held (by an open transaction) for longer than the busy timeout of \(configuration.busyTimeoutMs) ms")
        }
    }

    public func releaseWriter() { writerToken.release() }

    /// Whether another process committed since the last call, from the writer's `PRAGMA
    /// data_version` (which only moves for commits by other connections, and this process writes
    /// through the writer alone). nil when the writer is busy now: while this process writes,
    /// no other can commit, so the next call will tell.
    ///
    /// On a server, any commit (this process's too) moves the server's transaction snapshot
    /// (`pg_current_snapshot()`: a new transaction id, or one that ended), read on a connection
    /// of its own; a rolled-back write or another database's commit moves it as well, which
    /// costs a watch a re-run that finds its result unchanged.
    public func committedElsewhere() -> Bool? {
        if configuration.remote != nil { return serverSnapshotMoved() }
        guard let writer, writerToken.tryAcquire() else { return nil }
        defer { writerToken.release() }
        guard case .integer(let version)? = try? writer.pragmaValue("PRAGMA data_version") else { return nil }
        return externalVersion.withLock { last in
            defer { last = version }
            return last != nil && last != version
        }
    }

    private let externalVersion = Mutex<Int64?>(nil)

    /// The connection that reads the server's snapshot for `committedElsewhere`, and the last one read.
    private let snapshotWatch = Mutex<(connection: Database?, last: String?)>((nil, nil))

    private func serverSnapshotMoved() -> Bool? {
        snapshotWatch.withLock { state -> Bool? in
            do {
                if state.connection == nil { state.connection = try openReadConnection() }
                guard let connection = state.connection,
                      let snapshot = try connection.pragmaValue("SELECT pg_current_snapshot()::text").textValue else { return nil }
                defer { state.last = snapshot }
                return state.last != nil && state.last != snapshot
            } catch {
                // A lost connection: the next call opens another; meanwhile anything may have changed.
                state.connection = nil
                return state.last == nil ? nil : true
            }
        }
    }

    /// Takes a reader for a caller that keeps it across requests (a read-only transaction).
    public func acquireReader() throws -> Database { try readers.take() }

    public func releaseReader(_ db: Database) { readers.giveBack(db) }

    /// A new read-only connection outside the pool, for a caller that keeps it for a while (a
    /// read-only transaction must not starve the pool).
    public func openReadConnection() throws -> Database {
        if let remote = configuration.remote { return try Self.open(remote, path: configuration.path, readOnly: true) }
        return try Database(path: configuration.path, readOnly: configuration.readOnly, busyTimeoutMs: configuration.busyTimeoutMs,
                     queryOnly: true, mmapSize: configuration.mmapSize)
    }

    private func rollback(_ db: Database) { db.rollbackIfNeeded() }
}

/// The right to use the writer connection. Unlike a mutex it may be released by another thread
/// than the one that took it, and taking it gives up after a timeout.
final class WriterToken: @unchecked Sendable {
    enum Outcome { case acquired, timedOut, cancelled }

    private let condition = ConditionLock()
    private var held = false
    /// Whether the holder keeps the token across requests (an interactive transaction), rather
    /// than for one call (a write, a watch's look at `data_version`).
    private var heldAcrossRequests = false
    /// How often a waiter looks at its cancellation flag (cancelling does not signal the token).
    private let cancellationCheckMs: Int64 = 20

    /// Waits for the token until `deadline`. `onWaiting(true)` is told only while an interactive
    /// transaction holds it (and `false` when that wait ends): a wait behind a brief holder ends
    /// on its own, and announcing it would let the transaction calls queued after this one run
    /// before it (the scheduler lets them pass a write that waits for their transaction).
    func acquire(until deadline: Int64, acrossRequests: Bool, isCancelled: () -> Bool = { false },
                 onWaiting: (Bool) -> Void = { _ in }) -> Outcome {
        condition.lock()
        defer { condition.unlock() }
        var announced = false
        defer { if announced { onWaiting(false) } }
        while held {
            if heldAcrossRequests && !announced {
                announced = true
                onWaiting(true)
            }
            if isCancelled() { return .cancelled }
            let now = ConditionLock.nowMillis()
            if now >= deadline { return .timedOut }
            condition.wait(untilMillis: min(deadline, now + cancellationCheckMs))
        }
        held = true
        heldAcrossRequests = acrossRequests
        return .acquired
    }

    /// Takes the token only if it is free now.
    func tryAcquire() -> Bool {
        condition.withLock {
            guard !held else { return false }
            held = true
            heldAcrossRequests = false
            return true
        }
    }

    func release() {
        condition.withLock {
            held = false
            condition.signal()
        }
    }
}

/// Reader connections, opened on first need up to a maximum and reused afterwards.
final class ReaderPool: @unchecked Sendable {
    private let configuration: Store.Configuration
    private let condition = ConditionLock()
    private var idle: [Database]
    private var opened: Int

    init(configuration: Store.Configuration, first: Database?) {
        self.configuration = configuration
        idle = first.map { [$0] } ?? []
        opened = idle.count
    }

    func take() throws -> Database {
        condition.lock()
        while idle.isEmpty && opened >= configuration.maxReaders { condition.wait() }
        if let db = idle.popLast() {
            condition.unlock()
            return db
        }
        opened += 1
        condition.unlock()
        return try open()
    }

    /// Opens one more reader, counted in `opened` already; on failure the count is given back.
    private func open() throws -> Database {
        do {
            if let remote = configuration.remote { return try Store.open(remote, path: configuration.path, readOnly: true) }
            return try Database(path: configuration.path, readOnly: configuration.readOnly,
                                busyTimeoutMs: configuration.busyTimeoutMs, queryOnly: true, mmapSize: configuration.mmapSize,
                                cacheKiB: configuration.readerCacheKiB)
        } catch {
            condition.lock()
            opened -= 1
            condition.signal()
            condition.unlock()
            throw error
        }
    }

    /// A reader without waiting: an idle one, or a new one while fewer than the most are open;
    /// nil when every reader is busy (or a new one cannot be opened).
    func takeIfFree() -> Database? {
        condition.lock()
        if let db = idle.popLast() {
            condition.unlock()
            return db
        }
        guard opened < configuration.maxReaders else {
            condition.unlock()
            return nil
        }
        opened += 1
        condition.unlock()
        return try? open()
    }

    func giveBack(_ db: Database) {
        condition.lock()
        idle.append(db)
        condition.signal()
        condition.unlock()
    }
}
