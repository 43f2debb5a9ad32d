import Foundation
@testable import Store
import Testing
import TestSupport

/// A backups folder that is also the database's folder, furnished with the traps a hostile
/// name could try: links leading out, a dangling link, a sub-folder, the live database.
final class HostileFolder: @unchecked Sendable {
    let directory: TemporaryDirectory
    let folder: BackupFolder
    let outside: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory(prefix: "wizdb-confine")
        outside = try TemporaryDirectory(prefix: "wizdb-outside")
        let manager = FileManager.default
        let store = try Store(Store.Configuration(path: directory.file("db.sqlite")))
        try store.write { try $0.execute("CREATE TABLE t (x)") }
        _ = manager.createFile(atPath: outside.file("secret.sqlite"), contents: Data("secret".utf8))
        _ = manager.createFile(atPath: directory.file("db-archive.sqlite"), contents: Data())
        _ = manager.createFile(atPath: directory.file("inside.sqlite"), contents: Data("old".utf8))
        try manager.createSymbolicLink(atPath: directory.file("escape.sqlite"), withDestinationPath: outside.file("secret.sqlite"))
        try manager.createSymbolicLink(atPath: directory.file("passwd.sqlite"), withDestinationPath: "/etc/passwd")
        try manager.createSymbolicLink(atPath: directory.file("dangling.sqlite"), withDestinationPath: outside.file("nothing-here"))
        try manager.createSymbolicLink(atPath: directory.file("relative.sqlite"), withDestinationPath: "../" + URL(fileURLWithPath: outside.path).lastPathComponent + "/secret.sqlite")
        try manager.createSymbolicLink(atPath: directory.file("live-link.sqlite"), withDestinationPath: directory.file("db.sqlite"))
        try manager.createSymbolicLink(atPath: directory.file("good-link.sqlite"), withDestinationPath: directory.file("inside.sqlite"))
        try manager.createDirectory(atPath: directory.file("folder.sqlite"), withIntermediateDirectories: false)
        folder = BackupFolder(path: directory.path, protecting: directory.file("db.sqlite"))
    }
}

@Suite struct BackupFolderTests {
    static let hostileNames: [String] = [
        "",
        "/etc/passwd",
        "/tmp/backup.sqlite",
        "/",
        ".",
        "..",
        "../backup.sqlite",
        "../../etc/cron.d/wizdb",
        "a/../../backup.sqlite",
        "sub/backup.sqlite",
        "./backup.sqlite",
        "backup.sqlite/",
        "~/backup.sqlite",
        "..\\backup.sqlite",
        "C:\\Windows\\backup.sqlite",
        "%2e%2e/backup.sqlite",
        "backup\u{0}.sqlite",
        "backup.sqlite\u{0}/../../etc/passwd",
        "back\nup.sqlite",
        "backup.sqlite\r",
        "\u{7F}backup.sqlite",
        "\u{1B}[31mred.sqlite",
        ".hidden.sqlite",
        ".database-20260101T000000Z.sqlite.partial",
        "..backup.sqlite",
        String(repeating: "a", count: 201),
        "backup.sqlite-wal",
        "backup.sqlite-shm",
        "backup.sqlite-journal",
        "BACKUP.SQLITE-WAL",
        "db.sqlite",
        "db.sqlite-wal",
        "db-archive.sqlite",
        "escape.sqlite",
        "passwd.sqlite",
        "dangling.sqlite",
        "relative.sqlite",
        "live-link.sqlite",
        "folder.sqlite",
    ]

    @Test(arguments: hostileNames)
    func hostileNameIsRefused(_ name: String) throws {
        let setup = try HostileFolder()
        do {
            let resolved = try setup.folder.resolve(name)
            Issue.record("\(name.debugDescription) was accepted as \(resolved)")
        } catch StoreError.pathNotAllowed(let refused, let reason) {
            #expect(refused == name)
            #expect(!reason.isEmpty)
        }
        // Nothing was created or changed outside the folder.
        #expect(try String(contentsOfFile: setup.outside.file("secret.sqlite"), encoding: .utf8) == "secret")
        #expect(try FileManager.default.contentsOfDirectory(atPath: setup.outside.path) == ["secret.sqlite"])
    }

