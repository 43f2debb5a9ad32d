import Foundation
@testable import Store
import Testing
import TestSupport

@Suite struct ArchiveTests {
    static let now: Int64 = 1_767_225_600
    static let day: Int64 = 86_400

    /// users <- posts <- comments (cascading), users <- memberships -> teams (cascading both
    /// ways), users <- audit (SET NULL), categories -> categories (cascading self-reference).
    func makeSchema(_ store: Store) throws {
        try store.write { db in
            try db.execute("CREATE TABLE users (id TEXT PRIMARY KEY NOT NULL, email TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL DEFAULT 0, "
                           + "deactivated_at INTEGER, deactivated_by TEXT)")
            try db.execute("CREATE TABLE posts (id TEXT PRIMARY KEY NOT NULL, user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE, "
                           + "body TEXT, deactivated_at INTEGER)")
            try db.execute("CREATE TABLE comments (id INTEGER PRIMARY KEY, post_id TEXT NOT NULL REFERENCES posts ON DELETE CASCADE, body BLOB)")
            try db.execute("CREATE TABLE teams (id TEXT PRIMARY KEY NOT NULL, name TEXT)")
            try db.execute("CREATE TABLE memberships (user_id TEXT NOT NULL REFERENCES users ON DELETE CASCADE, "
                           + "team_id TEXT NOT NULL REFERENCES teams ON DELETE CASCADE, PRIMARY KEY (user_id, team_id))")
            try db.execute("CREATE TABLE audit (id INTEGER PRIMARY KEY, user_id TEXT REFERENCES users ON DELETE SET NULL, what TEXT)")
            try db.execute("CREATE TABLE tags (name TEXT)")
        }
    }

    func insertUsers(_ store: Store, _ users: [(id: String, deactivatedDaysAgo: Int64?)]) throws {
        try store.write { db in
            for user in users {
                let deactivated: SQLValue = user.deactivatedDaysAgo.map { .integer(Self.now - $0 * Self.day - 1) } ?? .null
                try db.execute("INSERT INTO users (id, email, deactivated_at) VALUES (?, ?, ?)", [.text(user.id), .text(user.id + "@x"), deactivated])
                for index in 1...2 {
                    let post = "\(user.id)-p\(index)"
                    try db.execute("INSERT INTO posts (id, user_id, body) VALUES (?, ?, ?)", [.text(post), .text(user.id), .text("post")])
                    try db.execute("INSERT INTO comments (post_id, body) VALUES (?, x'00ff'), (?, NULL)", [.text(post), .text(post)])
                }
                try db.execute("INSERT OR IGNORE INTO teams (id) VALUES ('red')")
                try db.execute("INSERT INTO memberships VALUES (?, 'red')", [.text(user.id)])
                try db.execute("INSERT INTO audit (user_id, what) VALUES (?, 'signed up')", [.text(user.id)])
            }
        }
    }

    /// Every row of every table, as text, sorted: the ground truth to compare before and after.
    func snapshot(_ path: String, tables: [String], schema: String = "main") throws -> [String: [String]] {
        let db = try Database(path: path)
        var result: [String: [String]] = [:]
        for table in tables {
            let exists = try db.integer("SELECT count(*) FROM sqlite_schema WHERE name = ?", [.text(table)]) > 0
            guard exists else { result[table] = []; continue }
            let columns = try db.columnNames(of: table).map(SQL.quote).joined(separator: ", ")
            result[table] = try db.rows("SELECT \(columns) FROM \(SQL.quote(table))").map { "\($0)" }.sorted()
        }
        return result
    }

    static let tables = ["users", "posts", "comments", "teams", "memberships", "audit"]

    @Test func roundTripMovesRowsWithTheirDependentsAndLosesNothing() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        try makeSchema(store)
        try insertUsers(store, [("alice", nil), ("bob", 40), ("carol", 31), ("dave", 10), ("erin", 400)])
        let before = try snapshot(directory.file("db.sqlite"), tables: Self.tables)

