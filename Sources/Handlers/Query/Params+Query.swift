import JSON
import JSONRPC
import Store

/// Reading the parameters the query methods share (`table`, `tx`, `where`, `fields`,
/// `deactivated`, `orderBy`, `returning`, `id`/`where`/`all`), each with a precise -32602 error.
extension JSONRPC.Params {
    /// `tx`, when given, must be a transaction id (whether it is open is checked when the call runs).
    func checkTransaction() throws {
        guard let value = value("tx"), !value.isNull else { return }
        guard case .string = value else {
            throw RPCError.invalidParams("\"tx\" must be a string (a transaction id), got \(value.typeName)", field: "tx")
        }
    }

    /// A where-filter (an object of field conditions), or nil when absent.
    func filter(_ key: String) throws -> Filter? {
        guard let value = value(key), !value.isNull else { return nil }
        return try Filter.parse(value, path: fieldPath(key))
    }

    /// A list of field names, or nil when absent.
    func fieldList(_ key: String) throws(RPCError) -> [String]? {
        guard let items = try optionalArray(key) else { return nil }
        var fields: [String] = []
        for (offset, item) in items.enumerated() {
            guard case .string(let field) = item else {
                throw .invalidParams("\"\(fieldPath(key))[\(offset)]\" must be a field name (a string), got \(item.typeName)",
                                     field: "\(fieldPath(key))[\(offset)]")
            }
            fields.append(field)
        }
        return fields
    }

    func deactivated(default fallback: Deactivated = .exclude) throws(RPCError) -> Deactivated {
        guard has("deactivated") else { return fallback }
        guard let text = try optionalChoice("deactivated", from: Self.deactivatedChoices) else { return fallback }
        return Deactivated(rawValue: text) ?? fallback
    }

    private static let deactivatedChoices = Deactivated.allCases.map(\.rawValue)

    /// `[{field, direction?, nulls?}]`.
    func orderBy() throws(RPCError) -> [Ordering]? {
        guard let items = try optionalArray("orderBy") else { return nil }
        var order: [Ordering] = []
        for (offset, item) in items.enumerated() {
            let term = try JSONRPC.Params(nested: item, path: "\(fieldPath("orderBy"))[\(offset)]", allowed: ["field", "direction", "nulls"])
            let direction = try term.optionalChoice("direction", from: Ordering.Direction.allCases.map(\.rawValue))
            let nulls = try term.optionalChoice("nulls", from: Ordering.Nulls.allCases.map(\.rawValue))
            order.append(Ordering(field: try term.string("field"), direction: direction.flatMap(Ordering.Direction.init) ?? .asc,
                                  nulls: nulls.flatMap(Ordering.Nulls.init)))
        }
        return order
    }

    /// `returning`: true or absent (every field), false (none), or a list of fields.
    func returning() throws(RPCError) -> Returning {
        switch value("returning") {
        case nil, .null?, .bool(true)?: return .all
        case .bool(false)?: return .none
        case .array?: return .fields(try fieldList("returning") ?? [])
        case let other?:
            throw .invalidParams("\"returning\" must be true, false or a list of fields, got \(other.typeName)", field: "returning")
        }
    }

    /// The rows a write touches: `id`, `where` (both must hold when both are given), and `all`.
    func selection() throws -> RowSelection {
        let id = value("id").flatMap { $0.isNull ? nil : $0 }
        if let id, id.objectValue != nil || id.arrayValue != nil {
            throw RPCError.invalidParams("\"id\" must be a primary key value, got \(id.typeName)", field: "id")
        }
        return RowSelection(id: id, filter: try filter("where"), all: try bool("all", default: false))
    }

    /// A row count limit between 0 and `maximum`.
    func limit(_ key: String, maximum: Int) throws(RPCError) -> Int? {
        try optionalInt(key, in: 0...Int64(maximum)).map { Int($0) }
    }
}

extension Server {
    /// The table a request names, and the schema generation it comes from.
    func table(_ params: JSONRPC.Params) throws -> (table: Table, generation: UInt64) {
        try catalog.lookup(try params.string("table"), store: store)
    }
}
