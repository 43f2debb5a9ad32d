#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a JSON text piece by piece, in order, without building a tree: a caller that knows the
/// shape it expects (a request's envelope, the params of a common call) takes each value straight
/// into its own types. It checks everything it steps through as `JSONReader.parse` does (the same
/// parser underneath), and any step answers nil at the first thing it does not accept; the caller
/// then gives up and leaves the text to `JSONReader.parse`, which says precisely what is wrong.
///
/// The bytes must stay valid while the reader is used.
public struct JSONPullReader {
    private var parser: Parser
    /// The arrays and objects open around the reader; one more than `maxDepth` is refused, as
    /// `JSONReader.parse` refuses it.
    private var depth = 0

    public init(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = JSONReader.defaultMaxDepth) {
        parser = Parser(bytes.assumingMemoryBound(to: UInt8.self), maxDepth: maxDepth)
        parser.skipWhitespace()
    }

    /// Where the reader is, as an offset into the bytes.
    public var offset: Int { parser.index }

    /// Steps into the object that starts here: true when it has members (the reader is at the
    /// first key), false when it is `{}`, nil when no object starts here.
    public mutating func enterObject() -> Bool? {
        guard depth < parser.maxDepth, parser.index < parser.count, parser.bytes[parser.index] == ASCII.openBrace else { return nil }
        let hasMembers = parser.enterContainer(closedBy: ASCII.closeBrace)
        if hasMembers { depth += 1 }
        return hasMembers
    }

    /// Steps into the array that starts here: true when it has elements, false when it is `[]`,
    /// nil when no array starts here.
    public mutating func enterArray() -> Bool? {
        guard depth < parser.maxDepth, parser.index < parser.count, parser.bytes[parser.index] == ASCII.openBracket else { return nil }
        let hasElements = parser.enterContainer(closedBy: ASCII.closeBracket)
        if hasElements { depth += 1 }
        return hasElements
    }

    /// Reads a member's key and its colon and says which of `candidates` it is (its index), or
    /// `candidates.count` for any other key. Nil for a key written with escapes or non-ASCII
    /// bytes (it could spell a candidate another way) and for anything that is no key.
    public mutating func key(among candidates: [StaticString]) -> Int? {
        let bytes = parser.bytes
        guard parser.index < parser.count, bytes[parser.index] == ASCII.quote else { return nil }
        let start = parser.index + 1
        let end = StringScan.firstMarkedOffset(in: UnsafeRawBufferPointer(bytes), from: start, includingNonASCII: true)
        guard end < parser.count, bytes[end] == ASCII.quote else { return nil }
        let length = end - start
        var found = candidates.count
        let key = UnsafeRawPointer(bytes.baseAddress! + start)
        var index = 0
        while index < candidates.count {
            let candidate = candidates[index]
            if candidate.utf8CodeUnitCount == length, memcmp(key, candidate.utf8Start, length) == 0 {
                found = index
                break
            }
            index += 1
        }
        parser.index = end + 1
        guard colon() else { return nil }
        return found
    }

    /// Reads a member's key, whatever it holds, and its colon.
    public mutating func key() -> String? {
        guard let key = string(), colon() else { return nil }
        return key
    }

    private mutating func colon() -> Bool {
        parser.skipWhitespace()
        guard parser.index < parser.count, parser.bytes[parser.index] == ASCII.colon else { return false }
        parser.index += 1
        parser.skipWhitespace()
        return true
    }

    /// Reads the object that starts here member by member: each key must be one of `keys`, and
    /// none may come twice; `member` gets the reader at the member's value and the key's index,
    /// reads the value, and answers false to give up. False when the text is no such object.
    public mutating func readObject(keys: [StaticString], _ member: (inout JSONPullReader, Int) -> Bool) -> Bool {
        guard let hasMembers = enterObject() else { return false }
        guard hasMembers else { return true }
        var seen: UInt64 = 0
        repeat {
            guard let key = key(among: keys), key < keys.count, key < 64, seen & (1 << key) == 0 else { return false }
            seen |= 1 << key
            guard member(&self, key), let more = nextMember() else { return false }
            if !more { return true }
        } while true
    }

