#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import JSON

/// Applies, records and reports the migration files of one folder.
///
/// Each file runs in its own transaction on the writer and is recorded in `_wizdb_migrations`
/// with its SHA-256 checksum, time and duration. An applied file that changed is drift and
/// stops everything; a pending file that would lose data is refused unless confirmed.
public struct Migrator: Sendable {
    public static let table = "_wizdb_migrations"

    public let folder: String

    public init(folder: String) { self.folder = folder }

    public struct AppliedMigration: Sendable, Equatable {
        public var name: String
        public var checksum: String
        public var appliedAt: Int64
        public var durationMs: Int64
    }

    public struct Status: Sendable, Equatable {
        public var applied: [AppliedMigration]
        public var pending: [String]
        /// Applied files whose content changed since.
        public var drift: [String]
        /// Applied files that are no longer in the folder.
        public var missing: [String]
        /// Pushes since the applied files last described the database (see `push`).
        public var pushes: Int
    }

    public struct Outcome: Sendable, Equatable {
        public var applied: [String]
        public var pending: [String]
        public var dryRun: Bool
    }

    // MARK: Status

    public func status(_ db: Database) throws -> Status {
        let files = try MigrationFile.load(from: folder)
        let applied = try appliedMigrations(db)
        let appliedNames = Set(applied.map(\.name))
        let byName = Dictionary(files.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        return Status(
            applied: applied,
            pending: files.filter { !appliedNames.contains($0.name) }.map(\.name),
            drift: applied.filter { record in byName[record.name].map { $0.checksum != record.checksum } ?? false }.map(\.name),
            missing: applied.filter { byName[$0.name] == nil }.map(\.name),
            pushes: try pushCount(db))
    }

    func appliedMigrations(_ db: Database) throws -> [AppliedMigration] {
        guard try db.hasTable(Self.table) else { return [] }
        return try db.rows("SELECT name, checksum, applied_at, duration_ms FROM \(SQL.quote(Self.table)) ORDER BY name").map { row in
            AppliedMigration(name: row[0].textValue ?? "", checksum: row[1].textValue ?? "",
                             appliedAt: row[2].integerValue ?? 0, durationMs: row[3].integerValue ?? 0)
        }
    }

    // MARK: Applying

    /// Applies pending files in order (up to and including `target` when given) on `db`, which
    /// must be the writer with no transaction open.
    public func migrate(_ db: Database, confirmDataLoss: Bool, target: String? = nil, time: TimeSource) throws -> Outcome {
        let files = try MigrationFile.load(from: folder)
        if let target, !files.contains(where: { $0.name == target }) {
            throw StoreError.invalidValue(field: "to", expected: "the name of a migration file without .sql (\(files.map(\.name).joined(separator: ", ")))",
                                          got: "\"\(target)\"")
        }
        let current = try status(db)
        if !current.drift.isEmpty { throw StoreError.migrationDrift(files: current.drift) }
        let pendingNames = Set(current.pending)
        var pending = files.filter { pendingNames.contains($0.name) }
        if let target, let last = pending.firstIndex(where: { $0.name == target }) {
            pending = Array(pending[...last])
        } else if target != nil {
            pending = []
        }
        var applied: [String] = []
        for file in pending where try apply(file, on: db, confirmDataLoss: confirmDataLoss, time: time) {
            applied.append(file.name)
        }
        let remaining = try status(db).pending
        if remaining.isEmpty { try forgetPushesIfFilesCaughtUp(db) }
        return Outcome(applied: applied, pending: remaining, dryRun: false)
    }

    /// Runs the same migration on a copy of the database (in a temporary file next to it) and
    /// reports what would happen; the database itself is not touched.
    public func dryRun(_ db: Database, confirmDataLoss: Bool, target: String? = nil, time: TimeSource) throws -> Outcome {
        if db.isRemote { return try dryRunOnServer(db, confirmDataLoss: confirmDataLoss, target: target, time: time) }
        let copyPath = db.path + ".dry-run-\(time.millisecondsSinceEpoch)"
        defer {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: copyPath + suffix) }
        }
        let outcome: Outcome
        do {
            let copy = try Database(path: copyPath)
            try db.copy(into: copy)
            outcome = try migrate(copy, confirmDataLoss: confirmDataLoss, target: target, time: time)
        }
        return Outcome(applied: outcome.applied, pending: outcome.pending, dryRun: true)
    }

    /// Applies `file` unless another process applied it meanwhile; true when this call did.
    ///
    /// Whether it is still pending is decided again once the write lock is held (`BEGIN
    /// IMMEDIATE`, waiting at most the busy timeout): several processes starting at once on a
    /// new database, or migrating together, each see it pending before they take the lock, and
    /// only the first may run it. Data loss is measured under the same lock. On a database that
    /// `push` changed, a file whose result the database already has is recorded without running
    /// (adopted): `generate` after `push` writes what the push did, for the other databases.
    private func apply(_ file: MigrationFile, on db: Database, confirmDataLoss: Bool, time: TimeSource) throws -> Bool {
        let started = time.millisecondsSinceEpoch
        if file.foreignKeysOff { try db.execute("PRAGMA foreign_keys = OFF") }
        defer { if file.foreignKeysOff { try? db.execute("PRAGMA foreign_keys = ON") } }
        return try db.immediateTransaction {
            try Self.lockMigrations(on: db)
            let applied = try appliedMigrations(db)
            if let record = applied.first(where: { $0.name == file.name }) {
                if record.checksum != file.checksum { throw StoreError.migrationDrift(files: [file.name]) }
                return false
            }
            let record = { try self.record(file, on: db, time: time, durationMs: max(0, time.millisecondsSinceEpoch - started)) }
            let pushed = try pushCount(db) > 0
            if pushed, try alreadyHasResult(of: file, after: applied, on: db) {
                try record()
                return true
            }
            do {
                try runLocked(file.text, foreignKeysOff: file.foreignKeysOff, dataLoss: file.dataLoss, on: db,
                              confirmDataLoss: confirmDataLoss, name: file.name)
            } catch StoreError.migrationFailed(let name, let statement, let message) where pushed {
                throw StoreError.migrationFailed(file: name, statement: statement,
                    message: message + " (this database was changed with push; generate a migration from the declared schema and migrate again, or push instead)")
            }
            try record()
            return true
        }
    }

    /// Runs a migration's statements inside the caller's write transaction: data loss measured
    /// and refused unless confirmed, statements in order, foreign keys checked after a rebuild.
    func runLocked(_ text: String, foreignKeysOff: Bool, dataLoss: [MigrationPlan.DataLoss], on db: Database,
                   confirmDataLoss: Bool, name: String) throws {
        let losses = try measure(dataLoss, on: db).filter { $0.rows > 0 }
        if !losses.isEmpty && !confirmDataLoss {
            throw StoreError.dataLossUnconfirmed(file: name, losses: losses)
        }
        try ensureTable(db)
        if let failure = Self.failure(running: text, on: db) {
            throw StoreError.migrationFailed(file: name, statement: failure.statement, message: failure.error.description)
        }
        if foreignKeysOff {
            let violations = try db.rows("PRAGMA foreign_key_check")
            if let first = violations.first {
                let table = first[0].textValue ?? "?"
                let parent = first[2].textValue ?? "?"
                throw StoreError.migrationFailed(
                    file: name, statement: "PRAGMA foreign_key_check",
                    message: "\(violations.count) row(s) would break foreign keys, the first in \"\(table)\" (rowid \(first[1].integerValue ?? 0)) referencing \"\(parent)\"")
            }
        }
    }

    /// The key of the server's advisory lock that keeps two processes from migrating at once.
    static let advisoryLockKey: Int64 = 0x7769_7a64_625f_6d67

    /// On a server, waits for the migration lock for the rest of the transaction: a second
    /// process migrating at the same time then sees the files the first applied as applied.
    /// (On SQLite, `BEGIN IMMEDIATE` already did this.)
    static func lockMigrations(on db: Database) throws {
        if db.isRemote { try db.execute("SELECT pg_advisory_xact_lock(?)", [.integer(advisoryLockKey)]) }
    }

    /// A dry run on a server: the migration runs inside a transaction that is rolled back.
    private func dryRunOnServer(_ db: Database, confirmDataLoss: Bool, target: String?, time: TimeSource) throws -> Outcome {
        struct Undo: Error { var outcome: Outcome }
        do {
            try db.immediateTransaction { () throws -> Void in
                let files = try MigrationFile.load(from: folder)
                let current = try status(db)
                if !current.drift.isEmpty { throw StoreError.migrationDrift(files: current.drift) }
                var pending = files.filter { current.pending.contains($0.name) }
                if let target, let last = pending.firstIndex(where: { $0.name == target }) { pending = Array(pending[...last]) }
                var applied: [String] = []
                for file in pending {
                    try runLocked(file.text, foreignKeysOff: false, dataLoss: file.dataLoss, on: db, confirmDataLoss: confirmDataLoss, name: file.name)
                    try record(file, on: db, time: time, durationMs: 0)
                    applied.append(file.name)
                }
                throw Undo(outcome: Outcome(applied: applied, pending: try status(db).pending, dryRun: true))
            }
        } catch let undo as Undo {
            return undo.outcome
        }
        return Outcome(applied: [], pending: [], dryRun: true)
    }

    private static func failure(running text: String, on db: Database) -> ScriptError? {
        do {
            try db.executeStatements(of: text)
            return nil
        } catch {
            return error
        }
    }

    private func record(_ file: MigrationFile, on db: Database, time: TimeSource, durationMs: Int64) throws {
        try db.execute("INSERT INTO \(SQL.quote(Self.table)) (name, checksum, applied_at, duration_ms) VALUES (?, ?, ?, ?)",
                       [.text(file.name), .text(file.checksum), .integer(time.secondsSinceEpoch), .integer(durationMs)])
    }

    func ensureTable(_ db: Database) throws {
        try db.execute("""
            CREATE TABLE IF NOT EXISTS \(SQL.quote(Self.table)) (
              "name" TEXT NOT NULL PRIMARY KEY,
              "checksum" TEXT NOT NULL,
              "applied_at" INTEGER NOT NULL,
              "duration_ms" INTEGER NOT NULL
            )
            """)
    }

    /// The rows each possible loss would take, on the database as it is now.
    public func measure(_ losses: [MigrationPlan.DataLoss], on db: Database) throws -> [MeasuredDataLoss] {
        let tables = Set(try db.userTableNames())
        return try losses.map { loss in
            var rows: Int64 = 0
            if tables.contains(loss.table) {
                switch loss.kind {
                case .dropTable:
                    rows = try db.pragmaValue("SELECT count(*) FROM \(SQL.quote(loss.table))").integerValue ?? 0
                case .dropColumn:
                    if let column = loss.column, try db.introspectTable(loss.table).column(named: column) != nil {
                        rows = try db.pragmaValue("SELECT count(*) FROM \(SQL.quote(loss.table)) WHERE \(SQL.quote(column)) IS NOT NULL").integerValue ?? 0
                    }
                }
            }
            return MeasuredDataLoss(table: loss.table, column: loss.column, rows: rows, description: loss.description)
        }
    }

    // MARK: Generating

    public struct Generated: Sendable {
        public var file: String?
        public var plan: MigrationPlan
    }

    /// The plan from the schema the existing files build (replayed into an in-memory database,
    /// so no snapshot file can go stale) to `declared`, written as the next numbered file.
    ///
    /// On a server (`live` given) the files hold the server's SQL, which SQLite cannot replay:
    /// the plan starts from the live database, which `migrate` keeps equal to the files.
    public func generate(name: String, declared: Schema, time: TimeSource, write: Bool = true, live: Database? = nil) throws -> Generated {
        let files = try MigrationFile.load(from: folder)
        let plan: MigrationPlan
        if let live, live.isRemote {
            plan = SchemaDiff.plan(from: try live.introspectSchema(), to: declared, dialect: live.dialect)
        } else {
            let shadow = try replay(files)
            plan = SchemaDiff.plan(from: try shadow.introspectSchema(), to: declared)
        }
        guard !plan.isEmpty else { return Generated(file: nil, plan: plan) }
        let number = (files.map(\.number).max() ?? 0) + 1
        let digits = String(number)
        let fileName = String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "_" + MigrationFile.sanitizedName(name)
        guard write else { return Generated(file: fileName + ".sql", plan: plan) }
        let text = Self.render(plan, name: fileName, time: time)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw StoreError.fileSystem(path: folder, message: "cannot create the folder: \(error)")
        }
        let path = folder + "/" + fileName + ".sql"
        guard !FileManager.default.fileExists(atPath: path),
              FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw StoreError.fileSystem(path: path, message: "cannot write the migration file")
        }
        return Generated(file: fileName + ".sql", plan: plan)
    }

    /// The file's text: a header, then each statement under comments saying what it does,
    /// what it warns about, and what data it can lose.
    public static func render(_ plan: MigrationPlan, name: String, time: TimeSource) -> String {
        var lines = [
            "-- \(name).sql",
            "-- Generated by wizdb from the declared schema at \(Timestamp.format(time.secondsSinceEpoch)). Review it before applying.",
            "-- `wizdb migrate` (schema.migrate) runs it in one transaction and records its SHA-256 checksum;",
            "-- once applied, do not edit it: add a new migration instead.",
        ]
        if plan.rebuildsTables {
            lines += [
                "--",
                "-- This migration rebuilds tables, so it runs with foreign keys off (no cascade can fire while",
                "-- a parent table is replaced) and is checked with PRAGMA foreign_key_check before it commits.",
                "-- wizdb:foreign-keys off",
            ]
        }
        for step in plan.steps {
            lines.append("")
            lines.append("-- \(step.comment)")
            for warning in step.warnings { lines.append("-- WARNING: \(warning)") }
            for loss in step.dataLoss {
                lines.append("-- WARNING: data loss: \(loss.description)")
                var object: JSONObject = ["kind": .string(loss.kind.rawValue), "table": .string(loss.table)]
                if let column = loss.column { object["column"] = .string(column) }
                lines.append("-- wizdb:data-loss \(JSONWriter.encodeString(.object(object)))")
            }
            lines.append(step.sql + ";")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension SQLValue {
    public var textValue: String? { if case .text(let text) = self { text } else { nil } }
    public var integerValue: Int64? { if case .integer(let number) = self { number } else { nil } }
}
