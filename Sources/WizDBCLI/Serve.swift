import CommandOptions
import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Handlers
import JSONRPC
import Logging
import Replay
import Store

/// `wizdb`: answer JSON-RPC on stdin/stdout until end of input, `exit`, SIGINT or SIGTERM.
struct Serve {
    let options: ServerOptions
    let migrate: Bool
    /// The folder sessions are recorded to (`--record-session`), if any.
    var recordSession: String? = nil

    func run() throws {
        options.bootstrapLogging()
        let logger = Logger(label: "wizdb")
        // A host that closes our stdout must not kill us mid-write with SIGPIPE; write(2) reports EPIPE.
        signal(SIGPIPE, SIG_IGN)
        let databaseIsNew = options.usesServer || access(options.db, F_OK) != 0
        let server: Server
        do {
            server = try options.makeServer()
        } catch {
            fail(describe(error))
        }
        if !options.readOnly {
            do {
                let applied = try server.migrateAtStartup(always: migrate)
                if !applied.isEmpty { logger.notice("applied migrations: \(applied.joined(separator: ", "))") }
            } catch {
                fail("migrating at start-up failed: \(describe(error))")
            }
        }
        let output = OutputChannel { _exit(0) }
        var dispatcherOptions = options.dispatcherOptions
        if let recordSession {
            dispatcherOptions.sessionRecorder = startRecording(in: recordSession, databaseIsNew: databaseIsNew, logger: logger)
        }
        let dispatcher = server.makeDispatcher(options: dispatcherOptions, output: output)
        let transport = StdioTransport(output: output, maxLineBytes: options.maxLineBytes, logger: logger,
                                       idleSpinMicroseconds: options.idleSpinUs)
        logger.info("serving \(server.store.configuration.path)")
        // Once input has ended no commit can come: transactions still open are rolled back, so
        // writes waiting for the writer go on at once instead of waiting out the busy timeout.
        transport.run(dispatcher) { server.transactions.rollbackAll() }
        // A transaction begun by a write that was still queued then is rolled back here.
        server.transactions.rollbackAll()
        logger.info("stopped")
    }

    /// Opens the session's files; says on stderr what would keep the session from replaying.
    private func startRecording(in folder: String, databaseIsNew: Bool, logger: Logger) -> SessionRecorder {
        let recorder: SessionRecorder
        do {
            let databaseFolder = Self.realFolder(of: options.db)
            let sqliteVersion = SQLiteLibrary.version
            recorder = try SessionRecorder(folder: folder, stamp: SessionStamp.now(), arguments: options.answerShapingArguments) { line in
                Array(Placeholders.apply(to: String(decoding: line, as: UTF8.self), temporaryFolder: databaseFolder,
                                         sqliteVersion: sqliteVersion).utf8)
            }
        } catch {
            fail(describe(error))
        }
        logger.notice("recording the session to \(recorder.inputPath) and \(recorder.outputPath)")
        if options.fixedClock == nil || options.idSeed == nil {
            logger.warning("""
                recording with \(options.fixedClock == nil ? "the system clock" : "a fixed clock") and \
                \(options.idSeed == nil ? "random ids" : "seeded ids"): answers holding timestamps or generated ids will differ \
                when the session is replayed; serve with --fixed-clock and --id-seed to record a session that replays
                """)
        }
        if !databaseIsNew {
            logger.warning("recording a session on a database that was not new: wizdb replay starts from a new one, so the session replays only where it does not depend on earlier content")
        }
        return recorder
    }

    /// The database's folder with links resolved, as the server prints paths in it.
    private static func realFolder(of database: String) -> String {
        let folder = database.lastIndex(of: "/").map { String(database[..<$0]) } ?? "."
        guard let resolved = realpath(folder.isEmpty ? "/" : folder, nil) else { return folder }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
