import Foundation
import JSON
@testable import Store
import Testing
import TestSupport

/// One row of the migration table: a starting schema with rows in it, then one or more schema
/// changes, each generated and applied through the real `Migrator`, with what each must do.
struct MigrationCase: Sendable, CustomTestStringConvertible {
    var name: String
    /// The `tables` object of the first declared schema (the harness wraps it in `{"tables": ...}`).
    var from: String
    /// Rows inserted after the first migration, table by table in this order (parents first).
    var rows: [TableRows]
    var steps: [MigrationStep]

    var testDescription: String { name }

    init(_ name: String, from: String, rows: [TableRows] = [], steps: [MigrationStep]) {
        self.name = name
        self.from = from
        self.rows = rows
        self.steps = steps
    }

    /// A case with a single change, the common shape.
    init(_ name: String, from: String, rows: [TableRows] = [], to: String, path: MigrationStep.Path,
         sql: [String]? = nil, losses: [ExpectedLoss] = [], outcome: MigrationStep.Outcome = .applies,
         values: [String: [String: [String: SQLValue]]] = [:]) {
        self.init(name, from: from, rows: rows,
                  steps: [MigrationStep(to: to, path: path, sql: sql, losses: losses, outcome: outcome, values: values)])
    }

    var expectsExactSQL: Bool { steps.contains { $0.sql != nil } }
}

struct TableRows: Sendable {
    var table: String
    var rows: [[String: SQLValue]]

    init(_ table: String, _ rows: [[String: SQLValue]]) {
        self.table = table
        self.rows = rows
    }
}

/// One generated migration and what it must do.
struct MigrationStep: Sendable {
    enum Path: Sendable, Equatable {
        /// A file made only of in-place statements (CREATE, DROP, ALTER ... ADD/DROP/RENAME).
        case alter
        /// A file that rebuilds at least one table, so it runs with foreign keys off.
        case rebuild
        /// The declared schema is already reached: generate writes nothing.
        case noFile
    }

    enum Outcome: Sendable, Equatable {
        case applies
        /// The file fails on a statement starting with this text and leaves the database as it was.
        case failsAndRollsBack(statementPrefix: String)
    }

    var to: String
    var path: Path
    /// The exact statements of the plan, when the case pins them.
    var sql: [String]?
    /// What the plan flags as data loss, with the rows measured on the database before it runs.
    var losses: [ExpectedLoss]
    var outcome: Outcome
    /// Values the change is expected to produce, by table, then primary key (`|`-joined for a
    /// composite key), then SQL column; every other value must be carried over unchanged.
    var values: [String: [String: [String: SQLValue]]]

    init(to: String, path: Path, sql: [String]? = nil, losses: [ExpectedLoss] = [], outcome: Outcome = .applies,
         values: [String: [String: [String: SQLValue]]] = [:]) {
        self.to = to
        self.path = path
        self.sql = sql
        self.losses = losses
        self.outcome = outcome
        self.values = values
    }
}

struct ExpectedLoss: Sendable, Equatable, CustomStringConvertible {
    var kind: MigrationPlan.DataLoss.Kind
    var table: String
    var column: String?
    var rows: Int64

    static func table(_ table: String, rows: Int64) -> ExpectedLoss { ExpectedLoss(kind: .dropTable, table: table, column: nil, rows: rows) }
    static func column(_ table: String, _ column: String, rows: Int64) -> ExpectedLoss {
        ExpectedLoss(kind: .dropColumn, table: table, column: column, rows: rows)
    }

    var description: String { "\(kind.rawValue) \(table)\(column.map { ".\($0)" } ?? "") (\(rows) rows)" }
}

/// Row contents by primary key (rendered as text), then SQL column.
typealias RowDump = [String: [String: SQLValue]]

/// Runs a `MigrationCase` against a real database file and a real migrations folder.
struct MigrationHarness {
    static let clock = TimeSource.fixed(seconds: 1_767_225_600)

    let migrationCase: MigrationCase
    let directory: TemporaryDirectory
    let store: Store
    let migrator: Migrator

    init(_ migrationCase: MigrationCase) throws {
        self.migrationCase = migrationCase
        directory = try TemporaryDirectory(prefix: "wizdb-migration")
        store = try Store(Store.Configuration(path: directory.file("app.sqlite")))
        migrator = Migrator(folder: directory.file("migrations"))
    }

