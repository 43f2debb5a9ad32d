import Foundation
@testable import Store
import Testing
import TestSupport

@Suite struct RestoreTests {
    @Test func restoreReplacesTheContentAndSavesThePreviousOne() throws {
        let directory = try TemporaryDirectory()
        let folder = BackupFolder(path: directory.file("backups"), protecting: directory.file("db.sqlite"))
        let backup: BackupResult
        do {
            let store = try makeStore(directory)
            try store.write { db in
                try db.execute("CREATE TABLE t (x)")
                try db.execute("INSERT INTO t VALUES (1), (2)")
            }
            backup = try store.backup(into: folder, options: BackupOptions(name: "before.sqlite"))
            try store.write { db in
                try db.execute("INSERT INTO t VALUES (3)")
                try db.execute("CREATE TABLE later (y)")
            }
        }
        let result = try Store.restore(from: backup.path, into: directory.file("db.sqlite"), savingPreviousIn: folder,
                                       time: .fixed(seconds: 1_767_225_600))
        #expect(result.pages == backup.pages)
        #expect(result.previousCopy == directory.file("backups/database-20260101T000000Z.sqlite"))
        #expect(try rowCount("t", in: directory.file("db.sqlite")) == 2)
        #expect(try rowCount("t", in: result.previousCopy!) == 3)
        // Reading the backup left no -wal or -shm next to it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.file("backups")).sorted()
                    == ["before.sqlite", "database-20260101T000000Z.sqlite"])
        let store = try makeStore(directory)
        #expect(try store.read { try $0.pragmaValue("SELECT count(*) FROM sqlite_schema WHERE name = 'later'") } == .integer(0))
        #expect(try store.read { try $0.pragmaValue("PRAGMA journal_mode") } == .text("wal"))
        #expect(try store.checkIntegrity(quick: false).ok)
    }

    @Test func restoreIsRefusedWhileAnotherConnectionHasTheDatabaseOpen() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        try store.write { try $0.execute("CREATE TABLE t (x)") }
        let backup = try store.backup(into: store.backupFolder(at: directory.file("backups")), options: BackupOptions(name: "b.sqlite"))
        try store.write { try $0.execute("INSERT INTO t VALUES (1)") }
        #expect {
            try Store.restore(from: backup.path, into: directory.file("db.sqlite"), savingPreviousIn: nil, busyTimeoutMs: 50)
        } throws: { error in
            if case StoreError.busy(let message) = error { return message.contains("open in another process") }
            return false
        }
        #expect(try store.read { try $0.pragmaValue("SELECT count(*) FROM t") } == .integer(1))
    }

    @Test func aDamagedBackupIsRefusedBeforeAnythingIsTouched() throws {
        let directory = try TemporaryDirectory()
        do {
            let store = try makeStore(directory)
            try store.write { try $0.execute("CREATE TABLE t (x)") }
        }
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: directory.file("junk.sqlite")))
        #expect(throws: StoreError.self) {
            try Store.restore(from: directory.file("junk.sqlite"), into: directory.file("db.sqlite"), savingPreviousIn: nil)
        }
        #expect(throws: StoreError.self) {
            try Store.restore(from: directory.file("missing.sqlite"), into: directory.file("db.sqlite"), savingPreviousIn: nil)
        }
        #expect(throws: StoreError.self) {
            try Store.restore(from: directory.file("db.sqlite"), into: directory.file("db.sqlite"), savingPreviousIn: nil)
        }
        #expect(try rowCount("t", in: directory.file("db.sqlite")) == 0)
    }

    @Test func aBackupWithAnotherPageSizeIsRestoredToo() throws {
        let directory = try TemporaryDirectory()
        let other = try Database(copyDestination: directory.file("other.sqlite"))
        try other.execute("PRAGMA page_size = 8192")
        try other.execute("CREATE TABLE t (x)")
        try other.execute("INSERT INTO t VALUES ('from the other file')")
        do {
            let store = try makeStore(directory)
            try store.write { try $0.execute("CREATE TABLE old (x)") }
        }
        _ = try Store.restore(from: directory.file("other.sqlite"), into: directory.file("db.sqlite"), savingPreviousIn: nil)
        let store = try makeStore(directory)
        #expect(try store.read { try $0.pragmaValue("SELECT x FROM t") } == .text("from the other file"))
        #expect(try store.read { $0.pageSize } == 8192)
        #expect(try store.read { try $0.pragmaValue("PRAGMA journal_mode") } == .text("wal"))
    }
}
