#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSQLite

extension Database {
    /// Starts this connection's read snapshot now, inside the transaction the caller opened:
    /// `BEGIN` alone defers it to the first read, and a backup must copy one fixed snapshot.
    func beginSnapshot() throws {
        guard isInTransaction else { throw StoreError.sqlite(code: SQLITE_MISUSE, message: "a snapshot needs an open transaction") }
        _ = try pragmaValue("SELECT count(*) FROM sqlite_schema")
    }

    /// Copies this connection's main database into `destination` with SQLite's online backup
    /// API, `pagesPerStep` pages at a time, checking for cancellation and reporting progress
    /// between steps. Returns the number of pages copied.
    ///
    /// When this connection holds an open read transaction, every step reads the same snapshot:
    /// in WAL mode writers on other connections go on committing meanwhile, and the copy is never
    /// restarted (without the transaction, SQLite restarts a backup whenever another connection
    /// writes, and under steady writes it would never finish).
    func copyPages(to destination: Database, pagesPerStep: Int32, observer: some OperationObserver) throws -> Int {
        guard let backup = sqlite3_backup_init(destination.handle, "main", handle, "main") else {
            throw destination.lastError(code: sqlite3_errcode(destination.handle))
        }
        var finished = false
        defer { if !finished { sqlite3_backup_finish(backup) } }
        var progress = ProgressCounter()
        var busyRetries = 0
        while true {
            try observer.checkCancellation()
            let rc = sqlite3_backup_step(backup, pagesPerStep)
            let total = Int(sqlite3_backup_pagecount(backup))
            let remaining = Int(sqlite3_backup_remaining(backup))
            switch rc {
            case SQLITE_OK:
                progress.report(total - remaining, of: total, unit: "page", to: observer)
            case SQLITE_DONE:
                progress.report(total, of: total, unit: "page", to: observer)
                finished = true
                let finish = sqlite3_backup_finish(backup)
                if finish != SQLITE_OK { throw destination.lastError(code: finish) }
                return total
            case SQLITE_BUSY, SQLITE_LOCKED:
                // Only a source in rollback-journal mode being written can get here; wait a little.
                busyRetries += 1
                if busyRetries > 1000 { throw StoreError.busy(message: "the database stayed locked during the backup") }
                usleep(5000)
            default:
                finished = true
                sqlite3_backup_finish(backup)
                throw destination.lastError(code: rc)
            }
        }
    }

    /// Opens the finished copy at `path` and runs `quick_check` on it; a damaged copy is an error.
    static func verifyCopy(at path: String, observer: some OperationObserver) throws {
        let copy = try Database(path: path, busyTimeoutMs: 0)
        let problems = try observer.whileRunning(interrupt: { copy.interrupt() }) {
            try copy.integrityProblems(quick: true)
        }
        guard problems.isEmpty else {
            throw StoreError.corrupt(message: "the copy failed quick_check: " + problems.prefix(3).joined(separator: "; "))
        }
    }
}
