import Foundation
import Testing
import TestSupport

/// `wizdb replay` as a host developer runs it: the real binary, case folders on disk, the
/// report on stdout and the exit status.
@Suite struct ReplayCommandTests {
    static let root = GoldenSession.packageRoot
    static let appArguments = ["--schema", root + "/wizdb.schema.json", "--migrations", root + "/migrations"]

    static func replay(_ arguments: [String], in directory: TemporaryDirectory) throws -> WizDBBinary.Outcome {
        try WizDBBinary.run(["replay"] + arguments, input: [], in: directory.path, timeout: 600)
    }

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    /// A credit debit on the example app: insert Ann with 100 credits, take 30.
    static let debit = """
        {"jsonrpc":"2.0","id":1,"method":"query.insert","params":{"table":"users","values":{"email":"ann@example.com","name":"Ann","credits":100},"returning":["email","credits"]}}
        {"jsonrpc":"2.0","id":2,"method":"query.update","params":{"table":"users","where":{"email":"ann@example.com"},"increment":{"credits":-30},"returning":["credits"]}}

        """

    @Test func theGoldenFolderPassesThroughWizdbReplay() throws {
        let directory = try TemporaryDirectory()
        let outcome = try Self.replay([GoldenSession.goldenRoot, "--jobs", "2"], in: directory)
        let lines = outcome.stdoutLines
        let sessions = GoldenSession.all()
        #expect(outcome.status == 0, "\(outcome.stdoutText)\n\(outcome.stderr)")
        #expect(lines.last == "\(sessions.count) passed, 0 failed")
        // The same cases, in the same order, as swift test's own golden tests.
        let replayed = lines.dropLast().compactMap { line -> String? in
            guard line.hasPrefix("ok    ") else { return nil }
            return String(line.dropFirst(6).prefix { $0 != " " })
        }
        #expect(replayed == sessions.map { String($0.inputPath.dropLast(".in.jsonl".count)) })
    }

