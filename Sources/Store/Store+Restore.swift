public struct RestoreResult: Sendable, Equatable {
    public var pages: Int
    /// Where the database as it was before the restore was saved (nil when not asked to).
    public var previousCopy: String?
}

extension Store {
    /// Replaces the content of the database at `databasePath` with the backup at `backupPath`,
    /// through the backup API into the live file (never a file copy: the database keeps its
    /// inode, locks and WAL handling, and the replacement is one transaction, so a crash
    /// half-way leaves the old content whole).
    ///
    /// For the command line, with no server running: the live file is locked exclusively first
    /// (`locking_mode = EXCLUSIVE`, then a read), which fails with `busy` within `busyTimeoutMs`
    /// while any other connection in any process has the database open, because in WAL mode
    /// every open connection holds a shared lock on the file. The backup is checked with
    /// `quick_check` before anything is touched, the current content is saved to `folder`
    /// (when given) under a default backup name, and the result is checked again afterwards.
    public static func restore(from backupPath: String, into databasePath: String, savingPreviousIn folder: BackupFolder?,
                               time: TimeSource = .system, busyTimeoutMs: Int32 = 1000) throws -> RestoreResult {
        guard let realBackup = FileSystem.realPath(backupPath), FileSystem.kind(of: realBackup) == .file else {
            throw StoreError.fileSystem(path: backupPath, message: "there is no backup file at \(backupPath)")
        }
        if FileSystem.isSameFile(realBackup, databasePath) {
            throw StoreError.fileSystem(path: backupPath, message: "\(backupPath) is the database itself")
        }
        return try readingBackup(at: realBackup) { source in
            let damage = try source.integrityProblems(quick: true)
            guard damage.isEmpty else {
                throw StoreError.corrupt(message: "the backup \(backupPath) failed quick_check: " + damage.prefix(3).joined(separator: "; "))
            }
            return try replace(databasePath, with: source, savingPreviousIn: folder, time: time, busyTimeoutMs: busyTimeoutMs)
        }
    }

    /// Opens the backup read-only for `body`. A read-only connection to a WAL database makes
    /// `-wal` and `-shm` files it cannot remove when it closes; the ones it made are removed after.
    private static func readingBackup<T>(at path: String, _ body: (Database) throws -> T) throws -> T {
        let made = ["-wal", "-shm"].filter { FileSystem.kind(of: path + $0) == nil }
        defer { for suffix in made { FileSystem.removeFile(path + suffix) } }
        // In a closure of its own, so the connection is closed before the files are removed.
        return try { () throws -> T in
            let source = try Database(path: path, readOnly: true, busyTimeoutMs: 0)
            return try body(source)
        }()
    }

    /// Takes the live database for itself (or refuses), saves its content, copies `source` in.
    private static func replace(_ databasePath: String, with source: Database, savingPreviousIn folder: BackupFolder?,
                                time: TimeSource, busyTimeoutMs: Int32) throws -> RestoreResult {
        let live = try Database(exclusiveAccessTo: databasePath, busyTimeoutMs: busyTimeoutMs)
        do {
            try live.execute("BEGIN EXCLUSIVE")
            _ = try live.pragmaValue("SELECT count(*) FROM sqlite_schema")
            try live.execute("COMMIT")
        } catch StoreError.busy {
            live.rollbackIfNeeded()
            throw StoreError.busy(message: "\(databasePath) is open in another process (a running wizdb server?); stop it, then restore")
        }

        var previousCopy: String?
        if let folder, live.pageCount > 0 {
            previousCopy = try saveCopy(of: live, in: folder, time: time)
        }

        // A WAL database only accepts a backup of its own page size; outside WAL mode any size goes.
        let walMode = try live.pragmaValue("PRAGMA journal_mode") == .text("wal")
        if walMode && live.pageSize != source.pageSize {
            _ = try live.pragmaValue("PRAGMA journal_mode = DELETE")
        }
        // All pages in one step: one transaction on the live file.
        let pages = try source.copyPages(to: live, pagesPerStep: -1, observer: SilentObserver())
        if try live.pragmaValue("PRAGMA journal_mode") != .text("wal") {
            _ = try live.pragmaValue("PRAGMA journal_mode = WAL")
        }
        let after = try live.integrityProblems(quick: true)
        guard after.isEmpty else {
            throw StoreError.corrupt(message: "the restored database failed quick_check: " + after.prefix(3).joined(separator: "; "))
        }
        return RestoreResult(pages: pages, previousCopy: previousCopy)
    }

    /// Copies `db` (which the caller holds exclusively) into `folder` under a default name.
    private static func saveCopy(of db: Database, in folder: BackupFolder, time: TimeSource) throws -> String {
        let reservation = try folder.reserve(nil, secondsSinceEpoch: time.secondsSinceEpoch)
        do {
            do {
                let destination = try Database(copyDestination: reservation.partialPath)
                _ = try db.copyPages(to: destination, pagesPerStep: -1, observer: SilentObserver())
            }
            try reservation.commit()
            return reservation.finalPath
        } catch {
            reservation.discard()
            throw error
        }
    }
}
