/// Where archived rows go: a database file next to the main one, `<db>-archive.sqlite`
/// (`app.sqlite` -> `app-archive.sqlite`).
public enum ArchiveLocation {
    public static func path(forDatabase databasePath: String) -> String {
        var base = databasePath
        for suffix in [".sqlite3", ".sqlite", ".db"] where base.hasSuffix(suffix) {
            base.removeLast(suffix.count)
            break
        }
        return base + "-archive.sqlite"
    }
}

public struct ArchiveOptions: Sendable {
    public var table: String
    /// Rows deactivated more than this many days ago qualify.
    public var olderThanDays: Int
    /// Delete the rows without keeping a copy.
    public var purge: Bool
    /// Rows of `table` handled per transaction (their dependent rows come on top).
    public var batchSize: Int

    public init(table: String, olderThanDays: Int, purge: Bool = false, batchSize: Int = 1000) {
        self.table = table
        self.olderThanDays = olderThanDays
        self.purge = purge
        self.batchSize = max(1, batchSize)
    }
}

public struct ArchiveResult: Sendable, Equatable {
    public struct TableCount: Sendable, Equatable {
        public var table: String
        public var rows: Int
    }

    /// Rows copied to the archive and removed, dependent rows included (0 when purging).
    public var archived: Int
    /// Rows deleted without a copy, dependent rows included (0 unless purging).
    public var purged: Int
    /// Qualifying rows of the table left in place because a row that does not cascade (ON
    /// DELETE RESTRICT or NO ACTION) still references them or one of their dependent rows.
    public var skipped: Int
    /// The archive database (nil when purging).
    public var archivePath: String?
    /// The rows moved (or purged) per table: the table asked for first, then its dependents.
    public var tables: [TableCount]
}

extension Database {
    /// The schema name the archive database is attached under, for the length of one call.
    static let archiveSchema = "wizdb_archive"
    private static let rowSet = "_wizdb_archive_rows"
    private static let recheckSet = "_wizdb_archive_recheck"

    /// Moves rows of `options.table` soft-deleted before `now - olderThanDays` into the archive
    /// database at `archivePath`, with every row that depends on them through cascading foreign
    /// keys (recursively), so that deleting them cascades nothing that was not copied first.
    /// Must run on the writer, outside any transaction (ATTACH cannot run inside one).
    ///
    /// Per batch of `batchSize` rows: the set of rows to move is computed (the rows, then their
    /// cascade closure, minus rows something still refuses to let go of), copied into the
    /// archive and committed; then, in a second transaction, the set is computed again and, if
    /// it is unchanged, the rows are deleted (SQLite's cascades remove the dependents). Two
    /// transactions on purpose: with the main database in WAL mode a transaction spanning
    /// attached databases is atomic per database but not across them, and a crash between the
    /// two commits could lose rows if the delete committed first. This order can only leave a
    /// row in both databases, which the next run resolves (archive copies are replaced by key).
    public func archive(_ options: ArchiveOptions, archivePath: String, nowSeconds: Int64,
                        observer: some OperationObserver) throws -> ArchiveResult {
        let tables = try userTableNames()
        let table = options.table
        guard tables.contains(table) else { throw StoreError.unknownTable(name: table, available: tables) }
        guard try columnNames(of: table).contains("deactivated_at") else {
            throw StoreError.invalidValue(field: "table", expected: "a table with soft deletion (a deactivated_at column)",
                                          got: "\"\(table)\", which has none")
        }
        let graph = try ForeignKeyGraph.load(from: self, tables: tables)
        let reached = graph.cascadeClosure(from: table)
        for name in reached where try isWithoutRowid(name) {
            throw StoreError.invalidValue(field: "table", expected: "tables with rowids",
                                          got: "\"\(name)\" (reached through cascading references) is WITHOUT ROWID")
        }
        let cutoff = nowSeconds - Int64(options.olderThanDays) * 86_400
        var result = ArchiveResult(archived: 0, purged: 0, skipped: 0, archivePath: options.purge ? nil : archivePath, tables: [])
        let candidates = try integer("SELECT count(*) FROM \(SQL.quote(table)) WHERE deactivated_at < ?", [.integer(cutoff)])
        guard candidates > 0 else { return result }

        let plan = ArchivePlan(table: table, graph: graph, reached: reached, cutoff: cutoff, batchSize: options.batchSize)
        if !options.purge { try attachArchive(at: archivePath, tables: reached) }
        defer { if !options.purge { try? execute("DETACH DATABASE \(Self.archiveSchema)") } }
        for set in [Self.rowSet, Self.recheckSet] {
            try execute("CREATE TEMP TABLE IF NOT EXISTS \(SQL.quote(set)) (tbl TEXT NOT NULL, rid INTEGER NOT NULL, "
                        + "root INTEGER NOT NULL, PRIMARY KEY (tbl, rid, root)) WITHOUT ROWID")
        }
        defer {
            for set in [Self.rowSet, Self.recheckSet] { try? execute("DROP TABLE IF EXISTS temp.\(SQL.quote(set))") }
        }

        observer.progressBegin(options.purge ? "Purge" : "Archive", message: "\(quantity(Int(candidates), "row")) of \(table)", percentage: 0)
        var counts: [String: Int] = [:]
        var cursor = Int64.min
        var seen = 0
        while true {
            try observer.checkCancellation()
            let batch = options.purge
                ? try observer.whileRunning(interrupt: { self.interrupt() }) { try purgeBatch(plan, after: cursor) }
                : try moveBatch(plan, after: cursor, observer: observer)
            guard let batch else { break }
            cursor = batch.lastRowid
            seen += batch.candidates
            result.skipped += batch.skipped
            for (name, rows) in batch.rows { counts[name, default: 0] += rows }
            observer.progressReport(message: "\(seen) of \(quantity(Int(candidates), "row")) of \(table)",
                                    percentage: Int(Int64(min(seen, Int(candidates))) * 100 / candidates))
        }
        let total = counts.values.reduce(0, +)
        if options.purge { result.purged = total } else { result.archived = total }
        result.tables = reached.compactMap { name in counts[name].map { ArchiveResult.TableCount(table: name, rows: $0) } }
        observer.progressEnd(message: quantity(total, "row") + (options.purge ? " purged" : " archived"))
        return result
    }

