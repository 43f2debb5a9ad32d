/// How a backup is taken: its name in the backups folder, whether the copy is checked, how many
/// default-named backups to retain, and the size of each copy step.
public struct BackupOptions: Sendable {
    /// A file name inside the backups folder; nil for `database-<UTC time>.sqlite`.
    public var name: String?
    /// Open the finished copy and run `quick_check` on it before giving it its name.
    public var verify: Bool
    /// Keep only this many default-named backups (the newest), deleting older ones.
    public var keep: Int?
    /// Pages copied per step of the backup API; between steps cancellation is checked and
    /// progress reported. 256 pages is 1 MiB at the default page size.
    public var pagesPerStep: Int32

    public init(name: String? = nil, verify: Bool = true, keep: Int? = nil, pagesPerStep: Int32 = 256) {
        self.name = name
        self.verify = verify
        self.keep = keep
        self.pagesPerStep = max(1, pagesPerStep)
    }
}

public struct BackupResult: Sendable, Equatable {
    /// The absolute path of the backup.
    public var path: String
    public var name: String
    public var bytes: Int64
    public var pages: Int
    public var durationMs: Int64
    public var verified: Bool
    /// Older backups deleted to honour `keep`.
    public var removed: [String]
}

extension Store {
    /// Copies the database into the backups folder with SQLite's online backup API, never a
    /// file copy (a copy of a live WAL database misses what is still in the WAL and can be torn).
    ///
    /// Where it runs, and why: on a reader connection, inside one read transaction. In WAL mode
    /// that transaction pins a consistent snapshot, so the copy holds exactly the transactions
    /// committed before it started, each one whole, while the writer goes on committing (its
    /// frames land in the WAL past the snapshot). Copying from the writer connection would give
    /// the same snapshot but stop every write for the whole backup; copying from a connection
    /// without an open transaction would restart the copy after every commit by someone else.
    /// The price: the WAL cannot be checkpointed past the snapshot until the backup ends, so it
    /// grows by whatever is written meanwhile, and one reader is busy for the duration.
    ///
    /// The copy goes to a hidden partial file, is synced, optionally verified with
    /// `quick_check`, and only then renamed to its final name; cancellation (a throw from
    /// `observer.checkCancellation()`) or any error removes the partial file.
    public func backup(into folder: BackupFolder, options: BackupOptions = BackupOptions(), time: TimeSource = .system,
                       observer: some OperationObserver = SilentObserver()) throws -> BackupResult {
        let stopwatch = Stopwatch()
        let reservation = try folder.reserve(options.name, secondsSinceEpoch: time.secondsSinceEpoch)
        let pages: Int
        do {
            observer.progressBegin("Backup", message: reservation.name, percentage: 0)
            pages = try read { db in
                try db.beginSnapshot()
                observer.snapshotTaken()
                let destination = try Database(copyDestination: reservation.partialPath)
                return try db.copyPages(to: destination, pagesPerStep: options.pagesPerStep, observer: observer)
            }
            if options.verify {
                observer.progressReport(message: "verifying the copy", percentage: 100)
                try Database.verifyCopy(at: reservation.partialPath, observer: observer)
            }
            try observer.checkCancellation()
            try reservation.commit()
        } catch {
            reservation.discard()
            throw error
        }
        let removed = try options.keep.map { try folder.removeOldest(keeping: $0, sparing: reservation.name) } ?? []
        observer.progressEnd(message: quantity(pages, "page") + " copied" + (options.verify ? " and verified" : ""))
        return BackupResult(path: reservation.finalPath, name: reservation.name,
                            bytes: FileSystem.size(of: reservation.finalPath) ?? 0, pages: pages,
                            durationMs: stopwatch.elapsedMilliseconds, verified: options.verify, removed: removed)
    }
}

extension Store {
    /// A backup of a database on a server: the server's dump tool writes one consistent
    /// snapshot into the backups folder (a hidden partial file, renamed once complete and, with
    /// `verify`, read back). Default names are `database-<UTC time>.pgdump`; `keep` only counts
    /// SQLite's default-named copies, so it is refused here.
    public func serverBackup(into folder: BackupFolder, options: BackupOptions, time: TimeSource) throws -> BackupResult {
        guard let remote = configuration.remote else { throw StoreError.unsupported(feature: "a server backup", backend: "sqlite") }
        if options.keep != nil { throw StoreError.unsupported(feature: "maintenance.backup with keep", backend: remote.name) }
        let stopwatch = Stopwatch()
        let stamp = Timestamp.format(time.secondsSinceEpoch).filter { $0 != "-" && $0 != ":" }
        let reservation = try folder.reserve(options.name ?? "database-\(stamp).pgdump", secondsSinceEpoch: time.secondsSinceEpoch)
        do {
            try remote.dump(to: reservation.partialPath)
            if options.verify { try remote.verifyDump(at: reservation.partialPath) }
            try reservation.commit()
        } catch {
            reservation.discard()
            throw error
        }
        return BackupResult(path: reservation.finalPath, name: reservation.name, bytes: FileSystem.size(of: reservation.finalPath) ?? 0,
                            pages: 0, durationMs: stopwatch.elapsedMilliseconds, verified: options.verify, removed: [])
    }
}
