#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Primitives
import Synchronization
import Store

/// The schema the query methods work against: the declared schema (the `--schema` file) when
/// there is one, otherwise the live database read back. Replaced after migrations; readers get
/// a consistent value through a lock.
///
/// Another process may migrate the database or a developer may edit the file while this one
/// serves: what the catalog was built from is remembered (the file's identity, size and time;
/// the database's `schema_version`), and `refreshIfChanged` rebuilds it when either moved. That
/// check runs when a request meets a table or field the catalog does not know (or SQLite does
/// not), and otherwise at most every `recheckIntervalMs` (see `isDue`), so the hot path
/// pays a clock read, not a statement.
public final class SchemaCatalog: @unchecked Sendable {
    /// What a schema was built from; a change in either part means it may be stale.
    struct Origin: Equatable {
        var file: FileStamp?
        var schemaVersion: Int64
    }

    private let lock = ConditionLock()
    private var schema: Schema
    /// Where the current schema came from: "declared" (the schema file) or "database".
    private var source: String
    /// Counts replacements, so that SQL compiled for one schema is not used with the next.
    private var generation: UInt64 = 0
    private var origin: Origin?
    /// When the origin was last compared: an atomic, not behind the lock, since every call reads
    /// it (two readers taking one lock per call, for a clock comparison).
    private let lastCheckMillis = Atomic<Int64>(0)
    static let recheckIntervalMs: Int64 = 100

    init(schema: Schema, source: String, origin: Origin? = nil) {
        self.schema = schema
        self.source = source
        self.origin = origin
        lastCheckMillis.store(ConditionLock.nowMillis(), ordering: .releasing)
    }

    public var current: Schema { lock.withLock { schema } }
    public var currentSource: String { lock.withLock { source } }

    /// The table `name`, or an `unknown_table` error listing the tables there are.
    public func table(_ name: String) throws -> Table {
        let schema = current
        guard let table = schema.table(named: name) else {
            throw StoreError.unknownTable(name: name, available: schema.tableNames)
        }
        return table
    }

    /// The table `name` and the schema generation it belongs to. When the schema was read from
    /// the database and has no such table, the database is read again first: a table created
    /// since (by `query.sql`, say) is then found.
    func lookup(_ name: String, store: Store) throws -> (table: Table, generation: UInt64) {
        lock.lock()
        let found = schema.table(named: name)
        let seen = generation
        let fromDatabase = source == "database"
        lock.unlock()
        if let found { return (found, seen) }
        if fromDatabase {
            let fresh = try store.read { try $0.introspectSchema() }
            if fresh.table(named: name) != nil { replace(with: fresh, source: "database") }
        }
        lock.lock()
        let table = schema.table(named: name)
        let current = generation
        let names = schema.tableNames
        lock.unlock()
        guard let table else { throw StoreError.unknownTable(name: name, available: names) }
        return (table, current)
    }

    /// `markingChecked`: the new schema is known to be current, so the next look can wait.
    func replace(with schema: Schema, source: String, origin: Origin? = nil, markingChecked: Bool = true) {
        lock.withLock {
            self.schema = schema
            self.source = source
            self.origin = origin
            if markingChecked { lastCheckMillis.store(ConditionLock.nowMillis(), ordering: .releasing) }
            generation &+= 1
        }
    }

    func replace(with other: SchemaCatalog, markingChecked: Bool = true) {
        let (schema, source, origin) = other.lock.withLock { (other.schema, other.source, other.origin) }
        replace(with: schema, source: source, origin: origin, markingChecked: markingChecked)
    }

    /// Rebuilds the catalog when the schema file or the database's schema changed since it was
    /// built; true when it did. A schema file that became invalid keeps the last good catalog
    /// (and is logged by the caller's error, not here).
    @discardableResult
    func refreshIfChanged(path: String, store: Store) -> Bool {
        let started = lastCheckMillis.load(ordering: .acquiring)
        // In a run of reads, the run's snapshot may be older than a change another thread's look
        // already found: looking there could put the older schema back. The run's next reads
        // (this look's among them) take a new snapshot instead.
        store.renewReadRunSnapshot()
        guard let now = try? Self.origin(path: path, store: store) else { return false }
        let known = lock.withLock { origin }
        var changed = false
        if now != known, let fresh = try? Self.load(path: path, store: store, origin: now) {
            replace(with: fresh, markingChecked: false)
            changed = true
        }
        // Only now is the catalog current, and only as of `started`: a call that finds the look
        // due meanwhile looks too (rather than going on with the schema this look replaces), and
        // a `markDue` since `started` (a change this look may have missed) stays due.
        _ = lastCheckMillis.compareExchange(expected: started, desired: ConditionLock.nowMillis(), ordering: .acquiringAndReleasing)
        return changed
    }

    /// The catalog is due for a look at once (this process changed the schema with raw SQL).
    func markDue() {
        lastCheckMillis.store(.min / 2, ordering: .releasing)
    }

    /// Whether `refreshIfChanged` last ran `recheckIntervalMs` ago or more (or `markDue` came since).
    var isDue: Bool { ConditionLock.nowMillis() - lastCheckMillis.load(ordering: .acquiring) >= Self.recheckIntervalMs }

    /// Loads the declared schema from `path` when the file exists, else reads the database.
    static func load(path: String, store: Store) throws -> SchemaCatalog {
        try load(path: path, store: store, origin: try? origin(path: path, store: store))
    }

    private static func load(path: String, store: Store, origin: Origin?) throws -> SchemaCatalog {
        if let text = readFile(path) {
            return SchemaCatalog(schema: try DeclaredSchema.parse(text), source: "declared", origin: origin)
        }
        let schema = try store.read { try $0.introspectSchema() }
        return SchemaCatalog(schema: schema, source: "database", origin: origin)
    }

    private static func origin(path: String, store: Store) throws -> Origin {
        let number = try store.readStatement { db in try db.schemaVersion() }
        return Origin(file: FileStamp(path: path), schemaVersion: number)
    }
}

/// A file's identity, size and modification time: enough to notice it was rewritten.
struct FileStamp: Equatable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modifiedSeconds: Int64
    var modifiedNanoseconds: Int64

    /// nil when there is no file at `path`.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        #if canImport(Darwin)
        modifiedSeconds = Int64(info.st_mtimespec.tv_sec)
        modifiedNanoseconds = Int64(info.st_mtimespec.tv_nsec)
        #else
        modifiedSeconds = Int64(info.st_mtim.tv_sec)
        modifiedNanoseconds = Int64(info.st_mtim.tv_nsec)
        #endif
    }
}

/// The whole file at `path` as UTF-8 text, or nil when it cannot be read.
func readFile(_ path: String) -> String? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = fread(&chunk, 1, chunk.count, file)
        if count > 0 { bytes.append(contentsOf: chunk[0..<count]) }
        if count < chunk.count { break }
    }
    return String(decoding: bytes, as: UTF8.self)
}
