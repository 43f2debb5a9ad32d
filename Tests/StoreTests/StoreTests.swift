import Foundation
import Synchronization
@testable import Store
import Testing
import TestSupport

@Suite struct DatabaseConfigurationTests {
    @Test func everyConnectionGetsWizdbSettings() throws {
        let directory = try TemporaryDirectory()
        let db = try Database(path: directory.file("a.sqlite"), busyTimeoutMs: 1234)
        #expect(try db.pragmaValue("PRAGMA journal_mode") == .text("wal"))
        #expect(try db.pragmaValue("PRAGMA foreign_keys") == .integer(1))
        #expect(try db.pragmaValue("PRAGMA synchronous") == .integer(1), "synchronous should be NORMAL (1)")
        #expect(try db.pragmaValue("PRAGMA trusted_schema") == .integer(0))
        #expect(try db.pragmaValue("PRAGMA busy_timeout") == .integer(1234))
    }

    /// The writer gets the configured cache, each reader a quarter of it.
    @Test func storeConnectionsGetThePageCacheSize() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(Store.Configuration(path: directory.file("a.sqlite"), cacheMiB: 3))
        #expect(try store.write { try $0.pragmaValue("PRAGMA cache_size") } == .integer(-3072))
        #expect(try store.read { try $0.pragmaValue("PRAGMA cache_size") } == .integer(-768))
        #expect(Store.Configuration(path: "x").cacheMiB == Store.Configuration.defaultCacheMiB)
    }

    @Test func defensiveModeRefusesWritingTheSchemaTable() throws {
        let directory = try TemporaryDirectory()
        let db = try Database(path: directory.file("a.sqlite"))
        try db.execute("CREATE TABLE t (x)")
        try db.execute("PRAGMA writable_schema = ON")
        #expect(throws: StoreError.self) { try db.execute("DELETE FROM sqlite_schema") }
    }

    @Test func doubleQuotedStringsAreIdentifiersOnly() throws {
        let directory = try TemporaryDirectory()
        let db = try Database(path: directory.file("a.sqlite"))
        // With DQS off, "nope" is a column name, not a string, so a typo cannot pass silently.
        #expect(throws: StoreError.self) { try db.execute("SELECT \"nope\"") }
    }

    @Test func notADatabaseIsReportedAtOpen() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("junk.sqlite")
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.self) { try Database(path: path) }
    }

    @Test func missingFileIsAnErrorWhenReadOnly() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: StoreError.self) { try Store(Store.Configuration(path: directory.file("missing.sqlite"), readOnly: true)) }
    }
}

@Suite struct StatementTests {
    @Test func multipleStatementsAreRefused() throws {
        let directory = try TemporaryDirectory()
        let db = try Database(path: directory.file("a.sqlite"))
        #expect(throws: StoreError.multipleStatements) { try db.makeStatement("SELECT 1; SELECT 2") }
        #expect(throws: StoreError.emptyStatement) { try db.makeStatement("  -- nothing ") }
        _ = try db.makeStatement("SELECT 1; -- trailing comment")
        _ = try db.makeStatement("SELECT 1;   ")
    }

    @Test func valuesRoundTrip() throws {
        let directory = try TemporaryDirectory()
        let db = try Database(path: directory.file("a.sqlite"))
        let values: [SQLValue] = [.null, .integer(.max), .integer(.min), .real(0.1), .text(""), .text("é😀\u{0}x"), .blob([]), .blob([0, 255])]
        for value in values {
            let back = try db.pragmaValue("SELECT ?", [value])
            // SQLite returns a zero-length blob as an empty blob, except that it may report it as NULL-free blob.
            #expect(back == value, "\(value) came back as \(back)")
        }
    }

    @Test func cachedStatementsAreReusedAndReset() throws {
        let directory = try TemporaryDirectory()
        let db = try Database(path: directory.file("a.sqlite"))
        let first = try db.cachedStatement("SELECT ?")
        try first.bind([1])
        _ = try first.step()
        let second = try db.cachedStatement("SELECT ?")
        #expect(first === second)
        #expect(throws: StoreError.self) { try second.bind([1, 2]) }
    }
}

