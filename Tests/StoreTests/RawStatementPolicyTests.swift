import Testing
@testable import Store
import TestSupport

@Suite struct RawStatementPolicyTests {
    static let refused = [
        "BEGIN", "begin immediate", "  /* c */ -- x\n BEGIN", "COMMIT", "END TRANSACTION", "ROLLBACK TO s", "SAVEPOINT s",
        "RELEASE s", "ATTACH DATABASE 'x' AS y", "detach y", "VACUUM", "VACUUM INTO 'x'", "PRAGMA foreign_keys = OFF",
        "PRAGMA foreign_keys=0", "pragma main.journal_mode = delete", "PRAGMA synchronous(0)", "PRAGMA \"query_only\" = 1",
        "PRAGMA writable_schema = ON", "PRAGMA user_version = 7",
    ]
    static let allowed = [
        "SELECT 1", "WITH c AS (SELECT 1) SELECT * FROM c", "INSERT INTO t VALUES ('BEGIN')", "UPDATE \"begin\" SET x = 1",
        "PRAGMA foreign_keys", "PRAGMA main.user_version", "PRAGMA table_info(users)", "pragma main.index_list('t')",
        "PRAGMA foreign_key_check", "EXPLAIN BEGIN", "EXPLAIN QUERY PLAN SELECT 1", "CREATE TABLE commit_log (x)",
        "DELETE FROM t", "-- BEGIN\nSELECT 2",
    ]

    @Test(arguments: refused)
    func refusedStatements(_ sql: String) {
        #expect(RawStatementPolicy.refusal(forSQL: sql) != nil)
    }

    @Test(arguments: allowed)
    func allowedStatements(_ sql: String) {
        #expect(RawStatementPolicy.refusal(forSQL: sql) == nil)
    }

    @Test func selectsAreClassifiedAsReadsAndWritesAreNot() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(Store.Configuration(path: directory.file("a.sqlite")))
        try store.write { db in try db.execute("CREATE TABLE t (x)") }
        #expect(store.isReadStatement("SELECT count(*) FROM t"))
        #expect(store.isReadStatement("WITH c AS (SELECT x FROM t) SELECT * FROM c"))
        #expect(!store.isReadStatement("INSERT INTO t VALUES (1)"))
        #expect(!store.isReadStatement("  replace into t values (1)"), "told by its first word")
        #expect(!store.isReadStatement("UPDATE missing SET y = 1"), "told by its first word, prepared or not")
        #expect(store.isReadStatement("-- a note\nSELECT x FROM t"))
        // Preparing this pragma switches foreign keys off on the connection that prepares it:
        // never on a reader, whose connection serves later requests.
        #expect(store.isReadStatement("PRAGMA foreign_keys = OFF") == false)
        let foreignKeys = try store.read { db in try db.pragmaValue("PRAGMA foreign_keys") }
        #expect(foreignKeys == .integer(1))
        #expect(!store.isReadStatement("WITH c AS (SELECT 1) INSERT INTO t SELECT * FROM c"))
        #expect(!store.isReadStatement("BEGIN"), "allowed by SQLite as read-only, refused as raw SQL")
        #expect(!store.isReadStatement("SELECT * FROM missing"), "cannot be prepared: left for the writer to report")
        try store.write { db in try db.execute("CREATE TABLE missing (y)") }
        #expect(store.isReadStatement("SELECT * FROM missing"), "not remembered while it could not be prepared")
    }
}

@Suite struct StatementFirstWordTests {
    @Test func theFirstWordSaysWritesQueriesOrNeither() {
        let cases: [(String, StatementClassifier.FirstWord)] = [
            ("INSERT INTO t VALUES (1)", .writes), ("  update t SET x = 1", .writes), ("\ndelete from t", .writes),
            ("Replace INTO t VALUES (1)", .writes), ("SELECT 1", .query), ("with c AS (SELECT 1) SELECT * FROM c", .query),
            ("VALUES (1)", .query), ("select(1)", .query), ("PRAGMA user_version", .other), ("-- c\nSELECT 1", .other),
            ("INSERTED", .other), ("SELECTED x", .other), ("", .other), ("   ", .other), ("EXPLAIN SELECT 1", .other),
        ]
        for (sql, expected) in cases {
            #expect(StatementClassifier.firstWord(of: sql) == expected, "\(sql)")
        }
    }
}