        let result = try store.archive(ArchiveOptions(table: "users", olderThanDays: 30, batchSize: 2), time: .fixed(seconds: Self.now))
        #expect(result.archivePath == directory.file("db-archive.sqlite"))
        #expect(result.skipped == 0)
        // bob, carol, erin: 3 users, 3 memberships, 6 posts, 12 comments (in the order reached).
        #expect(result.tables == [.init(table: "users", rows: 3), .init(table: "memberships", rows: 3),
                                  .init(table: "posts", rows: 6), .init(table: "comments", rows: 12)])
        #expect(result.archived == 24 && result.purged == 0)

        let live = try snapshot(directory.file("db.sqlite"), tables: Self.tables)
        let archived = try snapshot(directory.file("db-archive.sqlite"), tables: Self.tables)
        for table in ["users", "posts", "comments", "memberships"] {
            #expect((live[table]! + archived[table]!).sorted() == before[table]!, "rows of \(table) were lost or changed")
            #expect(Set(live[table]!).isDisjoint(with: archived[table]!), "rows of \(table) are in both databases")
        }
        #expect(live["users"]!.count == 2 && live["teams"] == before["teams"])
        // Audit rows stay; the ones that pointed at archived users now hold NULL (ON DELETE SET NULL).
        let audit = try Database(path: directory.file("db.sqlite")).integer("SELECT count(*) FROM audit WHERE user_id IS NULL")
        #expect(audit == 3 && live["audit"]!.count == 5)
        // Nothing left dangling in the live database.
        #expect(try store.checkIntegrity(quick: true).ok)

        // A second run finds nothing more; a later cutoff takes dave.
        let again = try store.archive(ArchiveOptions(table: "users", olderThanDays: 30), time: .fixed(seconds: Self.now))
        #expect(again.archived == 0 && again.tables.isEmpty)
        let later = try store.archive(ArchiveOptions(table: "users", olderThanDays: 5), time: .fixed(seconds: Self.now))
        #expect(later.tables.first == .init(table: "users", rows: 1))
        #expect(try rowCount("users", in: directory.file("db-archive.sqlite")) == 4)
    }

    @Test func archiveTablesKeepTheShapeButNotTheConstraints() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        try makeSchema(store)
        try insertUsers(store, [("bob", 40)])
        _ = try store.archive(ArchiveOptions(table: "users", olderThanDays: 30), time: .fixed(seconds: Self.now))
        let archive = try Database(path: directory.file("db-archive.sqlite"))
        #expect(try archive.columnNames(of: "users") == ["id", "email", "created_at", "deactivated_at", "deactivated_by"])
        #expect(try archive.primaryKeyColumns(of: "memberships") == ["user_id", "team_id"])
        #expect(try archive.rows("SELECT * FROM pragma_foreign_key_list('posts')").isEmpty)
        #expect(try archive.rows("SELECT * FROM pragma_index_list('users') WHERE origin = 'u'").isEmpty)

        // A column added to the live table later is added to its archive twin; a new bob with the
        // same email (unique only among live rows) can be archived too, replacing nothing.
        try store.write { db in try db.execute("ALTER TABLE users ADD COLUMN nickname TEXT") }
        try store.write { db in
            try db.execute("INSERT INTO users (id, email, deactivated_at, nickname) VALUES ('bob2', 'bob@x', ?, 'b')", [.integer(Self.now - 40 * Self.day)])
        }
        _ = try store.archive(ArchiveOptions(table: "users", olderThanDays: 30), time: .fixed(seconds: Self.now))
        #expect(try Database(path: directory.file("db-archive.sqlite")).columnNames(of: "users").last == "nickname")
        #expect(try rowCount("users", in: directory.file("db-archive.sqlite")) == 2)
    }

    @Test func rowsSomethingStillReferencesAreSkipped() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        try makeSchema(store)
        try insertUsers(store, [("bob", 40), ("carol", 40), ("dave", 40)])
        try store.write { db in
            // carol has an invoice that does not cascade; dave's post has one that RESTRICTs.
            try db.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, user_id TEXT REFERENCES users)")
            try db.execute("CREATE TABLE pins (id INTEGER PRIMARY KEY, post_id TEXT REFERENCES posts ON DELETE RESTRICT)")
            try db.execute("INSERT INTO invoices (user_id) VALUES ('carol')")
            try db.execute("INSERT INTO pins (post_id) VALUES ('dave-p1')")
        }
        let result = try store.archive(ArchiveOptions(table: "users", olderThanDays: 30), time: .fixed(seconds: Self.now))
        #expect(result.skipped == 2)
        #expect(result.tables.first == .init(table: "users", rows: 1))
        let live = try Database(path: directory.file("db.sqlite"))
        #expect(try live.rows("SELECT id FROM users ORDER BY id") == [["carol"], ["dave"]])
        #expect(try live.integer("SELECT count(*) FROM posts WHERE user_id = 'dave'") == 2)
    }

    @Test func rowsThatCascadeFromEachOtherInOneBatchStayWhole() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        try store.write { db in
            try db.execute("CREATE TABLE categories (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES categories ON DELETE CASCADE, "
                           + "deactivated_at INTEGER)")
            // 1 (old, deactivated) <- 2 (live) <- 3 (live); 4 is live and alone; 5 deactivated recently.
            try db.execute("INSERT INTO categories VALUES (1, NULL, 10), (2, 1, NULL), (3, 2, NULL), (4, NULL, NULL), (5, NULL, ?)",
                           [.integer(Self.now)])
        }
        let result = try store.archive(ArchiveOptions(table: "categories", olderThanDays: 1), time: .fixed(seconds: Self.now))
        #expect(result.tables == [.init(table: "categories", rows: 3)])
        #expect(try store.read { try $0.rows("SELECT id FROM categories ORDER BY id") } == [[4], [5]])
        #expect(try Database(path: directory.file("db-archive.sqlite")).rows("SELECT id FROM categories ORDER BY id") == [[1], [2], [3]])
    }

    @Test func purgeDeletesWithoutACopy() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        try makeSchema(store)
        try insertUsers(store, [("alice", nil), ("bob", 40)])
        let result = try store.archive(ArchiveOptions(table: "users", olderThanDays: 30, purge: true), time: .fixed(seconds: Self.now))
        #expect(result.purged == 8 && result.archived == 0 && result.archivePath == nil)
        #expect(!FileManager.default.fileExists(atPath: directory.file("db-archive.sqlite")))
        #expect(try store.read { try $0.rows("SELECT id FROM users") } == [["alice"]])
    }

    @Test func nothingToArchiveCreatesNoArchive() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        try makeSchema(store)
        try insertUsers(store, [("alice", nil), ("dave", 10)])
        let result = try store.archive(ArchiveOptions(table: "users", olderThanDays: 30), time: .fixed(seconds: Self.now))
        #expect(result == ArchiveResult(archived: 0, purged: 0, skipped: 0, archivePath: directory.file("db-archive.sqlite"), tables: []))
        #expect(!FileManager.default.fileExists(atPath: directory.file("db-archive.sqlite")))
    }

    @Test func unknownTablesAndTablesWithoutSoftDeletionAreRefused() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        try makeSchema(store)
        #expect {
            try store.archive(ArchiveOptions(table: "nope", olderThanDays: 1))
        } throws: { error in
            if case StoreError.unknownTable(let name, let available) = error { return name == "nope" && available.contains("users") }
            return false
        }
        #expect {
            try store.archive(ArchiveOptions(table: "tags", olderThanDays: 1))
        } throws: { error in
            if case StoreError.invalidValue(let field, _, _) = error { return field == "table" }
            return false
        }
        #expect {
            try store.archive(ArchiveOptions(table: "_wizdb_migrations", olderThanDays: 1))
        } throws: { error in
            if case StoreError.unknownTable = error { return true }
            return false
        }
    }

    @Test func cancellingBetweenBatchesKeepsFinishedBatches() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        try makeSchema(store)
        try insertUsers(store, [("bob", 40), ("carol", 40), ("erin", 40)])
        let observer = RecordingObserver()
        observer.cancelAtCheck = 2
        #expect(throws: RecordingObserver.Cancelled.self) {
            try store.archive(ArchiveOptions(table: "users", olderThanDays: 30, batchSize: 1), time: .fixed(seconds: Self.now),
                              observer: observer)
        }
        // One batch went through whole; the others were not touched; no row is in both places.
        #expect(try rowCount("users", in: directory.file("db.sqlite")) == 2)
        #expect(try rowCount("users", in: directory.file("db-archive.sqlite")) == 1)
        #expect(try rowCount("posts", in: directory.file("db-archive.sqlite")) == 2)
        #expect(try store.withWriter { try $0.rows("SELECT name FROM pragma_database_list WHERE name = 'wizdb_archive'") }.isEmpty,
                "the archive is detached again")
    }

    @Test func archivePathSitsNextToTheDatabase() {
        #expect(ArchiveLocation.path(forDatabase: "/data/app.sqlite") == "/data/app-archive.sqlite")
        #expect(ArchiveLocation.path(forDatabase: "/data/app.db") == "/data/app-archive.sqlite")
        #expect(ArchiveLocation.path(forDatabase: "/data/app") == "/data/app-archive.sqlite")
    }
}