    /// What one batch did: how far it got, and the rows it moved per table.
    private struct BatchOutcome {
        var lastRowid: Int64
        var candidates: Int
        var skipped: Int
        var rows: [String: Int]
    }

    /// Copies one batch to the archive and commits, then deletes it (see `archive`). Nil when
    /// no qualifying rows are left after `cursor`.
    private func moveBatch(_ plan: ArchivePlan, after cursor: Int64, observer: some OperationObserver) throws -> BatchOutcome? {
        for _ in 0..<3 {
            let copied: BatchOutcome? = try observer.whileRunning(interrupt: { self.interrupt() }) {
                try immediateTransaction {
                    guard let selection = try selectRows(plan, into: Self.rowSet, after: cursor, through: nil) else { return nil }
                    for name in plan.reached where (selection.rows[name] ?? 0) > 0 {
                        let columns = try columnNames(of: name).map(SQL.quote).joined(separator: ", ")
                        try execute("INSERT OR REPLACE INTO \(Self.archiveSchema).\(SQL.quote(name)) (\(columns)) "
                                    + "SELECT \(columns) FROM main.\(SQL.quote(name)) WHERE rowid IN "
                                    + "(SELECT rid FROM temp.\(SQL.quote(Self.rowSet)) WHERE tbl = ?)", [.text(name)])
                    }
                    return selection
                }
            }
            guard let copied else { return nil }
            // Not interruptible: once the copy is committed, the delete should finish too.
            let deleted = try immediateTransaction { () -> Bool in
                let again = try selectRows(plan, into: Self.recheckSet, after: cursor, through: copied.lastRowid)
                guard try setsAreEqual(Self.rowSet, Self.recheckSet), again?.candidates == copied.candidates else { return false }
                try deleteSelectedRoots(plan, in: Self.rowSet)
                return true
            }
            if deleted { return copied }
            // Another process changed these rows between the two transactions: copy them again.
        }
        throw StoreError.busy(message: "rows of \(plan.table) kept changing while they were being archived")
    }

    /// Deletes one batch without copying it, in one transaction.
    private func purgeBatch(_ plan: ArchivePlan, after cursor: Int64) throws -> BatchOutcome? {
        try immediateTransaction {
            guard let selection = try selectRows(plan, into: Self.rowSet, after: cursor, through: nil) else { return nil }
            try deleteSelectedRoots(plan, in: Self.rowSet)
            return selection
        }
    }

