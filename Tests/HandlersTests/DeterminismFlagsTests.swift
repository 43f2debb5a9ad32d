import Foundation
import Testing
import TestSupport

/// `--fixed-clock` and `--id-seed`: the documented way to make answers reproducible.
@Suite struct DeterminismFlagsTests {
    func run(_ flags: [String]) throws -> WizDBBinary.Outcome {
        let directory = try TemporaryDirectory()
        try Data("CREATE TABLE notes (body TEXT);\n".utf8).write(to: URL(fileURLWithPath: directory.file("0001_notes.sql")))
        try FileManager.default.createDirectory(atPath: directory.file("migrations"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: directory.file("0001_notes.sql"), toPath: directory.file("migrations/0001_notes.sql"))
        let ids = Array((#"{"jsonrpc":"2.0","id":1,"method":"transaction.begin"}"# + "\n" + #"{"jsonrpc":"2.0","id":2,"method":"schema.status"}"# + "\n").utf8)
        return try WizDBBinary.run(["--db", directory.file("db.sqlite"), "--ordered-responses"] + flags, input: ids, in: directory.path)
    }

    @Test func theSameFlagsGiveTheSameAnswers() throws {
        let first = try run(["--fixed-clock", "2026-01-01T00:00:00Z", "--id-seed", "7"])
        let second = try run(["--fixed-clock", "1767225600", "--id-seed", "7"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdoutText == second.stdoutText, "ISO 8601 and unix seconds name the same time")
        #expect(first.stdoutText.contains(#""appliedAt":"2026-01-01T00:00:00Z""#), "\(first.stdoutText)")
        #expect(first.stdoutText.contains(#""tx":"tx_019b76da-a800-7"#), "ids start with the fixed clock's milliseconds: \(first.stdoutText)")
        let otherSeed = try run(["--fixed-clock", "1767225600", "--id-seed", "8"])
        #expect(otherSeed.stdoutText != first.stdoutText)
    }

    @Test func withoutThemTheClockIsTheSystemsAndIDsAreRandom() throws {
        let first = try run([])
        let second = try run([])
        #expect(first.status == 0)
        #expect(!first.stdoutText.contains("2026-01-01T00:00:00Z"))
        #expect(first.stdoutText != second.stdoutText)
    }

    @Test func aClockThatIsNotATimeIsRefused() throws {
        let outcome = try run(["--fixed-clock", "yesterday"])
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("--fixed-clock takes unix seconds or an ISO 8601 time"), "\(outcome.stderr)")
    }
}
