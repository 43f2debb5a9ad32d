import Foundation
import Synchronization
@testable import Handlers
import JSON
import JSONRPC
import PostgresBackend
import Store
import Testing
import TestSupport

/// The PostgreSQL location the PostgreSQL tests use (`scripts/pg-cluster start` prints it);
/// without it those tests are skipped.
enum PostgresTestCluster {
    static let url = ProcessInfo.processInfo.environment["WIZDB_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static var available: Bool { url != nil }

    /// A new, empty database on the test cluster, dropped by `drop(_:)`.
    static func makeDatabase() throws -> String {
        guard let url else { throw TestFailure("WIZDB_TEST_POSTGRES_URL is not set") }
        let parsed = try PostgresURL(url)
        let name = "wizdb_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        try admin { db in try db.execute("CREATE DATABASE \(SQL.quote(name))") }
        var target = parsed
        target.database = name
        return url.replacingOccurrences(of: "/\(parsed.database)", with: "/\(name)")
    }

    static func drop(_ location: String) {
        guard let name = try? PostgresURL(location).database else { return }
        try? admin { db in try db.execute("DROP DATABASE IF EXISTS \(SQL.quote(name)) WITH (FORCE)") }
    }

    static func admin(_ body: (Database) throws -> Void) throws {
        guard let url else { return }
        let store = try Store(Store.Configuration(path: "admin", remote: PostgresBackend(url: try PostgresURL(url))))
        try store.withWriter { db in try body(db) }
    }
}

/// A server on a new PostgreSQL database, with the declared schema pushed into it.
final class PostgresTestServer: DispatchingTestServer, @unchecked Sendable {
    let location: String
    let directory: TemporaryDirectory
    let server: Server
    let output = CapturingOutput()
    let dispatcher: Dispatcher

    init(schema: String = AppSchema.text) throws {
        location = try PostgresTestCluster.makeDatabase()
        directory = try TemporaryDirectory()
        var settings = Server.Settings()
        settings.schemaPath = directory.file("wizdb.schema.json")
        settings.migrationsPath = directory.file("migrations")
        settings.backupsPath = directory.file("backups")
        try schema.write(toFile: settings.schemaPath, atomically: true, encoding: .utf8)
        let store = try Store(Store.Configuration(path: location, remote: PostgresBackend(url: try PostgresURL(location))))
        server = try Server(store: store, settings: settings, time: .fixed(seconds: 1_767_225_600),
                            ids: IDGenerator(time: .fixed(seconds: 1_767_225_600), seed: 1))
        dispatcher = server.makeDispatcher(options: Dispatcher.Options(orderedResponses: true), output: output)
        _ = try result("schema.push", [:])
    }

    deinit { PostgresTestCluster.drop(location) }

    func insertUser(_ email: String, name: String, credits: Int64 = 0) throws -> String {
        let result = try result("query.insert", ["table": "users", "values": ["email": .string(email), "name": .string(name), "credits": .integer(credits)]])
        guard case .string(let id)? = result["rows"]?[0]?["id"] else { throw TestFailure("no id in \(result)") }
        return id
    }
}

@Suite struct PostgresURLTests {
    @Test func severalHostsAndOptions() throws {
        let url = try PostgresURL("postgresql://app:p%40ss@db1:5433,db2,[::1]:6000/shop?target_session_attrs=read-write&connect_timeout=3")
        #expect(url.user == "app")
        #expect(url.password == "p@ss")
        #expect(url.database == "shop")
        #expect(url.endpoints.map(\.host) == ["db1", "db2", "::1"])
        #expect(url.endpoints.map(\.port) == [5433, 5432, 6000])
        #expect(url.requiresPrimary)
        #expect(url.connectTimeoutSeconds == 3)
        #expect(url.redacted == "postgres://app@db1:5433,db2:5432,::1:6000/shop")
    }

    @Test func socketFolder() throws {
        let url = try PostgresURL("postgres://me@/app?host=/tmp/cluster&port=7000")
        #expect(url.endpoints.first?.socketPath == "/tmp/cluster/.s.PGSQL.7000")
    }

