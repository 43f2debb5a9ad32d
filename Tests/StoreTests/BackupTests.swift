import Foundation
@testable import Store
import Testing
import TestSupport

/// Records what an operation reports and lets a test cancel it or act between steps.
final class RecordingObserver: OperationObserver, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var events: [String] = []
    private var checks = 0
    /// Throw a cancellation from the n-th `checkCancellation` call on (nil: never).
    var cancelAtCheck: Int?
    /// Called on every progress report (from the operation's thread).
    var onReport: (@Sendable (String) -> Void)?

    struct Cancelled: Error {}

    func checkCancellation() throws {
        lock.lock()
        checks += 1
        let cancel = cancelAtCheck.map { checks >= $0 } ?? false
        lock.unlock()
        if cancel { throw Cancelled() }
    }

    func whileRunning<T>(interrupt: @escaping @Sendable () -> Void, _ body: () throws -> T) throws -> T { try body() }

    func progressBegin(_ title: String, message: String?, percentage: Int?) { record("begin \(title) \(message ?? "")") }
    func progressReport(message: String?, percentage: Int?) {
        record("report \(message ?? "") \(percentage.map(String.init) ?? "-")")
        onReport?(message ?? "")
    }
    func progressEnd(message: String?) { record("end \(message ?? "")") }

    private func record(_ event: String) {
        lock.lock()
        events.append(event)
        lock.unlock()
    }
}

func makeStore(_ directory: TemporaryDirectory, name: String = "db.sqlite", maxReaders: Int = 2, busyTimeoutMs: Int32 = 5000) throws -> Store {
    try Store(Store.Configuration(path: directory.file(name), busyTimeoutMs: busyTimeoutMs, maxReaders: maxReaders))
}

/// `count(*)` of a table in the database file at `path`, read on a fresh connection (read-write,
/// so that closing it removes the WAL files it opened).
func rowCount(_ table: String, in path: String) throws -> Int64 {
    let db = try Database(path: path)
    guard case .integer(let count) = try db.pragmaValue("SELECT count(*) FROM \(SQL.quote(table))") else { return -1 }
    return count
}

