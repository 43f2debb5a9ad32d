import CSQLite
import Foundation
@testable import Store
import Testing
import TestSupport

@Suite struct VacuumTests {
    @Test func vacuumGivesFreePagesBack() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        try store.write { db in
            try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB)")
            try db.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 500) INSERT INTO t (body) SELECT zeroblob(4000) FROM c")
        }
        try store.write { try $0.execute("DELETE FROM t WHERE id > 50") }
        let freeBefore = try store.read { $0.freelistCount }
        #expect(freeBefore > 400)
        let result = try store.vacuum()
        #expect(result.bytesAfter < result.bytesBefore / 5, "\(result)")
        #expect(try store.read { $0.freelistCount } == 0)
        #expect(try store.read { try $0.pragmaValue("SELECT count(*) FROM t") } == .integer(50))
        // The truncating checkpoint after VACUUM gave the space back to the file system.
        #expect(FileSystem.size(of: directory.file("db.sqlite")) == result.bytesAfter)
        #expect((FileSystem.size(of: directory.file("db.sqlite-wal")) ?? 0) == 0)
    }

    @Test func vacuumIntoWritesACompactedCopyInTheBackupsFolder() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        try store.write { db in
            try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB)")
            try db.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300) INSERT INTO t (body) SELECT zeroblob(4000) FROM c")
            try db.execute("DELETE FROM t WHERE id > 30")
        }
        let folder = store.backupFolder(at: directory.file("backups"))
        let result = try store.vacuum(into: folder, name: "compact.sqlite")
        #expect(result.path == directory.file("backups/compact.sqlite"))
        #expect(result.bytesAfter == FileSystem.size(of: directory.file("backups/compact.sqlite")))
        #expect(result.bytesAfter < result.bytesBefore)
        #expect(try rowCount("t", in: directory.file("backups/compact.sqlite")) == 30)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.file("backups")) == ["compact.sqlite"])
        // Run again under the same name: the older copy is replaced.
        try store.write { try $0.execute("DELETE FROM t WHERE id > 10") }
        _ = try store.vacuum(into: folder, name: "compact.sqlite")
        #expect(try rowCount("t", in: directory.file("backups/compact.sqlite")) == 10)
        #expect(throws: StoreError.pathNotAllowed(name: "../x.sqlite",
                                                  reason: "it contains a path separator, and names are plain file names inside the backups folder")) {
            try store.vacuum(into: folder, name: "../x.sqlite")
        }
    }

    @Test func vacuumIntoWorksOnAReadOnlyStore() throws {
        let directory = try TemporaryDirectory()
        do {
            let store = try makeStore(directory)
            try store.write { try $0.execute("CREATE TABLE t (x)") }
        }
        let store = try Store(Store.Configuration(path: directory.file("db.sqlite"), readOnly: true))
        _ = try store.vacuum(into: store.backupFolder(at: directory.file("backups")), name: "copy.sqlite")
        #expect(try rowCount("t", in: directory.file("backups/copy.sqlite")) == 0)
        #expect(throws: StoreError.self) { try store.vacuum() }
    }
}

@Suite struct OptimizeTests {
    @Test func analyzeWritesPlannerStatistics() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        try store.write { db in
            try db.execute("CREATE TABLE t (x)")
            try db.execute("CREATE INDEX t_x ON t (x)")
            try db.execute("INSERT INTO t VALUES (1), (2), (3)")
        }
        try store.optimize(analyze: false)
        try store.optimize(analyze: true)
        #expect(try store.read { try $0.pragmaValue("SELECT count(*) FROM sqlite_stat1 WHERE idx = 't_x'") } == .integer(1))
    }
}

@Suite struct IntegrityTests {
    @Test func aSoundDatabaseIsOK() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        try store.write { try $0.execute("CREATE TABLE t (x)") }
        for quick in [true, false] {
            let report = try store.checkIntegrity(quick: quick)
            #expect(report.ok && report.problems.isEmpty && report.foreignKeyViolations.isEmpty && !report.truncated)
        }
    }

    @Test func orphanRowsAreListedWithTheirKeys() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        try store.write { db in
            try db.execute("CREATE TABLE users (id TEXT PRIMARY KEY NOT NULL)")
            try db.execute("CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id TEXT REFERENCES users, a INTEGER, b INTEGER)")
            try db.execute("CREATE TABLE pairs (x INTEGER, y INTEGER, PRIMARY KEY (x, y))")
            try db.execute("CREATE TABLE refs (id INTEGER PRIMARY KEY, px INTEGER, py INTEGER, FOREIGN KEY (px, py) REFERENCES pairs (x, y))")
        }
        let raw = try Database(path: directory.file("db.sqlite"))
        try raw.execute("PRAGMA foreign_keys = OFF")
        try raw.execute("INSERT INTO posts (id, user_id) VALUES (7, 'ghost')")
        try raw.execute("INSERT INTO refs (id, px, py) VALUES (3, 1, 2)")
        let report = try store.checkIntegrity(quick: true)
        #expect(!report.ok)
        #expect(report.problems.isEmpty)
        #expect(report.foreignKeyViolations.sorted { $0.table < $1.table } == [
            ForeignKeyViolation(table: "posts", rowid: 7, parent: "users", columns: ["user_id"], parentColumns: ["id"]),
            ForeignKeyViolation(table: "refs", rowid: 3, parent: "pairs", columns: ["px", "py"], parentColumns: ["x", "y"]),
        ])
        let capped = try raw.checkIntegrity(quick: true, maxViolations: 1)
        #expect(capped.foreignKeyViolations.count == 1 && capped.truncated)
    }

    @Test func anIndexThatDisagreesWithItsTableIsAProblem() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("db.sqlite")
        do {
            let store = try makeStore(directory)
            try store.write { db in
                try db.execute("CREATE TABLE t (x, y)")
                try db.execute("CREATE INDEX t_i ON t (x)")
                try db.execute("INSERT INTO t VALUES (1, 10), (2, 20), (3, 30)")
            }
        }
        // Make the index's declaration say y while its entries hold x, the way damage looks.
        let forger = try Database(path: path)
        #expect(wizdb_db_config_defensive(forger.handle, 0) == SQLITE_OK)
        try forger.execute("PRAGMA writable_schema = ON")
        try forger.execute("UPDATE sqlite_schema SET sql = 'CREATE INDEX t_i ON t (y)' WHERE name = 't_i'")
        try forger.execute("PRAGMA writable_schema = OFF")

        let store = try makeStore(directory)
        let full = try store.checkIntegrity(quick: false)
        #expect(!full.ok)
        #expect(!full.problems.isEmpty)
        #expect(full.problems.contains { $0.contains("t_i") }, "\(full.problems)")
        // quick_check does not compare indexes with their tables.
        #expect(try store.checkIntegrity(quick: true).ok)
    }
}