    @Test func unknownOptionIsRefused() {
        #expect(throws: PostgresURLError.self) { try PostgresURL("postgres://a@b/c?sslmode=require") }
        #expect(throws: PostgresURLError.self) { try PostgresURL("mysql://a@b/c") }
    }
}

@Suite(.enabled(if: PostgresTestCluster.available, "needs WIZDB_TEST_POSTGRES_URL (scripts/pg-cluster start)"), .serialized)
struct PostgresQueryTests {
    @Test func initializeReportsTheServer() throws {
        let server = try PostgresTestServer()
        let result = try server.result("initialize")
        #expect(result["capabilities"]?["backend"] == "postgres")
        #expect(result["capabilities"]?["sqlDialect"] == "postgresql")
        #expect(result["capabilities"]?["serverVersion"]?.stringValue?.isEmpty == false)
    }

    @Test func insertGetUpdateDelete() throws {
        let server = try PostgresTestServer()
        let id = try server.insertUser("a@b.c", name: "Ann", credits: 10)
        let row = try server.result("query.get", ["table": "users", "id": .string(id)])["row"]
        #expect(row?["email"] == "a@b.c")
        #expect(row?["credits"] == .integer(10))
        #expect(row?["createdAt"] == "2026-01-01T00:00:00Z")
        #expect(row?["deactivatedAt"] == .null)
        let updated = try server.result("query.update", ["table": "users", "id": .string(id), "increment": ["credits": 5], "returning": ["credits"]])
        #expect(updated["changes"] == 1)
        #expect(updated["rows"]?[0]?["credits"] == 15)
        let missing = try server.result("query.get", ["table": "users", "id": "nope"])
        #expect(missing["row"] == .null)
        let deleted = try server.result("query.delete", ["table": "users", "id": .string(id)])
        #expect(deleted["changes"] == 1)
    }

    @Test func likeIgnoresASCIICaseAndNullsSortFirstAscending() throws {
        let server = try PostgresTestServer()
        _ = try server.insertUser("x@y.z", name: "Zed")
        _ = try server.result("query.insert", ["table": "users", "values": ["email": "q@y.z", "name": "amy", "score": .double(1.5)]])
        _ = try server.result("query.insert", ["table": "users", "values": ["email": "r@y.z", "name": "Bob", "score": .double(0.5)]])
        let found = try server.result("query.select", ["table": "users", "where": ["name": ["like": "A%"]], "fields": ["name"]])
        #expect(found["rows"] == [["name": "amy"]])
        let ordered = try server.result("query.select", ["table": "users", "orderBy": [["field": "score", "direction": "asc"]], "fields": ["name"]])
        #expect(ordered["rows"] == [["name": "Zed"], ["name": "Bob"], ["name": "amy"]])
        let descending = try server.result("query.select", ["table": "users", "orderBy": [["field": "score", "direction": "desc"]], "fields": ["name"]])
        #expect(descending["rows"] == [["name": "amy"], ["name": "Bob"], ["name": "Zed"]])
        let count = try server.result("query.count", ["table": "users", "where": ["score": ["isNull": false]]])
        #expect(count["count"] == 2)
        let none = try server.result("query.count", ["table": "users", "where": ["name": ["in": []]]])
        #expect(none["count"] == 0)
    }

    @Test func keysetPaginationVisitsEveryRowOnce() throws {
        let server = try PostgresTestServer()
        for index in 0..<7 { _ = try server.insertUser("u\(index)@x", name: "n\(index % 3)") }
        var seen: [String] = []
        var cursor: JSONValue = .null
        repeat {
            var params: JSONObject = ["table": "users", "orderBy": [["field": "name", "direction": "asc"]], "limit": 3]
            if cursor != .null { params["cursor"] = cursor }
            let page = try server.result("query.paginate", .object(params))
            seen += (page["rows"]?.arrayValue ?? []).compactMap { $0["email"]?.stringValue }
            cursor = page["nextCursor"] ?? .null
        } while cursor != .null
        #expect(seen.count == 7)
        #expect(Set(seen).count == 7)
        let offset = try server.result("query.paginate", ["table": "users", "page": 2, "pageSize": 5])
        #expect(offset["totalCount"] == 7)
        #expect(offset["rows"]?.arrayValue?.count == 2)
    }

