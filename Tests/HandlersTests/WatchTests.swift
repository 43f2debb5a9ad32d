import Foundation
import JSON
import Testing
import TestSupport

/// Live queries beyond what golden sessions show: another process writing, bursts, many watches.
@Suite struct WatchTests {
    private static func object(_ line: String) -> JSONObject? { try? JSONReader.parse(line).objectValue }

    /// Reads lines until `until` holds for one, collecting the notifications seen on the way.
    private static func read(_ server: HostProcess, timeout: TimeInterval = 20, until: (JSONObject) -> Bool)
        -> (found: JSONObject?, notifications: [JSONObject]) {
        var notifications: [JSONObject] = []
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, let line = server.nextLine(timeout: deadline.timeIntervalSinceNow) {
            guard let object = object(line) else { continue }
            if object["method"]?.stringValue == "watch/changed" { notifications.append(object) }
            if until(object) { return (object, notifications) }
        }
        return (nil, notifications)
    }

    private static func result(of notification: JSONObject) -> JSONValue? { notification["params"]?.objectValue?["result"] }

    @Test func anotherProcessWritingIsNoticed() throws {
        let directory = try TemporaryDirectory()
        let db = directory.file("db.sqlite")
        let setup = try WizDBBinary.run(["call", "--db", db, "query.sql", #"{"sql":"CREATE TABLE t (v INTEGER)"}"#], input: [], in: directory.path)
        #expect(setup.status == 0, "\(setup.stderr)")
        let watcher = try HostProcess(arguments: ["--db", db], in: directory.path)
        watcher.send(#"{"jsonrpc":"2.0","id":1,"method":"query.watch","params":{"method":"query.sql","params":{"sql":"SELECT count(*) AS n FROM t"}}}"#)
        #expect(Self.read(watcher) { $0["id"] == 1 }.found?["result"] != nil)
        let writer = try WizDBBinary.run(["call", "--db", db, "query.sql", #"{"sql":"INSERT INTO t VALUES (1), (2)"}"#], input: [], in: directory.path)
        #expect(writer.status == 0, "\(writer.stderr)")
        let seen = Self.read(watcher, timeout: 5) { $0["method"]?.stringValue == "watch/changed" }
        let rows = seen.found.flatMap(Self.result)?.objectValue?["rows"]?.arrayValue
        #expect(rows?.first?.objectValue?["n"] == 2, "got \(String(describing: seen.found))")
        watcher.closeInput()
        #expect(watcher.waitForExit() == 0)
    }

    /// 10,000 pipelined increments while watching the sum: notifications only ever go up, and the
    /// last one equals the final sum.
    @Test func aBurstEndsWithTheFinalResult() throws {
        let directory = try TemporaryDirectory()
        let server = try HostProcess(arguments: ["--db", directory.file("db.sqlite")], in: directory.path)
        server.send(#"{"jsonrpc":"2.0","id":"t","method":"query.sql","params":{"sql":"CREATE TABLE c (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)"}}"#)
        server.send(#"{"jsonrpc":"2.0","id":"r","method":"query.sql","params":{"sql":"INSERT INTO c VALUES (1, 0)"}}"#)
        server.send(#"{"jsonrpc":"2.0","id":"w","method":"query.watch","params":{"method":"query.sql","params":{"sql":"SELECT n FROM c WHERE id = 1"}}}"#)
        #expect(Self.read(server) { $0["id"] == "w" }.found?["result"] != nil)
        let burst = (0..<10_000).map { #"{"jsonrpc":"2.0","id":\#($0),"method":"query.sql","params":{"sql":"UPDATE c SET n = n + 1 WHERE id = 1"}}"# }
        let text = burst.joined(separator: "\n")
        Thread.detachNewThread { server.send(text) }
        let seen = Self.read(server, timeout: 120) { $0["id"] == 9999 }
        #expect(seen.found?["result"] != nil)
        // The last notification may follow the last answer.
        var notifications = seen.notifications
        notifications += Self.read(server, timeout: 2) { _ in false }.notifications
        let values = notifications.compactMap { Self.result(of: $0)?.objectValue?["rows"]?.arrayValue?.first?.objectValue?["n"]?.int64Value }
        #expect(!values.isEmpty)
        #expect(values == values.sorted(), "notifications must follow commit order")
        #expect(values.last == 10_000, "the last notification must be the final sum, got \(values.last.map(String.init) ?? "none") after \(values.count) notifications")
        server.closeInput()
        #expect(server.waitForExit() == 0)
    }

    /// 1,000 watches, two writers: each watch's last notification equals what its query returns
    /// from the database at the end.
    @Test func manyWatchesUnderConcurrentWritersEndRight() throws {
        let directory = try TemporaryDirectory()
        let db = directory.file("db.sqlite")
        let server = try HostProcess(arguments: ["--db", db], in: directory.path)
        server.send(#"{"jsonrpc":"2.0","id":"t","method":"query.sql","params":{"sql":"CREATE TABLE k (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)"}}"#)
        let seed = (0..<100).map { "(\($0), 0)" }.joined(separator: ",")
        server.send(#"{"jsonrpc":"2.0","id":"s","method":"query.sql","params":{"sql":"INSERT INTO k VALUES \#(seed)"}}"#)
        for index in 0..<1000 {
            server.send(#"{"jsonrpc":"2.0","id":"w\#(index)","method":"query.watch","params":{"method":"query.sql","params":{"sql":"SELECT sum(v) + \#(index) AS s FROM k WHERE id % 10 = \#(index % 10)"}}}"#)
        }
        var watchOfIndex: [String: Int] = [:]
        var last: [String: Int64] = [:]
        let opened = Self.read(server, timeout: 120) { object in
            if let id = object["id"]?.stringValue, id.hasPrefix("w"), let watch = object["result"]?.objectValue?["watch"]?.stringValue {
                watchOfIndex[watch] = Int(id.dropFirst())
            }
            return object["id"] == "w999"
        }
        #expect(opened.found != nil && watchOfIndex.count == 1000, "opened \(watchOfIndex.count) watches")
        // Writes from this process and from another one at the same time.
        let other = Thread {
            for round in 0..<20 {
                _ = try? WizDBBinary.run(["call", "--db", db, "query.sql", #"{"sql":"UPDATE k SET v = v + 1 WHERE id % 7 = \#(round % 7)"}"#],
                                         input: [], in: directory.path)
            }
        }
        other.start()
        for round in 0..<200 {
            server.send(#"{"jsonrpc":"2.0","id":"u\#(round)","method":"query.sql","params":{"sql":"UPDATE k SET v = v + 2 WHERE id % 13 = \#(round % 13)"}}"#)
        }
        while other.isExecuting || !other.isFinished { Thread.sleep(forTimeInterval: 0.05) }
        server.send(#"{"jsonrpc":"2.0","id":"end","method":"ping"}"#)
        var notifications = Self.read(server, timeout: 120) { $0["id"] == "end" }.notifications
        // Give the last re-runs (after the other process's last commit) time to arrive.
        notifications += Self.read(server, timeout: 3) { _ in false }.notifications
        for notification in notifications {
            guard let params = notification["params"]?.objectValue, let watch = params["watch"]?.stringValue,
                  let value = params["result"]?.objectValue?["rows"]?.arrayValue?.first?.objectValue?["s"]?.int64Value else { continue }
            last[watch] = value
        }
        server.closeInput()
        #expect(server.waitForExit() == 0)
        let file = try SQLiteFile(path: db)
        var wrong = 0
        for (watch, index) in watchOfIndex {
            let expected = try file.rows("SELECT sum(v) + \(index) FROM k WHERE id % 10 = \(index % 10)")[0][0].flatMap { Int64($0) }
            let initial = Int64(index)
            if (last[watch] ?? initial) != expected { wrong += 1 }
        }
        #expect(wrong == 0, "\(wrong) of 1000 watches did not end on the database's final value (\(notifications.count) notifications)")
    }
}
