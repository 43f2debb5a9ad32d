/// One term of a keyset order, as far as the position condition depends on it.
struct KeysetTerm: Sendable, Hashable {
    var descending: Bool
    var nullable: Bool
    var nullsFirst: Bool
}

/// The SQL of a keyset page built once for a walk, bound again for each next position: the
/// text depends on the table, fields, filter, order, limit and on which of the position's values
/// are NULL, never on the values themselves, so the pages of a walk share it (and the
/// connection's prepared statement) and only their bindings change.
public struct KeysetPage: Sendable {
    /// As built, for the position it was built with.
    public let query: CompiledQuery
    let terms: [KeysetTerm]
    /// Where the position's values sit among the bindings (the filter's come before, the
    /// limit after).
    let position: Range<Int>
    let rowValues: Bool
    /// Built with a position (a cursor); a first page's SQL has no position condition.
    let hasPosition: Bool

    /// Which of `values` are NULL: positions with the same pattern share the SQL text.
    public static func nullPattern(_ values: [SQLValue]?) -> [Bool]? { values?.map { $0 == .null } }

    /// The page after `values`, which must have the NULL pattern (and so the count) of the
    /// position the plan was built with; nil values for the first page.
    public func after(_ values: [SQLValue]?) -> CompiledQuery {
        guard hasPosition, let values, values.count == terms.count else { return query }
        var compiled = query
        compiled.bindings.replaceSubrange(position, with: QueryBuilder.keysetBindings(terms, values, rowValues: rowValues))
        return compiled
    }
}
