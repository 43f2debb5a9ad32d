import Foundation
@testable import Handlers
import JSONRPC
import Store
import Testing
import TestSupport
import JSON

@Suite struct MaintenanceHandlerTests {
    static let hostileNames = ["", "/etc/passwd", "..", "../x.sqlite", "../../x.sqlite", "a/b.sqlite", "a\\b.sqlite", "./x.sqlite",
                               ".hidden", "x\u{0}.sqlite", "x\n.sqlite", "\u{1B}x.sqlite", "x.sqlite-wal", "x.sqlite-journal",
                               "db.sqlite", "db.sqlite-wal", "db-archive.sqlite", String(repeating: "z", count: 300),
                               "~/x.sqlite", "/", "x.sqlite/", "%2e%2e/x.sqlite"]

    @Test(arguments: hostileNames)
    func hostileNamesAreRefusedWithPathNotAllowed(_ name: String) throws {
        let server = try TestServer(backupsInDatabaseFolder: true)
        for (method, key) in [("maintenance.backup", "name"), ("maintenance.vacuum", "into")] {
            let error = try server.error(method, [key: .string(name)])
            #expect(error["code"]?.int64Value == Int64(ErrorCode.pathNotAllowed), "\(method) \(name.debugDescription)")
            #expect(error["data"]?.objectValue?["kind"] == "path_not_allowed")
            #expect(error["data"]?.objectValue?["name"] == .string(name))
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: server.directory.path)
            .filter { !$0.hasPrefix("db.sqlite") && !$0.hasPrefix(".stdin") }
        #expect(left.isEmpty, "files were left behind: \(left)")
    }

    @Test func longOperationsRunOnTheRightLane() throws {
        let server = try TestServer()
        let methods = Dictionary(uniqueKeysWithValues: Registry.methods(for: server.server).map { ($0.name, $0) })
        // Copies and checks read one snapshot on a reader, so writes go on; rewrites take the writer.
        #expect(methods["maintenance.backup"]?.lane(nil) == .read)
        #expect(methods["maintenance.vacuum"]?.lane(["into": "x.sqlite"]) == .read)
        #expect(methods["maintenance.vacuum"]?.lane(nil) == .write)
        #expect(methods["maintenance.integrityCheck"]?.lane(nil) == .read)
        #expect(methods["maintenance.stats"]?.lane(nil) == .read)
        #expect(methods["maintenance.optimize"]?.lane(nil) == .write)
        #expect(methods["maintenance.checkpoint"]?.lane(nil) == .write)
        #expect(methods["maintenance.archive"]?.lane(nil) == .write)
    }

    @Test func backupProgressIsSentForAWorkDoneToken() throws {
        let server = try TestServer(backupsInDatabaseFolder: true)
        _ = try server.result("query.sql", ["sql": "CREATE TABLE t (x)"])
        let before = server.output.lines.count
        let request: JSONValue = ["jsonrpc": "2.0", "id": 2, "method": "maintenance.backup",
                                  "params": ["workDoneToken": "tok", "name": "a.sqlite"]]
        server.dispatcher.receive(line: JSONWriter.encode(request))
        server.dispatcher.waitUntilIdle()
        let lines = Array(server.output.texts.dropFirst(before))
        #expect(lines.count == 5, "\(lines)")
        #expect(lines.dropLast().allSatisfy { $0.contains(#""method":"$/progress""#) && $0.contains(#""token":"tok""#) })
        #expect(lines.last?.contains(#""verified":true"#) == true)
        #expect(FileManager.default.fileExists(atPath: server.directory.file("a.sqlite")))
    }

    @Test func cancellingARunningBackupAnswersCancelledAndLeavesNoFile() throws {
        let confined = try TestServer(ordered: false, backupsInDatabaseFolder: true)
        _ = try confined.result("query.sql", ["sql": "CREATE TABLE t (x BLOB)"])
        let fill = "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 12000) INSERT INTO t SELECT randomblob(4000) FROM c"
        _ = try confined.result("query.sql", ["sql": .string(fill)])
        let before = confined.output.lines.count
        let request: JSONValue = ["jsonrpc": "2.0", "id": 9, "method": "maintenance.backup", "params": ["workDoneToken": "b"]]
        confined.dispatcher.receive(line: JSONWriter.encode(request))
        // Cancel once the copy has reported its first step: it is running, not queued.
        let deadline = Date().addingTimeInterval(10)
        func running() -> Bool { confined.output.texts.dropFirst(before).contains { $0.contains(#""kind":"report""#) } }
        while Date() < deadline, !running() { Thread.sleep(forTimeInterval: 0.001) }
        #expect(running(), "the backup never reported a step")
        confined.dispatcher.receive(line: JSONWriter.encode(["jsonrpc": "2.0", "method": "$/cancelRequest", "params": ["id": 9]]))
        confined.dispatcher.waitUntilIdle()
        let answer = try #require(confined.output.texts.dropFirst(before).last)
        #expect(answer.contains(#""kind":"cancelled""#), "\(answer)")
        let left = try FileManager.default.contentsOfDirectory(atPath: confined.directory.path).filter { !$0.hasPrefix("db.sqlite") }
        #expect(left.isEmpty, "\(left)")
    }
}
