/// What it takes to bring a database from one schema to another: ordered SQL statements with
/// a comment each, warnings, and the statements that can lose data.
public struct MigrationPlan: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        /// What the statement does, for a person reviewing the file.
        public var comment: String
        public var sql: String
        /// What the statement can destroy; the rows affected are measured at migrate time.
        public var dataLoss: [DataLoss] = []
        /// Warnings about this statement (it may fail, or change values).
        public var warnings: [String] = []
    }

    public struct DataLoss: Sendable, Equatable, Hashable {
        public enum Kind: String, Sendable {
            /// Every row of the table is lost.
            case dropTable = "drop_table"
            /// The values of one column are lost (rows where it is not null).
            case dropColumn = "drop_column"
        }
        public var kind: Kind
        /// The table's name before the migration runs, which is where the rows are measured.
        public var table: String
        public var column: String?
        public var description: String
    }

    public var steps: [Step] = []
    /// True when a table is rebuilt: the file must run with foreign keys off, then be checked.
    public var rebuildsTables = false

    public var isEmpty: Bool { steps.isEmpty }
    public var statements: [String] { steps.map(\.sql) }
    public var warnings: [String] { steps.flatMap(\.warnings) }
    public var dataLoss: [DataLoss] { steps.flatMap(\.dataLoss) }
}

/// Compares two schemas and plans the change. Renames happen only through `renamedFrom` hints;
/// without one, a rename is a drop plus an add and is flagged as data loss. What SQLite cannot
/// alter in place goes through its documented table rebuild (create new, copy, drop, rename,
/// recreate indexes).
public enum SchemaDiff {
    public static func plan(from old: Schema, to new: Schema, dialect: any SQLDialect = SQLiteDialect()) -> MigrationPlan {
        var plan = MigrationPlan()
        var current = old
        // Data loss is measured before the file runs, so it must name tables as they are then.
        var namesBefore: [String: String] = [:]

        // Renamed tables first, so everything after sees the new names.
        for table in new.tables {
            guard let previous = table.renamedFrom, previous != table.name, current.table(named: table.name) == nil,
                  let index = current.tables.firstIndex(where: { $0.name == previous }) else { continue }
            plan.steps.append(.init(comment: "Rename table \(SQL.quote(previous)) to \(SQL.quote(table.name))",
                                    sql: "ALTER TABLE \(SQL.quote(previous)) RENAME TO \(SQL.quote(table.name))"))
            current.tables[index].name = table.name
            namesBefore[table.name] = previous
            // SQLite rewrites references to a renamed table in other tables' foreign keys.
            for other in current.tables.indices {
                for column in current.tables[other].columns.indices where current.tables[other].columns[column].references?.table == previous {
                    current.tables[other].columns[column].references?.table = table.name
                }
            }
        }

        // Tables no longer declared: children before the parents they reference. They go before
        // anything is created, so a new table can take over the name of one of their indexes (a
        // table renamed without a hint keeps its named index). No table that stays can still
        // reference them: changing a foreign key rebuilds the child, with foreign keys off.
        let dropped = current.tables.filter { new.table(named: $0.name) == nil }
        for table in dependencyOrder(dropped).reversed() {
            plan.steps.append(.init(
                comment: "Drop table \(SQL.quote(table.name))", sql: DDL.dropTable(table.name),
                dataLoss: [.init(kind: .dropTable, table: table.name, column: nil,
                                 description: "drops table \(SQL.quote(table.name)) and all its rows")]))
        }

        // An index name declared on another table now: drop it before any table creates it there,
        // whatever order the tables are declared in.
        let declaredOn = Dictionary(new.tables.flatMap { table in table.indexes.map { ($0.name, table.name) } },
                                    uniquingKeysWith: { first, _ in first })
        for tableIndex in current.tables.indices where new.table(named: current.tables[tableIndex].name) != nil {
            let table = current.tables[tableIndex]
            for index in table.indexes {
                guard let owner = declaredOn[index.name], owner != table.name else { continue }
                plan.steps.append(.init(comment: "Drop \(describe(index)) \(SQL.quote(index.name)) (it moves to \(SQL.quote(owner)))",
                                        sql: DDL.dropIndex(index.name)))
                current.tables[tableIndex].indexes.removeAll { $0.name == index.name }
            }
        }

        for table in new.tables {
            if let existing = current.table(named: table.name) {
                if dialect.altersColumnsInPlace {
                    plan.steps += alterationsInPlace(from: existing, to: table, nameBefore: namesBefore[table.name] ?? table.name,
                                                     dialect: dialect)
                } else {
                    plan.steps += alterations(from: existing, to: table, nameBefore: namesBefore[table.name] ?? table.name,
                                              rebuilt: &plan.rebuildsTables)
                }
            } else {
                plan.steps.append(.init(comment: "Create table \(SQL.quote(table.name))", sql: DDL.createTable(table, dialect: dialect)))
                for remark in DDL.remarks(for: table, dialect: dialect) {
                    plan.steps.append(.init(comment: "Keep the declared CHECK text of \(SQL.quote(table.name))", sql: remark))
                }
                for index in table.indexes {
                    plan.steps += creating(index, on: table.name, dialect: dialect)
                }
            }
        }

        return plan
    }

