/// One joined table of a select: which table, under which name, matched how, and which of its
/// fields to return. The joined table's soft-delete filter goes into the ON clause, so a left
/// join keeps parents whose child is deactivated (with a null child).
public struct Join: Sendable {
    public enum Kind: String, Sendable, CaseIterable { case left, inner }

    public var table: Table
    /// The name the joined table goes by in the query and in the rows (default: its table name).
    public var alias: String?
    /// Field pairs that must be equal: the left side is a field of the main table or
    /// `name.field` of an earlier joined table, the right side a field of this table. Nil: the
    /// one foreign key between this table and the tables before it.
    public var on: [(left: String, right: String)]?
    public var kind: Kind
    public var fields: [String]?
    public var deactivated: Deactivated

    public init(table: Table, alias: String? = nil, on: [(left: String, right: String)]? = nil, kind: Kind = .left,
                fields: [String]? = nil, deactivated: Deactivated = .exclude) {
        self.table = table
        self.alias = alias
        self.on = on
        self.kind = kind
        self.fields = fields
        self.deactivated = deactivated
    }

    public var name: String { alias ?? table.name }
}
