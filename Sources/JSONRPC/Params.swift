import JSON

/// Reads a method's params object field by field, turning every mismatch into a -32602 error
/// that names the field, the type expected and the type received.
public struct Params: Sendable {
    public let object: JSONObject
    /// Where this object sits in the params (`join[0]`), empty for the params themselves; errors
    /// name fields with it (`join[0].table`).
    public let path: String

    /// Params must be an object or absent (absent reads as `{}`); `allowed` lists the accepted keys,
    /// so a misspelt option is reported instead of silently ignored.
    public init(_ params: JSONValue?, allowed: Set<String>) throws(RPCError) {
        path = ""
        switch params {
        case nil, .null?:
            object = JSONObject()
        case .object(let value)?:
            object = value
        case .array?:
            throw .invalidParams("params must be an object (by name), not an array")
        case let other?:
            throw .invalidParams("params must be an object, got \(other.typeName)")
        }
        for (key, _) in object.members where !Self.contains(allowed, key) && key != Self.alwaysAllowed {
            throw .invalidParams("unknown parameter \"\(key)\"", field: key,
                                 details: ["allowed": .array(allowed.sorted().map { .string($0) })])
        }
    }

    /// An object nested in the params (an entry of `join`, say), read with the same precision.
    public init(nested value: JSONValue, path: String, allowed: Set<String>) throws(RPCError) {
        self.path = path
        guard case .object(let members) = value else {
            throw .invalidParams("\"\(path)\" must be an object, got \(value.typeName)", field: path,
                                 details: ["expected": "object", "got": .string(value.typeName)])
        }
        object = members
        for (key, _) in object.members where !Self.contains(allowed, key) {
            throw .invalidParams("unknown member \"\(key)\" in \"\(path)\"", field: "\(path).\(key)",
                                 details: ["allowed": .array(allowed.sorted().map { .string($0) })])
        }
    }

    /// The path of `key` in the params, for messages.
    public func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// A small set is searched by comparing, which for short keys costs less than hashing one.
    @inline(__always)
    static func contains(_ set: Set<String>, _ key: String) -> Bool {
        if set.count > 8 { return set.contains(key) }
        for member in set where member == key { return true }
        return false
    }

    /// The parameter any method accepts: the progress token of `$/progress`.
    static let alwaysAllowed = "workDoneToken"

    public func has(_ key: String) -> Bool { object[key] != nil }

    public func value(_ key: String) -> JSONValue? { object[key] }

    public func string(_ key: String) throws(RPCError) -> String {
        guard let value = object[key] else { throw missing(key, "string") }
        guard case .string(let text) = value else { throw mismatch(key, "string", value) }
        return text
    }

    public func optionalString(_ key: String) throws(RPCError) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard case .string(let text) = value else { throw mismatch(key, "string", value) }
        return text
    }

    public func optionalBool(_ key: String) throws(RPCError) -> Bool? {
        guard let value = object[key], !value.isNull else { return nil }
        guard case .bool(let flag) = value else { throw mismatch(key, "boolean", value) }
        return flag
    }

    public func bool(_ key: String, default defaultValue: Bool) throws(RPCError) -> Bool {
        try optionalBool(key) ?? defaultValue
    }

    public func optionalInt(_ key: String, in range: ClosedRange<Int64>? = nil) throws(RPCError) -> Int64? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let number = value.int64Value else { throw mismatch(key, "integer", value) }
        if let range, !range.contains(number) {
            throw .invalidParams("\"\(fieldPath(key))\" must be between \(range.lowerBound) and \(range.upperBound), got \(number)",
                                 field: fieldPath(key))
        }
        return number
    }

    public func optionalArray(_ key: String) throws(RPCError) -> [JSONValue]? {
        guard let value = object[key], !value.isNull else { return nil }
        guard case .array(let items) = value else { throw mismatch(key, "array", value) }
        return items
    }

    public func optionalObject(_ key: String) throws(RPCError) -> JSONObject? {
        guard let value = object[key], !value.isNull else { return nil }
        guard case .object(let members) = value else { throw mismatch(key, "object", value) }
        return members
    }

    /// One of a fixed set of strings.
    public func optionalChoice(_ key: String, from choices: [String]) throws(RPCError) -> String? {
        guard let text = try optionalString(key) else { return nil }
        guard choices.contains(text) else {
            throw .invalidParams("\"\(fieldPath(key))\" must be one of \(choices.map { "\"\($0)\"" }.joined(separator: ", ")), got \"\(text)\"",
                                 field: fieldPath(key), details: ["allowed": .array(choices.map { .string($0) })])
        }
        return text
    }

    private func missing(_ key: String, _ expected: String) -> RPCError {
        .invalidParams("missing required parameter \"\(fieldPath(key))\" (\(expected))", field: fieldPath(key),
                       details: ["expected": .string(expected)])
    }

    private func mismatch(_ key: String, _ expected: String, _ value: JSONValue) -> RPCError {
        .invalidParams("\"\(fieldPath(key))\" must be \(Self.article(expected)) \(expected), got \(value.typeName)", field: fieldPath(key),
                       details: ["expected": .string(expected), "got": .string(value.typeName)])
    }

    private static func article(_ word: String) -> String {
        ["a", "e", "i", "o", "u"].contains(word.first.map(String.init) ?? "") ? "an" : "a"
    }
}
