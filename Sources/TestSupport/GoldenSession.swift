import Foundation

/// One golden protocol session: `protocol/golden/<method>/<case>.in.jsonl` (request lines, sent
/// to the real binary in one go) and `<case>.out.jsonl` (the exact response lines expected).
///
/// Optional companions: `<case>.args` (extra command-line arguments, `$TMP` for the session's
/// folder), `<case>.schema.json` (copied next to the database as `wizdb.schema.json`, the
/// declared schema), `<case>.base-migrations` (the path, from the package root, of a shared
/// migrations folder copied to `$TMP/migrations`, the default migrations folder),
/// `<case>.migrations/` (files added to `$TMP/migrations`) and `<case>.setup.jsonl` (lines run first, before the schema and migrations are copied,
/// in a separate process with default arguments, whose output is not compared: a way to prepare
/// a database). Sessions run with
/// ordered responses, a fixed clock and seeded ids; the temp folder and the SQLite version are
/// replaced by `$TMP` and `$SQLITE_VERSION` in the output, and measured durations
/// (`"durationMs":<n>`, the one figure a run cannot fix) by `"durationMs":"$MS"`. With
/// `WIZDB_RECORD=1` the `.out.jsonl` files are rewritten instead of compared; review the diff.
public struct GoldenSession: Sendable, CustomStringConvertible {
    public let method: String
    public let name: String
    public let inputPath: String

    public var description: String { "\(method)/\(name)" }
    public var outputPath: String { String(inputPath.dropLast(".in.jsonl".count)) + ".out.jsonl" }
    var argumentsPath: String { String(inputPath.dropLast(".in.jsonl".count)) + ".args" }
    var setupPath: String { String(inputPath.dropLast(".in.jsonl".count)) + ".setup.jsonl" }
    var schemaPath: String { String(inputPath.dropLast(".in.jsonl".count)) + ".schema.json" }
    var migrationsPath: String { String(inputPath.dropLast(".in.jsonl".count)) + ".migrations" }
    var baseMigrationsPath: String { String(inputPath.dropLast(".in.jsonl".count)) + ".base-migrations" }

    /// The package's root folder, found from this source file's location.
    public static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    public static var goldenRoot: String { packageRoot + "/protocol/golden" }

    /// Every session on disk, sorted by folder and name.
    public static func all() -> [GoldenSession] {
        let manager = FileManager.default
        let folders = (try? manager.contentsOfDirectory(atPath: goldenRoot)) ?? []
        return folders.sorted().flatMap { folder -> [GoldenSession] in
            let files = (try? manager.contentsOfDirectory(atPath: goldenRoot + "/" + folder)) ?? []
            return files.filter { $0.hasSuffix(".in.jsonl") && !$0.hasSuffix(".setup.jsonl") }.sorted().map {
                GoldenSession(method: methodName(forFolder: folder), name: String($0.dropLast(".in.jsonl".count)),
                              inputPath: goldenRoot + "/" + folder + "/" + $0)
            }
        }
    }

    /// Method names may hold "/", which a folder name cannot: `$/cancelRequest` lives in `$_cancelRequest`.
    public static func folderName(forMethod method: String) -> String { method.replacingOccurrences(of: "/", with: "_") }
    static func methodName(forFolder folder: String) -> String { folder.replacingOccurrences(of: "$_", with: "$/") }

    public struct Result: Sendable {
        public var expected: String
        public var actual: String
        public var status: Int32
        public var stderr: String
        public var recorded: Bool
    }

    public func run(sqliteVersion: String) throws -> Result {
        let directory = try TemporaryDirectory(prefix: "wizdb-golden")
        let manager = FileManager.default
        var arguments = ["--db", directory.file("db.sqlite"), "--ordered-responses"]
        if let extra = manager.contents(atPath: argumentsPath) {
            arguments += String(decoding: extra, as: UTF8.self)
                .split(whereSeparator: { $0 == " " || $0 == "\n" }).map { $0.replacingOccurrences(of: "$TMP", with: directory.path) }
        }
        // The setup runs first, before the schema and migrations are in place, so it can prepare
        // a database that is not new (a new one is migrated when the server starts).
        if let setup = manager.contents(atPath: setupPath) {
            _ = try WizDBBinary.run(["--db", directory.file("db.sqlite")], input: [UInt8](setup), in: directory.path,
                                    environment: WizDBBinary.deterministicEnvironment)
        }
        if let schema = manager.contents(atPath: schemaPath) {
            manager.createFile(atPath: directory.file("wizdb.schema.json"), contents: schema)
        }
        // Shared migrations first (a folder named by `<case>.base-migrations`, relative to the
        // package root), then the case's own files on top, so cases need not copy fixtures.
        let migrations = directory.file("migrations")
        if let base = manager.contents(atPath: baseMigrationsPath) {
            let folder = Self.packageRoot + "/" + String(decoding: base, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            try manager.copyItem(atPath: folder, toPath: migrations)
        }
        if manager.fileExists(atPath: migrationsPath) {
            try manager.createDirectory(atPath: migrations, withIntermediateDirectories: true)
            for file in try manager.contentsOfDirectory(atPath: migrationsPath) {
                try? manager.removeItem(atPath: migrations + "/" + file)
                try manager.copyItem(atPath: migrationsPath + "/" + file, toPath: migrations + "/" + file)
            }
        }
        let input = manager.contents(atPath: inputPath).map { [UInt8]($0) } ?? []
        let outcome = try WizDBBinary.run(arguments, input: input, in: directory.path,
                                          environment: WizDBBinary.deterministicEnvironment)
        let actual = outcome.stdoutText
            .replacingOccurrences(of: directory.path, with: "$TMP")
            .replacingOccurrences(of: "\"\(sqliteVersion)\"", with: "\"$SQLITE_VERSION\"")
            .replacing(#/"durationMs":\d+/#, with: #""durationMs":"$MS""#)
        if ProcessInfo.processInfo.environment["WIZDB_RECORD"] == "1" {
            try actual.write(toFile: outputPath, atomically: true, encoding: .utf8)
            return Result(expected: actual, actual: actual, status: outcome.status, stderr: outcome.stderr, recorded: true)
        }
        let expected = manager.contents(atPath: outputPath).map { String(decoding: $0, as: UTF8.self) } ?? "(missing \(outputPath))"
        return Result(expected: expected, actual: actual, status: outcome.status, stderr: outcome.stderr, recorded: false)
    }
}

/// A readable account of where two line lists first differ.
public func lineDifference(expected: String, actual: String) -> String? {
    let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
    if expectedLines == actualLines { return nil }
    for index in 0..<max(expectedLines.count, actualLines.count) {
        let left = index < expectedLines.count ? String(expectedLines[index]) : "(no line)"
        let right = index < actualLines.count ? String(actualLines[index]) : "(no line)"
        if left != right {
            return "line \(index + 1) differs\n  expected: \(left)\n  actual:   \(right)"
        }
    }
    return "the outputs differ"
}
