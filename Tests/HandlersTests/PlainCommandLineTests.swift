import CommandOptions
import Testing

/// The plain server start reads its options without building the argument parser's command
/// tree: it must read exactly what the parser reads, and leave everything else to it.
@Suite struct PlainCommandLineTests {
    static func describe(_ options: ServerOptions) -> String {
        [options.db, options.schema ?? "-", options.migrations, options.backups, "\(options.readOnly)", "\(options.noRawSql)",
         "\(options.busyTimeout)", options.logLevel, "\(options.maxLineBytes)", "\(options.maxDepth)", "\(options.maxBatch)",
         "\(options.maxRows)", "\(options.readers)", "\(options.mmapSize)", "\(options.cacheMb)", "\(options.maxWatches)",
         "\(options.watchPollMs)", "\(options.statementTimeout)", "\(options.maxDbMb)", "\(options.orderedResponses)",
         options.fixedClock ?? "-", options.idSeed.map { "\($0)" } ?? "-", "\(options.idleSpinUs)"].joined(separator: " | ")
    }

    @Test(arguments: [
        [],
        ["--db", "app.sqlite"],
        ["--db=app.sqlite", "--readers", "4", "--read-only"],
        ["--migrate", "--db", "data/app.sqlite", "--schema", "s.json", "--migrations", "m", "--backups", "b"],
        ["--no-raw-sql", "--busy-timeout", "250", "--log-level", "debug", "--max-line-bytes", "1024", "--max-depth", "64",
         "--max-batch", "10", "--max-rows", "0", "--mmap-size", "268435456", "--cache-mb", "8", "--max-watches", "3",
         "--watch-poll-ms", "20", "--statement-timeout", "100", "--max-db-mb", "5", "--ordered-responses",
         "--fixed-clock", "2026-01-01T00:00:00Z", "--id-seed", "7", "--idle-spin-us", "0"],
        ["--idle-spin-us=200"],
    ])
    func readsWhatTheArgumentParserReads(_ arguments: [String]) throws {
        let plain = try #require(ServerOptions.parsePlain(arguments), "not read plainly: \(arguments)")
        let parsed = try ServerOptions.parse(arguments.filter { $0 != "--migrate" })
        #expect(Self.describe(plain.options) == Self.describe(parsed), "for \(arguments)")
        #expect(plain.flags.migrate == arguments.contains("--migrate"))
    }

    @Test(arguments: [
        ["--help"], ["-h"], ["--version"], ["migrate"], ["call", "ping"], ["--db"], ["--db", "a", "--db", "b"], ["--readers", "many"],
        ["--readers", "0"], ["--log-level", "loud"], ["--fixed-clock", "yesterday"], ["--bogus"], ["--record-session", "sessions"],
        ["--read-only=yes"], ["--db", "--read-only"], ["-"], ["--"], ["--idle-spin-us", "-1"], ["--idle-spin-us", "2000000"],
    ])
    func leavesEverythingElseToTheArgumentParser(_ arguments: [String]) {
        #expect(ServerOptions.parsePlain(arguments) == nil, "read plainly: \(arguments)")
    }
}
