import JSON

/// Where two JSON answers differ, as paths a person can read (`result.rows[0].credits:
/// expected 70, got 40`): a changed answer is one long line, and the diff alone leaves the
/// reader comparing it character by character.
enum JSONDifference {
    /// At most `limit` differences between `expected` and `actual`, in document order.
    static func describe(expected: JSONValue, actual: JSONValue, limit: Int = 3) -> [String] {
        var found: [String] = []
        var more = 0
        compare(expected, actual, path: "", into: &found, limit: limit, more: &more)
        if more > 0 { found.append("and \(more) more") }
        return found
    }

    private static func compare(_ expected: JSONValue, _ actual: JSONValue, path: String,
                                into found: inout [String], limit: Int, more: inout Int) {
        if expected == actual { return }
        func record(_ text: String) {
            if found.count < limit { found.append(text) } else { more += 1 }
        }
        switch (expected, actual) {
        case (.object(let left), .object(let right)):
            for (key, value) in left.members {
                if let other = right[key] {
                    compare(value, other, path: join(path, key), into: &found, limit: limit, more: &more)
                } else {
                    record("\(join(path, key)): expected \(render(value)), missing in this run")
                }
            }
            for (key, value) in right.members where left[key] == nil {
                record("\(join(path, key)): not expected, this run has \(render(value))")
            }
            if found.isEmpty && more == 0 {
                // Same members, other order.
                record("\(display(path)): the members come in another order")
            }
        case (.array(let left), .array(let right)):
            if left.count != right.count {
                record("\(display(path)): expected \(count(left.count)), this run has \(right.count)")
            }
            for index in 0..<min(left.count, right.count) {
                compare(left[index], right[index], path: path + "[\(index)]", into: &found, limit: limit, more: &more)
            }
        default:
            record("\(display(path)): expected \(render(expected)), got \(render(actual))")
        }
    }

    private static func count(_ items: Int) -> String { items == 1 ? "1 item" : "\(items) items" }

    private static func display(_ path: String) -> String { path.isEmpty ? "the answer" : path }

    private static func join(_ path: String, _ key: String) -> String {
        let plain = !key.isEmpty && key.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$")
        }
        if plain { return path.isEmpty ? key : path + "." + key }
        return path + "[" + JSONWriter.encodeString(.string(key)) + "]"
    }

    /// A value as JSON text, cut short when long.
    private static func render(_ value: JSONValue) -> String {
        let text = JSONWriter.encodeString(value)
        guard text.count > 80 else { return text }
        return String(text.prefix(77)) + "..."
    }
}
