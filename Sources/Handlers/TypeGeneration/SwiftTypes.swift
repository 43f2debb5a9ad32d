import Store

/// Swift types for a host written in Swift: `Codable` row structs (decoded from the wire as the
/// server sends it), `Encodable` insert and update structs, a field enum, a `where` filter enum
/// and a `Tables` namespace tying them together. Self-contained: Foundation only.
struct SwiftTypes {
    let tables: [HostTypes.TypedTable]
    let origin: HostTypes.Origin

    var text: String {
        var lines = origin.headerLines.map { "// " + HostTypes.commentSafe($0) }
        lines.append("// " + HostTypes.doNotEdit)
        lines.append("")
        lines += Self.prelude
        for table in tables { lines += declarations(table) }
        lines.append("/// Every table by name, with its types.")
        lines.append("public enum Tables {")
        for (offset, table) in tables.enumerated() {
            let name = table.typeName
            lines.append("    public enum \(name): WizdbTable {")
            lines.append("        public static let name = \(HostTypes.quoted(table.name, swift: true))")
            lines.append("        public typealias Row = \(name)Row")
            lines.append("        public typealias Insert = \(name)Insert")
            lines.append("        public typealias Update = \(name)Update")
            lines.append("        public typealias Where = \(name)Where")
            lines.append("        public typealias Field = \(name)Field")
            lines.append("    }")
            if offset < tables.count - 1 { lines.append("") }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    static let prelude = #"""
    import Foundation

    /// A table's types, for code generic over tables.
    public protocol WizdbTable {
        associatedtype Row: Decodable & Sendable
        associatedtype Insert: Encodable & Sendable
        associatedtype Update: Encodable & Sendable
        associatedtype Where: Encodable & Sendable
        associatedtype Field: RawRepresentable & CaseIterable & Sendable where Field.RawValue == String
        static var name: String { get }
    }

    /// Any JSON value: what a `json` column holds.
    public enum WizdbJSON: Codable, Sendable, Equatable {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case array([WizdbJSON])
        case object([String: WizdbJSON])

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null }
            else if let value = try? container.decode(Bool.self) { self = .bool(value) }
            else if let value = try? container.decode(Double.self) { self = .number(value) }
            else if let value = try? container.decode(String.self) { self = .string(value) }
            else if let value = try? container.decode([WizdbJSON].self) { self = .array(value) }
            else { self = .object(try container.decode([String: WizdbJSON].self)) }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .null: try container.encodeNil()
            case .bool(let value): try container.encode(value)
            case .number(let value): try container.encode(value)
            case .string(let value): try container.encode(value)
            case .array(let value): try container.encode(value)
            case .object(let value): try container.encode(value)
            }
        }
    }

    /// Bytes of a `blob` column; `{"$base64": "..."}` on the wire.
    public struct WizdbBlob: Codable, Sendable, Equatable {
        public var bytes: [UInt8]

        public init(_ bytes: [UInt8]) { self.bytes = bytes }

        private enum CodingKeys: String, CodingKey { case base64 = "$base64" }

        public init(from decoder: any Decoder) throws {
            let text = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .base64)
            guard let data = Data(base64Encoded: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not base64"))
            }
            bytes = [UInt8](data)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(Data(bytes).base64EncodedString(), forKey: .base64)
        }
    }

    /// Conditions on a column whose values have an order (numbers, text, timestamps).
    public enum WizdbOrderedCondition<Value: Encodable & Sendable>: Encodable, Sendable {
        case eq(Value?), ne(Value?), gt(Value), gte(Value), lt(Value), lte(Value)
        case `in`([Value]), notIn([Value]), between(Value, Value), isNull(Bool)

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: WizdbKey.self)
            switch self {
            case .eq(let value): try container.encode(value, forKey: WizdbKey("eq"))
            case .ne(let value): try container.encode(value, forKey: WizdbKey("ne"))
            case .gt(let value): try container.encode(value, forKey: WizdbKey("gt"))
            case .gte(let value): try container.encode(value, forKey: WizdbKey("gte"))
            case .lt(let value): try container.encode(value, forKey: WizdbKey("lt"))
            case .lte(let value): try container.encode(value, forKey: WizdbKey("lte"))
            case .in(let values): try container.encode(values, forKey: WizdbKey("in"))
            case .notIn(let values): try container.encode(values, forKey: WizdbKey("notIn"))
            case .between(let low, let high): try container.encode([low, high], forKey: WizdbKey("between"))
            case .isNull(let flag): try container.encode(flag, forKey: WizdbKey("isNull"))
            }
        }
    }

    /// Conditions on a text column: the ordered ones and `like` (`%` and `_`, ASCII case ignored).
    public enum WizdbTextCondition: Encodable, Sendable {
        case ordered(WizdbOrderedCondition<String>)
        case like(String)

        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .ordered(let condition): try condition.encode(to: encoder)
            case .like(let pattern):
                var container = encoder.container(keyedBy: WizdbKey.self)
                try container.encode(pattern, forKey: WizdbKey("like"))
            }
        }
    }

    /// Conditions on a column compared for equality only (booleans, json, blobs).
    public enum WizdbEqualityCondition<Value: Encodable & Sendable>: Encodable, Sendable {
        case eq(Value?), ne(Value?), `in`([Value]), notIn([Value]), isNull(Bool)

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: WizdbKey.self)
            switch self {
            case .eq(let value): try container.encode(value, forKey: WizdbKey("eq"))
            case .ne(let value): try container.encode(value, forKey: WizdbKey("ne"))
            case .in(let values): try container.encode(values, forKey: WizdbKey("in"))
            case .notIn(let values): try container.encode(values, forKey: WizdbKey("notIn"))
            case .isNull(let flag): try container.encode(flag, forKey: WizdbKey("isNull"))
            }
        }
    }

    /// A key spelled at run time: field names and operators in filters.
    public struct WizdbKey: CodingKey, Sendable {
        public var stringValue: String
        public var intValue: Int? { nil }
        public init(_ name: String) { stringValue = name }
        public init?(stringValue: String) { self.stringValue = stringValue }
        public init?(intValue: Int) { nil }
    }

    """#.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)

    private func declarations(_ table: HostTypes.TypedTable) -> [String] {
        let name = table.typeName
        let label = HostTypes.commentSafe(table.name)
        let properties = Self.propertyNames(table.fields.map(\.name))
        func property(_ field: HostTypes.TypedField) -> String { properties[field.name] ?? field.name }
        func codingKeys(_ fields: [HostTypes.TypedField]) -> [String] {
            guard fields.contains(where: { property($0) != Self.escaped($0.name) }) else { return [] }
            var lines = ["", "    enum CodingKeys: String, CodingKey {"]
            for field in fields {
                lines.append("        case \(property(field)) = \(HostTypes.quoted(field.name, swift: true))")
            }
            lines.append("    }")
            return lines
        }
        var lines = ["// MARK: \(label)", ""]

        lines.append("/// A row of \(label) as reads return it.")
        lines.append("public struct \(name)Row: Codable, Sendable, Equatable {")
        for field in table.fields {
            lines.append("    public var \(property(field)): \(Self.valueType(field.type))\(field.nullable ? "?" : "")")
        }
        lines += codingKeys(table.fields)
        lines += ["}", ""]

        lines.append("/// The values an insert into \(label) takes: fields with a default, nullable fields and the base fields may be left out (nil).")
        lines.append("public struct \(name)Insert: Encodable, Sendable, Equatable {")
        for field in table.fields {
            lines.append("    public var \(property(field)): \(Self.valueType(field.type))\(field.optionalOnInsert ? "?" : "")")
        }
        let insertArguments = table.fields.map { "\(property($0)): \(Self.valueType($0.type))\($0.optionalOnInsert ? "? = nil" : "")" }
        lines += memberwiseInit(insertArguments, table.fields.map(property))
        lines += codingKeys(table.fields)
        lines += ["}", ""]

        lines.append("/// The values an update of \(label) sets: the fields that are not nil (so NULL is set with `query.update` params written by hand).")
        lines.append("public struct \(name)Update: Encodable, Sendable, Equatable {")
        for field in table.updateFields {
            lines.append("    public var \(property(field)): \(Self.valueType(field.type))?")
        }
        lines += memberwiseInit(table.updateFields.map { "\(property($0)): \(Self.valueType($0.type))? = nil" }, table.updateFields.map(property))
        lines += codingKeys(table.updateFields)
        lines += ["}", ""]

        lines.append("/// The field names of \(label).")
        lines.append("public enum \(name)Field: String, CaseIterable, Codable, Sendable {")
        for field in table.fields {
            let caseName = property(field)
            lines.append(caseName == Self.escaped(field.name) ? "    case \(caseName)" : "    case \(caseName) = \(HostTypes.quoted(field.name, swift: true))")
        }
        lines += ["}", ""]

        lines.append("/// A `where` filter on \(label): one condition per case; `.and`, `.or` and `.not` combine them.")
        lines.append("public indirect enum \(name)Where: Encodable, Sendable {")
        for field in table.filterFields {
            lines.append("    case \(property(field))(\(Self.conditionType(field.type)))")
        }
        lines.append("    case and([\(name)Where]), or([\(name)Where]), not(\(name)Where)")
        lines.append("")
        lines.append("    public func encode(to encoder: any Encoder) throws {")
        lines.append("        var container = encoder.container(keyedBy: WizdbKey.self)")
        lines.append("        switch self {")
        for field in table.filterFields {
            lines.append("        case .\(property(field))(let condition): try container.encode(condition, forKey: WizdbKey(\(HostTypes.quoted(field.name, swift: true))))")
        }
        lines.append("        case .and(let filters): try container.encode(filters, forKey: WizdbKey(\"and\"))")
        lines.append("        case .or(let filters): try container.encode(filters, forKey: WizdbKey(\"or\"))")
        lines.append("        case .not(let filter): try container.encode(filter, forKey: WizdbKey(\"not\"))")
        lines.append("        }")
        lines.append("    }")
        lines += ["}", ""]
        return lines
    }

    private func memberwiseInit(_ arguments: [String], _ names: [String]) -> [String] {
        var lines = ["", "    public init(\(arguments.joined(separator: ", "))) {"]
        for name in names {
            let bare = name.hasPrefix("`") ? String(name.dropFirst().dropLast()) : name
            lines.append("        self.\(bare) = \(name)")
        }
        lines.append("    }")
        return lines
    }

    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout", "internal",
        "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows", "static", "struct",
        "subscript", "typealias", "var", "break", "case", "catch", "continue", "default", "defer", "do", "else", "fallthrough",
        "for", "guard", "if", "in", "repeat", "return", "throw", "switch", "where", "while", "Any", "as", "await", "false", "is",
        "nil", "self", "Self", "super", "throws", "true", "try", "_",
    ]

    /// A name as a Swift identifier, in backticks when it is a keyword.
    static func escaped(_ name: String) -> String { keywords.contains(name) ? "`\(name)`" : name }

    /// Property names for fields: the field name itself when it is an identifier, otherwise a
    /// camelCase form (the CodingKeys keep the wire name), numbered when two forms meet.
    static func propertyNames(_ fields: [String]) -> [String: String] {
        var result: [String: String] = [:]
        var taken = Set(fields.filter { HostTypes.isPlainIdentifier($0) })
        for field in fields {
            if HostTypes.isPlainIdentifier(field) {
                result[field] = escaped(field)
                continue
            }
            let base = HostTypes.camelIdentifier(field)
            var candidate = base
            var number = 2
            while taken.contains(candidate) {
                candidate = "\(base)\(number)"
                number += 1
            }
            taken.insert(candidate)
            result[field] = escaped(candidate)
        }
        return result
    }

    static func valueType(_ type: ColumnType) -> String {
        switch type {
        case .text, .timestamp: "String"
        case .integer: "Int64"
        case .real: "Double"
        case .boolean: "Bool"
        case .json: "WizdbJSON"
        case .blob: "WizdbBlob"
        }
    }

    static func conditionType(_ type: ColumnType) -> String {
        switch type {
        case .text: "WizdbTextCondition"
        case .integer, .real, .timestamp: "WizdbOrderedCondition<\(valueType(type))>"
        case .boolean, .json, .blob: "WizdbEqualityCondition<\(valueType(type))>"
        }
    }
}
