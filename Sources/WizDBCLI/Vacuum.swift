import CommandOptions
import ArgumentParser
import JSON

/// `wizdb vacuum`: `maintenance.vacuum` from the shell.
struct Vacuum: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rebuild the database without free pages, or write a compacted copy (maintenance.vacuum).",
        discussion: "With --into NAME the database is left as it is and a compacted copy is written into the backups folder."
    )

    @OptionGroup var options: ServerOptions

    @Option(name: .long, help: "Write a compacted copy with this file name into the backups folder instead.")
    var into: String?

    func run() throws {
        var params = JSONObject()
        if let into { params["into"] = .string(into) }
        print(JSONWriter.pretty(try options.callInProcess("maintenance.vacuum", .object(params))))
    }
}
