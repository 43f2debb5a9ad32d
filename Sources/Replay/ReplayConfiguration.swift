/// How cases are replayed: which server, what every fresh database starts with, and what to do
/// with the expected answers.
public struct ReplayConfiguration: Sendable {
    /// The wizdb executable each case runs against.
    public var serverPath: String
    /// The SQLite version that server runs on; it appears as `$SQLITE_VERSION` in answers.
    public var sqliteVersion: String
    /// A declared schema copied beside every case's database (a case's own `.schema.json` wins).
    public var schemaPath: String?
    /// A migrations folder copied for every case (a case's own migrations go on top); a new
    /// database is migrated when the server starts.
    public var migrationsPath: String?
    public var record: RecordMode
    /// The server's clock, `--fixed-clock` (unix seconds or ISO 8601).
    public var fixedClock: String
    /// The seed of the server's ids, `--id-seed`; the setup process gets the next one, so rows it
    /// creates never take an id the case's own inserts will.
    public var idSeed: UInt64
    /// How long one server may run before it is killed and its case fails.
    public var timeoutMs: Int64
    /// Where a case's database lives: nil for a new SQLite file in the case's folder, or a
    /// function that makes a new database elsewhere (a PostgreSQL database, with the case's
    /// declared schema in place) and returns its `--db` location.
    public var makeDatabase: (@Sendable (_ replayCase: ReplayCase, _ folder: String) throws -> String)?
    /// Drops what `makeDatabase` made, once the case ran.
    public var dropDatabase: (@Sendable (_ location: String) -> Void)?
    /// Rewrites a case's setup before it runs (a backend whose tables `makeDatabase` already
    /// created leaves out the setup's CREATE statements).
    public var rewriteSetup: (@Sendable (_ replayCase: ReplayCase, _ lines: [UInt8]) -> [UInt8])?

    /// 2026-01-01T00:00:00Z: every replay's clock unless told otherwise.
    public static let defaultFixedClock = "1767225600"
    public static let defaultIDSeed: UInt64 = 1

    public init(serverPath: String, sqliteVersion: String, schemaPath: String? = nil, migrationsPath: String? = nil,
                record: RecordMode = .compare, fixedClock: String = defaultFixedClock, idSeed: UInt64 = defaultIDSeed,
                timeoutMs: Int64 = 60_000) {
        self.serverPath = serverPath
        self.sqliteVersion = sqliteVersion
        self.schemaPath = schemaPath
        self.migrationsPath = migrationsPath
        self.record = record
        self.fixedClock = fixedClock
        self.idSeed = idSeed
        self.timeoutMs = timeoutMs
    }

    /// The flags that make a server's answers reproducible.
    func determinismArguments(seed: UInt64) -> [String] {
        ["--fixed-clock", fixedClock, "--id-seed", String(seed)]
    }
}
