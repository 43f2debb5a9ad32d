/// SQL text with its bound values, and the shape of the rows it returns. Text built for the
/// same request shape is identical byte for byte, so the connection's statement cache reuses
/// the prepared statement.
public struct CompiledQuery: Sendable {
    public var sql: String
    public var bindings: [SQLValue]
    public var shape: RowShape

    public init(sql: String, bindings: [SQLValue], shape: RowShape = RowShape()) {
        self.sql = sql
        self.bindings = bindings
        self.shape = shape
    }
}
