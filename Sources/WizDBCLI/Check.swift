import CommandOptions
import ArgumentParser
import JSON

/// `wizdb check`: `maintenance.integrityCheck` from the shell, with an exit status a script can
/// test: 0 when the database is sound, 2 when the check found problems, 1 when it could not run.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the database for damage and broken references (maintenance.integrityCheck).",
        discussion: "Exit status: 0 when sound, 2 when problems were found, 1 when the check could not run."
    )

    @OptionGroup var options: ServerOptions

    @Flag(name: .long, help: "Run quick_check instead of integrity_check (faster; does not compare indexes with their tables).")
    var quick = false

    func run() throws {
        let result = try options.callInProcess("maintenance.integrityCheck", ["quick": .bool(quick)])
        print(JSONWriter.pretty(result))
        if result.objectValue?["ok"] != .bool(true) { throw ExitCode(2) }
    }
}