@Suite struct ErrorClassificationTests {
    @Test(arguments: [
        ("INSERT INTO t (id, email, n) VALUES ('b', 'a@x', 1)", StoreError.ConstraintKind.unique, "t", ["email"]),
        ("INSERT INTO t (id, email, n) VALUES ('a', 'z@x', 1)", .primaryKey, "t", ["id"]),
        ("INSERT INTO t (id, email, n) VALUES ('c', NULL, 1)", .notNull, "t", ["email"]),
        ("INSERT INTO t (id, email, n) VALUES ('d', 'd@x', -1)", .check, nil, []),
        ("INSERT INTO c (id, t_id) VALUES ('c1', 'nobody')", .foreignKey, nil, []),
    ] as [(String, StoreError.ConstraintKind, String?, [String])])
    func constraintFailuresAreTyped(sql: String, kind: StoreError.ConstraintKind, table: String?, columns: [String]) throws {
        let directory = try TemporaryDirectory()
        let store = try Store(Store.Configuration(path: directory.file("a.sqlite")))
        try store.write { db in
            try db.execute("CREATE TABLE t (id TEXT PRIMARY KEY NOT NULL, email TEXT NOT NULL UNIQUE, n INTEGER CHECK (n >= 0))")
            try db.execute("CREATE TABLE c (id TEXT PRIMARY KEY NOT NULL, t_id TEXT REFERENCES t(id))")
            try db.execute("INSERT INTO t (id, email, n) VALUES ('a', 'a@x', 1)")
        }
        do {
            try store.write { db in try db.execute(sql) }
            Issue.record("\(sql) succeeded")
        } catch let StoreError.constraint(gotKind, gotTable, gotColumns, _) {
            #expect(gotKind == kind, "\(sql)")
            #expect(gotTable == table, "\(sql)")
            #expect(gotColumns == columns, "\(sql)")
        }
    }

    @Test func restrictingForeignKeysAreForeignKeyFailures() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(Store.Configuration(path: directory.file("a.sqlite")))
        try store.write { db in
            try db.execute("CREATE TABLE p (id TEXT PRIMARY KEY NOT NULL)")
            try db.execute("CREATE TABLE c (id TEXT PRIMARY KEY NOT NULL, p_id TEXT REFERENCES p(id) ON DELETE RESTRICT)")
            try db.execute("INSERT INTO p VALUES ('p1')")
            try db.execute("INSERT INTO c VALUES ('c1', 'p1')")
        }
        #expect {
            try store.write { db in try db.execute("DELETE FROM p WHERE id = 'p1'") }
        } throws: { error in
            guard case StoreError.constraint(let kind, _, _, _) = error else { return false }
            return kind == .foreignKey
        }
    }

    @Test func constrainedColumnsParsing() {
        #expect(StoreError.constrainedColumns(in: "UNIQUE constraint failed: users.email, users.name") == ("users", ["email", "name"]))
        #expect(StoreError.constrainedColumns(in: "CHECK constraint failed: credits >= 0") == (nil, []))
        #expect(StoreError.constrainedColumns(in: "FOREIGN KEY constraint failed") == (nil, []))
    }
}

@Suite struct StoreAccessTests {
    func makeStore(_ directory: TemporaryDirectory, busyTimeoutMs: Int32 = 5000) throws -> Store {
        try Store(Store.Configuration(path: directory.file("a.sqlite"), busyTimeoutMs: busyTimeoutMs))
    }

