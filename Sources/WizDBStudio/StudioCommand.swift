import ArgumentParser
import CommandOptions
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Handlers
import PostgresBackend
import Logging
import Studio

/// `wizdb-studio` (run as `wizdb studio`): the studio page and `/rpc` over HTTP on loopback, in
/// front of the same handlers as the stdio server. A separate executable, so that the plain
/// server never loads the HTTP stack.
@main
struct StudioCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wizdb studio",
        abstract: "Inspect and edit the database in a browser.",
        discussion: """
        Serves a web page and JSON-RPC over HTTP (POST /rpc, and a WebSocket at /rpc) on the \
        loopback address, and prints the page's URL with a fresh token. Every /rpc request needs \
        the token; the page reads it from the URL.
        """,
        version: Server.version
    )

    @OptionGroup var options: ServerOptions
    @OptionGroup var studio: StudioOptions

    func run() async throws {
        ServerOptions.installServerBackend(PostgresBackend.serverBackend)
        options.bootstrapLogging()
        let logger = Logger(label: "wizdb.studio")
        signal(SIGPIPE, SIG_IGN)
        if !StudioConfiguration.isLoopback(studio.host) {
            printToStandardError("""
            wizdb studio: warning: listening on \(studio.host), not on the loopback address: other machines can reach \
            this port, and anyone who learns the token can read and change the database.\n
            """)
        }
        let server: Server
        do {
            server = try options.makeServer()
        } catch {
            fail(describe(error))
        }
        if !options.readOnly {
            do {
                let applied = try server.migrateAtStartup(always: studio.migrate)
                if !applied.isEmpty { logger.notice("applied migrations: \(applied.joined(separator: ", "))") }
            } catch {
                fail("migrating at start-up failed: \(describe(error))")
            }
        }
        var configuration = StudioConfiguration(host: studio.host, port: studio.port, maxBodyBytes: studio.maxBodyBytes,
                                                dispatcherOptions: options.dispatcherOptions)
        configuration.dispatcherOptions.orderedResponses = false
        configuration.pageDirectory = studio.pageDir
        let open = studio.open
        let studioServer = StudioServer(server: server, configuration: configuration, logger: logger)
        do {
            try await studioServer.run { url in
                StandardOutput.writeLine(url)
                if open { Browser.open(url, logger: logger) }
            }
        } catch {
            fail("the studio stopped: \(error)")
        }
        server.transactions.rollbackAll()
    }
}