    @Test func upsertAndAggregate() throws {
        let server = try PostgresTestServer()
        _ = try server.insertUser("a@b.c", name: "Ann", credits: 1)
        let upsert: JSONValue = ["table": "users", "values": ["email": "a@b.c", "name": "Ann", "credits": 7],
                                 "onConflict": ["target": ["email"], "do": ["update": ["credits"]]]]
        let result = try server.result("query.insert", upsert)
        #expect(result["rows"]?[0]?["credits"] == 7)
        _ = try server.insertUser("b@b.c", name: "Bea", credits: 3)
        let sums = try server.result("query.aggregate", ["table": "users", "aggregates": ["total": ["fn": "sum", "field": "credits"], "n": ["fn": "count"], "mean": ["fn": "avg", "field": "credits"]]])
        #expect(sums["rows"]?[0]?["total"] == 10)
        #expect(sums["rows"]?[0]?["n"] == 2)
        #expect(sums["rows"]?[0]?["mean"]?.doubleValue == 5.0)
    }

    @Test func softDeleteAndRestore() throws {
        let server = try PostgresTestServer()
        let id = try server.insertUser("a@b.c", name: "Ann")
        _ = try server.result("query.softDelete", ["table": "users", "id": .string(id), "by": "admin"])
        #expect(try server.result("query.count", ["table": "users"])["count"] == 0)
        #expect(try server.result("query.count", ["table": "users", "deactivated": "only"])["count"] == 1)
        _ = try server.result("query.restore", ["table": "users", "id": .string(id)])
        #expect(try server.result("query.count", ["table": "users"])["count"] == 1)
    }

    @Test func joinsNestRows() throws {
        let server = try PostgresTestServer()
        let id = try server.insertUser("a@b.c", name: "Ann")
        _ = try server.result("query.insert", ["table": "user_profiles", "values": ["userId": .string(id), "bio": "hi"]])
        let rows = try server.result("query.select", ["table": "users", "fields": ["name"],
                                                      "join": [["table": "user_profiles", "as": "profile", "on": ["id": "userId"], "type": "left", "fields": ["bio"]]]])
        #expect(rows["rows"] == [["users": ["name": "Ann"], "profile": ["bio": "hi"]]])
    }

    @Test func rawSQLTakesServerPlaceholders() throws {
        let server = try PostgresTestServer()
        _ = try server.insertUser("a@b.c", name: "Ann", credits: 4)
        let result = try server.result("query.sql", ["sql": "SELECT name, credits * $1 AS doubled FROM users WHERE email = $2", "params": [2, "a@b.c"]])
        #expect(result["rows"] == [["name": "Ann", "doubled": 8]])
        #expect(result["columns"] == ["name", "doubled"])
        let write = try server.result("query.sql", ["sql": "UPDATE users SET credits = credits + 1"])
        #expect(write["changes"] == 1)
        let refused = try server.error("query.sql", ["sql": "BEGIN"])
        #expect(refused["data"]?["kind"] == "unsafe_operation")
    }
}

@Suite(.enabled(if: PostgresTestCluster.available, "needs WIZDB_TEST_POSTGRES_URL (scripts/pg-cluster start)"), .serialized)
struct PostgresErrorTests {
    @Test func constraintsNameTableAndFields() throws {
        let server = try PostgresTestServer()
        _ = try server.insertUser("a@b.c", name: "Ann")
        let unique = try server.error("query.insert", ["table": "users", "values": ["email": "a@b.c", "name": "Again"]])
        #expect(unique["data"]?["kind"] == "constraint")
        #expect(unique["data"]?["constraint"] == "unique")
        #expect(unique["data"]?["table"] == "users")
        #expect(unique["data"]?["fields"] == ["email"])
        let check = try server.error("query.insert", ["table": "users", "values": ["email": "c@b.c", "name": "C", "credits": -1]])
        #expect(check["data"]?["constraint"] == "check")
        #expect(check["data"]?["fields"] == ["credits"])
        let foreign = try server.error("query.insert", ["table": "user_profiles", "values": ["userId": "missing"]])
        #expect(foreign["data"]?["constraint"] == "foreign_key")
        #expect(foreign["data"]?["fields"] == ["userId"])
        let notNull = try server.error("query.sql", ["sql": "INSERT INTO users (id, email) VALUES ('x', 'x@y')"])
        #expect(notNull["data"]?["constraint"] == "not_null", "\(notNull)")
        #expect(notNull["data"]?["fields"] == ["name"])
    }

