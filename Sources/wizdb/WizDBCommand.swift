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
import CommandOptions
import Handlers
import JSONRPC
import Logging
import Store

@main
struct WizDBCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wizdb",
        abstract: "A database backend process: JSON-RPC 2.0 on stdin/stdout in front of one SQLite database.",
        discussion: """
        With no subcommand, wizdb serves JSON-RPC 2.0 requests read from stdin, one per line, and \
        writes one response per line to stdout. Logs go to stderr.
        """,
        version: Server.version,
        subcommands: [Call.self, Generate.self, Migrate.self, Push.self, Status.self, StudioLauncher.self, Types.self, Backup.self, Vacuum.self, Check.self, Stats.self, Restore.self]
    )

    @OptionGroup var options: ServerOptions

    @Flag(help: "Apply pending migrations before serving (a new, empty database is always migrated).")
    var migrate = false

    func run() throws {
        try Serve(options: options, migrate: migrate).run()
    }
}
