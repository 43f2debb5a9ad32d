import JSON

/// A method's result, either as a value tree or already encoded (rows written straight from the
/// database into a buffer skip the tree entirely).
public enum MethodResult: Sendable {
    case value(JSONValue)
    case encoded([UInt8])
    /// A whole success answer, its result written by the handler after the answer's head
    /// (`RequestContext.writeAnswerHead`), so that a large result (a page of rows) is not copied
    /// once more into its answer; `result` is where the result lies in it.
    case answer([UInt8], result: Range<Int>)

    /// The result as JSON text, for a caller that embeds it (a step of a transaction, a live query).
    public var encodedResult: [UInt8] {
        switch self {
        case .value(let value): JSONWriter.encode(value)
        case .encoded(let bytes): bytes
        case .answer(let bytes, let result): Array(bytes[result])
        }
    }
}

/// Writes JSON-RPC response and notification lines.
enum ResponseEncoder {
    private static let successHead = Array(#"{"jsonrpc":"2.0","id":"#.utf8)
    private static let resultKey = Array(#","result":"#.utf8)

    /// `{"jsonrpc":"2.0","id":<id>,"result":`
    static func writeSuccessHead(id: RequestID, to writer: inout JSONWriter) {
        writer.bytes.append(contentsOf: successHead)
        writer.value(id.json)
        writer.bytes.append(contentsOf: resultKey)
    }

    static func success(id: RequestID, result: MethodResult) -> [UInt8] {
        switch result {
        case .answer(let line, _):
            return line
        case .encoded(let bytes):
            // The hot path: the envelope's fixed parts as bytes, the handler's result copied once.
            var writer = JSONWriter(capacity: bytes.count + 48)
            writeSuccessHead(id: id, to: &writer)
            writer.bytes.append(contentsOf: bytes)
            writer.bytes.append(UInt8(ascii: "}"))
            return writer.bytes
        case .value(let value):
            var writer = JSONWriter(capacity: 128)
            writer.beginObject()
            writer.key("jsonrpc"); writer.string("2.0")
            writer.key("id"); writer.value(id.json)
            writer.key("result")
            writer.value(value)
            writer.endObject()
            return writer.bytes
        }
    }

    static func failure(id: RequestID, error: RPCError) -> [UInt8] {
        var writer = JSONWriter(capacity: 128)
        writer.beginObject()
        writer.key("jsonrpc"); writer.string("2.0")
        writer.key("id"); writer.value(id.json)
        writer.key("error")
        writer.beginObject()
        writer.key("code"); writer.int(Int64(error.code))
        writer.key("message"); writer.string(error.message)
        if let data = error.data {
            writer.key("data"); writer.value(data)
        }
        writer.endObject()
        writer.endObject()
        return writer.bytes
    }

    static func notification(method: String, params: JSONValue) -> [UInt8] {
        var writer = JSONWriter(capacity: 128)
        writer.beginObject()
        writer.key("jsonrpc"); writer.string("2.0")
        writer.key("method"); writer.string(method)
        writer.key("params"); writer.value(params)
        writer.endObject()
        return writer.bytes
    }

    static func notification(method: String, encodedParams: [UInt8]) -> [UInt8] {
        var writer = JSONWriter(capacity: encodedParams.count + 64)
        writer.beginObject()
        writer.key("jsonrpc"); writer.string("2.0")
        writer.key("method"); writer.string(method)
        writer.key("params"); writer.raw(encodedParams)
        writer.endObject()
        return writer.bytes
    }

    /// A batch answer: the members' encoded responses inside one array.
    static func batch(_ members: [[UInt8]]) -> [UInt8] {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        bytes.reserveCapacity(members.reduce(2) { $0 + $1.count + 1 })
        for (index, member) in members.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: member)
        }
        bytes.append(UInt8(ascii: "]"))
        return bytes
    }
}
