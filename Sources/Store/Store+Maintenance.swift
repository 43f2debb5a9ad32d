public struct VacuumResult: Sendable, Equatable {
    /// The database's size (page count × page size) before and after; for `VACUUM INTO`, the
    /// size of the source and the size of the new file.
    public var bytesBefore: Int64
    public var bytesAfter: Int64
    /// The copy's absolute path, for `VACUUM INTO`.
    public var path: String?
}

extension Store {
    /// Rebuilds the database file without free pages (`VACUUM`), on the writer: writes wait
    /// meanwhile, readers go on reading their snapshots. VACUUM writes the whole database
    /// through the WAL, so a truncating checkpoint follows to give the space back at once
    /// (best effort: a reader holding an old snapshot makes it wait, then it is skipped).
    public func vacuum(observer: some OperationObserver = SilentObserver()) throws -> VacuumResult {
        try withWriter { db in
            let before = db.databaseBytes
            try observer.whileRunning(interrupt: { db.interrupt() }) {
                try db.execute("VACUUM")
            }
            _ = try? db.checkpoint(.truncate)
            return VacuumResult(bytesBefore: before, bytesAfter: db.databaseBytes)
        }
    }

    /// Writes a compacted copy of the database into the backups folder (`VACUUM INTO`). Like a
    /// backup it reads one snapshot on a connection of its own (VACUUM INTO cannot run inside
    /// a transaction, and reader connections are query-only), so writes go on meanwhile.
    public func vacuum(into folder: BackupFolder, name: String, time: TimeSource = .system,
                       observer: some OperationObserver = SilentObserver()) throws -> VacuumResult {
        let reservation = try folder.reserve(name, secondsSinceEpoch: time.secondsSinceEpoch)
        do {
            let source = try Database(path: configuration.path, readOnly: true, busyTimeoutMs: configuration.busyTimeoutMs)
            let before = source.databaseBytes
            // The copy is of whatever is committed when the statement starts; a write that lands
            // between here and then is in it, which a copy may well include. Later writes need
            // not wait for the whole VACUUM INTO.
            observer.snapshotTaken()
            try observer.whileRunning(interrupt: { source.interrupt() }) {
                try source.execute("VACUUM INTO ?", [.text(reservation.partialPath)])
            }
            try observer.checkCancellation()
            try reservation.commit()
            return VacuumResult(bytesBefore: before, bytesAfter: FileSystem.size(of: reservation.finalPath) ?? 0,
                                path: reservation.finalPath)
        } catch {
            reservation.discard()
            throw error
        }
    }

    /// `PRAGMA optimize` (statistics refreshed where SQLite thinks they are stale), after a full
    /// `ANALYZE` when `analyze` is set. On the writer: both write `sqlite_stat1`.
    public func optimize(analyze: Bool, observer: some OperationObserver = SilentObserver()) throws {
        try withWriter { db in
            try observer.whileRunning(interrupt: { db.interrupt() }) {
                if analyze { try db.execute("ANALYZE") }
                try db.execute("PRAGMA optimize")
            }
        }
    }

    /// Integrity and foreign-key checks on a reader: they only read, in one snapshot, and on a
    /// large database they take long enough that holding up every write would hurt.
    public func checkIntegrity(quick: Bool, observer: some OperationObserver = SilentObserver()) throws -> IntegrityReport {
        try read { db in
            // Pin the snapshot with a first read, then let later writes go: they cannot change it.
            _ = try db.pragmaValue("SELECT count(*) FROM sqlite_schema")
            observer.snapshotTaken()
            return try observer.whileRunning(interrupt: { db.interrupt() }) { try db.checkIntegrity(quick: quick) }
        }
    }

    /// A WAL checkpoint, run on the writer so that it never competes with a write of ours.
    public func checkpoint(_ mode: CheckpointMode) throws -> CheckpointResult {
        try withWriter { db in try db.checkpoint(mode) }
    }

    /// Sizes and row counts, read on a reader in one snapshot.
    public func statistics(observer: some OperationObserver = SilentObserver()) throws -> DatabaseStats {
        try read { db in
            _ = try db.pragmaValue("SELECT count(*) FROM sqlite_schema")
            observer.snapshotTaken()
            return try observer.whileRunning(interrupt: { db.interrupt() }) { try db.statistics() }
        }
    }
}

extension Store {
    /// The archive database next to this one (`<db>-archive.sqlite`), as an absolute path.
    public var archivePath: String {
        ArchiveLocation.path(forDatabase: FileSystem.absolutePath(configuration.path))
    }

    /// The backups folder at `path`, guarding this database's own files.
    public func backupFolder(at path: String) -> BackupFolder {
        BackupFolder(path: path, protecting: configuration.path)
    }

    /// Moves (or purges) long soft-deleted rows and their dependents; see `Database.archive`.
    /// On the writer: it deletes, and it must see and hold back every other write while it works.
    public func archive(_ options: ArchiveOptions, time: TimeSource = .system,
                        observer: some OperationObserver = SilentObserver()) throws -> ArchiveResult {
        try withWriter { db in
            if db.isRemote { return try db.serverArchive(options, nowSeconds: time.secondsSinceEpoch, observer: observer) }
            return try db.archive(options, archivePath: archivePath, nowSeconds: time.secondsSinceEpoch, observer: observer)
        }
    }
}
