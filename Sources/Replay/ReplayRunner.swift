import JSON

/// Replays one case the way a host would run it: a fresh temporary folder and database, the
/// real server started on it with a fixed clock, seeded ids and answers in request order, the
/// case's lines on its stdin; then its answers, placeholders applied, compared with (or written
/// to) `<case>.out.jsonl`.
///
/// The temporary folder is the server's working directory and holds, in this order: the
/// configuration's schema and migrations; whatever `<case>.setup.jsonl` did to the database (run
/// by a server of its own); the case's `.schema.json`, `.base-migrations` and `.migrations/`.
/// So a new database is migrated by the setup's server, or else by the case's.
public struct ReplayRunner: Sendable {
    public let configuration: ReplayConfiguration

    public init(configuration: ReplayConfiguration) { self.configuration = configuration }

    public func run(_ replayCase: ReplayCase) -> ReplayOutcome {
        let started = monotonicMillis()
        do {
            return try replay(replayCase, started: started)
        } catch {
            return ReplayOutcome(replayCase: replayCase, verdict: .failed, expected: nil, actual: "", problems: [error.message],
                                 input: nil, durationMs: monotonicMillis() - started)
        }
    }

    private func replay(_ replayCase: ReplayCase, started: Int64) throws(ReplayError) -> ReplayOutcome {
        let input = CaseInput(bytes: try ReplayFiles.read(replayCase.inputPath), file: replayCase.inputPath)
        let expected = try ReplayFiles.readIfPresent(replayCase.outputPath).map { String(decoding: $0, as: UTF8.self) }
        let folder = try ReplayFiles.makeTemporaryFolder(prefix: "wizdb-replay")
        defer { ReplayFiles.remove(folder) }
        let database: String
        if let makeDatabase = configuration.makeDatabase {
            do {
                database = try makeDatabase(replayCase, folder)
            } catch {
                throw ReplayError("could not make the case's database: \(error)")
            }
        } else {
            database = folder + "/db.sqlite"
        }
        defer { configuration.dropDatabase?(database) }
        func failed(_ problems: [String], log: String = "") -> ReplayOutcome {
            ReplayOutcome(replayCase: replayCase, verdict: .failed, expected: expected, actual: "", problems: problems,
                          input: input, log: log, durationMs: monotonicMillis() - started)
        }

        if let schema = configuration.schemaPath { try ReplayFiles.copy(schema, to: folder + "/wizdb.schema.json") }
        if let migrations = configuration.migrationsPath { try ReplayFiles.copy(migrations, to: folder + "/migrations") }

        var notes: [String] = []
        if ReplayFiles.kind(of: replayCase.setupPath) == .file {
            var setupPath = replayCase.setupPath
            if let rewrite = configuration.rewriteSetup {
                setupPath = folder + "/.setup.jsonl"
                try ReplayFiles.writeAtomically(rewrite(replayCase, try ReplayFiles.read(replayCase.setupPath)), to: setupPath)
            }
            let setup = try ChildProcess.run(configuration.serverPath,
                                             arguments: ["--db", database] + configuration.determinismArguments(seed: configuration.idSeed &+ 1),
                                             inputFile: setupPath, directory: folder, timeoutMs: configuration.timeoutMs)
            guard setup.succeeded else {
                return failed(["the setup's server (\(replayCase.setupPath)) \(setup.termination)"], log: String(decoding: setup.stderr, as: UTF8.self))
            }
            notes += Self.errorAnswers(in: setup.stdout, of: replayCase.setupPath)
        }

        if ReplayFiles.kind(of: replayCase.schemaPath) == .file {
            try ReplayFiles.copy(replayCase.schemaPath, to: folder + "/wizdb.schema.json")
        }
        if let base = try ReplayFiles.readIfPresent(replayCase.baseMigrationsPath) {
            let relative = trimmingWhitespace(String(decoding: base, as: UTF8.self))
            let shared = relative.hasPrefix("/") ? relative : ReplayFiles.folder(of: replayCase.inputPath) + "/" + relative
            try ReplayFiles.copy(shared, to: folder + "/migrations")
        }
        if ReplayFiles.kind(of: replayCase.migrationsPath) == .directory {
            try ReplayFiles.copy(replayCase.migrationsPath, to: folder + "/migrations")
        }

        // The case's own flags come last, so they can change the clock or the seed too.
        var arguments = ["--db", database, "--ordered-responses"] + configuration.determinismArguments(seed: configuration.idSeed)
        if let extra = try ReplayFiles.readIfPresent(replayCase.argumentsPath) {
            arguments += String(decoding: extra, as: UTF8.self)
                .split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
                .map { String($0).replacing("$TMP", with: folder) }
        }
        let server = try ChildProcess.run(configuration.serverPath, arguments: arguments, inputFile: replayCase.inputPath,
                                          directory: folder, timeoutMs: configuration.timeoutMs)
        let log = String(decoding: server.stderr, as: UTF8.self)
        guard server.succeeded else {
            return failed(["the server \(server.termination)"], log: log)
        }
        let actual = Placeholders.apply(to: String(decoding: server.stdout, as: UTF8.self), temporaryFolder: folder,
                                        sqliteVersion: configuration.sqliteVersion)
        let verdict: ReplayOutcome.Verdict
        switch configuration.record {
        case .all where actual != expected, .missing where expected == nil:
            try ReplayFiles.writeAtomically(Array(actual.utf8), to: replayCase.outputPath)
            verdict = .recorded
        default:
            verdict = actual == expected ? .passed : .failed
        }
        return ReplayOutcome(replayCase: replayCase, verdict: verdict, expected: expected, actual: actual, notes: notes,
                             input: input, log: log, durationMs: monotonicMillis() - started)
    }

    /// The setup's answers that are errors, the first few quoted: a setup that did not do what
    /// it meant to explains many a failing case.
    private static func errorAnswers(in output: [UInt8], of path: String) -> [String] {
        let errors = output.split(separator: 0x0A).filter { line in
            guard case .object(let object)? = try? JSONReader.parse(Array(line)) else { return false }
            return object["error"] != nil
        }
        guard !errors.isEmpty else { return [] }
        return ["the setup (\(path)) answered \(errors.count) error\(errors.count == 1 ? "" : "s"):"]
            + errors.prefix(3).map { "  " + String(decoding: $0, as: UTF8.self) }
    }
}

private func trimmingWhitespace(_ text: String) -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
    guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) }) else { return "" }
    return String(text[first...last])
}
