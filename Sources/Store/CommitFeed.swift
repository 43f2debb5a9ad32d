#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSQLite
import Primitives
import Synchronization

/// Tells, after each commit on the writer, which tables it changed: the update hook collects the
/// tables a transaction writes, the commit hook sets them aside, the rollback hook drops them, and
/// the WAL hook (called once the commit is complete and the write lock released) hands them on.
/// A commit whose changes the update hook cannot see (schema changes, WITHOUT ROWID tables, the
/// truncate optimization of an unfiltered DELETE) is reported as `nil`: anything may have changed.
///
/// The hooks run on the thread that uses the writer (one at a time); `subscribe` and the
/// subscribers' list are guarded by a lock.
public final class CommitFeed: @unchecked Sendable {
    /// Called after a commit with the tables it changed (nil: unknown, treat every table as changed).
    public typealias Subscriber = @Sendable (Set<String>?) -> Void

    private let subscribers = Mutex<[UInt64: Subscriber]>([:])
    private let nextToken = Atomic<UInt64>(1)
    /// Whether anybody listens: the hooks do nothing (and collect nothing) otherwise.
    private let active = Atomic<Bool>(false)

    // Writer-thread state: only touched from the hooks, which SQLite calls on the writer's thread.
    private var writing: Set<String> = []
    private var rowsSeen = 0
    /// The name of the table the previous row change was in: rows of one table in a row cost a
    /// string comparison, not a string and a set insertion each.
    private var lastTable: [CChar] = [0]
    private var committed: Set<String>?
    private var committedUnknown = false
    private var changesAtLastCommit = 0
    private unowned(unsafe) var database: Database?

    init() {}

    /// Adds a subscriber; the returned token removes it.
    public func subscribe(_ subscriber: @escaping Subscriber) -> UInt64 {
        let token = nextToken.add(1, ordering: .relaxed).oldValue
        subscribers.withLock { list in
            list[token] = subscriber
            active.store(true, ordering: .releasing)
        }
        return token
    }

    public func unsubscribe(_ token: UInt64) {
        subscribers.withLock { list in
            list[token] = nil
            active.store(!list.isEmpty, ordering: .releasing)
        }
    }

    /// Installs the hooks on the writer connection.
    func install(on db: Database) {
        database = db
        changesAtLastCommit = db.totalChanges
        let context = Unmanaged.passUnretained(self).toOpaque()
        sqlite3_update_hook(db.handle, { context, _, _, table, _ in
            guard let context, let table else { return }
            let feed = Unmanaged<CommitFeed>.fromOpaque(context).takeUnretainedValue()
            guard feed.active.load(ordering: .relaxed) else { return }
            feed.rowsSeen += 1
            if strcmp(feed.lastTable, table) == 0, !feed.writing.isEmpty { return }
            let name = String(cString: table)
            feed.lastTable = Array(name.utf8CString)
            feed.writing.insert(name)
        }, context)
        sqlite3_commit_hook(db.handle, { context in
            guard let context else { return 0 }
            Unmanaged<CommitFeed>.fromOpaque(context).takeUnretainedValue().committing()
            return 0
        }, context)
        sqlite3_rollback_hook(db.handle, { context in
            guard let context else { return }
            let feed = Unmanaged<CommitFeed>.fromOpaque(context).takeUnretainedValue()
            feed.writing.removeAll(keepingCapacity: true)
            feed.rowsSeen = 0
        }, context)
        // Replaces SQLite's automatic checkpoint hook, so it checkpoints the way it would have.
        sqlite3_wal_hook(db.handle, { context, handle, schema, frames in
            if frames >= CommitFeed.autoCheckpointFrames, let handle {
                sqlite3_wal_checkpoint_v2(handle, schema, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            }
            guard let context else { return SQLITE_OK }
            Unmanaged<CommitFeed>.fromOpaque(context).takeUnretainedValue().commitComplete()
            return SQLITE_OK
        }, context)
    }

    /// SQLite's default `wal_autocheckpoint`.
    static let autoCheckpointFrames: Int32 = 1000

    private func committing() {
        let total = database?.totalChanges ?? 0
        let counted = total - changesAtLastCommit
        changesAtLastCommit = total
        guard active.load(ordering: .relaxed) else {
            writing.removeAll(keepingCapacity: true)
            rowsSeen = 0
            return
        }
        // Changes the update hook did not see: report "anything may have changed".
        let unknown = writing.isEmpty || counted > rowsSeen
        committed = unknown ? nil : writing
        committedUnknown = unknown
        writing.removeAll(keepingCapacity: true)
        rowsSeen = 0
    }

    private func commitComplete() {
        guard active.load(ordering: .relaxed) else { return }
        let tables = committedUnknown ? nil : committed
        committed = nil
        committedUnknown = false
        publish(tables)
    }

    /// Tells every subscriber (also used for commits by other processes: `nil`).
    public func publish(_ tables: Set<String>?) {
        let list = subscribers.withLock { Array($0.values) }
        for subscriber in list { subscriber(tables) }
    }
}