    @Test func writeCommitsOnReturnAndRollsBackOnThrow() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        try store.write { db in try db.execute("CREATE TABLE t (x)") }
        try store.write { db in try db.execute("INSERT INTO t VALUES (1)") }
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try store.write { db in
                try db.execute("INSERT INTO t VALUES (2)")
                throw Boom()
            }
        }
        let count = try store.read { db in try db.pragmaValue("SELECT count(*) FROM t") }
        #expect(count == .integer(1))
    }

    @Test func readersCannotWrite() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        try store.write { db in try db.execute("CREATE TABLE t (x)") }
        #expect(throws: StoreError.self) { try store.read { db in try db.execute("INSERT INTO t VALUES (1)") } }
    }

    @Test func readsSeeOneSnapshotWhileWritesGoOn() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        try store.write { db in
            try db.execute("CREATE TABLE t (x)")
            try db.execute("INSERT INTO t VALUES (1)")
        }
        try store.read { db in
            let before = try db.pragmaValue("SELECT count(*) FROM t")
            try store.write { writer in try writer.execute("INSERT INTO t VALUES (2)") }
            let after = try db.pragmaValue("SELECT count(*) FROM t")
            #expect(before == after, "a read transaction must not see a write committed during it")
        }
        #expect(try store.read { try $0.pragmaValue("SELECT count(*) FROM t") } == .integer(2))
    }

    @Test func anotherProcessHoldingTheLockMakesWritesBusyAfterTheTimeout() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory, busyTimeoutMs: 100)
        try store.write { db in try db.execute("CREATE TABLE t (x)") }
        let other = try Database(path: directory.file("a.sqlite"))
        try other.execute("BEGIN IMMEDIATE")
        defer { try? other.execute("ROLLBACK") }
        let started = Date()
        #expect {
            try store.write { db in try db.execute("INSERT INTO t VALUES (1)") }
        } throws: { error in
            if case StoreError.busy = error { return true }
            return false
        }
        #expect(Date().timeIntervalSince(started) >= 0.09, "busy must come only after the busy timeout")
    }

    @Test func readOnlyStoreRefusesWrites() throws {
        let directory = try TemporaryDirectory()
        do {
            let store = try makeStore(directory)
            try store.write { db in try db.execute("CREATE TABLE t (x)") }
        }
        let store = try Store(Store.Configuration(path: directory.file("a.sqlite"), readOnly: true))
        #expect(store.isReadOnly)
        #expect(throws: StoreError.self) { try store.write { _ in } }
        #expect(try store.read { try $0.pragmaValue("SELECT count(*) FROM t") } == .integer(0))
    }

    @Test func interruptStopsARunningStatement() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        let started = DispatchSemaphore(value: 0)
        let box = DatabaseBox()
        DispatchQueue.global().async {
            started.wait()
            Thread.sleep(forTimeInterval: 0.1)
            box.db?.interrupt()
        }
        #expect(throws: StoreError.interrupted) {
            try store.read { db in
                box.db = db
                started.signal()
                _ = try db.pragmaValue("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c")
            }
        }
    }

    @Test func manyThreadsShareTheReaderPool() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(Store.Configuration(path: directory.file("a.sqlite"), maxReaders: 2))
        try store.write { db in
            try db.execute("CREATE TABLE t (x)")
            try db.execute("INSERT INTO t VALUES (7)")
        }
        let failures = Counter()
        DispatchQueue.concurrentPerform(iterations: 64) { _ in
            do {
                let value = try store.read { try $0.pragmaValue("SELECT x FROM t") }
                if value != .integer(7) { failures.increment() }
            } catch {
                failures.increment()
            }
        }
        #expect(failures.value == 0)
    }
}

/// A run of reads on one thread (`beginReadRun`): one connection and one snapshot for every
/// `read` and `readStatement` until `endReadRun`.
@Suite struct ReadRunTests {
    func makeStore(_ directory: TemporaryDirectory) throws -> Store {
        let store = try Store(Store.Configuration(path: directory.file("a.sqlite"), maxReaders: 2))
        try store.write { db in
            try db.execute("CREATE TABLE t (x)")
            try db.execute("INSERT INTO t VALUES (1)")
        }
        return store
    }

    func count(_ db: Database) throws -> SQLValue { try db.pragmaValue("SELECT count(*) FROM t") }

