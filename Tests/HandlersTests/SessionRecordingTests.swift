import Foundation
import Testing
import TestSupport

/// `wizdb --record-session DIR`: a served session becomes a case that `wizdb replay` runs clean.
@Suite struct SessionRecordingTests {
    static let root = GoldenSession.packageRoot
    static let deterministic = ["--fixed-clock", "2026-01-01T00:00:00Z", "--id-seed", "1"]

    static func sessions(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }

    @Test func theExampleAppsFlowsReplayClean() throws {
        let directory = try TemporaryDirectory()
        let data = directory.file("data")
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let sessions = directory.file("sessions")
        let output = try ClientTests.tool("node", install: "apt-get install nodejs",
                                          [Self.root + "/examples/node-host/host.mjs", data, "--record-session", sessions] + Self.deterministic)
        #expect(output.contains("refused: Insufficient credits\n"), "\(output)")
        let files = try Self.sessions(in: sessions)
        #expect(files.count == 3, "\(files)")
        guard let input = files.first(where: { $0.hasSuffix(".in.jsonl") }) else { return }
        let stamp = String(input.dropLast(".in.jsonl".count))
        #expect(stamp.wholeMatch(of: /\d{8}T\d{6}Z/) != nil, "named after the UTC time: \(stamp)")
        #expect(files == [stamp + ".args", stamp + ".in.jsonl", stamp + ".out.jsonl"])
        #expect(try String(contentsOfFile: sessions + "/" + stamp + ".args", encoding: .utf8) == "--fixed-clock 2026-01-01T00:00:00Z --id-seed 1\n")

        // The flows are in it: sign-up with a profile, a transfer and a refused one, soft
        // delete and restore, keyset pages.
        let requests = try String(contentsOfFile: sessions + "/" + stamp + ".in.jsonl", encoding: .utf8)
        let answers = try String(contentsOfFile: sessions + "/" + stamp + ".out.jsonl", encoding: .utf8)
        for method in ["transaction.begin", "\"table\":\"user_profiles\"", "transaction.commit", "transaction.run", "query.softDelete",
                       "query.restore", "query.paginate", "\"cursor\":"] {
            #expect(requests.contains(method), "no \(method) in the recorded requests")
        }
        #expect(answers.contains(#""message":"Insufficient credits""#))
        #expect(answers.contains(#""deactivatedBy":"example""#))
        #expect(answers.contains(#""sqliteVersion":"$SQLITE_VERSION""#), "placeholders as a replay writes them")
        let requestCount = requests.split(separator: "\n").count
        let answerCount = answers.split(separator: "\n").count
        #expect(answerCount == requestCount - 1, "one answer per request but the exit notification: \(answerCount) for \(requestCount)")
        // In request order: the ids of the answers rise.
        let ids = answers.split(separator: "\n").compactMap { line in line.firstMatch(of: /"id":(\d+),/).flatMap { Int($0.1) } }
        #expect(ids == ids.sorted() && ids.count == answerCount, "\(ids)")

        let replay = try WizDBBinary.run(["replay", sessions, "--schema", Self.root + "/wizdb.schema.json", "--migrations", Self.root + "/migrations"],
                                         input: [], in: directory.path, timeout: 300)
        #expect(replay.status == 0, "\(replay.stdoutText)\(replay.stderr)")
        #expect(replay.stdoutLines.last == "1 passed, 0 failed")
    }

    @Test func answersAreRecordedInRequestOrderWhateverOrderTheHostGotThem() throws {
        let directory = try TemporaryDirectory()
        let sessions = directory.file("sessions")
        let server = try HostProcess(arguments: ["--db", directory.file("db.sqlite"), "--record-session", sessions] + Self.deterministic,
                                     in: directory.path)
        // A slow read, then a ping: the ping is answered first.
        let sent = #"{"jsonrpc":"2.0","id":1,"method":"query.sql","params":{"sql":"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) SELECT count(*) AS n FROM c","readOnly":true}}"#
            + "\n" + #"{"jsonrpc":"2.0","id":2,"method":"ping"}"# + "\n"
        #expect(server.send(bytes: Array(sent.utf8)))
        let first = server.nextLine(timeout: 60)
        let second = server.nextLine(timeout: 60)
        #expect(first == #"{"jsonrpc":"2.0","id":2,"result":{}}"#, "the live answers come as they finish")
        #expect(second?.hasPrefix(#"{"jsonrpc":"2.0","id":1,"result":{"rows":[{"n":3000000}]"#) == true, "\(second ?? "nothing")")
        server.closeInput()
        #expect(server.waitForExit(timeout: 30) == 0)

        let files = try Self.sessions(in: sessions)
        let stem = sessions + "/" + String(files[0].prefix { $0 != "." })
        #expect(try Data(contentsOf: URL(fileURLWithPath: stem + ".in.jsonl")) == Data(sent.utf8), "the input, byte for byte")
        let recorded = try String(contentsOfFile: stem + ".out.jsonl", encoding: .utf8)
        #expect(recorded == (second ?? "") + "\n" + (first ?? "") + "\n", "answers in request order")

        let replay = try WizDBBinary.run(["replay", sessions], input: [], in: directory.path, timeout: 300)
        #expect(replay.status == 0, "\(replay.stdoutText)")
    }

    @Test func aSecondSessionInTheSameSecondGetsItsOwnName() throws {
        let directory = try TemporaryDirectory()
        let sessions = directory.file("sessions")
        let ping = Array((#"{"jsonrpc":"2.0","id":1,"method":"ping"}"# + "\n").utf8)
        for _ in 0..<2 {
            let outcome = try WizDBBinary.run(["--db", directory.file("db.sqlite"), "--record-session", sessions], input: ping, in: directory.path)
            #expect(outcome.status == 0)
        }
        let files = try Self.sessions(in: sessions)
        #expect(files.count == 4, "\(files)")
        #expect(Set(files.map { $0.hasSuffix(".in.jsonl") || $0.hasSuffix(".out.jsonl") }) == [true])
    }

    @Test func recordingWithTheSystemClockSaysItWillNotReplay() throws {
        let directory = try TemporaryDirectory()
        let outcome = try WizDBBinary.run(["--db", directory.file("db.sqlite"), "--record-session", directory.file("s")],
                                          input: Array((#"{"jsonrpc":"2.0","id":1,"method":"ping"}"# + "\n").utf8), in: directory.path)
        #expect(outcome.status == 0)
        #expect(outcome.stdoutText == #"{"jsonrpc":"2.0","id":1,"result":{}}"# + "\n", "the host is served as usual")
        #expect(outcome.stderr.contains("recording with the system clock and random ids"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("--fixed-clock and --id-seed"))
    }

    @Test func anUnwritableFolderStopsTheServerAtStart() throws {
        let directory = try TemporaryDirectory()
        try Data().write(to: URL(fileURLWithPath: directory.file("file")))
        let outcome = try WizDBBinary.run(["--db", directory.file("db.sqlite"), "--record-session", directory.file("file/sessions")],
                                          input: [], in: directory.path)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("wizdb: cannot record the session to \(directory.file("file/sessions"))"), "\(outcome.stderr)")
    }
}
