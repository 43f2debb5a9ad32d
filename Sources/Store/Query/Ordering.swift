/// One ORDER BY term: a field (`createdAt`, or `alias.field` in a join), its direction, and
/// where NULLs go. NULL placement is always explicit in meaning: unless `nulls` says otherwise,
/// NULLs come first ascending and last descending (they sort as the smallest value), whatever
/// the backend's own default.
public struct Ordering: Sendable, Hashable {
    public enum Direction: String, Sendable, CaseIterable { case asc, desc }
    public enum Nulls: String, Sendable, CaseIterable { case first, last }

    public var field: String
    public var direction: Direction
    public var nulls: Nulls?

    public init(field: String, direction: Direction = .asc, nulls: Nulls? = nil) {
        self.field = field
        self.direction = direction
        self.nulls = nulls
    }

    public var isDescending: Bool { direction == .desc }
    public var nullsFirst: Bool { (nulls ?? (isDescending ? .last : .first)) == .first }
}
