import CommandOptions
import ArgumentParser
import JSON

/// `wizdb backup`: `maintenance.backup` from the shell. Safe while a server has the database
/// open: the copy reads one snapshot and writes go on.
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a consistent copy of the database into the backups folder (maintenance.backup).",
        discussion: "The copy is taken with SQLite's online backup API, also while a server is running on the database."
    )

    @OptionGroup var options: ServerOptions

    @Option(name: .long, help: "File name inside the backups folder (default: database-<UTC time>.sqlite).")
    var name: String?

    @Flag(name: .long, inversion: .prefixedNo, help: "Run quick_check on the copy before naming it.")
    var verify = true

    @Option(name: .long, help: "Keep only this many default-named backups, deleting the oldest.")
    var keep: Int?

    func run() throws {
        var params: JSONObject = ["verify": .bool(verify)]
        if let name { params["name"] = .string(name) }
        if let keep { params["keep"] = .integer(keep) }
        print(JSONWriter.pretty(try options.callInProcess("maintenance.backup", .object(params))))
    }
}