    /// After a member's value: true at a comma (the reader is at the next key), false at the
    /// object's end (the reader is past it), nil for anything else.
    public mutating func nextMember() -> Bool? {
        let more = try? parser.moveToNextMember()
        if more == false { depth -= 1 }
        return more
    }

    /// After an element: true at a comma, false at the array's end, nil for anything else.
    public mutating func nextElement() -> Bool? {
        let more = try? parser.moveToNextElement()
        if more == false { depth -= 1 }
        return more
    }

    /// A string value; nil (and the reader unmoved) for anything else.
    public mutating func string() -> String? {
        let start = parser.index
        guard start < parser.count, parser.bytes[start] == ASCII.quote else { return nil }
        guard let text = try? parser.parseString() else {
            parser.index = start
            return nil
        }
        return text
    }

    /// A string value as `string()` reads it, but for a text without escapes `known` is asked
    /// first, with its bytes: a String it keeps for exactly those bytes is taken as it is (no
    /// new String, no second check of the UTF-8 it was made from).
    public mutating func string(knownAs known: (UnsafeRawBufferPointer) -> String?) -> String? {
        let start = parser.index
        guard start < parser.count, parser.bytes[start] == ASCII.quote else { return nil }
        let raw = UnsafeRawBufferPointer(parser.bytes)
        let end = StringScan.firstMarkedOffset(in: raw, from: start + 1, includingNonASCII: false)
        if end < parser.count, parser.bytes[end] == ASCII.quote, let text = known(UnsafeRawBufferPointer(rebasing: raw[(start + 1)..<end])) {
            parser.index = end + 1
            return text
        }
        return string()
    }

    /// A number's literal text; nil (and the reader unmoved) for anything else.
    public mutating func number() -> String? {
        let start = parser.index
        guard start < parser.count, parser.bytes[start] == ASCII.minus || parser.isDigit(parser.bytes[start]) else { return nil }
        guard let text = try? parser.parseNumber() else {
            parser.index = start
            return nil
        }
        return text
    }

    /// A string value written exactly as `literal` (no escapes), without making a String of it.
    public mutating func string(equalTo literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        let start = parser.index
        guard start + length + 2 <= parser.count, parser.bytes[start] == ASCII.quote,
              parser.bytes[start + length + 1] == ASCII.quote else { return false }
        for offset in 0..<length where parser.bytes[start + 1 + offset] != literal.utf8Start[offset] { return false }
        parser.index = start + length + 2
        return true
    }

    /// A string, number, boolean or null; nil (and the reader unmoved) for an array, an object
    /// or an error.
    public mutating func scalar() -> JSONValue? {
        let start = parser.index
        guard start < parser.count else { return nil }
        switch parser.bytes[start] {
        case ASCII.openBrace, ASCII.openBracket: return nil
        default:
            guard let value = try? parser.parseScalar() else {
                parser.index = start
                return nil
            }
            return value
        }
    }

    /// `true` or `false`; nil (and the reader unmoved) for anything else.
    public mutating func bool() -> Bool? {
        if literal("true") { return true }
        if literal("false") { return false }
        return nil
    }

    /// Null, stepped over; false (and the reader unmoved) for any other value.
    public mutating func null() -> Bool { literal("null") }

    private mutating func literal(_ text: StaticString) -> Bool {
        guard parser.index < parser.count, parser.bytes[parser.index] == text.utf8Start[0] else { return false }
        return (try? parser.expectLiteral(text)) != nil
    }

    /// True when only whitespace is left.
    public mutating func isAtEnd() -> Bool {
        parser.skipWhitespace()
        return parser.index == parser.count
    }
}