    static func declared(_ tables: String) throws -> Schema {
        try DeclaredSchema.parse(#"{"tables": "# + tables + "}")
    }

    /// Steps 1 to 4 of every case: create, fill, migrate, check.
    func run() throws {
        let label = migrationCase.name
        var schema = try Self.declared(migrationCase.from)
        let first = try migrator.generate(name: "initial", declared: schema, time: Self.clock)
        #expect(first.file == "0001_initial.sql", "\(label): the first migration: expected 0001_initial.sql, got \(first.file ?? "no file")")
        let outcome = try store.withWriter { try migrator.migrate($0, confirmDataLoss: false, time: Self.clock) }
        #expect(outcome.applied == ["0001_initial"], "\(label): applying 0001: expected [0001_initial], got \(outcome.applied)")
        try expectLiveSchema(equals: schema, label: "\(label), after 0001")
        try expectNothingLeftToGenerate(for: schema, label: "\(label), after 0001")
        try insertRows()
        var dump = try dumpAll(schema)

        for (offset, step) in migrationCase.steps.enumerated() {
            let stepLabel = "\(label), step \(offset + 1)"
            let next = try Self.declared(step.to)
            let keepGoing = try apply(step, number: offset + 2, from: schema, to: next, rowsBefore: dump, label: stepLabel)
            guard keepGoing else { return }
            let rowsAfter = try dumpAll(next)
            expectRows(rowsAfter, match: try expectedRows(after: step, from: schema, to: next, rowsBefore: dump), label: stepLabel)
            schema = next
            dump = rowsAfter
        }
        let status = try store.read { try migrator.status($0) }
        #expect(status.pending.isEmpty && status.drift.isEmpty && status.missing.isEmpty,
                "\(label): expected every file applied without drift, got pending \(status.pending), drift \(status.drift), missing \(status.missing)")
    }