    @Test func unsupportedMethodsSaySo() throws {
        let server = try PostgresTestServer()
        let error = try server.error("maintenance.checkpoint")
        #expect(error["data"]?["kind"] == "unsupported")
    }
}

@Suite(.enabled(if: PostgresTestCluster.available, "needs WIZDB_TEST_POSTGRES_URL (scripts/pg-cluster start)"), .serialized)
struct PostgresTransactionTests {
    @Test func creditTransferIsAllOrNothing() throws {
        let server = try PostgresTestServer()
        let alice = try server.insertUser("a@x", name: "Alice", credits: 10)
        let bob = try server.insertUser("b@x", name: "Bob", credits: 0)
        func transfer(_ amount: Int64) throws -> JSONObject {
            try server.call("transaction.run", ["steps": [
                ["method": "query.update", "params": ["table": "users", "id": .string(alice), "where": ["credits": ["gte": .integer(amount)]],
                                                      "increment": ["credits": .integer(-amount)]],
                 "expect": ["changes": 1, "message": "Insufficient credits"]],
                ["method": "query.update", "params": ["table": "users", "id": .string(bob), "increment": ["credits": .integer(amount)]],
                 "expect": ["changes": 1]],
            ]])
        }
        #expect(try transfer(6)["result"] != nil)
        let refused = try transfer(6)
        #expect(refused["error"]?["data"]?["kind"] == "assertion_failed")
        let credits = try server.result("query.select", ["table": "users", "orderBy": [["field": "email", "direction": "asc"]], "fields": ["credits"]])
        #expect(credits["rows"] == [["credits": 4], ["credits": 6]])
    }

    @Test func interactiveTransactionCommitsAndRollsBack() throws {
        let server = try PostgresTestServer()
        let tx = try server.result("transaction.begin")["tx"] ?? .null
        _ = try server.result("query.insert", ["table": "users", "tx": tx, "values": ["email": "a@x", "name": "A"]])
        #expect(try server.result("query.count", ["table": "users", "tx": tx])["count"] == 1)
        _ = try server.result("transaction.rollback", ["tx": tx])
        #expect(try server.result("query.count", ["table": "users"])["count"] == 0)
        let second = try server.result("transaction.begin")["tx"] ?? .null
        _ = try server.result("query.insert", ["table": "users", "tx": second, "values": ["email": "b@x", "name": "B"]])
        _ = try server.result("transaction.commit", ["tx": second])
        #expect(try server.result("query.count", ["table": "users"])["count"] == 1)
        let readOnly = try server.result("transaction.begin", ["readOnly": true])["tx"] ?? .null
        #expect(try server.result("query.count", ["table": "users", "tx": readOnly])["count"] == 1)
        _ = try server.result("transaction.commit", ["tx": readOnly])
    }
}

@Suite(.enabled(if: PostgresTestCluster.available, "needs WIZDB_TEST_POSTGRES_URL (scripts/pg-cluster start)"), .serialized)
struct PostgresSchemaTests {
    @Test func pushedSchemaReadsBackWithoutDifferences() throws {
        let server = try PostgresTestServer()
        let diff = try server.result("schema.diff")
        #expect(diff["statements"] == [])
        let described = try server.result("schema.describe", ["table": "users"])
        #expect(described["tables"]?[0]?["name"] == "users")
    }

