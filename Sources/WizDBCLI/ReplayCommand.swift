import CommandOptions
import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Replay
import Store

/// `wizdb replay PATH...`: golden-file tests for hosts. Each recorded session (`<case>.in.jsonl`)
/// runs against a fresh database in a server of its own, and its answers are compared with
/// `<case>.out.jsonl`. The project's own protocol tests run through the same code.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay recorded sessions against fresh databases and compare the answers with the recorded ones.",
        discussion: """
        Each <case>.in.jsonl under PATH runs against a new temporary database, with a fixed clock, \
        seeded ids and answers in request order, and its answers are compared with <case>.out.jsonl. \
        A failing case shows a unified diff and the fields that changed. Companion files: \
        <case>.setup.jsonl (run first, answers not compared), <case>.args (server flags), \
        <case>.schema.json, <case>.migrations/. In answers, the case's temporary folder reads $TMP, \
        the SQLite version "$SQLITE_VERSION" and measured durations "durationMs":"$MS". \
        Exit status: 0 when every case passed, 1 when one failed, 2 when no case could be found.
        """
    )

    @Argument(help: "Cases (<case>.in.jsonl, or <case>) or folders searched for them, recursively.")
    var paths: [String] = []

    @Option(name: .long, defaultAsFlag: "missing", parsing: .next,
            help: ArgumentHelp("Write the expected answers instead of failing: --record writes missing <case>.out.jsonl files, --record=all rewrites them all (review the diff).",
                               valueName: "all"))
    var record: String?

    @Option(name: .long, help: ArgumentHelp("A declared schema every case's database starts from (a case's own <case>.schema.json wins).",
                                            valueName: "file"))
    var schema: String?

    @Option(name: .long, help: ArgumentHelp("A migrations folder applied to every case's new database (a case's own <case>.migrations/ goes on top).",
                                            valueName: "dir"))
    var migrations: String?

    @Option(name: .long, help: ArgumentHelp("Cases replayed at once, each by a server of its own (default: the number of processors).",
                                            valueName: "n"))
    var jobs: Int = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))

    @Option(name: .long, help: ArgumentHelp("The servers' clock: unix seconds or ISO 8601 (a case's <case>.args may set its own).",
                                            valueName: "time"))
    var fixedClock: String = "2026-01-01T00:00:00Z"

    @Option(name: .long, help: ArgumentHelp("The seed of the servers' ids (a case's setup gets the next one).", valueName: "n"))
    var idSeed: UInt64 = ReplayConfiguration.defaultIDSeed

    @Option(name: .long, help: ArgumentHelp("Seconds one case's server may run before it is killed and the case fails.",
                                            valueName: "seconds"))
    var timeout: Int = 60

    @Flag(name: .long, help: "Print failing cases only (and the summary).")
    var quiet = false

    mutating func validate() throws {
        // `--record PATH` reads PATH as the flag's value: take it back as a path.
        if let value = record, value != "all", value != "missing" {
            paths.insert(value, at: 0)
            record = "missing"
        }
        guard !paths.isEmpty else { throw ValidationError("name the cases to replay: files (<case>.in.jsonl) or folders") }
        guard jobs > 0, timeout > 0 else { throw ValidationError("--jobs and --timeout must be positive") }
        guard FixedClock.seconds(fixedClock) != nil else {
            throw ValidationError("--fixed-clock takes unix seconds or an ISO 8601 time such as 2026-01-01T00:00:00Z")
        }
    }

    func run() throws {
        if let schema, !isFile(schema) {
            printToStandardError("wizdb replay: --schema \(schema): no such file\n")
            throw ExitCode(2)
        }
        if let migrations, !isFolder(migrations) {
            printToStandardError("wizdb replay: --migrations \(migrations): no such folder\n")
            throw ExitCode(2)
        }
        let cases: [ReplayCase]
        do {
            cases = try ReplayCase.discover(paths)
        } catch {
            printToStandardError("wizdb replay: \(error)\n")
            throw ExitCode(2)
        }
        guard !cases.isEmpty else {
            printToStandardError("wizdb replay: no case (<name>.in.jsonl) under \(paths.joined(separator: ", "))\n")
            throw ExitCode(2)
        }
        let configuration = ReplayConfiguration(
            serverPath: Self.executablePath(), sqliteVersion: SQLiteLibrary.version,
            schemaPath: schema, migrationsPath: migrations,
            record: record == "all" ? .all : record == nil ? .compare : .missing,
            fixedClock: fixedClock, idSeed: idSeed, timeoutMs: Int64(timeout) * 1000)
        let quiet = quiet
        let summary = ReplaySuite.run(cases, runner: ReplayRunner(configuration: configuration), jobs: jobs) { outcome in
            if quiet && outcome.verdict != .failed { return }
            var text = outcome.summaryLine + "\n"
            let report = outcome.report
            if !report.isEmpty { text += report + "\n" }
            writeToStandardOutput(text)
        }
        if summary.recorded > 0 {
            writeToStandardOutput("wrote \(summary.recorded) expected answer file\(summary.recorded == 1 ? "" : "s"): review the diff before committing\n")
        }
        writeToStandardOutput(summary.line + "\n")
        if summary.failed > 0 { throw ExitCode(1) }
    }

    private func isFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    private func isFolder(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// This very executable: every case runs against the server this replay is part of.
    static func executablePath() -> String {
        #if os(Linux)
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if count > 0 { return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        #elseif canImport(Darwin)
        var size = UInt32(PATH_MAX)
        var buffer = [CChar](repeating: 0, count: Int(size) + 1)
        if _NSGetExecutablePath(&buffer, &size) == 0, let resolved = realpath(buffer, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        #endif
        return CommandLine.arguments[0]
    }
}
