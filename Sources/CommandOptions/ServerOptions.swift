import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Handlers
import JSONRPC
import Logging
import Store

/// Settings shared by every subcommand: where the data lives and how the server behaves.
package struct ServerOptions: ParsableArguments {
    package init() {}

    @Option(name: .long, help: ArgumentHelp("The SQLite database file (created when missing), or a PostgreSQL location postgres://user:password@host:port/name (several host:port pairs for failover, ?target_session_attrs=read-write); WIZDB_DATABASE_URL gives the location when --db is not given, keeping the password off the command line.",
                                            valueName: "path-or-url"))
    package var db: String = ServerOptions.defaultDatabase

    package static let defaultDatabase = "wizdb.sqlite"

    @Option(name: .long, help: "The declared schema (default: wizdb.schema.json next to the database).")
    package var schema: String?

    @Option(name: .long, help: "The folder of migration files.")
    package var migrations: String = "migrations"

    @Option(name: .long, help: "The folder backups are written to and confined to.")
    package var backups: String = "backups"

    @Flag(name: .long, help: "Open the database read-only; writes are refused with data.kind read_only.")
    package var readOnly = false

    @Flag(name: .long, help: "Refuse query.sql (data.kind raw_sql_disabled).")
    package var noRawSql = false

    @Option(name: .long, help: "Milliseconds to wait for a lock held by another connection before answering busy.")
    package var busyTimeout: Int32 = 5000

    @Option(name: .long, help: "Log level on stderr: trace, debug, info, notice, warning, error, critical.")
    package var logLevel: String = "warning"

    @Option(name: .long, help: "The longest input line accepted, in bytes.")
    package var maxLineBytes: Int = 64 << 20

    @Option(name: .long, help: "The deepest JSON nesting accepted.")
    package var maxDepth: Int = 512

    @Option(name: .long, help: "The most requests accepted in one batch.")
    package var maxBatch: Int = 1000

    @Option(name: .long, help: "The most rows one response carries (more are cut off and flagged truncated).")
    package var maxRows: Int = 10_000

    @Option(name: .long, help: "Microseconds to keep looking for the next request after answering everything, before sleeping (0: sleep at once). A host that sends its next request within it saves a process wake-up on the round trip.")
    package var idleSpinUs: Int = 50

    @Option(name: .long, help: "Reader connections (and threads) serving reads concurrently.")
    package var readers: Int = 2

    @Option(name: .long, help: "Bytes of the database each connection may memory-map for reads (0: off). Faster reads; mapped pages count in resident memory, once per connection.")
    package var mmapSize: Int64 = 0

    @Option(name: .long, help: "SQLite's page cache per connection, in MiB (the writer and each reader have one).")
    package var cacheMb: Int = Store.Configuration.defaultCacheMiB

    @Option(name: .long, help: "The most live queries (query.watch) one session may hold open.")
    package var maxWatches: Int = 1000

    @Option(name: .long, help: "How often, in milliseconds, commits by other processes are looked for while a live query is open.")
    package var watchPollMs: Int64 = 5

    @Option(name: .long, help: "Stop a request whose statements run longer than this, in milliseconds (0: no limit); it answers statement_timeout.")
    package var statementTimeout: Int64 = 0

    @Option(name: .long, help: "The most the database file may grow to, in MiB (0: no limit); writes past it answer disk_full.")
    package var maxDbMb: Int = 0

    @Flag(name: .long, help: "Answer in request order instead of as each request finishes.")
    package var orderedResponses = false

    @Option(name: .long, help: ArgumentHelp("Stop the clock at this time, unix seconds or ISO 8601 (2026-01-01T00:00:00Z): timestamps and ids are then the same on every run (for tests and recorded sessions).",
                                            valueName: "time"))
    package var fixedClock: String?

    @Option(name: .long, help: ArgumentHelp("Make ids from this seed instead of the system's randomness: the same requests get the same ids on every run.",
                                            valueName: "n"))
    package var idSeed: UInt64?

    package func validate() throws {
        guard maxLineBytes > 0, maxDepth > 0, maxBatch > 0, maxRows >= 0, readers > 0, busyTimeout >= 0, mmapSize >= 0, cacheMb > 0, maxDbMb >= 0, statementTimeout >= 0, maxWatches > 0, watchPollMs > 0,
              idleSpinUs >= 0, idleSpinUs <= 1_000_000 else {
            throw ValidationError("limits must be positive numbers")
        }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("unknown log level '\(logLevel)'")
        }
        if let fixedClock, FixedClock.seconds(fixedClock) == nil {
            throw ValidationError("--fixed-clock takes unix seconds or an ISO 8601 time such as 2026-01-01T00:00:00Z")
        }
    }

    /// Where the data lives: `--db`, or `WIZDB_DATABASE_URL` when `--db` was left at its default.
    package var database: String {
        if db == Self.defaultDatabase, let url = ProcessInfo.processInfo.environment["WIZDB_DATABASE_URL"], !url.isEmpty { return url }
        return db
    }

    /// Whether the data lives on a PostgreSQL server.
    package var usesServer: Bool { Self.isServerLocation(database) }

    /// A postgres:// or postgresql:// location.
    package static func isServerLocation(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Connects to a database server: the location and the statement timeout in, the name for
    /// messages (the location without its password) and the backend out. Installed by the
    /// executables that link one in (`wizdb-postgres`, `wizdb-studio`).
    package typealias ServerBackendFactory = @Sendable (_ location: String, _ statementTimeoutMs: Int64) throws -> (name: String, backend: any RemoteBackend)

    nonisolated(unsafe) private static var serverBackendFactory: ServerBackendFactory?

    /// Called once at start-up, before any command runs.
    package static func installServerBackend(_ factory: @escaping ServerBackendFactory) { serverBackendFactory = factory }

    package static var hasServerBackend: Bool { serverBackendFactory != nil }

    /// The schema file: `--schema`, or `wizdb.schema.json` in the database's folder (the
    /// working folder for a server database).
    package var schemaPath: String {
        if let schema { return schema }
        if usesServer { return "wizdb.schema.json" }
        guard let slash = db.lastIndex(of: "/") else { return "wizdb.schema.json" }
        return String(db[...slash]) + "wizdb.schema.json"
    }

    package func bootstrapLogging() {
        let level = Logger.Level(rawValue: logLevel) ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    /// The store for `database`: a SQLite file, or connections to a PostgreSQL server.
    package func makeStore() throws -> Store {
        var configuration = Store.Configuration(path: database, readOnly: readOnly, busyTimeoutMs: busyTimeout, maxReaders: readers,
                                                mmapSize: mmapSize, cacheMiB: cacheMb, maxSizeBytes: Int64(maxDbMb) << 20)
        if usesServer {
            guard let connect = Self.serverBackendFactory else {
                throw ValidationError("\(database.prefix(while: { $0 != ":" }))://... locations are served by wizdb-postgres, installed next to wizdb")
            }
            let server = try connect(database, statementTimeout)
            configuration.path = server.name
            configuration.remote = server.backend
        }
        return try Store(configuration)
    }

    package func makeServer() throws -> Server {
        let store = try makeStore()
        var settings = Server.Settings(rawSQL: !noRawSql, maxRows: maxRows, maxLineBytes: maxLineBytes,
                                       maxDepth: maxDepth, maxBatch: maxBatch, schemaPath: schemaPath,
                                       migrationsPath: migrations, backupsPath: backups)
        settings.maxWatches = maxWatches
        settings.watchPollMs = watchPollMs
        // A fixed clock and seeded ids make answers reproducible (golden files, replayed sessions).
        let time = fixedClock.flatMap(FixedClock.seconds).map(TimeSource.fixed(seconds:)) ?? .system
        return try Server(store: store, settings: settings, time: time, ids: IDGenerator(time: time, seed: idSeed),
                      logger: Logger(label: "wizdb"))
    }

    package var dispatcherOptions: Dispatcher.Options {
        var options = Dispatcher.Options(maxDepth: maxDepth, maxBatch: maxBatch, orderedResponses: orderedResponses, readThreads: readers)
        options.statementTimeoutMs = statementTimeout
        return options
    }
}

/// Prints a start-up failure the way a person reads it and exits non-zero.
package func fail(_ message: String) -> Never {
    printToStandardError("wizdb: \(message)\n")
    exit(1)
}

package func printToStandardError(_ text: String) {
    var bytes = Array(text.utf8)
    bytes.withUnsafeMutableBytes { buffer in _ = write(STDERR_FILENO, buffer.baseAddress, buffer.count) }
}

package func describe(_ error: any Error) -> String {
    if let error = error as? StoreError { return error.description }
    return String(describing: error)
}
