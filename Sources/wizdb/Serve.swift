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

/// `wizdb`: answer JSON-RPC on stdin/stdout until end of input, `exit`, SIGINT or SIGTERM.
struct Serve {
    let options: ServerOptions
    let migrate: Bool

    func run() throws {
        options.bootstrapLogging()
        let logger = Logger(label: "wizdb")
        // A host that closes our stdout must not kill us mid-write with SIGPIPE; write(2) reports EPIPE.
        signal(SIGPIPE, SIG_IGN)
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
        let dispatcher = server.makeDispatcher(options: options.dispatcherOptions, output: output)
        let transport = StdioTransport(output: output, maxLineBytes: options.maxLineBytes, logger: logger)
        logger.info("serving \(options.db)")
        // Once input has ended no commit can come: transactions still open are rolled back, so
        // writes waiting for the writer go on at once instead of waiting out the busy timeout.
        transport.run(dispatcher) { server.transactions.rollbackAll() }
        // A transaction begun by a write that was still queued then is rolled back here.
        server.transactions.rollbackAll()
        logger.info("stopped")
    }
}
