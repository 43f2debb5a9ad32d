#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Consecutive reads on one thread sharing one read transaction.
///
/// Each lone read on a reader otherwise starts and ends a read transaction of its own: SQLite
/// takes and drops a WAL read lock (an `fcntl` on the `-shm` file each way) and looks at the
/// file's size (`fstat`), which during a pipelined burst of point lookups costs as much as a
/// sixth of the lookup. The scheduler knows when several queued reads may see the same snapshot
/// (no write received between them, and each received before the snapshot was taken, so none
/// misses a commit that finished before it arrived), and runs them as a run: `beginReadRun` on
/// the reader thread before the first, `endReadRun` after the last. In between, `read` and
/// `readStatement` on that thread use one connection, kept from the pool, inside one `BEGIN
/// DEFERRED` transaction opened by the first statement that needs it.
extension Store {
    /// Starts a run of reads on this thread (none with a database server: its reads are not
    /// worth sharing, and a server's snapshot rules differ).
    public func beginReadRun() {
        guard configuration.remote == nil else { return }
        // A run left going on (begin and end unbalanced) is ended, not joined: its snapshot may be old.
        if let left = ReadRun.current {
            ReadRun.current = nil
            left.end()
        }
        ReadRun.current = ReadRun(readers: readers)
    }

    /// Ends this thread's run: its transaction is committed (it wrote nothing) and its
    /// connection goes back to the pool.
    public func endReadRun() {
        guard let run = ReadRun.current, run.readers === readers else { return }
        ReadRun.current = nil
        run.end()
    }

    /// Ends the transaction of this thread's run, if one is open, so that the run's next read
    /// begins a new one: for a look that must see the latest state (the schema catalog's), not the
    /// run's snapshot. The later reads of the run then share the newer snapshot, which holds all
    /// they could see before (a write received after one of them waits for it).
    public func renewReadRunSnapshot() {
        currentReadRun()?.endTransaction()
    }

    /// The run of this store on this thread, if one is going on.
    func currentReadRun() -> ReadRun? {
        guard let run = ReadRun.current, run.readers === readers else { return nil }
        return run
    }
}

/// A thread's run of reads: the connection it holds and whether its transaction is open.
final class ReadRun {
    let readers: ReaderPool
    private var db: Database?

    init(readers: ReaderPool) { self.readers = readers }

    /// The run's connection inside its transaction: taken from the pool and `BEGIN DEFERRED`
    /// on first use, and begun again when an error ended the transaction (SQLite rolls back on
    /// some errors by itself).
    func connection() throws -> Database {
        let db: Database
        if let held = self.db {
            db = held
        } else {
            db = try readers.take()
            self.db = db
        }
        if !db.isInTransaction { try db.execute("BEGIN DEFERRED") }
        return db
    }

    func end() {
        guard let db else { return }
        self.db = nil
        Self.endTransaction(on: db)
        readers.giveBack(db)
    }

    /// Ends the run's transaction (it wrote nothing), keeping the connection.
    func endTransaction() {
        if let db { Self.endTransaction(on: db) }
    }

    private static func endTransaction(on db: Database) {
        guard db.isInTransaction else { return }
        do { try db.execute("COMMIT") } catch { db.rollbackIfNeeded() }
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// The run going on on this thread (held retained by the thread's slot while set).
    static var current: ReadRun? {
        get {
            guard let pointer = pthread_getspecific(key) else { return nil }
            return Unmanaged<ReadRun>.fromOpaque(pointer).takeUnretainedValue()
        }
        set {
            if let old = pthread_getspecific(key) { Unmanaged<ReadRun>.fromOpaque(old).release() }
            pthread_setspecific(key, newValue.map { Unmanaged.passRetained($0).toOpaque() })
        }
    }
}
