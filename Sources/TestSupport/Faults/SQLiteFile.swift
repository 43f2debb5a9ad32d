import CSQLite

/// A database file read with the SQLite C API directly, outside wizdb: what a fault test
/// trusts to tell which rows really are on disk after wizdb was killed or ran out of space.
public final class SQLiteFile {
    private var handle: OpaquePointer?

    public init(path: String, create: Bool = false) throws {
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0), nil) == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            throw FaultError("cannot open \(path): \(message)")
        }
        sqlite3_busy_timeout(handle, 10_000)
    }

    deinit { sqlite3_close(handle) }

    /// Every row of `sql`, each column as text (NULL as nil).
    public func rows(_ sql: String) throws -> [[String?]] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else {
            throw FaultError("cannot prepare \(sql): \(String(cString: sqlite3_errmsg(handle)))")
        }
        defer { sqlite3_finalize(statement) }
        var result: [[String?]] = []
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw FaultError("\(sql): \(String(cString: sqlite3_errmsg(handle)))") }
            result.append((0..<sqlite3_column_count(statement)).map { index in
                sqlite3_column_text(statement, index).map { String(cString: $0) }
            })
        }
        return result
    }

    /// `PRAGMA integrity_check`: ["ok"] for a sound file.
    public func integrityCheck() throws -> [String] { try rows("PRAGMA integrity_check").map { $0.first.flatMap { $0 } ?? "" } }
}

/// A fault test's own failure (setting up, reading back), as opposed to a finding about wizdb.
public struct FaultError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
