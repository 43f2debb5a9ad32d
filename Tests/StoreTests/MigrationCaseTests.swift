@testable import Store
import Testing

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