    @Test(arguments: hostileNames)
    func hostileNameIsRefusedForBackupsWithoutLeavingFiles(_ name: String) throws {
        let setup = try HostileFolder()
        let store = try Store(Store.Configuration(path: setup.directory.file("db.sqlite")))
        let before = try FileManager.default.contentsOfDirectory(atPath: setup.directory.path).sorted()
        #expect(throws: StoreError.self) {
            try store.backup(into: setup.folder, options: BackupOptions(name: name))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: setup.directory.path).sorted()
                    .filter { !$0.hasPrefix("db.sqlite-") } == before.filter { !$0.hasPrefix("db.sqlite-") })
        #expect(try String(contentsOfFile: setup.outside.file("secret.sqlite"), encoding: .utf8) == "secret")
    }

    @Test(arguments: ["nightly.sqlite", "~", "x y.sqlite", "ünïcödé.sqlite", "-rf", "x..sqlite", "%2e%2e", "inside.sqlite",
                      "good-link.sqlite", "backup.wal", "db.sqlite.bak"])
    func plainNamesStayInsideTheFolder(_ name: String) throws {
        let setup = try HostileFolder()
        let resolved = try setup.folder.resolve(name)
        #expect(resolved == setup.directory.path + "/" + name)
    }

    @Test func theDatabaseIsRecognisedThroughALinkedFolder() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.file("real"), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: directory.file("alias"), withDestinationPath: directory.file("real"))
        // The database is named through the link, the backups folder through the real path; the
        // archive file does not exist yet.
        let folder = BackupFolder(path: directory.file("real"), protecting: directory.file("alias/app.sqlite"))
        for name in ["app.sqlite", "app-archive.sqlite"] {
            #expect(throws: StoreError.self, "\(name)") { try folder.resolve(name) }
        }
        #expect(try folder.resolve("app-copy.sqlite") == directory.file("real/app-copy.sqlite"))
    }

    @Test func theFolderIsCreatedWhenMissing() throws {
        let directory = try TemporaryDirectory()
        let folder = BackupFolder(path: directory.file("a/b/backups"), protecting: directory.file("db.sqlite"))
        #expect(try folder.resolve("x.sqlite") == directory.file("a/b/backups/x.sqlite"))
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: directory.file("a/b/backups"), isDirectory: &isDirectory) && isDirectory.boolValue)
    }

    @Test func defaultNamesCarryTheUTCTime() {
        #expect(BackupFolder.timestamp(1_767_225_600) == "20260101T000000Z")
        #expect(BackupFolder.timestamp(951_827_696) == "20000229T123456Z")
        #expect(BackupFolder.defaultNameOrder("database-20260101T000000Z.sqlite")! == ("20260101T000000Z", 1))
        #expect(BackupFolder.defaultNameOrder("database-20260101T000000Z-12.sqlite")! == ("20260101T000000Z", 12))
        for other in ["database-20260101T000000Z-1.sqlite", "database-2026.sqlite", "nightly.sqlite",
                      "database-20260101T000000Z.sqlite.bak", "database-20260101X000000Z.sqlite"] {
            #expect(BackupFolder.defaultNameOrder(other) == nil, "\(other)")
        }
    }

    @Test func reservingTwiceInOneSecondGivesTwoNames() throws {
        let directory = try TemporaryDirectory()
        let folder = BackupFolder(path: directory.file("backups"), protecting: directory.file("db.sqlite"))
        let first = try folder.reserve(nil, secondsSinceEpoch: 1_767_225_600)
        let second = try folder.reserve(nil, secondsSinceEpoch: 1_767_225_600)
        #expect(first.name == "database-20260101T000000Z.sqlite")
        #expect(second.name == "database-20260101T000000Z-2.sqlite")
        #expect(FileManager.default.fileExists(atPath: first.partialPath))
        first.discard()
        second.discard()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.file("backups")).isEmpty)
    }

    @Test func aNewDefaultNameSortsAfterEveryOtherOfItsSecond() throws {
        let directory = try TemporaryDirectory()
        let folder = BackupFolder(path: directory.file("backups"), protecting: directory.file("db.sqlite"))
        try FileManager.default.createDirectory(atPath: directory.file("backups"), withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: directory.file("backups/database-20260101T000000Z-3.sqlite"), contents: Data())
        _ = FileManager.default.createFile(atPath: directory.file("backups/.database-20260101T000000Z-4.sqlite.partial"), contents: Data())
        let next = try folder.reserve(nil, secondsSinceEpoch: 1_767_225_600)
        defer { next.discard() }
        #expect(next.name == "database-20260101T000000Z-5.sqlite", "a freed lower sequence must not be reused")
    }

    @Test func keepNeverDeletesTheBackupJustMade() throws {
        let directory = try TemporaryDirectory()
        let folder = BackupFolder(path: directory.file("backups"), protecting: directory.file("db.sqlite"))
        try FileManager.default.createDirectory(atPath: directory.file("backups"), withIntermediateDirectories: true)
        // The clock went back: the newest backup has the oldest time in its name.
        for name in ["database-20260101T000000Z.sqlite", "database-20270101T000000Z.sqlite", "database-20280101T000000Z.sqlite"] {
            _ = FileManager.default.createFile(atPath: directory.file("backups/" + name), contents: Data())
        }
        #expect(try folder.removeOldest(keeping: 2, sparing: "database-20260101T000000Z.sqlite") == ["database-20270101T000000Z.sqlite"])
        #expect(try folder.removeOldest(keeping: 1, sparing: "database-20260101T000000Z.sqlite") == ["database-20280101T000000Z.sqlite"])
        #expect(try folder.timestampedBackups() == ["database-20260101T000000Z.sqlite"])
    }

    @Test func anExplicitNameBeingWrittenIsBusy() throws {
        let directory = try TemporaryDirectory()
        let folder = BackupFolder(path: directory.file("backups"), protecting: directory.file("db.sqlite"))
        let first = try folder.reserve("x.sqlite", secondsSinceEpoch: 0)
        defer { first.discard() }
        #expect {
            try folder.reserve("x.sqlite", secondsSinceEpoch: 0)
        } throws: { error in
            if case StoreError.busy = error { return true }
            return false
        }
    }

    @Test func retentionCountsOnlyDefaultNamesOldestFirst() throws {
        let directory = try TemporaryDirectory()
        let folder = BackupFolder(path: directory.file("backups"), protecting: directory.file("db.sqlite"))
        let names = ["database-20251231T235959Z.sqlite", "database-20260101T000000Z-2.sqlite", "database-20260101T000000Z.sqlite",
                     "database-20260101T000000Z-10.sqlite", "mine.sqlite", "database-20260102T000000Z.sqlite"]
        try FileManager.default.createDirectory(atPath: directory.file("backups"), withIntermediateDirectories: true)
        for name in names { _ = FileManager.default.createFile(atPath: directory.file("backups/" + name), contents: Data()) }
        #expect(try folder.timestampedBackups() == ["database-20251231T235959Z.sqlite", "database-20260101T000000Z.sqlite",
                                                    "database-20260101T000000Z-2.sqlite", "database-20260101T000000Z-10.sqlite",
                                                    "database-20260102T000000Z.sqlite"])
        #expect(try folder.removeOldest(keeping: 2) == ["database-20251231T235959Z.sqlite", "database-20260101T000000Z.sqlite",
                                                        "database-20260101T000000Z-2.sqlite"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.file("backups")).sorted()
                    == ["database-20260101T000000Z-10.sqlite", "database-20260102T000000Z.sqlite", "mine.sqlite"])
    }
}
