/// The tables one query can name fields of: the main table, and with joins every joined table
/// under its name (`as`, or its table name). `email` is a field of the main table; `p.bio` is
/// the field `bio` of the table named `p`.
struct FieldScope {
    struct Source {
        /// The key the table's part of a row goes under, and the SQL qualifier's name.
        var name: String
        var table: Table
        /// `"p".` when column references are qualified (queries with joins), else empty.
        var qualifier: String
        /// True for a left-joined table: its columns are NULL when no row matched.
        var nullable: Bool
    }

    struct Resolved {
        var source: Int
        var column: Column
        /// The SQL that refers to the column (`"email"`, `"p"."bio"`).
        var sql: String
        var nullable: Bool { !column.notNull || sourceNullable }
        var sourceNullable: Bool
    }

    private(set) var sources: [Source]
    let dialect: any SQLDialect
    let qualified: Bool

    init(main table: Table, dialect: any SQLDialect, qualified: Bool) {
        self.dialect = dialect
        self.qualified = qualified
        sources = [Source(name: table.name, table: table, qualifier: qualified ? dialect.quote(table.name) + "." : "", nullable: false)]
    }

    var main: Table { sources[0].table }

    mutating func add(name: String, table: Table, nullable: Bool) -> Int {
        sources.append(Source(name: name, table: table, qualifier: dialect.quote(name) + ".", nullable: nullable))
        return sources.count - 1
    }

    func reference(_ source: Int, _ column: Column) -> String {
        sources[source].qualifier + dialect.quote(column.name)
    }

    func resolved(_ source: Int, _ column: Column) -> Resolved {
        Resolved(source: source, column: column, sql: reference(source, column), sourceNullable: sources[source].nullable)
    }

    /// Finds `field` (main table) or `name.field` among the first `limit` sources (all by default).
    func resolve(_ reference: String, within limit: Int? = nil) throws -> Resolved {
        let count = limit ?? sources.count
        if let column = main.column(field: reference) { return resolved(0, column) }
        if let dot = reference.firstIndex(of: ".") {
            let name = reference[..<dot]
            let field = String(reference[reference.index(after: dot)...])
            if let index = sources.prefix(count).firstIndex(where: { $0.name == name }),
               let column = sources[index].table.column(field: field) {
                return resolved(index, column)
            }
        }
        throw StoreError.unknownField(table: main.name, field: reference, available: available(within: count))
    }

    /// Field names a host may use: the main table's plain, the joined tables' as `name.field`.
    func available(within count: Int? = nil) -> [String] {
        var names = main.columns.map(\.field)
        for source in sources.prefix(count ?? sources.count).dropFirst() {
            names += source.table.columns.map { "\(source.name).\($0.field)" }
        }
        return names
    }

    /// A filter resolver over this scope; the column keeps the name the host wrote, for messages.
    var filterResolver: FilterCompiler.Resolver {
        { reference in
            let found = try resolve(reference)
            var column = found.column
            column.field = reference
            return FilterCompiler.Reference(sql: found.sql, column: column)
        }
    }
}
