import ArgumentParser
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

/// The command line of `wizdb` (and of `wizdb-postgres`, the same commands with the
/// PostgreSQL backend linked in).
public enum WizDB {
    /// Runs the command line of this process.
    public static func main() {
        ServerLocation.handOverIfNeeded()
        WizDBCommand.main()
    }
}

struct WizDBCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wizdb",
        abstract: "A database backend process: JSON-RPC 2.0 on stdin/stdout in front of one SQLite database.",
        discussion: """
        With no subcommand, wizdb serves JSON-RPC 2.0 requests read from stdin, one per line, and \
        writes one response per line to stdout. Logs go to stderr.
        """,
        version: Server.version,
        subcommands: [Call.self, Generate.self, Migrate.self, Push.self, Status.self, StudioLauncher.self, Types.self, Backup.self, Vacuum.self, Check.self, Stats.self, Restore.self,
                      ReplayCommand.self]
    )

    @OptionGroup var options: ServerOptions

    @Flag(help: "Apply pending migrations before serving (a new, empty database is always migrated).")
    var migrate = false

    @Option(name: .long, help: ArgumentHelp("Record the session: what the host sends to <dir>/<UTC time>.in.jsonl, the answers (in request order) to .out.jsonl, a case for wizdb replay.",
                                            valueName: "dir"))
    var recordSession: String?

    func run() throws {
        try Serve(options: options, migrate: migrate, recordSession: recordSession).run()
    }

    static func main() {
        // The server's options on this command would take `replay`'s own --schema, --migrations,
        // --fixed-clock and --id-seed (a parent parses first): replay is parsed without them.
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "replay" {
            ReplayCommandLine.main()
        } else if let plain = ServerOptions.parsePlain(arguments) {
            // The plain server start skips building the whole command tree (see `parsePlain`).
            do {
                try Serve(options: plain.options, migrate: plain.flags.migrate).run()
            } catch {
                exit(withError: error)
            }
        } else {
            main(nil)
        }
    }
}

/// Writes a subcommand's report to stdout at once (no buffering: a long replay shows progress).
func writeToStandardOutput(_ text: String) {
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress! + offset, $0.count - offset) }
        if written < 0 && errno == EINTR { continue }
        if written <= 0 { return }
        offset += written
    }
}
