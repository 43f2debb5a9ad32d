import CommandOptions
import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Handlers
import JSON

/// `wizdb types --lang L [--out FILE] [--check]`: the host types of `schema.types`, printed,
/// written to a file, or compared with a checked-in file (for a host's CI).
struct Types: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate row, insert, update and filter types for a host language from the declared schema.",
        discussion: """
        Reads wizdb.schema.json (or the database's own tables when there is no schema file). \
        Run it again after every schema change, next to `wizdb generate` and `wizdb migrate`. \
        With --check, nothing is written: the exit status is 1 when FILE differs from what would be generated.
        """)

    @OptionGroup var options: ServerOptions

    @Option(help: "typescript, python or swift.")
    var lang: String

    @Option(help: "Write the types to this file instead of printing them.")
    var out: String?

    @Flag(help: "Compare --out FILE with the types that would be generated; exit 1 when it is stale.")
    var check = false

    func validate() throws {
        guard ["typescript", "python", "swift"].contains(lang) else {
            throw ValidationError("--lang must be typescript, python or swift, not '\(lang)'")
        }
        if check, out == nil { throw ValidationError("--check needs --out FILE, the file to compare") }
    }

    func run() throws {
        if let schema = options.schema, !FileManager.default.fileExists(atPath: schema) {
            fail("no schema file at \(schema)")
        }
        var serverOptions = options
        // With a schema file the database is not read: do not create one as a side effect.
        if !FileManager.default.fileExists(atPath: options.db), FileManager.default.fileExists(atPath: options.schemaPath) {
            serverOptions.db = ":memory:"
        }
        let result = try serverOptions.callInProcess("schema.types", ["lang": .string(lang)])
        guard let text = result.objectValue?["text"]?.stringValue else { fail("schema.types answered without text") }
        guard let out else { return print(text, terminator: "") }
        let existing = FileManager.default.contents(atPath: out).map { String(decoding: $0, as: UTF8.self) }
        if check {
            guard let existing else {
                printToStandardError("wizdb: \(out) does not exist; run `wizdb types --lang \(lang) --out \(out)` to create it\n")
                throw ExitCode(1)
            }
            if let difference = Self.firstDifference(existing, text) {
                printToStandardError("""
                    wizdb: \(out) is stale: it differs from the types the schema gives now (\(difference)).
                    Run `wizdb types --lang \(lang) --out \(out)` and commit the result.

                    """)
                throw ExitCode(1)
            }
            print("\(out) is up to date.")
            return
        }
        if existing == text { return print("\(out) is up to date.") }
        guard FileManager.default.createFile(atPath: out, contents: Data(text.utf8)) else {
            fail("cannot write \(out)")
        }
        print("Wrote \(out).")
    }

    /// Where two texts first differ, for a person: the line number and both versions of it.
    static func firstDifference(_ old: String, _ new: String) -> String? {
        guard old != new else { return nil }
        let oldLines = old.split(separator: "\n", omittingEmptySubsequences: false)
        let newLines = new.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(oldLines.count, newLines.count) {
            let left = index < oldLines.count ? String(oldLines[index]) : "(end of file)"
            let right = index < newLines.count ? String(newLines[index]) : "(end of file)"
            if left != right { return "line \(index + 1) is \"\(left)\", expected \"\(right)\"" }
        }
        return "the line endings differ"
    }
}