    /// Fills the temp table `set` with up to `batchSize` qualifying rows of the table after
    /// `cursor` (through `last`, when given), then the rows that cascade from them, then removes
    /// every qualifying row whose deletion something would refuse. Rows are `(tbl, rid, root)`:
    /// a row of `tbl` with rowid `rid`, there because of the qualifying row `root`.
    private func selectRows(_ plan: ArchivePlan, into set: String, after cursor: Int64, through last: Int64?) throws -> BatchOutcome? {
        let quotedSet = "temp." + SQL.quote(set)
        try execute("DELETE FROM \(quotedSet)")
        try execute("INSERT INTO \(quotedSet) (tbl, rid, root) SELECT ?, rowid, rowid FROM main.\(SQL.quote(plan.table)) "
                    + "WHERE rowid > ? AND rowid <= ? AND deactivated_at < ? ORDER BY rowid LIMIT ?",
                    [.text(plan.table), .integer(cursor), .integer(last ?? .max), .integer(plan.cutoff), .integer(Int64(plan.batchSize))])
        let candidates = changes
        guard candidates > 0 else { return nil }
        let lastRowid = try integer("SELECT max(rid) FROM \(quotedSet)")

        // The cascade closure: repeat until no edge adds a row (self-references and cycles end
        // because a row is added once per root).
        var added = true
        while added {
            added = false
            for name in plan.reached {
                for edge in plan.graph.cascading(from: name) {
                    try execute("INSERT OR IGNORE INTO \(quotedSet) (tbl, rid, root) SELECT ?, c.rowid, s.root FROM \(quotedSet) AS s "
                                + "JOIN main.\(SQL.quote(edge.parent)) AS p ON p.rowid = s.rid "
                                + "JOIN main.\(SQL.quote(edge.child)) AS c ON \(Self.join(edge, child: "c", parent: "p")) "
                                + "WHERE s.tbl = ?", [.text(edge.child), .text(edge.parent)])
                    if changes > 0 { added = true }
                }
            }
        }

        // Rows still referenced by rows that would not go with them: RESTRICT refuses at once
        // (even a row deleted later in the same cascade), NO ACTION unless the referencing row
        // is in the set too. Leave their whole tree in place; removing it may expose others.
        var skippedRoots = Set<Int64>()
        var blocked = true
        while blocked {
            blocked = false
            for name in plan.reached {
                for edge in plan.graph.refusing(from: name) {
                    var sql = "SELECT DISTINCT s.root FROM \(quotedSet) AS s JOIN main.\(SQL.quote(edge.parent)) AS p ON p.rowid = s.rid "
                        + "JOIN main.\(SQL.quote(edge.child)) AS c ON \(Self.join(edge, child: "c", parent: "p")) WHERE s.tbl = ?"
                    var arguments: [SQLValue] = [.text(edge.parent)]
                    if edge.onDelete == .noAction {
                        sql += " AND NOT EXISTS (SELECT 1 FROM \(quotedSet) AS k WHERE k.tbl = ? AND k.rid = c.rowid)"
                        arguments.append(.text(edge.child))
                    }
                    let roots = try rows(sql, arguments).compactMap { if case .integer(let root) = $0[0] { root } else { nil } }
                    for root in roots {
                        try execute("DELETE FROM \(quotedSet) WHERE root = ?", [.integer(root)])
                        skippedRoots.insert(root)
                        blocked = true
                    }
                }
            }
        }

        var counts: [String: Int] = [:]
        for row in try rows("SELECT tbl, count(DISTINCT rid) FROM \(quotedSet) GROUP BY tbl") {
            if case .text(let name) = row[0], case .integer(let count) = row[1] { counts[name] = Int(count) }
        }
        return BatchOutcome(lastRowid: lastRowid, candidates: candidates, skipped: skippedRoots.count, rows: counts)
    }

    /// Deletes the qualifying rows held in `set`; foreign keys cascade to the rest of the set.
    private func deleteSelectedRoots(_ plan: ArchivePlan, in set: String) throws {
        try execute("DELETE FROM main.\(SQL.quote(plan.table)) WHERE rowid IN (SELECT DISTINCT root FROM temp.\(SQL.quote(set)))")
    }