    @Test func readsOfARunShareOneSnapshotAndConnection() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        store.beginReadRun()
        let first = try store.readStatement { db in (ObjectIdentifier(db), try count(db)) }
        try store.write { db in try db.execute("INSERT INTO t VALUES (2)") }
        let second = try store.readStatement { db in (ObjectIdentifier(db), try count(db)) }
        // `read` (BEGIN ... COMMIT on its own otherwise) runs in the run's transaction too.
        let third = try store.read { db in (ObjectIdentifier(db), try count(db)) }
        #expect(first.1 == .integer(1) && second.1 == .integer(1) && third.1 == .integer(1),
                "a write committed during the run is not seen by its later reads")
        #expect(first.0 == second.0 && second.0 == third.0)
        store.endReadRun()
        #expect(try store.readStatement { try count($0) } == .integer(2))
        // The connection went back: the pool's two readers can both be taken.
        let a = try store.acquireReader()
        let b = try store.acquireReader()
        #expect(!a.isInTransaction && !b.isInTransaction, "the run's transaction ended with it")
        store.releaseReader(a)
        store.releaseReader(b)
    }

    /// A look that must see the latest state (the schema catalog's) renews the run's snapshot:
    /// the run's later reads share the newer one.
    @Test func aRenewedRunSeesWhatWasCommittedMeanwhile() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        store.beginReadRun()
        defer { store.endReadRun() }
        #expect(try store.readStatement { try count($0) } == .integer(1))
        try store.write { db in try db.execute("INSERT INTO t VALUES (2)") }
        #expect(try store.readStatement { try count($0) } == .integer(1))
        store.renewReadRunSnapshot()
        #expect(try store.readStatement { try count($0) } == .integer(2))
        try store.write { db in try db.execute("INSERT INTO t VALUES (3)") }
        #expect(try store.read { try count($0) } == .integer(2), "the renewed snapshot is the run's again")
    }

    @Test func aRunGoesOnAfterAFailedRead() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        store.beginReadRun()
        defer { store.endReadRun() }
        #expect(throws: StoreError.self) { try store.readStatement { db in try db.pragmaValue("SELECT nope FROM t") } }
        #expect(throws: StoreError.self) { try store.read { db in try db.execute("INSERT INTO t VALUES (3)") } }
        #expect(try store.readStatement { try count($0) } == .integer(1))
    }

    @Test func aRunIsTheThreadsOwn() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        store.beginReadRun()
        defer { store.endReadRun() }
        _ = try store.readStatement { try count($0) }
        try store.write { db in try db.execute("INSERT INTO t VALUES (2)") }
        // Another thread reads on its own, in a snapshot of its own.
        let seen = Mutex<SQLValue?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread {
            seen.withLock { $0 = try? store.readStatement { try count($0) } }
            done.signal()
        }.start()
        done.wait()
        #expect(seen.withLock { $0 } == .integer(2))
        #expect(try store.readStatement { try count($0) } == .integer(1))
    }
}

final class DatabaseBox: @unchecked Sendable {
    var db: Database?
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}

@Suite struct IDGeneratorTests {
    @Test func idsAreVersion7AndSortInCreationOrder() {
        let generator = IDGenerator()
        let ids = (0..<10_000).map { _ in generator.next() }
        #expect(Set(ids).count == ids.count)
        #expect(ids == ids.sorted(), "ids made in a burst must sort in creation order")
        for id in ids.prefix(100) {
            let characters = Array(id)
            #expect(characters.count == 36)
            #expect(characters[14] == "7", "\(id) is not version 7")
            #expect("89ab".contains(characters[19]), "\(id) does not have the RFC 9562 variant")
        }
    }

    @Test func timestampIsTheClockInMilliseconds() {
        let generator = IDGenerator(time: .fixed(seconds: 1_767_225_600), seed: 1)
        let id = generator.next()
        let hex = id.replacingOccurrences(of: "-", with: "").prefix(12)
        #expect(Int64(hex, radix: 16) == 1_767_225_600_000)
    }

    @Test func seededGeneratorsRepeat() {
        let a = IDGenerator(time: .fixed(seconds: 100), seed: 42)
        let b = IDGenerator(time: .fixed(seconds: 100), seed: 42)
        #expect((0..<50).map { _ in a.next() } == (0..<50).map { _ in b.next() })
    }

    @Test func aStoppedClockStillGivesOrderedIds() {
        let generator = IDGenerator(time: .fixed(seconds: 100), seed: 7)
        let ids = (0..<20_000).map { _ in generator.next() }
        #expect(ids == ids.sorted())
        #expect(Set(ids).count == ids.count)
    }
}
