/// `push`: the declared schema applied to the database directly, with no migration file, while
/// a model is still changing (drizzle-kit's `push`, Prisma's `db push`).
///
/// The same diff, data-loss refusal and table rebuilds as a migration, in one transaction. Each
/// push is recorded in `_wizdb_pushes`, so the database knows it is ahead of its files: a later
/// `generate` still starts from the files (its file must carry what the pushes did, for every
/// other database), and `migrate` on the pushed database adopts such a file without running it
/// when the database already has its result. Once the files catch up, the records are cleared.
extension Migrator {
    public static let pushesTable = "_wizdb_pushes"

    public struct PushOutcome: Sendable {
        public var plan: MigrationPlan
        public var dataLoss: [MeasuredDataLoss]
        /// False for a dry run, and when there was nothing to do.
        public var applied: Bool
    }

    /// Brings the database to `declared`; `db` must be the writer with no transaction open.
    public func push(_ db: Database, declared: Schema, confirmDataLoss: Bool, dryRun: Bool, time: TimeSource) throws -> PushOutcome {
        let preview = SchemaDiff.plan(from: try db.introspectSchema(), to: declared, dialect: db.dialect)
        if dryRun || preview.isEmpty {
            return PushOutcome(plan: preview, dataLoss: try measure(preview.dataLoss, on: db), applied: false)
        }
        // Foreign keys can only be switched off outside a transaction, so the plan made under
        // the lock must not need a rebuild the preview did not (another process pushed between).
        if preview.rebuildsTables { try db.execute("PRAGMA foreign_keys = OFF") }
        defer { if preview.rebuildsTables { try? db.execute("PRAGMA foreign_keys = ON") } }
        return try db.immediateTransaction {
            try Self.lockMigrations(on: db)
            let plan = SchemaDiff.plan(from: try db.introspectSchema(), to: declared, dialect: db.dialect)
            guard !plan.isEmpty else { return PushOutcome(plan: plan, dataLoss: [], applied: false) }
            guard !plan.rebuildsTables || preview.rebuildsTables else {
                throw StoreError.busy(message: "the database changed while the push was being prepared; push again")
            }
            let measured = try measure(plan.dataLoss, on: db)
            let text = Self.render(plan, name: "push", time: time)
            try runLocked(text, foreignKeysOff: plan.rebuildsTables, dataLoss: plan.dataLoss, on: db,
                          confirmDataLoss: confirmDataLoss, name: "push")
            try ensurePushesTable(db)
            try db.execute("INSERT INTO \(SQL.quote(Self.pushesTable)) (pushed_at, statements) VALUES (?, ?)",
                           [.integer(time.secondsSinceEpoch), .text(plan.statements.joined(separator: ";\n") + ";")])
            return PushOutcome(plan: plan, dataLoss: measured, applied: true)
        }
    }

    /// How many pushes changed the database since its migration files last described it.
    public func pushCount(_ db: Database) throws -> Int {
        guard try db.hasTable(Self.pushesTable) else { return 0 }
        return Int(try db.pragmaValue("SELECT count(*) FROM \(SQL.quote(Self.pushesTable))").integerValue ?? 0)
    }

    /// Whether the database already has what `file` would build on top of the files applied.
    func alreadyHasResult(of file: MigrationFile, after applied: [AppliedMigration], on db: Database) throws -> Bool {
        // A server's files cannot be replayed on SQLite: they run (and fail if already done).
        if db.isRemote { return false }
        let files = try MigrationFile.load(from: folder)
        let appliedNames = Set(applied.map(\.name))
        let shadow = try replay(files.filter { appliedNames.contains($0.name) } + [file])
        return SchemaDiff.plan(from: try shadow.introspectSchema(), to: try db.introspectSchema()).isEmpty
    }

    /// Clears the push records once the applied files build exactly the database's schema.
    func forgetPushesIfFilesCaughtUp(_ db: Database) throws {
        guard !db.isRemote, try pushCount(db) > 0 else { return }
        let applied = Set(try appliedMigrations(db).map(\.name))
        let shadow = try replay(try MigrationFile.load(from: folder).filter { applied.contains($0.name) })
        guard SchemaDiff.plan(from: try shadow.introspectSchema(), to: try db.introspectSchema()).isEmpty else { return }
        try db.execute("DELETE FROM \(SQL.quote(Self.pushesTable))")
    }

    /// An in-memory database built by running `files` in order.
    func replay(_ files: [MigrationFile]) throws -> Database {
        let shadow = try Database(path: ":memory:")
        try shadow.execute("PRAGMA foreign_keys = OFF")
        for file in files {
            do {
                try shadow.executeStatements(of: file.text)
            } catch let error {
                throw StoreError.migrationFailed(file: file.name, statement: error.statement,
                                                 message: "replaying the existing migrations failed: \(error.error.description)")
            }
        }
        return shadow
    }

    private func ensurePushesTable(_ db: Database) throws {
        try db.execute("""
            CREATE TABLE IF NOT EXISTS \(SQL.quote(Self.pushesTable)) (
              "pushed_at" INTEGER NOT NULL,
              "statements" TEXT NOT NULL
            )
            """)
    }
}
