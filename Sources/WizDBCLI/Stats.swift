import CommandOptions
import ArgumentParser
import JSON

/// `wizdb stats`: `maintenance.stats` from the shell.
struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print file and WAL sizes, page figures and per-table row counts and bytes (maintenance.stats)."
    )

    @OptionGroup var options: ServerOptions

    func run() throws {
        print(JSONWriter.pretty(try options.callInProcess("maintenance.stats", [:])))
    }
}
