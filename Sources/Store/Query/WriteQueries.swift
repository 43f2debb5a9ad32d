import JSON

/// Rows to insert, as the host sent them (wire field names to wire values), with what to send
/// back and what to do when a unique key already exists.
public struct InsertQuery: Sendable {
    public var table: Table
    public var rows: [JSONObject]
    public var returning: Returning
    public var onConflict: OnConflict?
    /// Names the rows in error messages (`rows` gives `rows[3].email`); nil for a single row (`email`).
    public var rowsPath: String?

    public init(table: Table, rows: [JSONObject], returning: Returning = .all, onConflict: OnConflict? = nil, rowsPath: String? = nil) {
        self.table = table
        self.rows = rows
        self.returning = returning
        self.onConflict = onConflict
        self.rowsPath = rowsPath
    }
}

/// `ON CONFLICT (target) DO NOTHING | DO UPDATE SET ...`: the target must be the primary key or
/// a unique index (a partial one is matched with its condition, as SQLite requires).
public struct OnConflict: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        case nothing
        /// Fields to take from the row that was refused; `updatedAt` is stamped as well.
        case update([String])
    }

    public var target: [String]
    public var action: Action

    public init(target: [String], action: Action) {
        self.target = target
        self.action = action
    }
}

/// An update: which rows, new values (`set`), atomic additions (`increment`), what to return.
/// `updatedAt` is always stamped (unless `set` gives it).
public struct UpdateQuery: Sendable {
    public var table: Table
    public var selection: RowSelection
    public var set: [(field: String, value: JSONValue)]
    public var increment: [(field: String, value: JSONValue)]
    public var returning: Returning
    public var deactivated: Deactivated

    public init(table: Table, selection: RowSelection, set: [(field: String, value: JSONValue)] = [],
                increment: [(field: String, value: JSONValue)] = [], returning: Returning = .all, deactivated: Deactivated = .exclude) {
        self.table = table
        self.selection = selection
        self.set = set
        self.increment = increment
        self.returning = returning
        self.deactivated = deactivated
    }
}

/// Counts and sums over rows, optionally per group.
public struct AggregateQuery: Sendable {
    public enum Grouping: Sendable, Equatable {
        /// Fields; `"status"` among them groups by active/inactive, unless the table has a field
        /// of that name.
        case fields([String])
        /// `active` / `inactive`, from `deactivated_at`.
        case status

        /// Whether the groups include active/inactive (whose point is to count both kinds of row).
        public func includesStatus(of table: Table) -> Bool {
            switch self {
            case .status: true
            case .fields(let fields): fields.contains(AggregateQuery.statusGroup) && table.column(field: AggregateQuery.statusGroup) == nil
            }
        }
    }

    /// The name of the active/inactive group.
    public static let statusGroup = "status"

    public enum Function: String, Sendable, CaseIterable { case count, sum, avg, min, max }

    public struct Aggregate: Sendable {
        public var alias: String
        public var function: Function
        public var field: String?
        /// Only rows matching it count for this aggregate (SQL `FILTER (WHERE ...)`).
        public var filter: Filter?

        public init(alias: String, function: Function, field: String? = nil, filter: Filter? = nil) {
            self.alias = alias
            self.function = function
            self.field = field
            self.filter = filter
        }
    }

    public var table: Table
    public var grouping: Grouping?
    public var aggregates: [Aggregate]
    public var filter: Filter?
    /// A filter on the result rows: aggregate aliases and grouped fields (`status` when grouping by status).
    public var having: Filter?
    public var deactivated: Deactivated

    public init(table: Table, grouping: Grouping? = nil, aggregates: [Aggregate], filter: Filter? = nil, having: Filter? = nil,
                deactivated: Deactivated = .exclude) {
        self.table = table
        self.grouping = grouping
        self.aggregates = aggregates
        self.filter = filter
        self.having = having
        self.deactivated = deactivated
    }
}