    @Test func columnsChangeInPlace() throws {
        let server = try PostgresTestServer()
        _ = try server.insertUser("a@b.c", name: "Ann")
        let changed = AppSchema.text.replacingOccurrences(of: #""score": {"type": "real"}"#,
                                                          with: #""score": {"type": "real", "notNull": true, "default": 1.5}, "nickname": {"type": "text"}"#)
        try changed.write(toFile: server.server.settings.schemaPath, atomically: true, encoding: .utf8)
        let generated = try server.result("schema.generate", ["name": "score_not_null"])
        let statements = generated["statements"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(statements.contains { $0.contains("ALTER COLUMN \"score\" SET NOT NULL") })
        #expect(!statements.contains { $0.contains("_wizdb_new_") })
        let migrated = try server.result("schema.migrate")
        #expect(migrated["applied"]?.arrayValue?.count == 1)
        let status = try server.result("schema.status")
        #expect(status["pending"] == [])
        #expect(status["applied"]?[0]?["checksum"]?.stringValue?.count == 64)
        #expect(try server.result("schema.diff")["statements"] == [])
        let row = try server.result("query.select", ["table": "users", "fields": ["score", "nickname"]])
        #expect(row["rows"]?[0]?["score"]?.doubleValue == 1.5)
        #expect(row["rows"]?[0]?["nickname"] == .null)
    }
}

@Suite(.enabled(if: PostgresTestCluster.available, "needs WIZDB_TEST_POSTGRES_URL (scripts/pg-cluster start)"), .serialized)
struct PostgresConnectionTests {
    @Test func cancelRequestStopsTheStatementOnTheServer() throws {
        let server = try PostgresTestServer()
        let started = Date()
        server.dispatcher.receive(line: JSONWriter.encode(["jsonrpc": "2.0", "id": 7, "method": "query.sql", "params": ["sql": "SELECT pg_sleep(20)"]]))
        Thread.sleep(forTimeInterval: 0.5)
        server.dispatcher.receive(line: JSONWriter.encode(["jsonrpc": "2.0", "method": "$/cancelRequest", "params": ["id": 7]]))
        server.dispatcher.waitUntilIdle()
        let last: [UInt8] = server.output.lines.last ?? []
        let answer: JSONValue = try JSONReader.parse(last)
        #expect(answer["error"]?["code"]?.int64Value == Int64(ErrorCode.requestCancelled), "\(answer)")
        #expect(Date().timeIntervalSince(started) < 10)
        // The connection serves the next request.
        #expect(try server.result("query.sql", ["sql": "SELECT 1 AS one"])["rows"] == [["one": 1]])
    }

    @Test func aLostConnectionIsUnavailableThenReplaced() throws {
        let server = try PostgresTestServer()
        _ = try server.insertUser("a@b.c", name: "Ann")
        let name = try PostgresURL(server.location).database
        try PostgresTestCluster.admin { db in
            try db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()", [.text(name)])
        }
        Thread.sleep(forTimeInterval: 0.2)
        let lost = try server.call("query.insert", ["table": "users", "values": ["email": "b@b.c", "name": "Bea"]])
        if let error = lost["error"] {
            #expect(error["data"]?["kind"] == "unavailable", "\(error)")
            #expect(error["data"]?["retryable"] == true)
        }
        _ = try server.insertUser("c@b.c", name: "Cy")
        #expect(try server.result("query.count", ["table": "users"])["count"]?.int64Value ?? 0 >= 2)
    }

    @Test func twoProcessesMigratingApplyEachFileOnce() throws {
        let server = try PostgresTestServer()
        let folder = server.server.settings.migrationsPath
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "ALTER TABLE users ADD COLUMN nickname text;\nSELECT pg_sleep(0.3);\n".write(toFile: folder + "/0001_nickname.sql", atomically: true, encoding: .utf8)
        let other = try Store(Store.Configuration(path: server.location, remote: PostgresBackend(url: try PostgresURL(server.location))))
        let migrator = Migrator(folder: folder)
        let results = Mutex<[Int]>([])
        let group = DispatchGroup()
        for store in [server.server.store, other] {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                let applied = (try? store.withWriter { db in try migrator.migrate(db, confirmDataLoss: false, time: .fixed(seconds: 1)) })?.applied.count ?? -1
                results.withLock { $0.append(applied) }
            }
        }
        group.wait()
        #expect(results.withLock { $0.sorted() } == [0, 1])
    }
}

@Suite(.enabled(if: PostgresTestCluster.available, "needs WIZDB_TEST_POSTGRES_URL (scripts/pg-cluster start)"), .serialized)
struct PostgresMaintenanceTests {
    @Test func vacuumOptimizeStatsAndIntegrity() throws {
        let server = try PostgresTestServer()
        let id = try server.insertUser("a@b.c", name: "Ann")
        _ = try server.insertUser("b@b.c", name: "Bea")
        _ = try server.result("query.softDelete", ["table": "users", "id": .string(id)])
        let vacuum = try server.result("maintenance.vacuum")
        #expect((vacuum["bytesBefore"]?.int64Value ?? 0) > 0)
        #expect(try server.result("maintenance.optimize") == [:])
        let stats = try server.result("maintenance.stats")
        let users = stats["tables"]?.arrayValue?.first { $0["name"] == "users" }
        #expect(users?["rows"] == 2)
        #expect(users?["active"] == 1)
        #expect(users?["deactivated"] == 1)
        let check = try server.result("maintenance.integrityCheck")
        #expect(check["ok"] == true)
        #expect(check["checked"]?.arrayValue?.contains("foreign keys") == true)
    }

