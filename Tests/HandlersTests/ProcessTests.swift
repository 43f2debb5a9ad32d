import Foundation
import JSONRPC
import Testing
import TestSupport
import JSON

/// Behaviour of the real binary as a host, a shell user or an operator sees it.
@Suite struct ProcessTests {
    func run(_ arguments: [String], _ input: String, in directory: TemporaryDirectory) throws -> WizDBBinary.Outcome {
        try WizDBBinary.run(arguments, input: Array(input.utf8), in: directory.path)
    }

    @Test func servesOnItsDefaultDatabaseInTheCurrentFolder() throws {
        let directory = try TemporaryDirectory()
        let outcome = try run([], #"{"jsonrpc":"2.0","id":1,"method":"ping"}"# + "\n", in: directory)
        #expect(outcome.status == 0)
        #expect(outcome.stdoutLines == [#"{"jsonrpc":"2.0","id":1,"result":{}}"#])
        #expect(FileManager.default.fileExists(atPath: directory.file("wizdb.sqlite")))
    }

    @Test func stdoutCarriesOnlyJSONRPCEvenWithDebugLogs() throws {
        let directory = try TemporaryDirectory()
        let input = [
            #"{"jsonrpc":"2.0","id":1,"method":"query.sql","params":{"sql":"CREATE TABLE t (x)"}}"#,
            "not json",
            #"{"jsonrpc":"2.0","method":"query.sql","params":{"sql":"bad sql"}}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"ping"}"#,
        ].joined(separator: "\n") + "\n"
        let outcome = try run(["--log-level", "trace"], input, in: directory)
        #expect(outcome.status == 0)
        for line in outcome.stdoutLines {
            let value = try JSONReader.parse(line)
            #expect(value.objectValue?["jsonrpc"] == "2.0", "not a JSON-RPC line on stdout: \(line)")
        }
        #expect(outcome.stdoutLines.count == 3)
        #expect(!outcome.stderr.isEmpty, "debug logs should go to stderr")
    }

    @Test func callPrintsTheResultAsIndentedJSON() throws {
        let directory = try TemporaryDirectory()
        let outcome = try run(["call", "query.sql", #"{"sql":"SELECT 1 AS one, 'two' AS two"}"#], "", in: directory)
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let parsed = try JSONReader.parse(outcome.stdoutText)
        #expect(parsed.objectValue?["rows"] == [["one": 1, "two": "two"]])
        #expect(outcome.stdoutText.contains("\n  \"rows\""), "expected indented output, got \(outcome.stdoutText)")
    }

    @Test func callReportsErrorsOnStderrWithAFailingStatus() throws {
        let directory = try TemporaryDirectory()
        let outcome = try run(["call", "query.sql", #"{"sql":"SELEC 1"}"#], "", in: directory)
        #expect(outcome.status == 1)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.contains("syntax error"))
        #expect(outcome.stderr.contains("sql_error"))
        let badJSON = try run(["call", "ping", "{nope"], "", in: directory)
        #expect(badJSON.status != 0)
        #expect(badJSON.stderr.contains("not valid JSON"))
    }

    @Test func versionAndHelp() throws {
        let directory = try TemporaryDirectory()
        let version = try run(["--version"], "", in: directory)
        #expect(version.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
        let help = try run(["--help"], "", in: directory)
        #expect(help.stdoutText.contains("--no-raw-sql"))
        #expect(help.stdoutText.contains("--busy-timeout"))
    }

    @Test func unopenableDatabaseFailsAtStartWithAMessage() throws {
        let directory = try TemporaryDirectory()
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: directory.file("junk.sqlite")))
        let outcome = try run(["--db", directory.file("junk.sqlite")], "", in: directory)
        #expect(outcome.status != 0)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.contains("wizdb:"))
    }

    @Test func randomBytesNeverStopTheServer() throws {
        let directory = try TemporaryDirectory()
        var generator = SeededGenerator(seed: 2026)
        var input: [UInt8] = []
        for _ in 0..<2000 {
            let length = Int.random(in: 0..<200, using: &generator)
            input += (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }.map { $0 == 0x0A ? 0x20 : $0 }
            input.append(0x0A)
        }
        // Truncated and mangled requests, then one valid request that must still be answered.
        let valid = #"{"jsonrpc":"2.0","id":"last","method":"ping"}"#
        for cut in stride(from: 1, to: valid.utf8.count, by: 3) {
            input += Array(valid.utf8.prefix(cut)) + [0x0A]
        }
        input += Array(valid.utf8) + [0x0A]
        let outcome = try WizDBBinary.run([], input: input, in: directory.path)
        #expect(outcome.status == 0)
        #expect(!outcome.timedOut)
        #expect(outcome.stdoutLines.last == #"{"jsonrpc":"2.0","id":"last","result":{}}"#)
        for line in outcome.stdoutLines {
            #expect((try? JSONReader.parse(line)) != nil, "invalid JSON on stdout: \(line.prefix(200))")
        }
    }

    @Test func aHundredMegabyteLineIsRefusedAndServingGoesOn() throws {
        let directory = try TemporaryDirectory()
        var input = [UInt8](repeating: UInt8(ascii: "["), count: 100 << 20)
        input.append(0x0A)
        input += Array(#"{"jsonrpc":"2.0","id":2,"method":"ping"}"#.utf8) + [0x0A]
        let outcome = try WizDBBinary.run([], input: input, in: directory.path, timeout: 60)
        #expect(outcome.status == 0)
        #expect(outcome.stdoutLines.count == 2)
        #expect(outcome.stdoutLines.first?.contains("line_too_long") == true)
        #expect(outcome.stdoutLines.last == #"{"jsonrpc":"2.0","id":2,"result":{}}"#)
    }
}
