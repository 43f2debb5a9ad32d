import Foundation
import JSONRPC
import Store
import Testing
import TestSupport
import JSON

/// The maintenance shortcuts of the command line, run as an operator would.
@Suite struct MaintenanceCommandTests {
    /// Runs `wizdb <subcommand> --db ... <rest>`.
    func command(_ subcommand: String, _ rest: [String] = [], in directory: TemporaryDirectory) throws -> WizDBBinary.Outcome {
        try WizDBBinary.run([subcommand, "--db", directory.file("db.sqlite")] + rest, input: [], in: directory.path)
    }

    func sql(_ text: String, in directory: TemporaryDirectory) throws {
        let outcome = try command("call", ["query.sql", String(decoding: JSONWriter.encode(["sql": .string(text)]), as: UTF8.self)], in: directory)
        #expect(outcome.status == 0, "\(text): \(outcome.stderr)")
    }

    func result(_ outcome: WizDBBinary.Outcome) throws -> JSONObject {
        guard case .object(let object) = try JSONReader.parse(outcome.stdoutText) else { throw TestFailure("not an object: \(outcome.stdoutText)") }
        return object
    }

    @Test func backupWhileAServerIsRunning() throws {
        let directory = try TemporaryDirectory()
        try sql("CREATE TABLE t (x)", in: directory)
        let server = try LiveProcess(in: directory)
        try server.send(#"{"jsonrpc":"2.0","id":1,"method":"query.sql","params":{"sql":"INSERT INTO t VALUES (1), (2)"}}"#)
        #expect(server.readLine()?.contains(#""changes":2"#) == true)
        let outcome = try command("backup", ["--name", "live.sqlite", "--keep", "3"], in: directory)
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let backup = try result(outcome)
        #expect(backup["path"] == .string(directory.file("backups/live.sqlite")))
        #expect(backup["verified"] == .bool(true))
        try server.stdin.fileHandleForWriting.close()
        #expect(server.waitForExit() == 0)
        let count = try command("call", ["query.sql", #"{"sql":"SELECT count(*) AS n FROM t"}"#, "--db", directory.file("backups/live.sqlite")],
                                in: directory)
        #expect(try result(count)["rows"] == [["n": 2]])

        let refused = try command("backup", ["--name", "../out.sqlite"], in: directory)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("path_not_allowed"), "\(refused.stderr)")
    }

    @Test func vacuumStatsAndCheck() throws {
        let directory = try TemporaryDirectory()
        try sql("CREATE TABLE users (id TEXT PRIMARY KEY NOT NULL, deactivated_at INTEGER)", in: directory)
        try sql("CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id TEXT REFERENCES users)", in: directory)
        try sql("INSERT INTO users VALUES ('a', NULL), ('b', 1)", in: directory)

        let vacuum = try command("vacuum", ["--into", "compact.sqlite"], in: directory)
        #expect(vacuum.status == 0, "\(vacuum.stderr)")
        #expect(try result(vacuum)["path"] == .string(directory.file("backups/compact.sqlite")))
        #expect(try command("vacuum", in: directory).status == 0)

        let stats = try result(try command("stats", in: directory))
        #expect(stats["tables"]?.arrayValue?.last?.objectValue?["deactivated"] == 1)

        let sound = try command("check", in: directory)
        #expect(sound.status == 0)
        #expect(try result(sound)["ok"] == .bool(true))
        // An orphan post, written by another program with foreign keys switched off (wizdb
        // refuses that pragma), makes the check fail with status 2.
        let forger = try Database(path: directory.file("db.sqlite"))
        try forger.execute("PRAGMA foreign_keys = OFF")
        try forger.execute("INSERT INTO posts (user_id) VALUES ('ghost')")
        let broken = try command("check", ["--quick"], in: directory)
        #expect(broken.status == 2)
        #expect(try result(broken)["foreignKeyViolations"]?.arrayValue?.count == 1)
    }

    @Test func restoreIsRefusedWhileServingAndWorksAfter() throws {
        let directory = try TemporaryDirectory()
        try sql("CREATE TABLE t (x)", in: directory)
        try sql("INSERT INTO t VALUES ('kept')", in: directory)
        #expect(try command("backup", ["--name", "good.sqlite"], in: directory).status == 0)
        try sql("DELETE FROM t", in: directory)

        let server = try LiveProcess(in: directory)
        try server.send(#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#)
        #expect(server.readLine() != nil)
        let refused = try command("restore", ["good.sqlite", "--lock-timeout", "100"], in: directory)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("open in another process"), "\(refused.stderr)")
        try server.stdin.fileHandleForWriting.close()
        #expect(server.waitForExit() == 0)

        let restored = try command("restore", ["good.sqlite"], in: directory)
        #expect(restored.status == 0, "\(restored.stderr)")
        let report = try result(restored)
        #expect(report["restoredFrom"] == .string("backups/good.sqlite"))
        let previous = try #require(report["previousCopy"]?.stringValue)
        #expect(previous.hasPrefix(directory.file("backups/database-")))
        let rows = try command("call", ["query.sql", #"{"sql":"SELECT x FROM t"}"#], in: directory)
        #expect(try result(rows)["rows"] == [["x": "kept"]])
        #expect(try command("restore", ["--read-only", "good.sqlite"], in: directory).status != 0)
    }
}