    @Test func backupWritesAVerifiedDumpIntoTheBackupsFolder() throws {
        guard PostgresBackend.findTool("pg_dump") != nil else { return }
        let server = try PostgresTestServer()
        _ = try server.insertUser("a@b.c", name: "Ann")
        let backup = try server.result("maintenance.backup", ["name": "nightly.pgdump"])
        #expect(backup["verified"] == true)
        #expect(backup["path"]?.stringValue?.hasSuffix("/nightly.pgdump") == true)
        #expect((backup["bytes"]?.int64Value ?? 0) > 0)
        let escape = try server.error("maintenance.backup", ["name": "../outside.pgdump"])
        #expect(escape["data"]?["kind"] == "path_not_allowed")
    }
}

@Suite(.enabled(if: PostgresTestCluster.available, "needs WIZDB_TEST_POSTGRES_URL (scripts/pg-cluster start)"), .serialized)
struct PostgresWatchTests {
    /// The counts the watch has sent so far, once there are `count` of them (or after 5 s).
    static func notifiedCounts(_ server: PostgresTestServer, count: Int) throws -> [JSONValue] {
        let deadline = Date().addingTimeInterval(5)
        var counts: [JSONValue] = []
        repeat {
            counts = try server.output.lines.compactMap { line -> JSONValue? in
                let message = try JSONReader.parse(line)
                guard message["method"] == "watch/changed" else { return nil }
                return message["params"]?["result"]?["count"]
            }
            if counts.count >= count { return counts }
            Thread.sleep(forTimeInterval: 0.01)
        } while Date() < deadline
        return counts
    }

