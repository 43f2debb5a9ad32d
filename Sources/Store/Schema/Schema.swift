/// The shape of a database as wizdb sees it: tables, their columns (with wire field names),
/// keys, references and indexes. Built from the declared JSON schema or read from a live
/// database; the diff compares two of them.
public struct Schema: Sendable, Equatable {
    public var tables: [Table]

    public init(tables: [Table] = []) { self.tables = tables }

    public func table(named name: String) -> Table? { tables.first { $0.name == name } }

    public var tableNames: [String] { tables.map(\.name) }
}

public struct Table: Sendable, Equatable {
    /// The SQL table name (also the name hosts use).
    public var name: String
    public var columns: [Column]
    /// SQL column names of the primary key (one for a single key, several for a composite one).
    public var primaryKey: [String]
    /// Every index, unique constraints included (each is a named unique index).
    public var indexes: [Index]
    /// Whether the table follows the base pattern (id, createdAt, updatedAt, deactivatedAt, deactivatedBy).
    public var hasBasePattern: Bool
    /// The table's previous name, when the declaration renames it.
    public var renamedFrom: String?

    public init(name: String, columns: [Column], primaryKey: [String], indexes: [Index] = [], hasBasePattern: Bool,
                renamedFrom: String? = nil) {
        self.name = name
        self.columns = columns
        self.primaryKey = primaryKey
        self.indexes = indexes
        self.hasBasePattern = hasBasePattern
        self.renamedFrom = renamedFrom
    }

    public func column(named name: String) -> Column? { columns.first { $0.name == name } }
    public func column(field: String) -> Column? { columns.first { $0.field == field } }

    /// Whether rows can be soft-deleted (the table has `deactivated_at`).
    public var supportsSoftDelete: Bool { column(named: "deactivated_at") != nil }

    public var foreignKeys: [(column: Column, reference: ForeignKey)] {
        columns.compactMap { column in column.references.map { (column, $0) } }
    }
}

public struct Column: Sendable, Equatable {
    /// The name on the wire (camelCase, as declared).
    public var field: String
    /// The SQL column name (snake_case of the field unless declared otherwise).
    public var name: String
    public var type: ColumnType
    public var notNull: Bool
    /// The default as SQL text, exactly as it appears in the DDL (`0`, `'x'`, `(unixepoch())`).
    public var defaultSQL: String?
    public var autoIncrement: Bool
    public var references: ForeignKey?
    /// A CHECK expression as SQL text (from a where-filter), without the CHECK keyword.
    public var checkSQL: String?
    /// The column's previous field name, when the declaration renames it.
    public var renamedFrom: String?

    public init(field: String, name: String, type: ColumnType, notNull: Bool = false, defaultSQL: String? = nil,
                autoIncrement: Bool = false, references: ForeignKey? = nil, checkSQL: String? = nil, renamedFrom: String? = nil) {
        self.field = field
        self.name = name
        self.type = type
        self.notNull = notNull
        self.defaultSQL = defaultSQL
        self.autoIncrement = autoIncrement
        self.references = references
        self.checkSQL = checkSQL
        self.renamedFrom = renamedFrom
    }
}

/// The types a column can be declared with, and how each is stored in SQLite.
public enum ColumnType: String, Sendable, Equatable, CaseIterable {
    case text, integer, real, boolean, timestamp, json, blob

    /// The declared SQL type. Booleans and timestamps are integers, json is text: the distinction
    /// lives in the declared schema, where the wire conversion reads it.
    public var storageType: String {
        switch self {
        case .text, .json: "TEXT"
        case .integer, .boolean, .timestamp: "INTEGER"
        case .real: "REAL"
        case .blob: "BLOB"
        }
    }

    /// The wizdb type a column read from a live database most likely has.
    static func fromStorage(declaredType: String, columnName: String) -> ColumnType {
        let upper = declaredType.uppercased()
        if ["created_at", "updated_at", "deactivated_at"].contains(columnName), upper.contains("INT") { return .timestamp }
        if upper.contains("INT") { return .integer }
        if upper.contains("CHAR") || upper.contains("CLOB") || upper.contains("TEXT") { return .text }
        if upper.isEmpty || upper.contains("BLOB") { return .blob }
        if upper.contains("REAL") || upper.contains("FLOA") || upper.contains("DOUB") { return .real }
        if upper.contains("BOOL") { return .boolean }
        return .text
    }
}

public struct ForeignKey: Sendable, Equatable {
    public var table: String
    public var column: String
    public var onDelete: ReferentialAction
    public var onUpdate: ReferentialAction

    public init(table: String, column: String = "id", onDelete: ReferentialAction = .noAction, onUpdate: ReferentialAction = .noAction) {
        self.table = table
        self.column = column
        self.onDelete = onDelete
        self.onUpdate = onUpdate
    }
}

public enum ReferentialAction: String, Sendable, Equatable, CaseIterable {
    case cascade, setNull, setDefault, restrict, noAction

    public var sql: String {
        switch self {
        case .cascade: "CASCADE"
        case .setNull: "SET NULL"
        case .setDefault: "SET DEFAULT"
        case .restrict: "RESTRICT"
        case .noAction: "NO ACTION"
        }
    }

    init?(sql: String) {
        guard let action = Self.allCases.first(where: { $0.sql == sql.uppercased() }) else { return nil }
        self = action
    }
}

public struct Index: Sendable, Equatable {
    public var name: String
    /// SQL column names, in index order.
    public var columns: [String]
    public var unique: Bool
    /// The partial index condition as SQL text, without WHERE.
    public var whereSQL: String?

    public init(name: String, columns: [String], unique: Bool = false, whereSQL: String? = nil) {
        self.name = name
        self.columns = columns
        self.unique = unique
        self.whereSQL = whereSQL
    }
}
