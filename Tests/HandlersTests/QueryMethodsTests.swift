import Foundation
@testable import Handlers
import JSON
import JSONRPC
import Store
import Testing
import TestSupport

/// The declared schema of the behaviour tests.
enum AppSchema {
    static let text = #"""
    {"tables": {
      "users": {
        "columns": {
          "email": {"type": "text", "notNull": true},
          "name": {"type": "text", "notNull": true},
          "credits": {"type": "integer", "notNull": true, "default": 0, "check": {"credits": {"gte": 0}}},
          "score": {"type": "real"}
        },
        "indexes": [
          {"name": "users_email_unique", "columns": ["email"], "unique": true, "where": "active"},
          {"name": "users_status_created_idx", "columns": ["deactivatedAt", "createdAt", "id"]}
        ]
      },
      "user_profiles": {
        "columns": {
          "userId": {"type": "text", "notNull": true, "references": {"table": "users", "onDelete": "cascade"}},
          "bio": {"type": "text"}
        }
      }
    }}
    """#
}

extension JSONValue {
    subscript(key: String) -> JSONValue? { objectValue?[key] }
    subscript(index: Int) -> JSONValue? { arrayValue.flatMap { index < $0.count ? $0[index] : nil } }
}

@Suite struct KeysetPaginationTests {
    /// Walks a listing page by page and returns the ids in the order they came.
    func walk(_ server: TestServer, limit: Int, orderBy: JSONValue? = nil, deactivated: String = "exclude") throws -> [String] {
        var ids: [String] = []
        var cursor: JSONValue = .null
        var pages = 0
        repeat {
            var params: JSONObject = ["table": "users", "limit": .integer(limit), "fields": ["id"], "deactivated": .string(deactivated)]
            if let orderBy { params["orderBy"] = orderBy }
            if cursor != .null { params["cursor"] = cursor }
            let page = try server.result("query.paginate", .object(params))
            let rows = page["rows"]?.arrayValue ?? []
            #expect(rows.count <= limit)
            ids += rows.compactMap { $0["id"]?.stringValue }
            cursor = page["nextCursor"] ?? .null
            #expect((page["hasMore"] == .bool(true)) == (cursor != .null), "hasMore and nextCursor disagree")
            pages += 1
        } while cursor != .null && pages < 10_000
        return ids
    }

    @Test func twoHundredFiftyUsersCreatedInOneSecondAreEachVisitedOnce() throws {
        let server = try TestServer(schema: AppSchema.text)
        // The server's clock stands still: every row gets the same createdAt second.
        // Explicit random ids, so that id order says nothing about insertion order.
        let rows: [JSONValue] = (0..<250).map { index in
            ["id": .string(UUID().uuidString.lowercased()), "email": .string("user\(index)@example.com"), "name": .string("User \(index)"),
             "credits": .integer(index % 9), "score": index % 4 == 0 ? .null : .double(Double(index % 13))]
        }
        let inserted = try server.result("query.insert", ["table": "users", "rows": .array(rows), "returning": ["id", "createdAt"]])
        let created = Set((inserted["rows"]?.arrayValue ?? []).compactMap { $0["createdAt"]?.stringValue })
        #expect(created.count == 1, "all rows should share one createdAt second")
        // Deactivate every fifth user: the walk must visit the 200 others exactly once.
        let deactivatedIDs = Set(rows.enumerated().filter { $0.offset % 5 == 0 }.compactMap { $0.element["id"]?.stringValue })
        for id in deactivatedIDs { try server.result("query.softDelete", ["table": "users", "id": .string(id), "returning": false]) }
        let active = Set(rows.compactMap { $0["id"]?.stringValue }).subtracting(deactivatedIDs)

        let orders: [JSONValue?] = [
            nil,
            [["field": "createdAt", "direction": "desc"]],
            [["field": "credits"], ["field": "createdAt", "direction": "desc"]],
            [["field": "score", "nulls": "last"]],
            [["field": "score", "direction": "desc", "nulls": "first"]],
        ]
        for order in orders {
            let ids = try walk(server, limit: 7, orderBy: order)
            #expect(ids.count == active.count, "order \(order.map(JSONWriter.encodeString) ?? "default"): \(ids.count) rows visited, \(active.count) active")
            #expect(Set(ids) == active, "order \(order.map(JSONWriter.encodeString) ?? "default"): wrong set of rows")
            #expect(Set(ids).count == ids.count, "order \(order.map(JSONWriter.encodeString) ?? "default"): a row was visited twice")
        }
        let everyone = try walk(server, limit: 7, deactivated: "include")
        #expect(everyone.count == 250 && Set(everyone).count == 250)
        let count = try server.result("query.count", ["table": "users"])
        #expect(count["count"] == .integer(active.count))
    }

    @Test func rowsInsertedBehindTheCursorDoNotShiftLaterPages() throws {
        let server = try TestServer(schema: AppSchema.text)
        let rows: [JSONValue] = (0..<20).map { ["id": .string(String(format: "u%02d", $0 * 2)), "email": .string("u\($0)@x.io"), "name": "n"] }
        try server.result("query.insert", ["table": "users", "rows": .array(rows), "returning": false])
        let first = try server.result("query.paginate", ["table": "users", "limit": 5, "fields": ["id"]])
        #expect(first["rows"]?[4]?["id"] == "u08")
        // A row that sorts before the cursor appears, and one on the current page goes away.
        try server.result("query.insert", ["table": "users", "values": ["id": "u01", "email": "new@x.io", "name": "n"]])
        try server.result("query.delete", ["table": "users", "id": "u06"])
        let second = try server.result("query.paginate", ["table": "users", "limit": 5, "fields": ["id"], "cursor": first["nextCursor"] ?? .null])
        #expect(second["rows"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["u10", "u12", "u14", "u16", "u18"])
    }
}

@Suite struct SoftDeletePatternTests {
    @Test func aDeactivatedEmailCanBeRegisteredAgainButALiveDuplicateCannot() throws {
        let server = try TestServer(schema: AppSchema.text)
        try server.result("query.insert", ["table": "users", "values": ["id": "a", "email": "ann@example.com", "name": "Ann"]])
        let duplicate = try server.error("query.insert", ["table": "users", "values": ["email": "ann@example.com", "name": "Imposter"]])
        #expect(duplicate["code"] == .integer(ErrorCode.constraint))
        #expect(duplicate["data"] == ["kind": "constraint", "constraint": "unique", "table": "users", "fields": ["email"]])

        try server.result("query.softDelete", ["table": "users", "id": "a"])
        let again = try server.result("query.insert", ["table": "users", "values": ["id": "b", "email": "ann@example.com", "name": "Ann"]])
        #expect(again["changes"] == 1)
        let live = try server.error("query.insert", ["table": "users", "values": ["email": "ann@example.com", "name": "Third"]])
        #expect(live["data"]?["constraint"] == "unique")
        // Restoring the old account would make two live rows with one email: refused.
        let restore = try server.error("query.restore", ["table": "users", "id": "a"])
        #expect(restore["data"]?["constraint"] == "unique")
    }

    @Test func aLeftJoinKeepsUsersWhoseProfileIsDeactivated() throws {
        let server = try TestServer(schema: AppSchema.text)
        try server.result("query.insert", ["table": "users", "rows": [
            ["id": "u1", "email": "a@x.io", "name": "A"], ["id": "u2", "email": "b@x.io", "name": "B"], ["id": "u3", "email": "c@x.io", "name": "C"],
        ]])
        try server.result("query.insert", ["table": "user_profiles", "rows": [
            ["id": "p1", "userId": "u1", "bio": "live"], ["id": "p2", "userId": "u2", "bio": "gone"],
        ]])
        try server.result("query.softDelete", ["table": "user_profiles", "id": "p2"])
        let joined = try server.result("query.select", ["table": "users", "fields": ["id"], "orderBy": [["field": "id"]],
                                                        "join": [["table": "user_profiles", "as": "profile", "fields": ["bio"]]]])
        #expect(joined["rows"] == [
            ["users": ["id": "u1"], "profile": ["bio": "live"]],
            ["users": ["id": "u2"], "profile": nil],
            ["users": ["id": "u3"], "profile": nil],
        ])
        let inner = try server.result("query.select", ["table": "users", "fields": ["id"],
                                                       "join": [["table": "user_profiles", "type": "inner", "fields": ["bio"]]]])
        #expect(inner["rows"]?.arrayValue?.count == 1)
    }

    @Test func statusAggregationMatchesCounts() throws {
        let server = try TestServer(schema: AppSchema.text)
        let rows: [JSONValue] = (0..<40).map { ["email": .string("u\($0)@x.io"), "name": "n", "credits": .integer($0 % 7)] }
        try server.result("query.insert", ["table": "users", "rows": .array(rows), "returning": false])
        try server.result("query.softDelete", ["table": "users", "where": ["credits": ["lt": 3]]])
        let groups = try server.result("query.aggregate", ["table": "users", "groupBy": "status", "aggregates": ["n": ["fn": "count"]]])
        var byStatus: [String: JSONValue] = [:]
        for row in groups["rows"]?.arrayValue ?? [] { byStatus[row["status"]?.stringValue ?? ""] = row["n"] }
        let live = try server.result("query.count", ["table": "users"])["count"]
        let gone = try server.result("query.count", ["table": "users", "deactivated": "only"])["count"]
        let all = try server.result("query.count", ["table": "users", "deactivated": "include"])["count"]
        #expect(byStatus["active"] == live)
        #expect(byStatus["inactive"] == gone)
        #expect(live?.int64Value.map { $0 + (gone?.int64Value ?? 0) } == all?.int64Value)
        #expect(all == 40)
        let filtered = try server.result("query.aggregate", ["table": "users", "groupBy": "status", "where": ["credits": ["gte": 2]],
                                                             "aggregates": ["n": ["fn": "count"]]])
        let filteredCount = try server.result("query.count", ["table": "users", "where": ["credits": ["gte": 2]], "deactivated": "include"])
        let sum = (filtered["rows"]?.arrayValue ?? []).compactMap { $0["n"]?.int64Value }.reduce(0, +)
        #expect(.integer(sum) == filteredCount["count"])
    }
}

@Suite struct DeleteAndGetTests {
    static let schema = #"""
    {"tables": {
      "users": {"columns": {"email": {"type": "text", "notNull": true}}},
      "sessions": {"columns": {"userId": {"type": "text", "notNull": true, "references": {"table": "users", "onDelete": "cascade"}}}},
      "invoices": {"columns": {"userId": {"type": "text", "notNull": true, "references": {"table": "users", "onDelete": "restrict"}}}}
    }}
    """#

    @Test func hardDeletesCascadeOrAreRestrictedAsDeclared() throws {
        let server = try TestServer(schema: Self.schema)
        try server.result("query.insert", ["table": "users", "rows": [["id": "a", "email": "a@x.io"], ["id": "b", "email": "b@x.io"]]])
        try server.result("query.insert", ["table": "sessions", "rows": [["userId": "a"], ["userId": "a"], ["userId": "b"]]])
        try server.result("query.insert", ["table": "invoices", "values": ["userId": "b"]])
        #expect(try server.result("query.delete", ["table": "users", "id": "a"]) == ["changes": 1])
        #expect(try server.result("query.count", ["table": "sessions"])["count"] == 1, "a's sessions cascade")
        let restricted = try server.error("query.delete", ["table": "users", "id": "b"])
        #expect(restricted["data"]?["constraint"] == "foreign_key")
        #expect(try server.result("query.count", ["table": "users"])["count"] == 1, "the refused delete rolled back")
        // A soft-deleted row is still there for a hard delete.
        try server.result("query.softDelete", ["table": "users", "id": "b"])
        #expect(try server.result("query.get", ["table": "users", "id": "b"])["row"] == .null)
        #expect(try server.result("query.get", ["table": "users", "id": "b", "fields": ["id"], "deactivated": "only"])["row"] == ["id": "b"])
        try server.result("query.delete", ["table": "invoices", "all": true])
        #expect(try server.result("query.delete", ["table": "users", "where": ["email": "b@x.io"]]) == ["changes": 1])
        #expect(try server.result("query.count", ["table": "users", "deactivated": "include"])["count"] == 0)
    }
}

@Suite struct UpsertAndIncrementTests {
    @Test func upsertInsertsThenUpdatesTheLiveRow() throws {
        let server = try TestServer(schema: AppSchema.text)
        let upsert: JSONValue = ["table": "users", "values": ["email": "a@x.io", "name": "First", "credits": 1],
                                 "onConflict": ["target": ["email"], "do": ["update": ["name", "credits"]]], "returning": ["id", "name", "credits"]]
        let first = try server.result("query.insert", upsert)
        let second = try server.result("query.insert", ["table": "users", "values": ["email": "a@x.io", "name": "Second", "credits": 2],
                                                        "onConflict": ["target": ["email"], "do": ["update": ["name", "credits"]]],
                                                        "returning": ["id", "name", "credits"]])
        #expect(first["rows"]?[0]?["id"] == second["rows"]?[0]?["id"], "the second insert must update the same row")
        #expect(second["rows"]?[0]?["name"] == "Second")
        #expect(try server.result("query.count", ["table": "users"])["count"] == 1)
        let ignored = try server.result("query.insert", ["table": "users", "values": ["email": "a@x.io", "name": "Third"],
                                                         "onConflict": ["target": "email", "do": "nothing"]])
        #expect(ignored == ["rows": [], "changes": 0])
    }

    @Test func pipelinedIncrementsLoseNothing() throws {
        let server = try TestServer(ordered: false, schema: AppSchema.text)
        try server.result("query.insert", ["table": "users", "values": ["id": "u", "email": "a@x.io", "name": "A"]])
        let before = server.output.lines.count
        let increments = 500
        for index in 0..<increments {
            let request: JSONValue = ["jsonrpc": "2.0", "id": .integer(index + 10), "method": "query.update",
                                      "params": ["table": "users", "id": "u", "increment": ["credits": 1], "returning": false]]
            server.dispatcher.receive(line: JSONWriter.encode(request))
            if index % 50 == 0 {
                // Reads in between run concurrently with the writes.
                server.dispatcher.receive(line: JSONWriter.encode(["jsonrpc": "2.0", "id": .integer(100_000 + index), "method": "query.get",
                                                                   "params": ["table": "users", "id": "u", "fields": ["credits"]]]))
            }
        }
        server.dispatcher.waitUntilIdle()
        #expect(server.output.lines.count - before == increments + increments / 50)
        let row = try server.result("query.get", ["table": "users", "id": "u", "fields": ["credits"]])
        #expect(row["row"]?["credits"] == JSONValue.integer(increments))
    }

    @Test func incrementsFromTwoProcessesLoseNothing() throws {
        let directory = try TemporaryDirectory()
        try AppSchema.text.write(toFile: directory.file("wizdb.schema.json"), atomically: true, encoding: .utf8)
        try TestServer.createTables(of: DeclaredSchema.parse(AppSchema.text), at: directory.file("db.sqlite"))
        let setup = try WizDBBinary.run(["--db", directory.file("db.sqlite")],
            input: Array(#"{"jsonrpc":"2.0","id":1,"method":"query.insert","params":{"table":"users","values":{"id":"u","email":"a@x.io","name":"A"}}}"#.utf8) + [10],
            in: directory.path)
        #expect(setup.stdoutText.contains("\"changes\":1"), "setup: \(setup.stdoutText) \(setup.stderr)")

        let perProcess = 300
        var lines: [UInt8] = []
        for index in 0..<perProcess {
            lines += Array(#"{"jsonrpc":"2.0","id":\#(index),"method":"query.update","params":{"table":"users","id":"u","increment":{"credits":1},"returning":false}}"#.utf8)
            lines.append(10)
        }
        let input = lines
        let outcomes = Outcomes()
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            outcomes.append(Result { try WizDBBinary.run(["--db", directory.file("db.sqlite")], input: input, in: directory.path) })
        }
        for outcome in outcomes.all {
            let run = try outcome.get()
            #expect(run.status == 0)
            #expect(run.stdoutLines.count == perProcess)
            #expect(run.stdoutLines.allSatisfy { $0.contains("\"changes\":1") }, "an increment failed: \(run.stdoutLines.first { !$0.contains("\"changes\":1") } ?? "")")
        }
        let db = try Database(path: directory.file("db.sqlite"))
        #expect(try db.pragmaValue("SELECT credits FROM users WHERE id = 'u'") == .integer(Int64(2 * perProcess)))
    }
}

final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<WizDBBinary.Outcome, any Error>] = []
    func append(_ result: Result<WizDBBinary.Outcome, any Error>) { lock.lock(); results.append(result); lock.unlock() }
    var all: [Result<WizDBBinary.Outcome, any Error>] { lock.lock(); defer { lock.unlock() }; return results }
}

@Suite struct InsertEchoTests {
    static let schema = #"""
    {"tables": {"things": {"columns": {
      "label": {"type": "text", "notNull": true}, "count": {"type": "integer"}, "ratio": {"type": "real"},
      "flag": {"type": "boolean"}, "seenAt": {"type": "timestamp"}, "data": {"type": "json"}, "raw": {"type": "blob"}
    }}}}
    """#

    /// A plain insert writes its rows back from the bound values; an upsert reads them back with
    /// RETURNING. Both must give the same row, value for value.
    @Test func rowsWrittenBackFromBoundValuesEqualReturningRows() throws {
        let server = try TestServer(schema: Self.schema)
        let values: JSONObject = ["label": "é😀\u{1}", "count": 9_223_372_036_854_775_807, "ratio": .double(0.1), "flag": false,
                                  "seenAt": "2025-06-01T12:00:00+02:00", "data": ["nested": [1, .double(2.5), nil, "x"]], "raw": ["$base64": "AAEC/w=="]]
        var plain = values
        plain["id"] = "a"
        var upsert = values
        upsert["id"] = "b"
        let echoed = try server.result("query.insert", ["table": "things", "values": .object(plain)])
        let returned = try server.result("query.insert", ["table": "things", "values": .object(upsert),
                                                          "onConflict": ["target": ["id"], "do": "nothing"]])
        var first = echoed["rows"]?[0]?.objectValue
        var second = returned["rows"]?[0]?.objectValue
        first?["id"] = nil
        second?["id"] = nil
        #expect(first != nil && first == second, "\(String(describing: first)) != \(String(describing: second))")
        // Fields left out without a default come back null either way.
        let partial = try server.result("query.insert", ["table": "things", "values": ["label": "x"], "returning": ["count", "flag", "deactivatedAt"]])
        #expect(partial["rows"] == [["count": nil, "flag": nil, "deactivatedAt": nil]])
    }
}

@Suite struct QueryPlanTests {
    @Test func pointLookupsOfOneShapeShareOnePlan() throws {
        let server = try TestServer(schema: AppSchema.text)
        try server.result("query.insert", ["table": "users", "rows": [["id": "a", "email": "a@x.io", "name": "A"], ["id": "b", "email": "b@x.io", "name": "B"]]])
        let before = server.server.lookupPlans.count
        #expect(try server.result("query.get", ["table": "users", "id": "a", "fields": ["name"]])["row"] == ["name": "A"])
        #expect(try server.result("query.get", ["table": "users", "id": "b", "fields": ["name"]])["row"] == ["name": "B"])
        #expect(try server.result("query.get", ["table": "users", "id": "zz", "fields": ["name"]])["row"] == .null)
        #expect(server.server.lookupPlans.count == before + 1)
        try server.result("query.get", ["table": "users", "id": "a"])
        #expect(server.server.lookupPlans.count == before + 2)
    }

    /// The pages of a walk share one plan (the first page, which has no position, another);
    /// a change of the table makes a new one, so the next page has the new column.
    @Test func pagesOfAWalkShareOnePlanUntilTheTableChanges() throws {
        let server = try TestServer()
        try server.result("query.sql", ["sql": "CREATE TABLE notes (id TEXT PRIMARY KEY NOT NULL, body TEXT NOT NULL)"])
        let rows: [JSONValue] = (0..<12).map { ["id": .string(String(format: "n%02d", $0)), "body": "b"] }
        try server.result("query.insert", ["table": "notes", "rows": .array(rows), "returning": false])
        let before = server.server.pagePlans.count
        var cursor: JSONValue = .null
        var ids: [String] = []
        for _ in 0..<2 {
            var params: JSONObject = ["table": "notes", "limit": 4]
            if cursor != .null { params["cursor"] = cursor }
            let page = try server.result("query.paginate", .object(params))
            ids += page["rows"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            cursor = page["nextCursor"] ?? .null
        }
        #expect(ids == (0..<8).map { String(format: "n%02d", $0) })
        #expect(server.server.pagePlans.count == before + 2)
        try server.result("query.sql", ["sql": "ALTER TABLE notes ADD COLUMN extra TEXT"])
        let last = try server.result("query.paginate", ["table": "notes", "limit": 4, "cursor": cursor])
        #expect(last["rows"]?.arrayValue?.map { $0["id"] } == ["n08", "n09", "n10", "n11"])
        #expect(last["rows"]?[0] == ["id": "n08", "body": "b", "extra": nil])
        #expect(last["hasMore"] == false)
    }

    @Test func tablesCreatedAfterStartAreFoundWithoutADeclaredSchema() throws {
        let server = try TestServer()
        try server.result("query.sql", ["sql": "CREATE TABLE notes (id TEXT PRIMARY KEY NOT NULL, body TEXT NOT NULL)"])
        let inserted = try server.result("query.insert", ["table": "notes", "values": ["id": "n1", "body": "hi"]])
        #expect(inserted == ["rows": [["id": "n1", "body": "hi"]], "changes": 1])
        let unknown = try server.error("query.get", ["table": "nothing", "id": "x"])
        #expect(unknown["data"]?["kind"] == "unknown_table")
    }
}

@Suite struct RawSchemaChangeTests {
    @Test func createAlterAndDropAreToldFromOtherStatements() {
        for sql in ["CREATE TABLE t (x)", "  alter table t add column y", "\n\tDrop TABLE t", "create", "DROP;"] {
            #expect(QuerySQL.changesSchema(sql), "\(sql)")
        }
        for sql in ["INSERT INTO t VALUES (1)", "SELECT 1", "CREATED", "DROPS", "-- CREATE", "", "creat e", "UPDATE t SET x = 'CREATE'"] {
            #expect(!QuerySQL.changesSchema(sql), "\(sql)")
        }
    }
}
