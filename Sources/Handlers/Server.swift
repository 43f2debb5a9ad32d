import JSONRPC
import Logging
import Store

/// Everything a handler may use: the store, the server's settings, its clock and id generator.
/// Built once by the executable (or a test) and shared by every method.
public final class Server: Sendable {
    public struct Settings: Sendable {
        /// Whether `query.sql` is served (`--no-raw-sql` turns it off).
        public var rawSQL: Bool
        /// The most rows one response carries; more are cut off and flagged `truncated`.
        public var maxRows: Int
        /// Protocol limits, reported by `initialize`.
        public var maxLineBytes: Int
        public var maxDepth: Int
        public var maxBatch: Int
        /// The declared schema file (it may not exist: the database's own schema is used then).
        public var schemaPath: String
        /// The folder of migration files.
        public var migrationsPath: String
        /// The folder backups are written to; backup names are confined to it.
        public var backupsPath: String
        /// The most live queries one session may hold open.
        public var maxWatches: Int = 1000
        /// How often commits by other processes are looked for while a live query is open (ms).
        public var watchPollMs: Int64 = 5

        public init(rawSQL: Bool = true, maxRows: Int = 10_000, maxLineBytes: Int = 64 << 20, maxDepth: Int = 512, maxBatch: Int = 1000,
                    schemaPath: String = "wizdb.schema.json", migrationsPath: String = "migrations", backupsPath: String = "backups") {
            self.rawSQL = rawSQL
            self.maxRows = maxRows
            self.maxLineBytes = maxLineBytes
            self.maxDepth = maxDepth
            self.maxBatch = maxBatch
            self.schemaPath = schemaPath
            self.migrationsPath = migrationsPath
            self.backupsPath = backupsPath
        }
    }

    public static let name = "wizdb"
    public static let version = "0.1.0"
    public static let protocolVersion = "1.0"

    public let store: Store
    public let settings: Settings
    public let time: TimeSource
    public let ids: IDGenerator
    public let logger: Logger
    /// The schema the query methods use (declared, or read from the database).
    public let catalog: SchemaCatalog
    /// Open interactive transactions.
    public let transactions: TransactionRegistry
    /// Builds the SQL of the query methods.
    public let builder: QueryBuilder
    /// Live queries (`query.watch`) of every session.
    let watches: WatchRegistry
    /// SQL already built for point lookups (`query.get`) of shapes seen before.
    let lookupPlans = QueryPlanCache<QueryGet.PlanKey, CompiledQuery>()
    let pagePlans = QueryPlanCache<QueryPaginate.PlanKey, KeysetPage>()

    public init(store: Store, settings: Settings = Settings(), time: TimeSource = .system, ids: IDGenerator? = nil,
                logger: Logger = Logger(label: "wizdb")) throws {
        self.store = store
        builder = QueryBuilder(dialect: store.dialect)
        catalog = try SchemaCatalog.load(path: settings.schemaPath, store: store)
        transactions = TransactionRegistry(store: store)
        watches = WatchRegistry(store: store, maxPerSession: settings.maxWatches, pollMs: settings.watchPollMs)
        self.settings = settings
        self.time = time
        self.ids = ids ?? IDGenerator(time: time)
        self.logger = logger
    }

    /// A dispatcher serving this server's methods, wired to `output`. A server may serve several
    /// dispatchers at once (the studio makes one per connection); each has its own session.
    public func makeDispatcher(options: Dispatcher.Options, output: any OutputSink) -> Dispatcher {
        let session = SessionControl()
        var options = options
        if options.readRuns == nil && !store.isRemote {
            options.readRuns = ReadRuns(begin: { [store] in store.beginReadRun() }, end: { [store] in store.endReadRun() })
        }
        let dispatcher = Dispatcher(methods: Registry.methods(for: self, session: session), options: options, output: output,
                                    logger: logger) { [self] error in rpcError(for: error) }
        session.attach(dispatcher)
        return dispatcher
    }
}

/// One dispatcher as seen by the meta methods (`initialize` switches its response ordering),
/// attached after both exist.
public final class SessionControl: @unchecked Sendable {
    private weak var dispatcher: Dispatcher?

    func attach(_ dispatcher: Dispatcher) { self.dispatcher = dispatcher }

    func setOrderedResponses(_ ordered: Bool) { dispatcher?.setOrderedResponses(ordered) }
}
