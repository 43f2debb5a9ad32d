#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Primitives
import Store

/// The schema the query methods work against: the declared schema (the `--schema` file) when
/// there is one, otherwise the live database read back. Replaced after migrations; readers get
/// a consistent value through a lock.
public final class SchemaCatalog: @unchecked Sendable {
    private let lock = ConditionLock()
    private var schema: Schema
    /// Where the current schema came from: "declared" (the schema file) or "database".
    private var source: String
    /// Counts replacements, so that SQL compiled for one schema is not used with the next.
    private var generation: UInt64 = 0

    init(schema: Schema, source: String) {
        self.schema = schema
        self.source = source
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

    func replace(with schema: Schema, source: String) {
        lock.withLock {
            self.schema = schema
            self.source = source
            generation &+= 1
        }
    }

    /// Loads the declared schema from `path` when the file exists, else reads the database.
    static func load(path: String, store: Store) throws -> SchemaCatalog {
        if let text = readFile(path) {
            return SchemaCatalog(schema: try DeclaredSchema.parse(text), source: "declared")
        }
        let schema = try store.read { try $0.introspectSchema() }
        return SchemaCatalog(schema: schema, source: "database")
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
