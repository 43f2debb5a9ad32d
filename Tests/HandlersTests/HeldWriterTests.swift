import Foundation
import JSON
import Testing
import TestSupport

/// A transaction that holds the writer must not make the server deaf: its own calls, ping and
/// cancellation are served at once whatever is queued behind it, and queued writes give up
/// together when their wait (counted from when each arrived) passes the busy timeout.
@Suite struct HeldWriterTests {
    private static let table = #"{"jsonrpc":"2.0","id":"setup","method":"query.sql","params":{"sql":"CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"}}"#

    private func begin(_ server: LiveProcess, timeoutMs: Int = 60_000) throws -> String {
        try server.send(Self.table)
        #expect(server.readLine()?.contains(#""id":"setup","result""#) == true)
        try server.send(#"{"jsonrpc":"2.0","id":"begin","method":"transaction.begin","params":{"timeoutMs":\#(timeoutMs)}}"#)
        let answer = try #require(server.readLine())
        return try #require(JSONReader.parse(answer).objectValue?["result"]?.objectValue?["tx"]?.stringValue)
    }

    @Test func aCommitIsNotQueuedBehindTheWriteThatWaitsForIt() throws {
        let directory = try TemporaryDirectory()
        let server = try LiveProcess(in: directory)
        let tx = try begin(server)
        try server.send(#"{"jsonrpc":"2.0","id":1,"method":"query.sql","params":{"sql":"INSERT INTO t (v) VALUES ('plain')"}}"# + "\n"
            + #"{"jsonrpc":"2.0","id":2,"method":"transaction.commit","params":{"tx":"\#(tx)"}}"#)
        var answers: [String] = []
        let start = Date()
        while answers.count < 2, let line = server.readLine() { answers.append(line) }
        let seconds = Date().timeIntervalSince(start)
        #expect(seconds < 2, "both answered only after \(seconds) s (the busy timeout is 5 s)")
        #expect(answers.contains(#"{"jsonrpc":"2.0","id":2,"result":{}}"#), "got \(answers)")
        #expect(answers.contains { $0.contains(#""id":1,"result""#) && $0.contains(#""changes":1"#) }, "got \(answers)")
        try server.stdin.fileHandleForWriting.close()
        #expect(server.waitForExit() == 0)
    }

    @Test func queuedWritesCountTheirWaitFromArrival() throws {
        let directory = try TemporaryDirectory()
        let server = try LiveProcess(arguments: ["--busy-timeout", "1000"], in: directory)
        _ = try begin(server)
        let start = Date()
        for id in 1...3 {
            try server.send(#"{"jsonrpc":"2.0","id":\#(id),"method":"query.sql","params":{"sql":"INSERT INTO t (v) VALUES ('w')"}}"#)
        }
        try server.send(#"{"jsonrpc":"2.0","id":4,"method":"ping"}"#)
        var answers: [String] = []
        var pingSeconds = 0.0
        while answers.count < 4, let line = server.readLine() {
            if line.contains(#""id":4,"#) { pingSeconds = Date().timeIntervalSince(start) }
            answers.append(line)
        }
        let seconds = Date().timeIntervalSince(start)
        #expect(pingSeconds < 0.5, "ping answered after \(pingSeconds) s")
        #expect(answers.filter { $0.contains(#""kind":"busy""#) }.count == 3, "got \(answers)")
        // Chained waits would take three timeouts (3 s); counted from arrival they end together.
        #expect(seconds < 2.5, "the three queued writes failed only after \(seconds) s")
        try server.stdin.fileHandleForWriting.close()
        #expect(server.waitForExit() == 0)
    }

    @Test func pingCancelAndCommitAreServedPastAFullQueue() throws {
        let directory = try TemporaryDirectory()
        let server = try LiveProcess(in: directory)
        let tx = try begin(server)
        // A write waits for the transaction; 3,000 reads wait for the write: more than the
        // in-flight limit, so input would stop being read without parking.
        var burst = [#"{"jsonrpc":"2.0","id":"w","method":"query.sql","params":{"sql":"INSERT INTO t (v) VALUES ('queued')"}}"#]
        burst += (0..<3000).map { #"{"jsonrpc":"2.0","id":\#($0),"method":"query.sql","params":{"sql":"SELECT count(*) AS n FROM t","readOnly":true}}"# }
        burst.append(#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":2999}}"#)
        burst.append(#"{"jsonrpc":"2.0","id":"ping","method":"ping"}"#)
        let text = burst.joined(separator: "\n")
        let writer = Thread { try? server.send(text) }
        writer.start()
        var seen: Set<String> = []
        var cancelled: String?
        let start = Date()
        var pingSeconds = -1.0
        var commitSent = Date()
        var commitSeconds = -1.0
        while seen.count < 3002, let line = server.readLine() {
            let object = try JSONReader.parse(line).objectValue
            seen.insert(object?["id"].map { String(describing: $0) } ?? "?")
            if line == #"{"jsonrpc":"2.0","id":"ping","result":{}}"# {
                pingSeconds = Date().timeIntervalSince(start)
                commitSent = Date()
                try server.send(#"{"jsonrpc":"2.0","id":"commit","method":"transaction.commit","params":{"tx":"\#(tx)"}}"#)
            }
            if line.contains(#""id":"commit","#) { commitSeconds = Date().timeIntervalSince(commitSent) }
            if line.contains(#""id":2999,"#) { cancelled = line }
        }
        #expect(pingSeconds >= 0 && pingSeconds < 1, "ping answered after \(pingSeconds) s")
        #expect(seen.count == 3002, "every request answered once")
        #expect(commitSeconds >= 0 && commitSeconds < 1, "commit answered after \(commitSeconds) s")
        #expect(cancelled?.contains(#""code":-32800"#) == true, "got \(cancelled ?? "nothing")")
        try server.stdin.fileHandleForWriting.close()
        #expect(server.waitForExit() == 0)
    }

    /// Once a long read has its snapshot, writes received after it go ahead: it cannot see them.
    @Test func aLongReadDoesNotHoldBackLaterWrites() throws {
        let directory = try TemporaryDirectory()
        let server = try LiveProcess(in: directory)
        try server.send(Self.table)
        #expect(server.readLine()?.contains(#""id":"setup","result""#) == true)
        let endless = #"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c, t"#
        try server.send(#"{"jsonrpc":"2.0","id":"long","method":"query.sql","params":{"sql":"\#(endless)","readOnly":true}}"#)
        try server.send(#"{"jsonrpc":"2.0","id":"w","method":"query.sql","params":{"sql":"INSERT INTO t (v) VALUES ('after')"}}"#)
        let started = Date()
        let answer = server.readLine(timeout: 5)
        #expect(answer?.contains(#""id":"w","result""#) == true, "got \(answer ?? "nothing")")
        #expect(Date().timeIntervalSince(started) < 1, "the write waited \(Date().timeIntervalSince(started)) s for the read")
        try server.send(#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"long"}}"#)
        #expect(server.readLine()?.contains(#""id":"long","error":{"code":-32800"#) == true)
        try server.stdin.fileHandleForWriting.close()
        #expect(server.waitForExit() == 0)
    }
}