    /// Generates and applies one step; false when the case ends there (an expected failure).
    private func apply(_ step: MigrationStep, number: Int, from old: Schema, to new: Schema, rowsBefore: [String: RowDump],
                       label: String) throws -> Bool {
        let generated = try migrator.generate(name: "step \(number)", declared: new, time: Self.clock)
        if let sql = step.sql { expectStatements(generated.plan.statements, equal: sql, label: label) }
        guard step.path != .noFile else {
            #expect(generated.file == nil, "\(label): expected no file, got \(generated.file ?? "") with \(generated.plan.statements)")
            return true
        }
        let fileName = String(format: "%04d_step_%d", number, number)
        #expect(generated.file == fileName + ".sql", "\(label): expected \(fileName).sql, got \(generated.file ?? "no file")")
        #expect(generated.plan.rebuildsTables == (step.path == .rebuild),
                "\(label): expected path \(step.path), got rebuildsTables \(generated.plan.rebuildsTables) for \(generated.plan.statements)")
        guard let file = try MigrationFile.load(from: migrator.folder).last, file.name == fileName else {
            Issue.record("\(label): expected \(fileName).sql in the migrations folder")
            return false
        }
        #expect(file.foreignKeysOff == generated.plan.rebuildsTables,
                "\(label): expected the foreign-keys directive \(generated.plan.rebuildsTables ? "present" : "absent"), got \(file.foreignKeysOff)")
        #expect(file.dataLoss == generated.plan.dataLoss,
                "\(label): expected the file's data-loss directives to match the plan: plan \(generated.plan.dataLoss), file \(file.dataLoss)")

        // Data loss: flagged as expected, measured as expected, refused unless confirmed.
        let measured = try store.read { try migrator.measure(generated.plan.dataLoss, on: $0) }
        let gotLosses = zip(generated.plan.dataLoss, measured).map { loss, measure in
            ExpectedLoss(kind: loss.kind, table: loss.table, column: loss.column, rows: measure.rows)
        }
        #expect(gotLosses == step.losses, "\(label): expected data loss \(step.losses), got \(gotLosses)")
        if step.losses.contains(where: { $0.rows > 0 }) {
            #expect {
                try store.withWriter { try migrator.migrate($0, confirmDataLoss: false, time: Self.clock) }
            } throws: { error in
                guard case StoreError.dataLossUnconfirmed(let refusedFile, let losses) = error else { return false }
                return refusedFile == fileName && losses.allSatisfy { $0.rows > 0 }
            }
            try expectUntouched(schema: old, rows: rowsBefore, pending: fileName, label: "\(label), after the refusal")
        }

        let confirm = step.losses.contains { $0.rows > 0 }
        try expectDryRun(fileName, confirm: confirm, outcome: step.outcome, schema: old, rows: rowsBefore, label: label)
        do {
            let outcome = try store.withWriter { try migrator.migrate($0, confirmDataLoss: confirm, time: Self.clock) }
            if case .failsAndRollsBack(let prefix) = step.outcome {
                Issue.record("\(label): expected the migration to fail on \(prefix)..., got applied \(outcome.applied)")
                return false
            }
            #expect(outcome.applied == [fileName], "\(label): expected \(fileName) applied, got \(outcome.applied)")
        } catch StoreError.migrationFailed(let failedFile, let statement, let message) {
            guard case .failsAndRollsBack(let prefix) = step.outcome else {
                Issue.record("\(label): expected \(fileName) to apply, got a failure in \(failedFile): \(message) (in: \(statement))")
                return false
            }
            #expect(failedFile == fileName && statement.hasPrefix(prefix),
                    "\(label): expected \(fileName) to fail on \(prefix)..., got \(failedFile) failing on \(statement)")
            try expectUntouched(schema: old, rows: rowsBefore, pending: fileName, label: "\(label), after the failure")
            return false
        }

        try expectLiveSchema(equals: new, label: label)
        try expectIntegrity(label: label)
        try expectNothingLeftToGenerate(for: new, label: label)
        return true
    }

    // MARK: Checks

    /// A dry run reports what the migration would do, or how it would fail, on a copy.
    private func expectDryRun(_ fileName: String, confirm: Bool, outcome: MigrationStep.Outcome, schema: Schema,
                              rows: [String: RowDump], label: String) throws {
        do {
            let dryRun = try store.withWriter { try migrator.dryRun($0, confirmDataLoss: confirm, time: Self.clock) }
            #expect(dryRun.dryRun && dryRun.applied == [fileName] && outcome == .applies,
                    "\(label): expected a dry run with outcome \(outcome), got applied \(dryRun.applied)")
        } catch StoreError.migrationFailed(let failedFile, let statement, let message) {
            #expect(outcome != .applies, "\(label): expected the dry run to apply \(fileName), got a failure in \(failedFile): \(message) (in: \(statement))")
        }
        try expectUntouched(schema: schema, rows: rows, pending: fileName, label: "\(label), after the dry run")
    }

    private func expectLiveSchema(equals declared: Schema, label: String) throws {
        let live = try store.read { try $0.introspectSchema() }
        if let difference = SchemaComparison.firstDifference(declared: declared, live: live) {
            Issue.record("\(label): the live schema differs from the declared one: \(difference)")
        }
    }

    private func expectNothingLeftToGenerate(for declared: Schema, label: String) throws {
        let again = try migrator.generate(name: "again", declared: declared, time: Self.clock, write: false)
        #expect(again.file == nil, "\(label): expected generate to find nothing left to do, got \(again.plan.statements)")
    }

    private func expectIntegrity(label: String) throws {
        try store.withWriter { db in
            let violations = try db.rows("PRAGMA foreign_key_check")
            #expect(violations.isEmpty, "\(label): expected PRAGMA foreign_key_check to be clean, got \(violations)")
            let integrity = try db.rows("PRAGMA integrity_check")
            #expect(integrity == [["ok"]], "\(label): expected PRAGMA integrity_check ok, got \(integrity)")
            #expect(try db.pragmaValue("PRAGMA foreign_keys") == 1, "\(label): expected foreign keys back on after the migration")
        }
    }

    /// A refused or failed file leaves the schema, the rows and the bookkeeping as they were.
    private func expectUntouched(schema: Schema, rows: [String: RowDump], pending file: String, label: String) throws {
        try expectLiveSchema(equals: schema, label: label)
        let after = try dumpAll(schema)
        for (table, dump) in rows { expectRows(after[table] ?? [:], match: dump, table: table, label: label) }
        let status = try store.read { try migrator.status($0) }
        #expect(status.pending == [file], "\(label): expected \(file) still pending, got \(status.pending)")
        try expectIntegrity(label: label)
    }

    // MARK: Rows

    private func insertRows() throws {
        try store.write { db in
            for entry in migrationCase.rows {
                for row in entry.rows {
                    let columns = row.keys.sorted()
                    try db.execute("INSERT INTO \(SQL.quote(entry.table)) (\(columns.map(SQL.quote).joined(separator: ", "))) "
                                   + "VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))", columns.map { row[$0] ?? .null })
                }
            }
        }
    }

    private func dumpAll(_ schema: Schema) throws -> [String: RowDump] {
        try store.read { db in
            var result: [String: RowDump] = [:]
            for table in schema.tables { result[table.name] = try Self.dump(table, db) }
            return result
        }
    }

    static func dump(_ table: Table, _ db: Database) throws -> RowDump {
        let names = table.columns.map(\.name)
        var dump: RowDump = [:]
        for values in try db.rows("SELECT \(names.map(SQL.quote).joined(separator: ", ")) FROM \(SQL.quote(table.name))") {
            let row = Dictionary(uniqueKeysWithValues: zip(names, values))
            dump[key(table.primaryKey.map { row[$0] ?? .null })] = row
        }
        return dump
    }

    static func key(_ values: [SQLValue]) -> String {
        values.map { value in
            switch value {
            case .null: "NULL"
            case .integer(let number): String(number)
            case .real(let number): String(number)
            case .text(let text): text
            case .blob(let bytes): "x" + bytes.map { String($0, radix: 16) }.joined()
            }
        }.joined(separator: "|")
    }

    /// What each table of `new` must hold after `step`: the rows of the table it comes from
    /// (followed through table and column renames), kept columns unchanged, new columns at their
    /// default, then the values the case spells out.
    private func expectedRows(after step: MigrationStep, from old: Schema, to new: Schema,
                              rowsBefore: [String: RowDump]) throws -> [String: RowDump] {
        var expected: [String: RowDump] = [:]
        for table in new.tables {
            var rows: RowDump = [:]
            if let source = Self.source(of: table, in: old), let before = rowsBefore[source.name] {
                let sources = table.columns.map { Self.source(of: $0, in: source) }
                var defaults: [String: SQLValue] = [:]
                for (column, origin) in zip(table.columns, sources) where origin == nil {
                    defaults[column.name] = try column.defaultSQL.map { sql in try store.read { try $0.pragmaValue("SELECT \(sql)") } } ?? .null
                }
                for oldRow in before.values {
                    var row: [String: SQLValue] = [:]
                    for (column, origin) in zip(table.columns, sources) {
                        row[column.name] = origin.map { oldRow[$0.name] ?? .null } ?? defaults[column.name] ?? .null
                    }
                    let rowKey = Self.key(table.primaryKey.map { row[$0] ?? .null })
                    for (column, value) in step.values[table.name]?[rowKey] ?? [:] { row[column] = value }
                    rows[rowKey] = row
                }
            }
            expected[table.name] = rows
        }
        return expected
    }

    /// The old table a declared table takes its rows from: its `renamedFrom` when that is what
    /// the database has, else the table of the same name.
    static func source(of table: Table, in old: Schema) -> Table? {
        if let previous = table.renamedFrom, old.table(named: table.name) == nil, let renamed = old.table(named: previous) {
            return renamed
        }
        return old.table(named: table.name)
    }

    /// The old column a declared column takes its values from (`renamedFrom` names the old field).
    static func source(of column: Column, in old: Table) -> Column? {
        if let previous = column.renamedFrom, old.column(named: column.name) == nil, let renamed = old.column(field: previous) {
            return renamed
        }
        return old.column(named: column.name)
    }

    private func expectRows(_ got: [String: RowDump], match expected: [String: RowDump], label: String) {
        for (table, rows) in expected.sorted(by: { $0.key < $1.key }) {
            expectRows(got[table] ?? [:], match: rows, table: table, label: label)
        }
    }

    private func expectRows(_ got: RowDump, match expected: RowDump, table: String, label: String) {
        for key in Set(expected.keys).union(got.keys).sorted() {
            guard let want = expected[key] else {
                Issue.record("\(label): table \"\(table)\": expected no row \(key), got \(got[key] ?? [:])")
                continue
            }
            guard let have = got[key] else {
                Issue.record("\(label): table \"\(table)\": expected row \(key) \(want), got no such row")
                continue
            }
            for column in Set(want.keys).union(have.keys).sorted() where want[column] != have[column] {
                Issue.record("\(label): table \"\(table)\", row \(key), column \"\(column)\": expected \(want[column].map { "\($0)" } ?? "no column"), got \(have[column].map { "\($0)" } ?? "no column")")
            }
        }
    }

    private func expectStatements(_ got: [String], equal expected: [String], label: String) {
        guard got != expected else { return }
        for index in 0..<max(got.count, expected.count) where got[safe: index] != expected[safe: index] {
            Issue.record("\(label): statement \(index + 1): expected\n\(expected[safe: index] ?? "(none)")\ngot\n\(got[safe: index] ?? "(none)")\nall statements: \(got)")
            return
        }
    }
}

/// The storage-level comparison of a declared schema and a live one: what SQLite can hold, not
/// wire names or wizdb types (a boolean and an integer are both INTEGER).
enum SchemaComparison {
    /// The first difference, said plainly, or nil when the two agree.
    static func firstDifference(declared: Schema, live: Schema) -> String? {
        let declaredNames = Set(declared.tableNames)
        let liveNames = Set(live.tableNames)
        if declaredNames != liveNames {
            return "expected tables \(declaredNames.sorted()), got \(liveNames.sorted())"
        }
        for expected in declared.tables.sorted(by: { $0.name < $1.name }) {
            guard let got = live.table(named: expected.name) else { continue }
            if let difference = firstDifference(expected, got) { return "table \"\(expected.name)\": \(difference)" }
        }
        return nil
    }

    static func firstDifference(_ expected: Table, _ got: Table) -> String? {
        let expectedColumns = expected.columns.map(\.name)
        if Set(expectedColumns) != Set(got.columns.map(\.name)) {
            return "expected columns \(expectedColumns.sorted()), got \(got.columns.map(\.name).sorted())"
        }
        for want in expected.columns {
            guard let have = got.column(named: want.name) else { continue }
            let properties: [(String, String, String)] = [
                ("storage type", want.type.storageType, have.type.storageType),
                ("notNull", "\(want.notNull)", "\(have.notNull)"),
                ("default", want.defaultSQL ?? "none", have.defaultSQL ?? "none"),
                ("references", describe(want.references), describe(have.references)),
                ("check", want.checkSQL ?? "none", have.checkSQL ?? "none"),
                ("autoIncrement", "\(want.autoIncrement)", "\(have.autoIncrement)"),
            ]
            for (property, wanted, had) in properties where wanted != had {
                return "column \"\(want.name)\": expected \(property) \(wanted), got \(had)"
            }
        }
        if expected.primaryKey != got.primaryKey {
            return "expected primary key \(expected.primaryKey), got \(got.primaryKey)"
        }
        let expectedIndexes = Set(expected.indexes.map(\.name))
        if expectedIndexes != Set(got.indexes.map(\.name)) {
            return "expected indexes \(expectedIndexes.sorted()), got \(got.indexes.map(\.name).sorted())"
        }
        for want in expected.indexes {
            guard let have = got.indexes.first(where: { $0.name == want.name }) else { continue }
            if want.columns != have.columns { return "index \"\(want.name)\": expected columns \(want.columns), got \(have.columns)" }
            if want.unique != have.unique { return "index \"\(want.name)\": expected unique \(want.unique), got \(have.unique)" }
            if want.whereSQL != have.whereSQL {
                return "index \"\(want.name)\": expected where \(want.whereSQL ?? "none"), got \(have.whereSQL ?? "none")"
            }
        }
        return nil
    }

    private static func describe(_ key: ForeignKey?) -> String {
        guard let key else { return "none" }
        return "\(key.table)(\(key.column)) on delete \(key.onDelete.sql), on update \(key.onUpdate.sql)"
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

/// Exact DDL as the schema model writes it, for the expected-SQL columns of the table.
enum ExpectedSQL {
    static let baseHead = #""id" TEXT NOT NULL PRIMARY KEY"#
    static let baseTail = [
        #""created_at" INTEGER NOT NULL DEFAULT (unixepoch())"#,
        #""updated_at" INTEGER NOT NULL DEFAULT (unixepoch())"#,
        #""deactivated_at" INTEGER"#,
        #""deactivated_by" TEXT"#,
    ]
    static let baseColumnList = #""created_at", "updated_at", "deactivated_at", "deactivated_by""#

    /// `CREATE TABLE "name" (...)` with the base pattern around `columns` unless `base` is false.
    static func createTable(_ name: String, _ columns: [String], base: Bool = true) -> String {
        let all = base ? [baseHead] + columns + baseTail : columns
        return "CREATE TABLE \(name) (\n  \(all.joined(separator: ",\n  "))\n)"
    }

    /// The four statements of a table rebuild (create, copy, drop, rename), indexes not included.
    static func rebuild(_ table: String, _ columns: [String], copy targets: String, from sources: String, base: Bool = true) -> [String] {
        let temporary = "\"_wizdb_new_\(table)\""
        return [
            createTable(temporary, columns, base: base),
            "INSERT INTO \(temporary) (\(targets)) SELECT \(sources) FROM \"\(table)\"",
            "DROP TABLE \"\(table)\"",
            "ALTER TABLE \(temporary) RENAME TO \"\(table)\"",
        ]
    }
}