    @Test func aChangedAnswerShowsADiffAndExitStatus1() throws {
        let directory = try TemporaryDirectory()
        let input = directory.file("cases/debit.in.jsonl")
        try Self.write(Self.debit, to: input)
        let recorded = try Self.replay([directory.file("cases"), "--record"] + Self.appArguments, in: directory)
        #expect(recorded.status == 0, "\(recorded.stdoutText)\(recorded.stderr)")
        let output = directory.file("cases/debit.out.jsonl")
        let expected = try Self.read(output)
        #expect(expected.contains(#"{"jsonrpc":"2.0","id":2,"result":{"rows":[{"credits":70}],"changes":1}}"#), "\(expected)")

        try Self.write(expected.replacingOccurrences(of: #"{"credits":70}"#, with: #"{"credits":75}"#), to: output)
        let outcome = try Self.replay([directory.file("cases")] + Self.appArguments, in: directory)
        #expect(outcome.status == 1)
        let text = outcome.stdoutText
        let name = directory.file("cases/debit")
        for line in ["FAIL  \(name)  (",
                     "--- \(name).out.jsonl (expected)\n+++ \(name) (this run)\n@@ -1,2 +1,2 @@\n",
                     #"-{"jsonrpc":"2.0","id":2,"result":{"rows":[{"credits":75}],"changes":1}}"#,
                     #"+{"jsonrpc":"2.0","id":2,"result":{"rows":[{"credits":70}],"changes":1}}"#,
                     "what changed:\n  line 2, the answer to query.update (\(input):2): result.rows[0].credits: expected 75, got 70\n",
                     "0 passed, 1 failed\n"] {
            #expect(text.contains(line), "expected \(line) in:\n\(text)")
        }
        #expect(try Self.read(output).contains(#"{"credits":75}"#), "a failing case's expected answers are left alone")
    }

    @Test func aMalformedLineIsNamedWithItsFileAndLine() throws {
        let directory = try TemporaryDirectory()
        let input = directory.file("bad.in.jsonl")
        try Self.write("""
            {"jsonrpc":"2.0","id":1,"method":"ping"}
            {"jsonrpc":"2.0","id":2,"method":"ping"
            {"jsonrpc":"2.0","id":3,"method":"ping"}

            """, to: input)
        try Self.write("""
            {"jsonrpc":"2.0","id":1,"result":{}}
            {"jsonrpc":"2.0","id":2,"result":{}}
            {"jsonrpc":"2.0","id":3,"result":{}}

            """, to: directory.file("bad.out.jsonl"))
        let outcome = try Self.replay([input], in: directory)
        #expect(outcome.status == 1)
        #expect(outcome.stdoutText.contains("\(input):2:40: not valid JSON: "), "\(outcome.stdoutText)")
        #expect(outcome.stdoutText.contains(#"+{"jsonrpc":"2.0","id":null,"error":{"code":-32700"#), "\(outcome.stdoutText)")

        // Recording it keeps the parse error as the expected answer, with a warning.
        let fresh = directory.file("new/bad.in.jsonl")
        try FileManager.default.createDirectory(atPath: directory.file("new"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: input, toPath: fresh)
        let recorded = try Self.replay([directory.file("new"), "--record"], in: directory)
        #expect(recorded.status == 0)
        #expect(recorded.stdoutText.contains("warning: \(fresh):2:40: not valid JSON: "), "\(recorded.stdoutText)")
    }

    @Test func recordWritesMissingFilesAndRecordAllRewritesChangedOnes() throws {
        let directory = try TemporaryDirectory()
        let cases = directory.file("cases")
        try Self.write(Self.debit, to: cases + "/a.in.jsonl")
        try Self.write(#"{"jsonrpc":"2.0","id":1,"method":"query.count","params":{"table":"users"}}"# + "\n", to: cases + "/b.in.jsonl")
        try Self.write(#"{"jsonrpc":"2.0","id":1,"result":{"count":0}}"# + "\n", to: cases + "/b.out.jsonl")

        let missing = try Self.replay([cases] + Self.appArguments, in: directory)
        #expect(missing.status == 1)
        #expect(missing.stdoutText.contains("no expected answers: \(cases)/a.out.jsonl does not exist (wizdb replay --record writes it)"))
        #expect(missing.stdoutLines.last == "1 passed, 1 failed")

        // `--record PATH`: the path is not taken for the flag's value.
        let recorded = try Self.replay(["--record", cases] + Self.appArguments, in: directory)
        #expect(recorded.status == 0, "\(recorded.stdoutText)")
        #expect(recorded.stdoutLines.first?.hasPrefix("rec   \(cases)/a  (") == true, "\(recorded.stdoutText)")
        #expect(recorded.stdoutLines.first?.hasSuffix(", wrote \(cases)/a.out.jsonl)") == true, "\(recorded.stdoutText)")
        #expect(recorded.stdoutLines[1].hasPrefix("ok    \(cases)/b  ("))
        #expect(recorded.stdoutLines.suffix(2) == ["wrote 1 expected answer file: review the diff before committing", "2 passed, 0 failed"])
        #expect(FileManager.default.fileExists(atPath: cases + "/a.out.jsonl"))

        // A wrong expectation fails under --record, and is rewritten by --record=all.
        try Self.write(#"{"jsonrpc":"2.0","id":1,"result":{"count":5}}"# + "\n", to: cases + "/b.out.jsonl")
        let stillWrong = try Self.replay([cases, "--record"] + Self.appArguments, in: directory)
        #expect(stillWrong.status == 1)
        #expect(try Self.read(cases + "/b.out.jsonl").contains(#""count":5"#))
        let all = try Self.replay([cases, "--record=all"] + Self.appArguments, in: directory)
        #expect(all.status == 0, "\(all.stdoutText)")
        #expect(all.stdoutLines.first?.hasPrefix("ok    \(cases)/a  (") == true, "unchanged answers are not rewritten: \(all.stdoutText)")
        #expect(all.stdoutLines[1].hasPrefix("rec   \(cases)/b  ("), "\(all.stdoutText)")
        #expect(try Self.read(cases + "/b.out.jsonl") == #"{"jsonrpc":"2.0","id":1,"result":{"count":0}}"# + "\n")
        #expect(try Self.replay([cases] + Self.appArguments, in: directory).status == 0)
    }

    @Test func jobsChangeNothingButTheTime() throws {
        let directory = try TemporaryDirectory()
        let cases = directory.file("cases")
        for index in 0..<6 {
            try Self.write(Self.debit, to: cases + "/folder\(index % 2)/case\(index).in.jsonl")
        }
        let recorded = try Self.replay([cases, "--record", "--jobs", "3"] + Self.appArguments, in: directory)
        #expect(recorded.stdoutLines.last == "6 passed, 0 failed", "\(recorded.stdoutText)")
        func names(_ outcome: WizDBBinary.Outcome) -> [String] {
            outcome.stdoutLines.dropLast().map { String($0.dropFirst(6).prefix { $0 != " " }) }
        }
        let one = try Self.replay([cases, "--jobs", "1"] + Self.appArguments, in: directory)
        let three = try Self.replay([cases, "--jobs", "3"] + Self.appArguments, in: directory)
        #expect(one.status == 0 && three.status == 0)
        let expectedOrder = [0, 2, 4, 1, 3, 5].map { "\(cases)/folder\($0 % 2)/case\($0)" }
        #expect(names(one) == expectedOrder)
        #expect(names(three) == expectedOrder, "reported in case order, whatever order they finish in")
        #expect(one.stdoutLines.last == "6 passed, 0 failed" && three.stdoutLines.last == "6 passed, 0 failed")
    }

    @Test func theSetupRunsOnTheMigratedDatabaseWithItsOwnIDs() throws {
        let directory = try TemporaryDirectory()
        let cases = directory.file("cases")
        try Self.write(#"{"jsonrpc":"2.0","id":1,"method":"query.insert","params":{"table":"users","values":{"email":"seed@example.com","name":"Seed"},"returning":["id"]}}"# + "\n",
                       to: cases + "/seeded.setup.jsonl")
        try Self.write("""
            {"jsonrpc":"2.0","id":1,"method":"query.insert","params":{"table":"users","values":{"email":"new@example.com","name":"New"},"returning":["id"]}}
            {"jsonrpc":"2.0","id":2,"method":"query.select","params":{"table":"users","fields":["email"],"orderBy":[{"field":"email"}]}}

            """, to: cases + "/seeded.in.jsonl")
        let outcome = try Self.replay([cases, "--record"] + Self.appArguments, in: directory)
        #expect(outcome.status == 0, "\(outcome.stdoutText)")
        let answers = try Self.read(cases + "/seeded.out.jsonl")
        #expect(answers.contains(#"{"jsonrpc":"2.0","id":2,"result":{"rows":[{"email":"new@example.com"},{"email":"seed@example.com"}]}}"#), "\(answers)")
    }

    @Test func aCasesArgsComeAfterTheReplaysOwnFlags() throws {
        let directory = try TemporaryDirectory()
        let begin = #"{"jsonrpc":"2.0","id":1,"method":"transaction.begin"}"# + "\n"
        try Self.write(begin, to: directory.file("cases/default.in.jsonl"))
        try Self.write(begin, to: directory.file("cases/own-clock.in.jsonl"))
        try Self.write("--fixed-clock 1\n--id-seed 9\n", to: directory.file("cases/own-clock.args"))
        let outcome = try Self.replay([directory.file("cases"), "--record"], in: directory)
        #expect(outcome.status == 0, "\(outcome.stdoutText)")
        // The time part of an id is the clock's milliseconds: 2026-01-01 by default, 1 s here.
        #expect(try Self.read(directory.file("cases/default.out.jsonl")).contains(#""tx":"tx_019b76da-a800-7"#))
        #expect(try Self.read(directory.file("cases/own-clock.out.jsonl")).contains(#""tx":"tx_00000000-03e8-7"#))
    }

    @Test func aServerThatRunsTooLongIsKilled() throws {
        let directory = try TemporaryDirectory()
        let input = directory.file("slow.in.jsonl")
        try Self.write(#"{"jsonrpc":"2.0","id":1,"method":"query.sql","params":{"sql":"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c","readOnly":true}}"# + "\n",
                       to: input)
        try Self.write("", to: directory.file("slow.out.jsonl"))
        let started = Date()
        let outcome = try Self.replay([input, "--timeout", "1"], in: directory)
        #expect(outcome.status == 1)
        #expect(outcome.stdoutText.contains("the server did not finish within 1 s and was killed"), "\(outcome.stdoutText)")
        #expect(Date().timeIntervalSince(started) < 20)
    }

    @Test func nothingToReplayIsAnError() throws {
        let directory = try TemporaryDirectory()
        let empty = try Self.replay([directory.path], in: directory)
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("wizdb replay: no case (<name>.in.jsonl) under \(directory.path)"))
        let missing = try Self.replay([directory.file("nowhere")], in: directory)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nowhere: no such file or folder"))
        let badSchema = try Self.replay([directory.path, "--schema", directory.file("none.json")], in: directory)
        #expect(badSchema.status == 2)
        #expect(badSchema.stderr.contains("--schema \(directory.file("none.json")): no such file"))
        let serverFlag = try Self.replay([directory.path, "--db", "x.sqlite"], in: directory)
        #expect(serverFlag.status != 0 && serverFlag.stderr.contains("Unknown option '--db'"), "\(serverFlag.stderr)")
    }
}