    // MARK: One table

    private static func alterations(from old: Table, to new: Table, nameBefore: String, rebuilt: inout Bool) -> [MigrationPlan.Step] {
        var steps: [MigrationPlan.Step] = []
        var old = old

        // Renamed columns (hint: the old field name).
        for column in new.columns {
            guard let previousField = column.renamedFrom, old.column(named: column.name) == nil,
                  let previous = old.column(field: previousField) ?? old.column(named: previousField) ?? old.column(named: SQL.snakeCase(previousField)),
                  new.column(named: previous.name) == nil else { continue }
            steps.append(.init(comment: "Rename column \(SQL.quote(new.name)).\(SQL.quote(previous.name)) to \(SQL.quote(column.name))",
                               sql: "ALTER TABLE \(SQL.quote(new.name)) RENAME COLUMN \(SQL.quote(previous.name)) TO \(SQL.quote(column.name))"))
            old = renamingColumn(previous.name, to: column.name, in: old)
        }

        let added = new.columns.filter { old.column(named: $0.name) == nil }
        let dropped = old.columns.filter { new.column(named: $0.name) == nil }
        let changed = new.columns.filter { column in
            guard let before = old.column(named: column.name) else { return false }
            return !sameShape(before, column)
        }
        let keyChanged = old.primaryKey != new.primaryKey
        let constraintIndexes = old.indexes.filter { $0.name.hasPrefix("sqlite_autoindex_") }

        let needsRebuild = keyChanged || !changed.isEmpty || !constraintIndexes.isEmpty
            || added.contains { !canAdd($0, to: new) }
            || dropped.contains { !canDrop($0, from: old) }
        if needsRebuild {
            rebuilt = true
            return steps + rebuild(from: old, to: new, nameBefore: nameBefore, changed: changed, dropped: dropped, added: added,
                                   keyChanged: keyChanged)
        }

        // Indexes that go or change are dropped first (a dropped column must not be indexed).
        let newIndexes = Dictionary(new.indexes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for index in old.indexes where newIndexes[index.name] != index {
            steps.append(.init(comment: "Drop \(describe(index)) \(SQL.quote(index.name))", sql: DDL.dropIndex(index.name)))
        }
        for column in added {
            var step = MigrationPlan.Step(comment: "Add column \(SQL.quote(new.name)).\(SQL.quote(column.name))",
                                          sql: "ALTER TABLE \(SQL.quote(new.name)) ADD COLUMN \(DDL.columnDefinition(column, in: new))")
            if column.checkSQL != nil { step.warnings.append("adding \(new.name).\(column.name) fails if existing rows do not pass its check") }
            steps.append(step)
        }
        for column in dropped {
            steps.append(.init(
                comment: "Drop column \(SQL.quote(new.name)).\(SQL.quote(column.name))",
                sql: "ALTER TABLE \(SQL.quote(new.name)) DROP COLUMN \(SQL.quote(column.name))",
                dataLoss: [droppingColumn(column.name, of: nameBefore)]))
        }
        let oldIndexes = Dictionary(old.indexes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for index in new.indexes where oldIndexes[index.name] != index {
            steps.append(.init(comment: "Create \(describe(index)) on \(SQL.quote(new.name))", sql: DDL.createIndex(index, on: new.name)))
        }
        return steps
    }

    private static func creating(_ index: Index, on table: String, dialect: any SQLDialect) -> [MigrationPlan.Step] {
        var steps: [MigrationPlan.Step] = [.init(comment: "Create \(describe(index)) on \(SQL.quote(table))", sql: DDL.createIndex(index, on: table))]
        if let remark = DDL.indexRemark(index, dialect: dialect) {
            steps.append(.init(comment: "Keep the declared condition of \(SQL.quote(index.name))", sql: remark))
        }
        return steps
    }

    /// A server that alters tables in place (PostgreSQL): every change is an ALTER TABLE, no
    /// table is rebuilt, and rows stay where they are.
    private static func alterationsInPlace(from old: Table, to new: Table, nameBefore: String, dialect: any SQLDialect) -> [MigrationPlan.Step] {
        var steps: [MigrationPlan.Step] = []
        var old = old
        let table = SQL.quote(new.name)
        for column in new.columns {
            guard let previousField = column.renamedFrom, old.column(named: column.name) == nil,
                  let previous = old.column(field: previousField) ?? old.column(named: previousField) ?? old.column(named: SQL.snakeCase(previousField)),
                  new.column(named: previous.name) == nil else { continue }
            steps.append(.init(comment: "Rename column \(table).\(SQL.quote(previous.name)) to \(SQL.quote(column.name))",
                               sql: "ALTER TABLE \(table) RENAME COLUMN \(SQL.quote(previous.name)) TO \(SQL.quote(column.name))"))
            old = renamingColumn(previous.name, to: column.name, in: old)
        }
        let added = new.columns.filter { old.column(named: $0.name) == nil }
        let dropped = old.columns.filter { new.column(named: $0.name) == nil }

        let newIndexes = Dictionary(new.indexes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for index in old.indexes where newIndexes[index.name] != index {
            steps.append(.init(comment: "Drop \(describe(index)) \(SQL.quote(index.name))", sql: DDL.dropIndex(index.name)))
        }
        if old.primaryKey != new.primaryKey, !old.primaryKey.isEmpty {
            steps.append(.init(comment: "Drop the primary key of \(table)",
                               sql: "ALTER TABLE \(table) DROP CONSTRAINT \(SQL.quote(nameBefore + "_pkey"))"))
        }
        for column in dropped {
            steps.append(.init(comment: "Drop column \(table).\(SQL.quote(column.name))",
                               sql: "ALTER TABLE \(table) DROP COLUMN \(SQL.quote(column.name))",
                               dataLoss: [droppingColumn(column.name, of: nameBefore)]))
        }
        for column in added {
            var step = MigrationPlan.Step(comment: "Add column \(table).\(SQL.quote(column.name))",
                                          sql: "ALTER TABLE \(table) ADD COLUMN \(DDL.columnDefinition(column, in: new, dialect: dialect))")
            if column.checkSQL != nil { step.warnings.append("adding \(new.name).\(column.name) fails if existing rows do not pass its check") }
            if column.notNull && column.defaultSQL == nil {
                step.warnings.append("\(new.name).\(column.name) is NOT NULL without a default: adding it fails if \(new.name) has rows")
            }
            steps.append(step)
            if let check = column.checkSQL {
                steps.append(.init(comment: "Keep the declared CHECK text of \(table).\(SQL.quote(column.name))",
                                   sql: DDL.checkRemark(check, table: new.name, column: column.name)))
            }
        }
        for column in new.columns {
            guard let before = old.column(named: column.name), !sameShape(before, column) else { continue }
            let name = SQL.quote(column.name)
            let alter = "ALTER TABLE \(table) ALTER COLUMN \(name)"
            if before.type.storageType != column.type.storageType {
                let type = dialect.columnType(column.type, identity: false)
                steps.append(.init(comment: "Change the type of \(table).\(name) to \(type)",
                                   sql: "\(alter) TYPE \(type) USING \(name)::\(type)",
                                   warnings: ["\(new.name).\(column.name) changes type from \(dialect.columnType(before.type, identity: false)) to \(type): the change fails if a value cannot be converted"]))
            }
            if before.defaultSQL != column.defaultSQL {
                if let value = column.defaultSQL {
                    steps.append(.init(comment: "Change the default of \(table).\(name)", sql: "\(alter) SET DEFAULT \(dialect.defaultExpression(value))"))
                } else {
                    steps.append(.init(comment: "Drop the default of \(table).\(name)", sql: "\(alter) DROP DEFAULT"))
                }
            }
            if before.notNull != column.notNull {
                if column.notNull {
                    if let fill = column.defaultSQL {
                        steps.append(.init(comment: "Fill the NULLs of \(table).\(name) with its default",
                                           sql: "UPDATE \(table) SET \(name) = \(dialect.defaultExpression(fill)) WHERE \(name) IS NULL"))
                    }
                    steps.append(.init(comment: "Make \(table).\(name) NOT NULL", sql: "\(alter) SET NOT NULL",
                                       warnings: column.defaultSQL == nil ? ["\(new.name).\(column.name) becomes NOT NULL without a default: the change fails if any row has NULL there"] : []))
                } else {
                    steps.append(.init(comment: "Make \(table).\(name) nullable", sql: "\(alter) DROP NOT NULL"))
                }
            }
            if before.references != column.references {
                let constraint = SQL.quote("\(nameBefore)_\(column.name)_fkey")
                if before.references != nil {
                    steps.append(.init(comment: "Drop the foreign key of \(table).\(name)", sql: "ALTER TABLE \(table) DROP CONSTRAINT IF EXISTS \(constraint)"))
                }
                if let reference = column.references {
                    var sql = "ALTER TABLE \(table) ADD CONSTRAINT \(SQL.quote("\(new.name)_\(column.name)_fkey")) FOREIGN KEY (\(name)) REFERENCES \(SQL.quote(reference.table)) (\(SQL.quote(reference.column)))"
                    if reference.onDelete != .noAction { sql += " ON DELETE \(reference.onDelete.sql)" }
                    if reference.onUpdate != .noAction { sql += " ON UPDATE \(reference.onUpdate.sql)" }
                    steps.append(.init(comment: "Add the foreign key of \(table).\(name)", sql: sql,
                                       warnings: ["adding the foreign key of \(new.name).\(column.name) fails if a row refers to a missing \(reference.table) row"]))
                }
            }
            if before.checkSQL != column.checkSQL {
                let constraint = SQL.quote(DDL.checkName(table: nameBefore, column: column.name))
                if before.checkSQL != nil {
                    steps.append(.init(comment: "Drop the CHECK of \(table).\(name)", sql: "ALTER TABLE \(table) DROP CONSTRAINT IF EXISTS \(constraint)"))
                }
                if let check = column.checkSQL {
                    steps.append(.init(comment: "Add the CHECK of \(table).\(name)",
                                       sql: "ALTER TABLE \(table) ADD \(dialect.checkConstraint(check, table: new.name, column: column.name))",
                                       warnings: ["adding the check of \(new.name).\(column.name) fails if existing rows do not pass it"]))
                    steps.append(.init(comment: "Keep the declared CHECK text of \(table).\(name)",
                                       sql: DDL.checkRemark(check, table: new.name, column: column.name)))
                }
            }
        }
        if old.primaryKey != new.primaryKey, !new.primaryKey.isEmpty {
            steps.append(.init(comment: "Set the primary key of \(table)",
                               sql: "ALTER TABLE \(table) ADD PRIMARY KEY (\(new.primaryKey.map(SQL.quote).joined(separator: ", ")))"))
        }
        let oldIndexes = Dictionary(old.indexes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for index in new.indexes where oldIndexes[index.name] != index {
            steps += creating(index, on: new.name, dialect: dialect)
        }
        return steps
    }

    /// SQLite's 12-step procedure, steps 4 to 7 and 10 (the runner does the foreign-key parts).
    private static func rebuild(from old: Table, to new: Table, nameBefore: String, changed: [Column], dropped: [Column],
                                added: [Column], keyChanged: Bool) -> [MigrationPlan.Step] {
        var reasons: [String] = []
        if keyChanged { reasons.append("primary key changes") }
        for column in changed { reasons.append("column \(column.name) changes (\(changeSummary(old.column(named: column.name), column)))") }
        for column in added where !canAdd(column, to: new) { reasons.append("column \(column.name) cannot be added in place") }
        for column in dropped where !canDrop(column, from: old) { reasons.append("column \(column.name) cannot be dropped in place") }
        if old.indexes.contains(where: { $0.name.hasPrefix("sqlite_autoindex_") }) { reasons.append("it has inline UNIQUE constraints") }

        let temporary = "_wizdb_new_\(new.name)"
        var steps: [MigrationPlan.Step] = []
        var create = MigrationPlan.Step(comment: "Rebuild table \(SQL.quote(new.name)) (\(reasons.joined(separator: "; "))): create the new shape",
                                        sql: DDL.createTable(new, as: temporary))
        for column in changed {
            guard let before = old.column(named: column.name) else { continue }
            if before.type.storageType != column.type.storageType {
                create.warnings.append("\(new.name).\(column.name) changes type from \(before.type.storageType) to \(column.type.storageType); values are converted by SQLite's type affinity")
            }
            if column.notNull && !before.notNull && column.defaultSQL == nil {
                create.warnings.append("\(new.name).\(column.name) becomes NOT NULL without a default: the copy fails if any row has NULL there")
            }
        }
        for column in added where column.notNull && column.defaultSQL == nil {
            create.warnings.append("\(new.name).\(column.name) is NOT NULL without a default: the copy fails if \(new.name) has rows")
        }
        steps.append(create)

        let kept = new.columns.filter { old.column(named: $0.name) != nil }
        let targets = kept.map { SQL.quote($0.name) }.joined(separator: ", ")
        let sources = kept.map { column -> String in
            let before = old.column(named: column.name)
            // Tightening NOT NULL with a default: the default fills the NULLs.
            if column.notNull, before?.notNull == false, let fill = column.defaultSQL {
                return "COALESCE(\(SQL.quote(column.name)), \(fill))"
            }
            return SQL.quote(column.name)
        }.joined(separator: ", ")
        if !kept.isEmpty {
            steps.append(.init(comment: "Rebuild table \(SQL.quote(new.name)): copy the rows",
                               sql: "INSERT INTO \(SQL.quote(temporary)) (\(targets)) SELECT \(sources) FROM \(SQL.quote(new.name))"))
        }
        var drop = MigrationPlan.Step(comment: "Rebuild table \(SQL.quote(new.name)): drop the old table", sql: DDL.dropTable(new.name))
        drop.dataLoss = dropped.map { droppingColumn($0.name, of: nameBefore) }
        steps.append(drop)
        steps.append(.init(comment: "Rebuild table \(SQL.quote(new.name)): give the new table its name",
                           sql: "ALTER TABLE \(SQL.quote(temporary)) RENAME TO \(SQL.quote(new.name))"))
        for index in new.indexes {
            steps.append(.init(comment: "Rebuild table \(SQL.quote(new.name)): recreate \(describe(index)) \(SQL.quote(index.name))",
                               sql: DDL.createIndex(index, on: new.name)))
        }
        return steps
    }

    /// The loss of a column's values, named as the table is named before the migration.
    private static func droppingColumn(_ column: String, of table: String) -> MigrationPlan.DataLoss {
        .init(kind: .dropColumn, table: table, column: column,
              description: "drops column \(SQL.quote(table)).\(SQL.quote(column)) and its values")
    }

    // MARK: Rules

    /// Whether two columns have the same stored shape (wire names and wizdb types aside).
    static func sameShape(_ a: Column, _ b: Column) -> Bool {
        a.type.storageType == b.type.storageType && a.notNull == b.notNull && a.defaultSQL == b.defaultSQL
            && a.references == b.references && a.checkSQL == b.checkSQL && a.autoIncrement == b.autoIncrement
    }

    /// SQLite's ADD COLUMN rules: no key, no expression default, NOT NULL only with a non-null
    /// default, a reference only with a NULL default.
    static func canAdd(_ column: Column, to table: Table) -> Bool {
        if table.primaryKey.contains(column.name) { return false }
        if let defaultSQL = column.defaultSQL {
            if defaultSQL.hasPrefix("(") || defaultSQL.uppercased().hasPrefix("CURRENT_") { return false }
            if column.notNull && defaultSQL.uppercased() == "NULL" { return false }
            if column.references != nil && defaultSQL.uppercased() != "NULL" { return false }
        } else if column.notNull {
            return false
        }
        return true
    }

    /// SQLite's DROP COLUMN rules: not part of a key, an index, a foreign key or a CHECK.
    static func canDrop(_ column: Column, from table: Table) -> Bool {
        if table.primaryKey.contains(column.name) || column.references != nil || column.checkSQL != nil { return false }
        if table.indexes.contains(where: { $0.columns.contains(column.name) }) { return false }
        return !table.columns.contains { $0.name != column.name && ($0.checkSQL.map { mentions(column.name, in: $0) } ?? false) }
    }

    private static func renamingColumn(_ name: String, to newName: String, in table: Table) -> Table {
        var table = table
        for index in table.columns.indices {
            if table.columns[index].name == name {
                table.columns[index].name = newName
                table.columns[index].field = SQL.camelCase(newName)
            }
            // SQLite rewrites the column's name inside CHECK expressions and index conditions.
            table.columns[index].checkSQL = table.columns[index].checkSQL.map { renaming(name, to: newName, in: $0) }
        }
        table.primaryKey = table.primaryKey.map { $0 == name ? newName : $0 }
        for index in table.indexes.indices {
            table.indexes[index].columns = table.indexes[index].columns.map { $0 == name ? newName : $0 }
            table.indexes[index].whereSQL = table.indexes[index].whereSQL.map { renaming(name, to: newName, in: $0) }
        }
        return table
    }

    // MARK: Identifiers in SQL text

    /// Whether SQL text (a CHECK or an index condition, as the DDL writes them) names the column.
    static func mentions(_ column: String, in sql: String) -> Bool {
        let quoted = SQL.quote(column)
        return quotedTokens(of: sql).contains { $0.isIdentifier && $0.text == quoted }
    }

    /// The SQL text with the quoted column name replaced, whole names only, as SQLite's RENAME
    /// COLUMN does: a plain text search for `"a"` also hits the start of `"a""b"`, and string literals.
    static func renaming(_ column: String, to newName: String, in sql: String) -> String {
        let quoted = SQL.quote(column)
        return quotedTokens(of: sql).map { $0.isIdentifier && $0.text == quoted ? SQL.quote(newName) : String($0.text) }.joined()
    }

    /// SQL text cut into quoted names ("..."), string literals ('...') and the text between them.
    private static func quotedTokens(of sql: String) -> [(text: Substring, isIdentifier: Bool)] {
        var tokens: [(text: Substring, isIdentifier: Bool)] = []
        var start = sql.startIndex
        var index = sql.startIndex
        while index < sql.endIndex {
            let quote = sql[index]
            guard quote == "\"" || quote == "'" else {
                index = sql.index(after: index)
                continue
            }
            if start < index { tokens.append((sql[start..<index], false)) }
            var end = sql.index(after: index)
            while end < sql.endIndex {
                let next = sql.index(after: end)
                if sql[end] == quote {
                    // A doubled quote is a quote inside the name or string.
                    guard next < sql.endIndex, sql[next] == quote else {
                        end = next
                        break
                    }
                    end = sql.index(after: next)
                } else {
                    end = next
                }
            }
            tokens.append((sql[index..<end], quote == "\""))
            index = end
            start = end
        }
        if start < sql.endIndex { tokens.append((sql[start...], false)) }
        return tokens
    }

    private static func changeSummary(_ old: Column?, _ new: Column) -> String {
        guard let old else { return "new" }
        var parts: [String] = []
        if old.type.storageType != new.type.storageType { parts.append("type \(old.type.storageType) -> \(new.type.storageType)") }
        if old.notNull != new.notNull { parts.append(new.notNull ? "becomes NOT NULL" : "becomes nullable") }
        if old.defaultSQL != new.defaultSQL { parts.append("default \(old.defaultSQL ?? "none") -> \(new.defaultSQL ?? "none")") }
        if old.references != new.references { parts.append("foreign key") }
        if old.checkSQL != new.checkSQL { parts.append("check") }
        if old.autoIncrement != new.autoIncrement { parts.append("autoincrement") }
        return parts.joined(separator: ", ")
    }

    private static func describe(_ index: Index) -> String {
        (index.whereSQL != nil ? "partial " : "") + (index.unique ? "unique index" : "index") + " \(SQL.quote(index.name))"
    }

    /// Parents before children (by foreign keys among the given tables), otherwise by name.
    static func dependencyOrder(_ tables: [Table]) -> [Table] {
        var ordered: [Table] = []
        var remaining = tables.sorted { $0.name < $1.name }
        while !remaining.isEmpty {
            let names = Set(remaining.map(\.name))
            let ready = remaining.firstIndex { table in
                !table.foreignKeys.contains { names.contains($0.reference.table) && $0.reference.table != table.name }
            } ?? 0
            ordered.append(remaining.remove(at: ready))
        }
        return ordered
    }
}
