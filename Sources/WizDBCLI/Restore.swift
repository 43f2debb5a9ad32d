import CommandOptions
import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JSON
import Store

/// `wizdb restore FILE`: replaces the database's content with a backup. Command line only: it
/// needs the database to itself, and refuses while any other process (a running server) has
/// it open.
struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replace the database's content with a backup (stop the server first).",
        discussion: """
        The backup is checked with quick_check, the database as it is now is saved into the backups \
        folder under a default backup name, and the backup is copied into the live file with SQLite's \
        backup API in one transaction. Refused while another process has the database open.
        """
    )

    @OptionGroup var options: ServerOptions

    @Argument(help: "The backup file: a path, or a file name in the backups folder.")
    var file: String

    @Flag(name: .long, inversion: .prefixedNo, help: "Save the database as it is now into the backups folder first.")
    var saveCurrent = true

    @Option(name: .long, help: "Milliseconds to wait for other connections to let go of the database.")
    var lockTimeout: Int32 = 1000

    func validate() throws {
        if options.readOnly { throw ValidationError("restore writes the database; drop --read-only") }
        if lockTimeout < 0 { throw ValidationError("--lock-timeout must not be negative") }
        if options.usesServer {
            throw ValidationError("restore replaces a SQLite file; a PostgreSQL database is restored with pg_restore from a maintenance.backup dump")
        }
    }

    func run() throws {
        options.bootstrapLogging()
        // A bare name that is not a file here is looked up in the backups folder.
        var source = file
        if !file.contains("/"), !fileExists(file), fileExists(options.backups + "/" + file) {
            source = options.backups + "/" + file
        }
        let folder = saveCurrent ? BackupFolder(path: options.backups, protecting: options.db) : nil
        let result: RestoreResult
        do {
            result = try Store.restore(from: source, into: options.db, savingPreviousIn: folder, busyTimeoutMs: lockTimeout)
        } catch {
            fail(describe(error))
        }
        var report: JSONObject = ["database": .string(options.db), "restoredFrom": .string(source), "pages": .integer(result.pages)]
        report["previousCopy"] = result.previousCopy.map { .string($0) } ?? .null
        print(JSONWriter.pretty(.object(report)))
    }
}

private func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }
