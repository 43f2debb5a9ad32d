import CSQLite

/// What `integrity_check` (or `quick_check`) and `foreign_key_check` found, in wizdb's terms.
public struct IntegrityReport: Sendable, Equatable {
    /// SQLite's descriptions of damage, at most `Database.maxIntegrityProblems` of them.
    public var problems: [String]
    public var foreignKeyViolations: [ForeignKeyViolation]
    /// True when more foreign-key violations exist than were listed.
    public var truncated: Bool

    public var ok: Bool { problems.isEmpty && foreignKeyViolations.isEmpty }
}

/// A row whose reference points at no row of the parent table.
public struct ForeignKeyViolation: Sendable, Equatable {
    public var table: String
    /// SQLite's rowid of the offending row (nil for a WITHOUT ROWID table).
    public var rowid: Int64?
    public var parent: String
    /// The referencing columns of `table`, and the columns of `parent` they should match.
    public var columns: [String]
    public var parentColumns: [String]
}

public enum CheckpointMode: String, Sendable, CaseIterable {
    case passive, full, restart, truncate

    var sqliteMode: Int32 {
        switch self {
        case .passive: SQLITE_CHECKPOINT_PASSIVE
        case .full: SQLITE_CHECKPOINT_FULL
        case .restart: SQLITE_CHECKPOINT_RESTART
        case .truncate: SQLITE_CHECKPOINT_TRUNCATE
        }
    }
}

public struct CheckpointResult: Sendable, Equatable {
    /// Frames in the WAL when the checkpoint ended (for a truncating checkpoint: before it emptied the WAL).
    public var walFrames: Int
    /// Of those, the frames now copied into the database file.
    public var checkpointedFrames: Int
    /// False when readers or a writer kept a full, restart or truncate checkpoint from finishing
    /// within the busy timeout (SQLite answered SQLITE_BUSY), or a passive one from copying everything.
    public var complete: Bool
}

/// Sizes and row counts, in wizdb's own shape.
public struct DatabaseStats: Sendable, Equatable {
    public var fileBytes: Int64
    public var walBytes: Int64
    public var pageSize: Int64
    public var pageCount: Int64
    public var freelistCount: Int64
    /// Whether this SQLite offers the `dbstat` table, and so per-table and per-index bytes.
    public var dbstat: Bool
    public var tables: [TableStats]
}

public struct TableStats: Sendable, Equatable {
    public var name: String
    public var rows: Int64
    /// Rows with `deactivated_at` NULL and not NULL; nil for tables without soft deletion.
    public var active: Int64?
    public var deactivated: Int64?
    /// Bytes of the table's own pages (nil without dbstat).
    public var bytes: Int64?
    /// Its indexes (automatic ones for UNIQUE and PRIMARY KEY included), by name; nil without dbstat.
    public var indexes: [IndexStats]?
}

public struct IndexStats: Sendable, Equatable {
    public var name: String
    public var bytes: Int64
}

extension Database {
    /// SQLite's own cap on integrity_check messages; more damage than this is not listed.
    public static let maxIntegrityProblems = 100

    /// The problems `integrity_check` (or the faster `quick_check`, which skips comparing
    /// indexes with their tables) reports; empty when the database is sound.
    public func integrityProblems(quick: Bool) throws -> [String] {
        let pragma = quick ? "quick_check" : "integrity_check"
        let messages = try rows("PRAGMA \(pragma)(\(Self.maxIntegrityProblems))").compactMap { row -> String? in
            if case .text(let message) = row.first { message } else { nil }
        }
        return messages == ["ok"] ? [] : messages
    }

    /// `integrity_check` (or `quick_check`) plus `foreign_key_check`, listing at most
    /// `maxViolations` violations.
    public func checkIntegrity(quick: Bool, maxViolations: Int = 1000) throws -> IntegrityReport {
        let problems = try integrityProblems(quick: quick)
        var violations: [ForeignKeyViolation] = []
        var truncated = false
        var keyColumns: [String: (columns: [String], parentColumns: [String])] = [:]
        // foreign_key_check answers rows of: table, rowid, parent, fkid
        let check = try makeStatement("PRAGMA foreign_key_check")
        var found: [[SQLValue]] = []
        while try check.step() {
            guard found.count < maxViolations else {
                truncated = true
                break
            }
            found.append((0..<4).map { check.value(at: $0) })
        }
        for row in found {
            guard case .text(let table) = row[0], case .text(let parent) = row[2], case .integer(let keyID) = row[3] else { continue }
            let cacheKey = "\(table)\u{0}\(keyID)"
            if keyColumns[cacheKey] == nil { keyColumns[cacheKey] = try foreignKeyColumns(table: table, id: keyID, parent: parent) }
            let rowid: Int64? = if case .integer(let value) = row[1] { value } else { nil }
            violations.append(ForeignKeyViolation(table: table, rowid: rowid, parent: parent,
                                                  columns: keyColumns[cacheKey]?.columns ?? [],
                                                  parentColumns: keyColumns[cacheKey]?.parentColumns ?? []))
        }
        return IntegrityReport(problems: problems, foreignKeyViolations: violations, truncated: truncated)
    }

    /// The columns of foreign key `id` of `table`, and the parent columns they reference (the
    /// parent's primary key when the declaration names none).
    private func foreignKeyColumns(table: String, id: Int64, parent: String) throws -> (columns: [String], parentColumns: [String]) {
        let keyRows = try rows("SELECT \"from\", \"to\" FROM pragma_foreign_key_list(?) WHERE id = ? ORDER BY seq", [.text(table), .integer(id)])
        let columns = keyRows.compactMap { if case .text(let name) = $0[0] { name } else { nil } }
        var parentColumns = keyRows.compactMap { if case .text(let name) = $0[1] { name } else { nil } }
        if parentColumns.count != columns.count { parentColumns = try primaryKeyColumns(of: parent) }
        return (columns, parentColumns)
    }

    /// The primary key columns of `table`, in key order (empty for a table keyed by rowid alone).
    func primaryKeyColumns(of table: String, schema: String = "main") throws -> [String] {
        try rows("SELECT name FROM pragma_table_info(?, ?) WHERE pk > 0 ORDER BY pk", [.text(table), .text(schema)])
            .compactMap { if case .text(let name) = $0[0] { name } else { nil } }
    }

    // MARK: Checkpoint

    /// Copies WAL frames into the database file (`sqlite3_wal_checkpoint_v2`). A checkpoint that
    /// readers keep from finishing is reported (`complete: false`), not thrown.
    public func checkpoint(_ mode: CheckpointMode) throws -> CheckpointResult {
        guard mode == .truncate else { return try walCheckpoint(mode) }
        // A truncating checkpoint reports 0 frames once the WAL is emptied; a passive one first
        // says how many frames there were and copies them, and the truncate finishes the job.
        let measured = try walCheckpoint(.passive)
        let truncated = try walCheckpoint(.truncate)
        return CheckpointResult(walFrames: measured.walFrames,
                                checkpointedFrames: truncated.complete ? measured.walFrames : measured.checkpointedFrames,
                                complete: truncated.complete)
    }

    private func walCheckpoint(_ mode: CheckpointMode) throws -> CheckpointResult {
        var logFrames: Int32 = 0
        var checkpointed: Int32 = 0
        let rc = sqlite3_wal_checkpoint_v2(handle, "main", mode.sqliteMode, &logFrames, &checkpointed)
        if rc != SQLITE_OK && rc != SQLITE_BUSY { throw lastError(code: rc) }
        // -1 means "not in WAL mode": nothing to count.
        let wal = Int(max(0, logFrames))
        let done = Int(max(0, checkpointed))
        return CheckpointResult(walFrames: wal, checkpointedFrames: done, complete: rc == SQLITE_OK && done == wal)
    }

    // MARK: Sizes

    public var pageSize: Int64 { integerPragma("PRAGMA page_size") }
    public var pageCount: Int64 { integerPragma("PRAGMA page_count") }
    public var freelistCount: Int64 { integerPragma("PRAGMA freelist_count") }
    /// The database's size as SQLite sees it (what the file holds once the WAL is checkpointed).
    public var databaseBytes: Int64 { pageSize * pageCount }

    private func integerPragma(_ sql: String) -> Int64 {
        if case .integer(let value)? = try? pragmaValue(sql) { return value }
        return 0
    }

    /// File and WAL sizes, page figures, and per table its rows (active and deactivated when
    /// the table has `deactivated_at`) and, where SQLite has `dbstat`, its bytes and its indexes' bytes.
    public func statistics() throws -> DatabaseStats {
        let pageBytes = try bytesPerTree()
        var tables: [TableStats] = []
        for name in try userTableNames() {
            let softDelete = try rows("SELECT 1 FROM pragma_table_info(?) WHERE name = 'deactivated_at'", [.text(name)]).isEmpty == false
            let counts = try rows(softDelete
                ? "SELECT count(*), count(\"deactivated_at\") FROM \(SQL.quote(name))"
                : "SELECT count(*) FROM \(SQL.quote(name))")
            let rowCount: Int64 = if case .integer(let value)? = counts.first?[0] { value } else { 0 }
            var table = TableStats(name: name, rows: rowCount)
            if softDelete, case .integer(let deactivated)? = counts.first?[1] {
                table.active = rowCount - deactivated
                table.deactivated = deactivated
            }
            if let pageBytes {
                table.bytes = pageBytes[name] ?? 0
                let indexNames = try rows("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? ORDER BY name", [.text(name)])
                    .compactMap { if case .text(let index) = $0[0] { index } else { nil } }
                table.indexes = indexNames.map { IndexStats(name: $0, bytes: pageBytes[$0] ?? 0) }
            }
            tables.append(table)
        }
        let walPath = path + "-wal"
        return DatabaseStats(fileBytes: FileSystem.size(of: path) ?? 0, walBytes: FileSystem.size(of: walPath) ?? 0,
                             pageSize: pageSize, pageCount: pageCount, freelistCount: freelistCount,
                             dbstat: pageBytes != nil, tables: tables)
    }

    /// Bytes per b-tree (table or index) from `dbstat`, or nil when this SQLite was built without it.
    func bytesPerTree() throws -> [String: Int64]? {
        let statement: Statement
        do {
            statement = try makeStatement("SELECT name, pgsize FROM dbstat WHERE aggregate = TRUE")
        } catch StoreError.sqlite {
            return nil
        }
        var bytes: [String: Int64] = [:]
        while try statement.step() {
            bytes[statement.string(at: 0)] = statement.int64(at: 1)
        }
        return bytes
    }
}
