import JSON

/// A read of rows: which table, which fields, which rows (filter, soft-delete visibility, a
/// keyset position), in which order, how many, and with which joined tables.
public struct SelectQuery: Sendable {
    public var table: Table
    /// The primary key value of the one row wanted (`query.get`).
    public var key: SQLValue?
    /// Fields of the main table to return; nil: all of them.
    public var fields: [String]?
    public var filter: Filter?
    public var deactivated: Deactivated
    /// The requested order. The primary key is appended as a tie-breaker (see
    /// `QueryBuilder.effectiveOrder`), so equal sort keys still come back in a stable order.
    public var orderBy: [Ordering]
    /// Values of the effective order's terms for the row to continue after (keyset pagination).
    public var after: [SQLValue]?
    public var limit: Int?
    public var offset: Int?
    public var joins: [Join]
    /// Extra hidden columns holding the effective order's values, so the last row can become a cursor.
    public var capturesOrderValues: Bool

    public init(table: Table, key: SQLValue? = nil, fields: [String]? = nil, filter: Filter? = nil, deactivated: Deactivated = .exclude,
                orderBy: [Ordering] = [], after: [SQLValue]? = nil, limit: Int? = nil, offset: Int? = nil,
                joins: [Join] = [], capturesOrderValues: Bool = false) {
        self.table = table
        self.key = key
        self.fields = fields
        self.filter = filter
        self.deactivated = deactivated
        self.orderBy = orderBy
        self.after = after
        self.limit = limit
        self.offset = offset
        self.joins = joins
        self.capturesOrderValues = capturesOrderValues
    }
}

/// Which rows a write touches: by `id`, by `where`, or both (both must hold). A write with
/// neither is refused unless `all` says it is meant for every row.
public struct RowSelection: Sendable {
    public var id: JSONValue?
    public var filter: Filter?
    public var all: Bool

    public init(id: JSONValue? = nil, filter: Filter? = nil, all: Bool = false) {
        self.id = id
        self.filter = filter
        self.all = all
    }

    /// True when the selection names rows: an id, or a filter with at least one field condition
    /// (`{}` or `{"and": []}` would match everything and does not count).
    public var namesRows: Bool { id != nil || !(filter?.fields.isEmpty ?? true) }
}