@Suite struct BackupTests {
    func fill(_ store: Store, rows: Int = 500) throws {
        try store.write { db in
            try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
            try db.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?) "
                           + "INSERT INTO t (body) SELECT printf('%0500d', x) FROM c", [.integer(Int64(rows))])
        }
    }

    @Test func backupCopiesEverythingUnderADefaultName() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        try fill(store)
        let observer = RecordingObserver()
        let result = try store.backup(into: store.backupFolder(at: directory.file("backups")),
                                      options: BackupOptions(pagesPerStep: 16), time: .fixed(seconds: 1_767_225_600), observer: observer)
        #expect(result.name == "database-20260101T000000Z.sqlite")
        #expect(result.path == directory.file("backups/database-20260101T000000Z.sqlite"))
        #expect(result.verified)
        #expect(result.pages > 16, "the copy should take several steps")
        #expect(result.bytes == Int64(result.pages) * 4096)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.file("backups")) == [result.name])
        #expect(try rowCount("t", in: result.path) == 500)
        #expect(observer.events.first == "begin Backup database-20260101T000000Z.sqlite")
        #expect(observer.events.contains("report \(result.pages) of \(result.pages) pages 100"))
        #expect(observer.events.contains("report verifying the copy 100"))
        #expect(observer.events.last == "end \(result.pages) pages copied and verified")
        // Every report is a new whole percentage.
        let percentages = observer.events.filter { $0.hasPrefix("report") && $0.contains(" pages ") }.compactMap { Int($0.split(separator: " ").last!) }
        #expect(percentages == percentages.sorted() && Set(percentages).count == percentages.count)
    }

    @Test func backupsInOneSecondGetDistinctNamesAndKeepPrunesTheOldest() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        try fill(store, rows: 10)
        let folder = store.backupFolder(at: directory.file("backups"))
        let clock = TimeSource.fixed(seconds: 1_767_225_600)
        _ = try store.backup(into: folder, options: BackupOptions(name: "mine.sqlite"), time: clock)
        let first = try store.backup(into: folder, time: clock)
        let second = try store.backup(into: folder, time: clock)
        let third = try store.backup(into: folder, options: BackupOptions(keep: 2), time: clock)
        #expect([first.name, second.name, third.name]
                    == ["database-20260101T000000Z.sqlite", "database-20260101T000000Z-2.sqlite", "database-20260101T000000Z-3.sqlite"])
        #expect(third.removed == [first.name])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.file("backups")).sorted()
                    == [second.name, third.name, "mine.sqlite"].sorted())
    }

    @Test func anExplicitNameReplacesAnOlderBackup() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        try fill(store, rows: 10)
        let folder = store.backupFolder(at: directory.file("backups"))
        _ = try store.backup(into: folder, options: BackupOptions(name: "nightly.sqlite"))
        try store.write { try $0.execute("INSERT INTO t (body) VALUES ('later')") }
        let result = try store.backup(into: folder, options: BackupOptions(name: "nightly.sqlite", verify: false))
        #expect(!result.verified)
        #expect(try rowCount("t", in: result.path) == 11)
    }

    @Test func cancellingMidCopyRemovesThePartialFile() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        try fill(store)
        let observer = RecordingObserver()
        observer.cancelAtCheck = 4
        #expect(throws: RecordingObserver.Cancelled.self) {
            try store.backup(into: store.backupFolder(at: directory.file("backups")),
                             options: BackupOptions(pagesPerStep: 8), observer: observer)
        }
        #expect(observer.events.contains { $0.hasPrefix("report") }, "the copy should have started before it was cancelled")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.file("backups")).isEmpty)
        // The reader went back to the pool in a usable state.
        #expect(try store.read { try $0.pragmaValue("SELECT count(*) FROM t") } == .integer(500))
    }

    @Test func aFailedVerificationKeepsNoFile() throws {
        let directory = try TemporaryDirectory()
        let folder = BackupFolder(path: directory.file("backups"), protecting: directory.file("db.sqlite"))
        let reservation = try folder.reserve("bad.sqlite", secondsSinceEpoch: 0)
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: reservation.partialPath))
        #expect(throws: StoreError.self) { try Database.verifyCopy(at: reservation.partialPath, observer: SilentObserver()) }
        reservation.discard()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.file("backups")).isEmpty)
    }

    @Test func aReadOnlyStoreCanBeBackedUp() throws {
        let directory = try TemporaryDirectory()
        do { try fill(try makeStore(directory), rows: 20) }
        let store = try Store(Store.Configuration(path: directory.file("db.sqlite"), readOnly: true))
        let result = try store.backup(into: store.backupFolder(at: directory.file("backups")))
        #expect(try rowCount("t", in: result.path) == 20)
    }

    /// A backup taken while another connection commits without pause: the copy is sound, holds
    /// every write acknowledged before it started, and each write is in it whole or not at all.
    /// The copy waits at its first steps until the writer has committed more, so writes are
    /// known to interleave with a multi-step backup. `WIZDB_BACKUP_TEST_MB=200` runs it on a
    /// 200 MB database (default 8 MB).
    @Test func backupDuringContinuousWritesIsAConsistentSnapshot() throws {
        let megabytes = Int(ProcessInfo.processInfo.environment["WIZDB_BACKUP_TEST_MB"] ?? "") ?? 8
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory, maxReaders: 2)
        try store.write { db in
            try db.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)")
            try db.execute("CREATE TABLE log (seq INTEGER PRIMARY KEY, payload BLOB NOT NULL)")
            try db.execute("CREATE TABLE totals (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
            try db.execute("INSERT INTO totals VALUES (1, 0)")
        }
        // Filled in 8 MB transactions so the WAL stays small.
        for _ in 0..<max(1, megabytes / 8) {
            try store.write { db in
                try db.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000) "
                               + "INSERT INTO filler (payload) SELECT randomblob(4000) FROM c")
            }
        }

        let writer = ContinuousWriter(store: store)
        writer.start()
        defer { writer.stop() }
        #expect(writer.waitForCommits(atLeast: 20, timeout: 10), "the writer did not get going")

        let observer = RecordingObserver()
        let waits = WaitedSteps()
        observer.onReport = { message in
            // At the first three steps, insist that the writer commits more before going on:
            // if the backup held back writes, this would time out.
            guard message.hasSuffix(" pages"), waits.take() else { return }
            let target = writer.acknowledged + 5
            if !writer.waitForCommits(atLeast: target, timeout: 10) { waits.timedOut() }
        }
        let acknowledgedBefore = writer.acknowledged
        let result = try store.backup(into: store.backupFolder(at: directory.file("backups")),
                                      options: BackupOptions(pagesPerStep: 64), observer: observer)
        let acknowledgedAfter = writer.acknowledged
        writer.stop()

        #expect(!waits.didTimeOut, "writes stalled during the backup")
        #expect(result.pages > 64 * 3, "the backup should take many steps")
        #expect(acknowledgedAfter >= acknowledgedBefore + 15, "writes should have been committed during the backup")
        let copy = try Database(path: result.path)
        #expect(try copy.integrityProblems(quick: false).isEmpty)
        let total = try copy.integer("SELECT n FROM totals WHERE id = 1")
        let count = try copy.integer("SELECT count(*) FROM log")
        let maximum = try copy.integer("SELECT coalesce(max(seq), 0) FROM log")
        // Each write inserts log row `seq` and sets totals.n = seq in one transaction.
        #expect(total == count && total == maximum, "a write is in the copy only half: n \(total), rows \(count), max \(maximum)")
        #expect(total >= Int64(acknowledgedBefore), "a write acknowledged before the backup began is missing")
        #expect(total <= Int64(acknowledgedAfter))
        #expect(writer.failure == nil, "writer failed: \(writer.failure ?? "")")
        print("backup of \(megabytes) MB: \(result.pages) pages in \(result.durationMs) ms; "
              + "\(acknowledgedAfter - acknowledgedBefore) writes committed meanwhile, slowest \(writer.slowestMicroseconds / 1000) ms")
    }
}