    @Test func aWatchFollowsCommitsOfOtherConnectionsAndSendsOnlyChanges() throws {
        let server = try PostgresTestServer()
        let opened = try server.result("query.watch", ["method": "query.count", "params": ["table": "users"]])
        #expect(opened["result"] == ["count": 0])
        // Another process's connection to the same database.
        let other = try Store(Store.Configuration(path: server.location, remote: PostgresBackend(url: try PostgresURL(server.location))))
        try other.write { db in try db.execute("INSERT INTO users (id, email, name) VALUES ('u1', 'a@x', 'A')") }
        #expect(try Self.notifiedCounts(server, count: 1) == [1])
        // A rollback and a write that leaves the count as it was send nothing; the next change does.
        struct Undo: Error {}
        #expect(throws: Undo.self) {
            try other.write { db in
                try db.execute("INSERT INTO users (id, email, name) VALUES ('u2', 'b@x', 'B')")
                throw Undo()
            }
        }
        try other.write { db in try db.execute("UPDATE users SET name = 'Ann' WHERE id = 'u1'") }
        try other.write { db in try db.execute("INSERT INTO users (id, email, name) VALUES ('u3', 'c@x', 'C')") }
        #expect(try Self.notifiedCounts(server, count: 2) == [1, 2])
        let watch = opened["watch"] ?? .null
        #expect(try server.result("query.unwatch", ["watch": watch]) == [:])
    }
}

@Suite(.enabled(if: PostgresTestCluster.available, "needs WIZDB_TEST_POSTGRES_URL (scripts/pg-cluster start)"), .serialized)
struct PostgresArchiveTests {
    static let schema = #"""
    {"tables": {
      "users": {"columns": {"email": {"type": "text", "notNull": true}, "name": {"type": "text", "notNull": true}, "credits": {"type": "integer", "notNull": true, "default": 0}}},
      "user_profiles": {"columns": {"userId": {"type": "text", "notNull": true, "references": {"table": "users", "onDelete": "cascade"}}, "bio": {"type": "text"}}},
      "invoices": {"columns": {"userId": {"type": "text", "notNull": true, "references": {"table": "users", "onDelete": "restrict"}}}}
    }}
    """#

    func count(_ server: PostgresTestServer, _ sql: String) throws -> JSONValue? {
        try server.result("query.sql", ["sql": .string(sql)])["rows"]?[0]?["n"]
    }

    @Test func archiveMovesOldSoftDeletedRowsWithTheirDependentsIntoTheArchiveSchema() throws {
        let server = try PostgresTestServer(schema: Self.schema)
        var ids: [String] = []
        for name in ["a", "b", "c"] { ids.append(try server.insertUser("\(name)@x", name: name)) }
        for id in ids.prefix(2) { _ = try server.result("query.insert", ["table": "user_profiles", "values": ["userId": .string(id), "bio": "hi"]]) }
        _ = try server.result("query.insert", ["table": "invoices", "values": ["userId": .string(ids[1])]])
        for id in ids.prefix(2) { _ = try server.result("query.softDelete", ["table": "users", "id": .string(id)]) }
        _ = try server.result("query.sql", ["sql": "UPDATE users SET deactivated_at = deactivated_at - 864000 WHERE deactivated_at IS NOT NULL"])

        let archived = try server.result("maintenance.archive", ["table": "users", "olderThanDays": 5])
        #expect(archived["archived"] == 2)
        #expect(archived["skipped"] == 1, "the user an invoice (ON DELETE RESTRICT) still refers to stays")
        #expect(archived["archivePath"] == "wizdb_archive")
        #expect(archived["tables"] == [["table": "users", "rows": 1], ["table": "user_profiles", "rows": 1]])
        #expect(try count(server, "SELECT count(*) AS n FROM wizdb_archive.users") == 1)
        #expect(try count(server, "SELECT count(*) AS n FROM wizdb_archive.user_profiles") == 1)
        #expect(try count(server, "SELECT count(*) AS n FROM users") == 2)
        #expect(try count(server, "SELECT count(*) AS n FROM user_profiles") == 1)

        // Once nothing refuses it, the remaining one goes too; purge keeps no copy.
        _ = try server.result("query.delete", ["table": "invoices", "where": ["userId": .string(ids[1])]])
        let purged = try server.result("maintenance.archive", ["table": "users", "olderThanDays": 5, "purge": true])
        #expect(purged["purged"] == 2)
        #expect(purged["archived"] == 0)
        #expect(try count(server, "SELECT count(*) AS n FROM wizdb_archive.users") == 1)
        #expect(try count(server, "SELECT count(*) AS n FROM users") == 1)
        let none = try server.result("maintenance.archive", ["table": "users", "olderThanDays": 5])
        #expect(none["archived"] == 0)
        let notSoftDeleting = try server.error("maintenance.archive", ["table": "nope", "olderThanDays": 1])
        #expect(notSoftDeleting["data"]?["kind"] == "unknown_table")
    }
}