@Suite struct CheckpointTests {
    @Test func modesReportFrames() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        try store.write { db in
            try db.execute("CREATE TABLE t (x)")
            try db.execute("INSERT INTO t VALUES (randomblob(10000))")
        }
        let passive = try store.checkpoint(.passive)
        #expect(passive.walFrames > 0 && passive.checkpointedFrames == passive.walFrames && passive.complete)
        try store.write { try $0.execute("INSERT INTO t VALUES (1)") }
        for mode in [CheckpointMode.full, .restart] {
            let result = try store.checkpoint(mode)
            #expect(result.complete && result.checkpointedFrames == result.walFrames, "\(mode)")
        }
        try store.write { try $0.execute("INSERT INTO t VALUES (2)") }
        let truncate = try store.checkpoint(.truncate)
        #expect(truncate.walFrames > 0 && truncate.checkpointedFrames == truncate.walFrames && truncate.complete, "\(truncate)")
        #expect(try store.checkpoint(.truncate) == CheckpointResult(walFrames: 0, checkpointedFrames: 0, complete: true))
        #expect(FileSystem.size(of: directory.file("db.sqlite-wal")) == 0)
    }

    @Test func aReaderOnAnOldSnapshotKeepsAFullCheckpointFromCompleting() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory, busyTimeoutMs: 50)
        try store.write { db in
            try db.execute("CREATE TABLE t (x)")
            try db.execute("INSERT INTO t VALUES (1)")
        }
        _ = try store.checkpoint(.truncate)
        let reader = try Database(path: directory.file("db.sqlite"))
        try reader.execute("BEGIN")
        _ = try reader.pragmaValue("SELECT count(*) FROM t")
        try store.write { try $0.execute("INSERT INTO t VALUES (2)") }
        let passive = try store.checkpoint(.passive)
        #expect(!passive.complete && passive.checkpointedFrames < passive.walFrames)
        let full = try store.checkpoint(.full)
        #expect(!full.complete)
        try reader.execute("COMMIT")
        #expect(try store.checkpoint(.full).complete)
    }
}

@Suite struct StatisticsTests {
    @Test func sizesAndCountsPerTable() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        try store.write { db in
            try db.execute("CREATE TABLE users (id TEXT PRIMARY KEY NOT NULL, email TEXT UNIQUE, deactivated_at INTEGER)")
            try db.execute("CREATE INDEX users_deactivated ON users (deactivated_at)")
            try db.execute("CREATE TABLE tags (name TEXT)")
            try db.execute("INSERT INTO users VALUES ('a', 'a@x', NULL), ('b', 'b@x', 5), ('c', 'c@x', NULL)")
            try db.execute("INSERT INTO tags VALUES ('x')")
            try db.execute("CREATE TABLE _wizdb_migrations (name TEXT)")
        }
        let stats = try store.statistics()
        #expect(stats.pageSize == 4096)
        #expect(stats.pageCount > 0)
        #expect(stats.freelistCount == 0)
        #expect(stats.walBytes == FileSystem.size(of: directory.file("db.sqlite-wal")))
        #expect(stats.fileBytes == FileSystem.size(of: directory.file("db.sqlite")))
        #expect(stats.dbstat, "this SQLite build offers dbstat")
        #expect(stats.tables.map(\.name) == ["tags", "users"])
        let tags = stats.tables[0]
        #expect(tags.rows == 1 && tags.active == nil && tags.deactivated == nil && tags.bytes == 4096 && tags.indexes == [])
        let users = stats.tables[1]
        #expect(users.rows == 3 && users.active == 2 && users.deactivated == 1 && users.bytes == 4096)
        #expect(users.indexes == [IndexStats(name: "sqlite_autoindex_users_1", bytes: 4096),
                                  IndexStats(name: "sqlite_autoindex_users_2", bytes: 4096),
                                  IndexStats(name: "users_deactivated", bytes: 4096)])
    }
}