/// Commits `INSERT INTO log` + `UPDATE totals` transactions one after another on its own thread.
final class ContinuousWriter: @unchecked Sendable {
    private let store: Store
    private let condition = NSCondition()
    private var committed = 0
    private var stopping = false
    private var finished = false
    private(set) var failure: String?
    private(set) var slowestMicroseconds = 0

    init(store: Store) { self.store = store }

    var acknowledged: Int {
        condition.lock()
        defer { condition.unlock() }
        return committed
    }

    func start() {
        Thread.detachNewThread { [self] in
            var seq: Int64 = 0
            while true {
                condition.lock()
                let stop = stopping
                condition.unlock()
                if stop { break }
                seq += 1
                let started = DispatchTime.now().uptimeNanoseconds
                do {
                    try store.write { db in
                        try db.execute("INSERT INTO log (seq, payload) VALUES (?, randomblob(200))", [.integer(seq)])
                        try db.execute("UPDATE totals SET n = ? WHERE id = 1", [.integer(seq)])
                    }
                } catch {
                    condition.lock()
                    failure = String(describing: error)
                    condition.unlock()
                    break
                }
                let elapsed = Int((DispatchTime.now().uptimeNanoseconds - started) / 1000)
                condition.lock()
                committed = Int(seq)
                slowestMicroseconds = max(slowestMicroseconds, elapsed)
                condition.broadcast()
                condition.unlock()
            }
            condition.lock()
            finished = true
            condition.broadcast()
            condition.unlock()
        }
    }

    func waitForCommits(atLeast target: Int, timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while committed < target && failure == nil {
            if !condition.wait(until: deadline) { return false }
        }
        return committed >= target
    }

    func stop() {
        condition.lock()
        stopping = true
        while !finished { condition.wait() }
        condition.unlock()
    }
}

/// Counts down the backup steps at which the test makes the copy wait for the writer.
final class WaitedSteps: @unchecked Sendable {
    private let lock = NSLock()
    private var remaining = 3
    private var timeouts = 0

    func take() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard remaining > 0 else { return false }
        remaining -= 1
        return true
    }

    func timedOut() {
        lock.lock()
        timeouts += 1
        lock.unlock()
    }

    var didTimeOut: Bool {
        lock.lock()
        defer { lock.unlock() }
        return timeouts > 0
    }
}
