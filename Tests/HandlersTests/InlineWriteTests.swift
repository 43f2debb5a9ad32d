import Foundation
import JSON
import Testing
import TestSupport

/// A short write sent when nothing else is queued runs on the input thread; these check that it
/// keeps every promise a write on the writer thread keeps: it never waits for a writer that is
/// held (it is queued for the writer instead, and the server stays responsive), one that runs
/// long is rolled back and runs once more on the writer (written once, cancellable there), and
/// later requests see what it wrote.
@Suite struct InlineWriteTests {
    private static let table = #"{"jsonrpc":"2.0","id":"setup","method":"query.sql","params":{"sql":"CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)"}}"#

    private func start(_ directory: TemporaryDirectory) throws -> LiveProcess {
        let server = try LiveProcess(in: directory)
        try server.send(Self.table)
        #expect(server.readLine()?.contains(#""id":"setup","result""#) == true)
        return server
    }

    private func count(_ server: LiveProcess) throws -> Int64? {
        try server.send(#"{"jsonrpc":"2.0","id":"count","method":"query.sql","params":{"sql":"SELECT count(*) AS n FROM t"}}"#)
        let answer = try #require(server.readLine())
        return try JSONReader.parse(answer).objectValue?["result"]?.objectValue?["rows"]?.arrayValue?.first?.objectValue?["n"]?.int64Value
    }

    @Test func writesSentOneAtATimeAreSeenByTheNextRequest() throws {
        let directory = try TemporaryDirectory()
        let server = try start(directory)
        for index in 1...50 {
            try server.send(#"{"jsonrpc":"2.0","id":\#(index),"method":"query.sql","params":{"sql":"INSERT INTO t (v) VALUES (?)","params":[\#(index)]}}"#)
            let answer = try #require(server.readLine())
            #expect(answer.contains(#""id":\#(index),"result""#) && answer.contains(#""changes":1"#), "got \(answer)")
            #expect(try count(server) == Int64(index))
        }
        try server.send(#"{"jsonrpc":"2.0","id":"del","method":"query.sql","params":{"sql":"DELETE FROM t WHERE v > 10"}}"#)
        #expect(server.readLine()?.contains(#""changes":40"#) == true)
        #expect(try count(server) == 10)
        try server.stdin.fileHandleForWriting.close()
        #expect(server.waitForExit() == 0)
    }

    @Test func aWriteThatWouldWaitForAHeldWriterIsQueuedAndTheServerKeepsAnswering() throws {
        let directory = try TemporaryDirectory()
        let server = try start(directory)
        try server.send(#"{"jsonrpc":"2.0","id":"begin","method":"transaction.begin","params":{"timeoutMs":60000}}"#)
        let begun = try #require(server.readLine())
        let tx = try #require(JSONReader.parse(begun).objectValue?["result"]?.objectValue?["tx"]?.stringValue)
        // Alone on the input: a candidate for the input thread, but the transaction holds the writer.
        try server.send(#"{"jsonrpc":"2.0","id":1,"method":"query.sql","params":{"sql":"INSERT INTO t (v) VALUES (1)"}}"#)
        try server.send(#"{"jsonrpc":"2.0","id":2,"method":"ping"}"#)
        // The ping is answered while the insert still waits: the input thread did not wait with it.
        #expect(server.readLine() == #"{"jsonrpc":"2.0","id":2,"result":{}}"#)
        try server.send(#"{"jsonrpc":"2.0","id":3,"method":"query.sql","params":{"sql":"INSERT INTO t (v) VALUES (?)","params":[3],"tx":"\#(tx)"}}"#)
        try server.send(#"{"jsonrpc":"2.0","id":4,"method":"transaction.commit","params":{"tx":"\#(tx)"}}"#)
        var answers: [String] = []
        while answers.count < 3, let line = server.readLine() { answers.append(line) }
        #expect(answers.contains { $0.contains(#""id":1,"result""#) && $0.contains(#""changes":1"#) }, "got \(answers)")
        #expect(answers.contains { $0.contains(#""id":3,"result""#) }, "got \(answers)")
        #expect(answers.contains(#"{"jsonrpc":"2.0","id":4,"result":{}}"#), "got \(answers)")
        // Written once each, the queued insert after the transaction's.
        try server.send(#"{"jsonrpc":"2.0","id":"order","method":"query.sql","params":{"sql":"SELECT v FROM t ORDER BY id","rowMode":"array"}}"#)
        #expect(server.readLine()?.contains(#""rows":[[3],[1]]"#) == true)
        try server.stdin.fileHandleForWriting.close()
        #expect(server.waitForExit() == 0)
    }

    @Test func aLongWriteIsRolledBackAndRunsOnceOnTheWriter() throws {
        let directory = try TemporaryDirectory()
        let server = try start(directory)
        // Far longer than the input thread's budget: it is stopped there, and runs again on the writer.
        let rows = 300_000
        try server.send(#"{"jsonrpc":"2.0","id":1,"method":"query.sql","params":{"sql":"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < \#(rows)) INSERT INTO t (v) SELECT x FROM c"}}"#)
        let answer = try #require(server.readLine(timeout: 60))
        #expect(answer.contains(#""id":1,"result""#) && answer.contains(#""changes":\#(rows)"#), "got \(answer)")
        #expect(try count(server) == Int64(rows))
        try server.stdin.fileHandleForWriting.close()
        #expect(server.waitForExit() == 0)
    }

    @Test func aLongWriteMovedToTheWriterCanBeCancelled() throws {
        let directory = try TemporaryDirectory()
        let server = try start(directory)
        // Never ends by itself: only cancellation stops it.
        try server.send(#"{"jsonrpc":"2.0","id":1,"method":"query.sql","params":{"sql":"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) INSERT INTO t (v) SELECT x FROM c"}}"#)
        try server.send(#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}"#)
        let answer = try #require(server.readLine(timeout: 60))
        #expect(answer.contains(#""id":1,"error""#) && answer.contains("-32800"), "got \(answer)")
        #expect(try count(server) == 0)
        try server.stdin.fileHandleForWriting.close()
        #expect(server.waitForExit() == 0)
    }

    @Test func structuredWritesSentOneAtATime() throws {
        let directory = try TemporaryDirectory()
        try #"{"tables": {"notes": {"columns": {"body": {"type": "text", "notNull": true}}}}}"#
            .write(toFile: directory.file("wizdb.schema.json"), atomically: true, encoding: .utf8)
        let server = try LiveProcess(in: directory)
        try server.send(#"{"jsonrpc":"2.0","id":0,"method":"schema.push"}"#)
        #expect(server.readLine()?.contains(#""id":0,"result""#) == true)
        try server.send(#"{"jsonrpc":"2.0","id":1,"method":"query.insert","params":{"table":"notes","rows":[{"body":"a"}],"returning":["id"]}}"#)
        let inserted = try #require(server.readLine())
        let id = try #require(JSONReader.parse(inserted).objectValue?["result"]?.objectValue?["rows"]?.arrayValue?.first?.objectValue?["id"]?.stringValue,
                              "got \(inserted)")
        try server.send(#"{"jsonrpc":"2.0","id":2,"method":"query.update","params":{"table":"notes","id":"\#(id)","set":{"body":"b"}}}"#)
        #expect(server.readLine()?.contains(#""changes":1"#) == true)
        try server.send(#"{"jsonrpc":"2.0","id":3,"method":"query.get","params":{"table":"notes","id":"\#(id)"}}"#)
        #expect(server.readLine()?.contains(#""body":"b""#) == true)
        try server.send(#"{"jsonrpc":"2.0","id":4,"method":"query.softDelete","params":{"table":"notes","id":"\#(id)"}}"#)
        #expect(server.readLine()?.contains(#""changes":1"#) == true)
        try server.send(#"{"jsonrpc":"2.0","id":5,"method":"query.restore","params":{"table":"notes","id":"\#(id)"}}"#)
        #expect(server.readLine()?.contains(#""changes":1"#) == true)
        try server.send(#"{"jsonrpc":"2.0","id":6,"method":"query.delete","params":{"table":"notes","id":"\#(id)"}}"#)
        #expect(server.readLine()?.contains(#""changes":1"#) == true)
        try server.stdin.fileHandleForWriting.close()
        #expect(server.waitForExit() == 0)
    }
}