    private func setsAreEqual(_ first: String, _ second: String) throws -> Bool {
        let a = "temp." + SQL.quote(first)
        let b = "temp." + SQL.quote(second)
        return try integer("SELECT NOT EXISTS (SELECT tbl, rid FROM \(a) EXCEPT SELECT tbl, rid FROM \(b)) "
                           + "AND NOT EXISTS (SELECT tbl, rid FROM \(b) EXCEPT SELECT tbl, rid FROM \(a))") == 1
    }

    /// `c."user_id" = p."id" AND ...` for the columns of one foreign key.
    private static func join(_ edge: ForeignKeyGraph.Edge, child: String, parent: String) -> String {
        zip(edge.childColumns, edge.parentColumns)
            .map { "\(child).\(SQL.quote($0)) = \(parent).\(SQL.quote($1))" }
            .joined(separator: " AND ")
    }

    // MARK: The archive database

    /// Attaches the archive (creating it when missing) and gives every table that may receive
    /// rows its archive twin.
    ///
    /// A twin has the live table's columns, declared types and primary key, but none of its
    /// references, unique constraints, checks or indexes: references would point into the
    /// archive, where parent rows may not be; a unique email of a long-gone account must not
    /// collide with a later one; the rows were valid when they lived. Copying the CREATE
    /// statement verbatim would bring all of those along. Columns added to the live table since
    /// are added to the twin; columns dropped since stay in it, holding NULL for newer rows.
    private func attachArchive(at path: String, tables: [String]) throws {
        try execute("ATTACH DATABASE ? AS \(Self.archiveSchema)", [.text(path)])
        do {
            _ = try pragmaValue("PRAGMA \(Self.archiveSchema).journal_mode = WAL")
            // The copy must be on disk before the delete commits.
            try execute("PRAGMA \(Self.archiveSchema).synchronous = FULL")
            try immediateTransaction {
                for name in tables { try prepareArchiveTable(name) }
            }
        } catch {
            try? execute("DETACH DATABASE \(Self.archiveSchema)")
            throw error
        }
    }

    private func prepareArchiveTable(_ name: String) throws {
        // table_xinfo: hidden 0 is an ordinary column (generated columns are not copied).
        let columns = try rows("SELECT name, type FROM pragma_table_xinfo(?) WHERE hidden = 0 ORDER BY cid", [.text(name)])
            .compactMap { row -> (name: String, type: String)? in
                guard case .text(let column) = row[0] else { return nil }
                return (column, { if case .text(let type) = row[1] { type } else { "" } }())
            }
        func definition(_ column: (name: String, type: String)) -> String {
            column.type.isEmpty ? SQL.quote(column.name) : "\(SQL.quote(column.name)) \(column.type)"
        }
        let existing = try rows("SELECT name FROM pragma_table_info(?, ?)", [.text(name), .text(Self.archiveSchema)])
            .compactMap { if case .text(let column) = $0[0] { column } else { nil } }
        if existing.isEmpty {
            var parts = columns.map(definition)
            let key = try primaryKeyColumns(of: name)
            if !key.isEmpty { parts.append("PRIMARY KEY (\(key.map(SQL.quote).joined(separator: ", ")))") }
            try execute("CREATE TABLE \(Self.archiveSchema).\(SQL.quote(name)) (\(parts.joined(separator: ", ")))")
        } else {
            for column in columns where !existing.contains(column.name) {
                try execute("ALTER TABLE \(Self.archiveSchema).\(SQL.quote(name)) ADD COLUMN \(definition(column))")
            }
        }
    }

    // MARK: Small lookups

    /// Ordinary (non-generated) column names of a main-database table, in order.
    func columnNames(of table: String) throws -> [String] {
        try rows("SELECT name FROM pragma_table_xinfo(?) WHERE hidden = 0 ORDER BY cid", [.text(table)])
            .compactMap { if case .text(let name) = $0[0] { name } else { nil } }
    }

    func isWithoutRowid(_ table: String) throws -> Bool {
        try integer("SELECT count(*) FROM pragma_table_list WHERE schema = 'main' AND name = ? AND wr = 1", [.text(table)]) > 0
    }

    func integer(_ sql: String, _ arguments: [SQLValue] = []) throws -> Int64 {
        if case .integer(let value) = try pragmaValue(sql, arguments) { return value }
        return 0
    }
}

/// What an archive run works from: the table, the cutoff, the foreign keys and the tables reached.
private struct ArchivePlan {
    var table: String
    var graph: ForeignKeyGraph
    var reached: [String]
    var cutoff: Int64
    var batchSize: Int
}
