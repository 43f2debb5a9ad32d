@testable import Store
import Testing
import TestSupport

/// Every schema change wizdb can plan, run for real: the old schema is created through a
/// generated 0001, filled with rows, changed through a generated 0002 (and more), and then the
/// live schema, the rows, the database's integrity and a second generate are checked.
@Suite struct MigrationCaseTests {
    @Test(arguments: MigrationCase.all)
    func migrationReachesTheDeclaredSchemaAndKeepsTheRows(_ migrationCase: MigrationCase) throws {
        try MigrationHarness(migrationCase).run()
    }

    @Test func theTableCoversEnoughCases() {
        let names = MigrationCase.all.map(\.name)
        #expect(Set(names).count == names.count, "expected unique case names, got duplicates in \(names)")
        #expect(names.count >= 40, "expected at least 40 cases, got \(names.count)")
        let pinned = MigrationCase.all.filter(\.expectsExactSQL).count
        #expect(pinned >= 10, "expected at least 10 cases with exact SQL, got \(pinned)")
    }
}

/// Files generated one after the other without being applied, then applied by one migrate.
@Suite struct PendingMigrationTests {
    @Test func filesGeneratedOnUnappliedOnesApplyInOrderEachInItsOwnTransaction() throws {
        let directory = try TemporaryDirectory(prefix: "wizdb-pending")
        let store = try Store(Store.Configuration(path: directory.file("app.sqlite")))
        let migrator = Migrator(folder: directory.file("migrations"))
        let clock = MigrationHarness.clock
        let schemas = try [
            #"{"notes": {"columns": {"body": {"type": "text"}, "draft": {"type": "text"}}}}"#,
            #"{"memos": {"renamedFrom": "notes", "columns": {"body": {"type": "text"}, "draft": {"type": "text"}}}}"#,
            #"{"memos": {"renamedFrom": "notes", "columns": {"body": {"type": "text", "notNull": true, "default": ""}}}}"#,
        ].map(MigrationHarness.declared)

        _ = try migrator.generate(name: "notes", declared: schemas[0], time: clock)
        _ = try store.withWriter { try migrator.migrate($0, confirmDataLoss: false, time: clock) }
        try store.write { db in
            try db.execute("INSERT INTO notes (id, body, draft) VALUES ('n1', 'a', 'd'), ('n2', NULL, NULL)")
        }
        // 0003 is planned from 0001 and 0002 replayed in the shadow database, 0002 not yet applied.
        let second = try migrator.generate(name: "rename", declared: schemas[1], time: clock)
        let third = try migrator.generate(name: "tighten", declared: schemas[2], time: clock)
        #expect(second.file == "0002_rename.sql" && third.file == "0003_tighten.sql",
                "expected 0002_rename.sql and 0003_tighten.sql, got \(second.file ?? "none") and \(third.file ?? "none")")
        #expect(second.plan.statements == [#"ALTER TABLE "notes" RENAME TO "memos""#],
                "expected 0002 to rename only, got \(second.plan.statements)")
        #expect(third.plan.rebuildsTables, "expected 0003 to rebuild memos, got \(third.plan.statements)")

        // Unconfirmed: 0002 applies and stays applied, 0003 is refused, measured on memos as 0002 left it.
        #expect {
            try store.withWriter { try migrator.migrate($0, confirmDataLoss: false, time: clock) }
        } throws: { error in
            guard case StoreError.dataLossUnconfirmed(let file, let losses) = error else { return false }
            return file == "0003_tighten" && losses.map(\.table) == ["memos"] && losses.map(\.column) == ["draft"] && losses.map(\.rows) == [1]
        }
        let status = try store.read { try migrator.status($0) }
        #expect(status.applied.map(\.name) == ["0001_notes", "0002_rename"] && status.pending == ["0003_tighten"],
                "expected 0002 applied and 0003 pending, got applied \(status.applied.map(\.name)), pending \(status.pending)")

        let outcome = try store.withWriter { try migrator.migrate($0, confirmDataLoss: true, time: clock) }
        #expect(outcome.applied == ["0003_tighten"], "expected 0003_tighten applied, got \(outcome.applied)")
        let live = try store.read { try $0.introspectSchema() }
        if let difference = SchemaComparison.firstDifference(declared: schemas[2], live: live) {
            Issue.record("after 0003: the live schema differs from the declared one: \(difference)")
        }
        let rows = try store.read { try $0.rows("SELECT id, body FROM memos ORDER BY id") }
        #expect(rows == [["n1", "a"], ["n2", ""]], "expected memos n1 'a' and n2 '' (filled), got \(rows)")
    }
}
