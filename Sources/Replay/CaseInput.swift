import JSON

/// A case's request lines, read once: which are not JSON, and which request each answer's id
/// belongs to (so a report can say "the answer to query.update on line 4").
struct CaseInput: Sendable {
    struct Request: Sendable {
        var line: Int
        var method: String
    }

    private(set) var malformedLines: [MalformedLine] = []
    /// Requests by the JSON text of their id (`1`, `"a"`); the first one wins for a reused id.
    private(set) var requestsByID: [String: Request] = [:]

    init(bytes: [UInt8], file: String) {
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            lineNumber += 1
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            read(line: bytes[start..<end], number: lineNumber, file: file)
            start = end + 1
        }
    }

    private mutating func read(line: ArraySlice<UInt8>, number: Int, file: String) {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
        guard let first = line.firstIndex(where: { !isSpace($0) }) else { return }
        let last = line.lastIndex(where: { !isSpace($0) }) ?? first
        let trimmed = line[first...last]
        do {
            let document = try trimmed.withUnsafeBytes { try JSONReader.parse($0) }
            note(document, line: number)
        } catch {
            guard let error = error as? JSONParseError else { return }
            // Too deep or holding a lone surrogate: still JSON text, answered by the server.
            guard error.kind == .syntax || error.kind == .invalidUTF8 else { return }
            malformedLines.append(MalformedLine(file: file, line: number, column: first - line.startIndex + error.offset + 1,
                                                message: error.message))
        }
    }

    private mutating func note(_ document: JSONValue, line: Int) {
        switch document {
        case .array(let members):
            for member in members { note(member, line: line) }
        case .object(let object):
            guard let id = object["id"], case .string(let method)? = object["method"] else { return }
            let key = JSONWriter.encodeString(id)
            if requestsByID[key] == nil { requestsByID[key] = Request(line: line, method: method) }
        default:
            break
        }
    }
}
