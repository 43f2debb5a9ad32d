import JSON

/// A where-filter: field conditions that must all hold, combined with `and`, `or` and `not`.
/// Parsed from JSON, checked against a table, and compiled to SQL whose values are bound
/// parameters (queries) or rendered literals (CHECK constraints and partial indexes in DDL).
public indirect enum Filter: Sendable, Hashable {
    case all([Filter])
    case any([Filter])
    case not(Filter)
    case condition(field: String, op: Operator, value: JSONValue)

    public enum Operator: String, Sendable, CaseIterable {
        case eq, ne, gt, gte, lt, lte, `in`, notIn, like, isNull, between
    }

    /// Reads `{"email": "a@b.c", "credits": {"gte": 10}, "or": [...], "not": {...}}`.
    /// `path` names where the filter sits, for error messages (`where`, `tables.users.indexes[0].where`).
    public static func parse(_ json: JSONValue, path: String) throws -> Filter {
        guard case .object(let object) = json else {
            throw StoreError.invalidFilter(path: path, message: "a filter must be an object of field conditions, got \(json.typeName)")
        }
        var parts: [Filter] = []
        for (key, value) in object.members {
            switch key {
            case "and", "or":
                guard case .array(let items) = value else {
                    throw StoreError.invalidFilter(path: "\(path).\(key)", message: "\"\(key)\" takes an array of filters")
                }
                let filters = try items.enumerated().map { try parse($1, path: "\(path).\(key)[\($0)]") }
                parts.append(key == "and" ? .all(filters) : .any(filters))
            case "not":
                parts.append(.not(try parse(value, path: "\(path).not")))
            default:
                parts.append(try parseField(key, value, path: "\(path).\(key)"))
            }
        }
        return parts.count == 1 ? parts[0] : .all(parts)
    }

    private static func parseField(_ field: String, _ value: JSONValue, path: String) throws -> Filter {
        guard case .object(let operators) = value else {
            return .condition(field: field, op: .eq, value: value)
        }
        var parts: [Filter] = []
        for (name, operand) in operators.members {
            guard let op = Operator(rawValue: name) else {
                throw StoreError.invalidFilter(path: "\(path).\(name)",
                    message: "unknown operator \"\(name)\"; operators are \(Operator.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            switch op {
            case .in, .notIn:
                guard case .array = operand else {
                    throw StoreError.invalidFilter(path: "\(path).\(name)", message: "\"\(name)\" takes an array of values")
                }
            case .between:
                guard case .array(let bounds) = operand, bounds.count == 2 else {
                    throw StoreError.invalidFilter(path: "\(path).\(name)", message: "\"between\" takes an array of two values [low, high]")
                }
            case .isNull:
                guard case .bool = operand else {
                    throw StoreError.invalidFilter(path: "\(path).\(name)", message: "\"isNull\" takes true or false")
                }
            case .like:
                guard case .string = operand else {
                    throw StoreError.invalidFilter(path: "\(path).\(name)", message: "\"like\" takes a pattern string")
                }
            default: break
            }
            parts.append(.condition(field: field, op: op, value: operand))
        }
        if parts.isEmpty {
            throw StoreError.invalidFilter(path: path, message: "an operator object needs at least one operator")
        }
        return parts.count == 1 ? parts[0] : .all(parts)
    }

    /// Every field the filter names, for checking them against a table.
    public var fields: [String] {
        switch self {
        case .all(let parts), .any(let parts): parts.flatMap(\.fields)
        case .not(let inner): inner.fields
        case .condition(let field, _, _): [field]
        }
    }
}

/// Filter compilation to SQL text.
public struct FilterCompiler {
    public enum Values {
        /// Values become `?` placeholders, collected in `bindings`.
        case parameters
        /// Values are written into the text as literals (DDL, where nothing can be bound).
        case literals
    }

    /// What a filter's field refers to: the SQL (a column, or an expression such as an
    /// aggregate in HAVING, with the values it binds itself) and the column that gives its type.
    public struct Reference {
        public var sql: String
        public var column: Column
        public var bindings: [SQLValue]

        public init(sql: String, column: Column, bindings: [SQLValue] = []) {
            self.sql = sql
            self.column = column
            self.bindings = bindings
        }
    }

    public typealias Resolver = (String) throws -> Reference

    public let table: Table
    public let values: Values
    /// The SQL prefix for column references (`"users".` in joins), empty for plain references.
    public let qualifier: String
    public private(set) var bindings: [SQLValue] = []
    private let resolve: Resolver
    /// How `like` and the always-true and always-false conditions are spelled.
    public var dialect: any SQLDialect = SQLiteDialect()

    public init(table: Table, values: Values, qualifier: String = "") {
        self.table = table
        self.values = values
        self.qualifier = qualifier
        resolve = { field in
            guard let column = table.column(field: field) else {
                throw StoreError.unknownField(table: table.name, field: field, available: table.columns.map(\.field))
            }
            return Reference(sql: qualifier + SQL.quote(column.name), column: column)
        }
    }

    /// A compiler whose fields are found by `resolve`: fields of joined tables (`alias.field`),
    /// or aggregate aliases in a HAVING filter, which are expressions rather than columns.
    public init(table: Table, values: Values, resolve: @escaping Resolver) {
        self.table = table
        self.values = values
        qualifier = ""
        self.resolve = resolve
    }

    public mutating func compile(_ filter: Filter) throws -> String {
        switch filter {
        case .all(let parts):
            if parts.isEmpty { return dialect.alwaysTrue }
            return try parts.map { "(\(try compile($0)))" }.joined(separator: " AND ")
        case .any(let parts):
            if parts.isEmpty { return dialect.alwaysFalse }
            return try parts.map { "(\(try compile($0)))" }.joined(separator: " OR ")
        case .not(let inner):
            return "NOT (\(try compile(inner)))"
        case .condition(let field, let op, let value):
            let found = try resolve(field)
            let reference = found.sql
            let column = found.column
            // The reference comes first in the text, so its own values are bound first.
            bindings.append(contentsOf: found.bindings)
            switch op {
            case .eq:
                if value.isNull { return "\(reference) IS NULL" }
                return "\(reference) = \(try operand(value, column))"
            case .ne:
                if value.isNull { return "\(reference) IS NOT NULL" }
                return "\(reference) <> \(try operand(value, column))"
            case .gt: return "\(reference) > \(try operand(value, column))"
            case .gte: return "\(reference) >= \(try operand(value, column))"
            case .lt: return "\(reference) < \(try operand(value, column))"
            case .lte: return "\(reference) <= \(try operand(value, column))"
            case .like:
                // LIKE ignores ASCII case in SQLite by default, which is the documented semantics.
                return dialect.like(reference, try operand(value, column, as: .text))
            case .isNull:
                return value == .bool(true) ? "\(reference) IS NULL" : "\(reference) IS NOT NULL"
            case .in, .notIn:
                let items = value.arrayValue ?? []
                if items.isEmpty {
                    bindings.removeLast(found.bindings.count)
                    return op == .in ? dialect.alwaysFalse : dialect.alwaysTrue
                }
                let list = try items.map { try operand($0, column) }.joined(separator: ", ")
                return "\(reference) \(op == .in ? "IN" : "NOT IN") (\(list))"
            case .between:
                let bounds = value.arrayValue ?? []
                return "\(reference) BETWEEN \(try operand(bounds[0], column)) AND \(try operand(bounds[1], column))"
            }
        }
    }

    private mutating func operand(_ value: JSONValue, _ column: Column, as type: ColumnType? = nil) throws -> String {
        let converted = try (type ?? column.type).sqlValue(from: value, field: column.field)
        switch values {
        case .parameters:
            bindings.append(converted)
            return "?"
        case .literals:
            return SQL.literal(converted)
        }
    }
}
