#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a byte sequence is not a JSON document, and where the reader found out.
public struct JSONParseError: Error, Equatable, Sendable {
    public enum Kind: Sendable, Equatable {
        /// The bytes are UTF-8 but break RFC 8259's grammar.
        case syntax
        /// Arrays and objects nest deeper than the reader's `maxDepth`.
        case tooDeep
        /// The input is not well-formed UTF-8 (RFC 8259 section 8.1 requires it).
        case invalidUTF8
        /// A `\uD800`-`\uDFFF` escape without its other half: the grammar allows it, but no
        /// UTF-8 string can hold it (what `JSON.stringify` writes for a string cut inside an
        /// emoji). `JSONReader.parseReplacingLoneSurrogates` reads such text anyway.
        case loneSurrogate
    }

    public var kind: Kind
    /// A sentence for a person reading a log or an error response.
    public var message: String
    /// Byte offset in the input where the problem was found.
    public var offset: Int

    public init(kind: Kind, message: String, offset: Int) {
        self.kind = kind
        self.message = message
        self.offset = offset
    }
}

extension JSONParseError: CustomStringConvertible {
    public var description: String { "\(message) (at byte \(offset))" }
}

/// Reads RFC 8259 JSON text straight from bytes into a `JSONValue`.
///
/// This is the hot path of the server, so it works on the raw buffer with an index and
/// never goes through Foundation. It is also strict: whatever it accepts, any other
/// conforming reader accepts too, so a request we answer is one every client agrees on.
///
/// The reader recurses once per array or object and checks the depth before it descends,
/// so `maxDepth` bounds its stack use whatever the input: 100,000 `[` end in `.tooDeep`
/// at the 513th. Measured per level, reading plus destroying the tree: about 0.2 KB in
/// release and 1.05 KB in debug builds. The default of 512 levels thus needs at most
/// 0.1 MB (release) or 0.55 MB (debug): far within the 8 MB stacks of Linux threads,
/// Swift tasks and Dispatch included, though a debug build on a 512 KB macOS secondary
/// thread would be tight. A caller that raises `maxDepth` needs stack to match. An
/// iterative reader would not remove that need, since destroying, comparing and writing
/// a `JSONValue` recurse too, and the one tried was nearly three times slower on a typical
/// request (more allocations).
///
/// When the input holds ill-formed UTF-8 anywhere, the error is always `.invalidUTF8` at
/// the first ill-formed sequence, even if a grammar error comes earlier: such input is not
/// JSON text at all, and one rule is easier to rely on than "whichever the reader met first".
public enum JSONReader {
    public static let defaultMaxDepth = 512

    public static func parse(
        _ bytes: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth
    ) throws(JSONParseError) -> JSONValue {
        // Bytes may be read as UInt8 whatever they were written as.
        let buffer = bytes.assumingMemoryBound(to: UInt8.self)
        var parser = Parser(buffer, maxDepth: maxDepth)
        do {
            return try parser.parseDocument()
        } catch {
            if error.kind != .invalidUTF8, let offset = UTF8Validation.firstInvalidOffset(in: buffer) {
                throw JSONParseError(kind: .invalidUTF8, message: "invalid UTF-8 at byte \(offset)", offset: offset)
            }
            throw error
        }
    }

    /// One step of the way from a document's root to a value inside it.
    public enum PathComponent: Equatable, Sendable {
        case key(String)
        case index(Int)
    }

    /// Reads text that `parse` refused with `.loneSurrogate`: each lone surrogate becomes
    /// U+FFFD, and the path of every string that held one is returned, so a caller can say
    /// which field was damaged rather than refusing the whole text.
    public static func parseReplacingLoneSurrogates(
        _ bytes: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth
    ) throws(JSONParseError) -> (value: JSONValue, damaged: [[PathComponent]]) {
        var parser = Parser(bytes.assumingMemoryBound(to: UInt8.self), maxDepth: maxDepth)
        parser.path = []
        let value = try parser.parseDocument()
        return (value, parser.damagedPaths)
    }

    public static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        // withUnsafeBytes rethrows untyped errors, so the typed one travels in a Result.
        try bytes.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) -> JSONValue in try parse(raw, maxDepth: maxDepth) }
        }.get()
    }

    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        // A native String is contiguous UTF-8, so this normally reads it in place.
        var text = text
        return try text.withUTF8 { utf8 in
            Result { () throws(JSONParseError) -> JSONValue in
                try parse(UnsafeRawBufferPointer(utf8), maxDepth: maxDepth)
            }
        }.get()
    }
}

// MARK: - The parser

enum ASCII {
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let slash = UInt8(ascii: "/")
    static let comma = UInt8(ascii: ",")
    static let colon = UInt8(ascii: ":")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let minus = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+")
    static let dot = UInt8(ascii: ".")
    static let zero = UInt8(ascii: "0")
    static let nine = UInt8(ascii: "9")
    static let lowerE = UInt8(ascii: "e")
    static let upperE = UInt8(ascii: "E")
}

struct Parser {
    let bytes: UnsafeBufferPointer<UInt8>
    let count: Int
    let maxDepth: Int
    var index = 0
    /// Reused for strings that hold escapes, so only the first such string allocates it.
    var scratch: [UInt8] = []
    /// Where the reader is, tracked only when lone surrogates are replaced rather than refused.
    var path: [JSONReader.PathComponent]?
    var damagedPaths: [[JSONReader.PathComponent]] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.count = bytes.count
        self.maxDepth = maxDepth
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        if index == count {
            throw syntaxError(count == 0 ? "empty input" : "expected a JSON value, found only whitespace")
        }
        let value = try parseValue(depth: 0)
        skipWhitespace()
        if index != count { throw unexpectedByte(expecting: "end of input after the JSON value") }
        return value
    }

    // Only parseObject and parseArray recurse, calling each other directly, and they only
    // steer. Scalars, separators and every error are handled in helpers off the recursion
    // path: in a debug build each temporary and each `try` gets its own stack slot, and
    // those slots multiply by the nesting depth (2.5 to 3.5 KB per level before this
    // split, enough to overflow a 512 KB thread stack well before the default limit).

    /// Reads the value at `index` (whitespace already skipped). `depth` counts the arrays
    /// and objects around it.
    mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        switch containerToEnter(depth: depth) {
        case .object: .object(try parseObject(depth: depth + 1))
        case .array: .array(try parseArray(depth: depth + 1))
        case nil: try parseScalar()
        }
    }

    enum Container { case object, array }

    /// The container that starts at `index`, if there is one and it may be entered: the
    /// depth is checked before descending, so recursion never goes deeper than `maxDepth`
    /// levels whatever the input. A container one level too deep is left to `parseScalar`,
    /// which reports it.
    @inline(__always)
    func containerToEnter(depth: Int) -> Container? {
        guard index < count, depth < maxDepth else { return nil }
        switch bytes[index] {
        case ASCII.openBrace: return .object
        case ASCII.openBracket: return .array
        default: return nil
        }
    }

    mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONObject {
        guard enterContainer(closedBy: ASCII.closeBrace) else { return JSONObject() }
        var members: [(key: String, value: JSONValue)] = []
        // Requests and rows are small objects; room for a few members saves the first regrowths.
        members.reserveCapacity(4)
        repeat {
            let key = try parseKeyAndColon()
            if path != nil { path!.append(.key(key)) }
            switch containerToEnter(depth: depth) {
            case .object: members.append((key, .object(try parseObject(depth: depth + 1))))
            case .array: members.append((key, .array(try parseArray(depth: depth + 1))))
            case nil: members.append((key, try parseScalar()))
            }
            if path != nil { path!.removeLast() }
        } while try moveToNextMember()
        return JSONObject(members)
    }

    mutating func parseArray(depth: Int) throws(JSONParseError) -> [JSONValue] {
        guard enterContainer(closedBy: ASCII.closeBracket) else { return [] }
        var elements: [JSONValue] = []
        elements.reserveCapacity(4)
        repeat {
            if path != nil { path!.append(.index(elements.count)) }
            switch containerToEnter(depth: depth) {
            case .object: elements.append(.object(try parseObject(depth: depth + 1)))
            case .array: elements.append(.array(try parseArray(depth: depth + 1)))
            case nil: elements.append(try parseScalar())
            }
            if path != nil { path!.removeLast() }
        } while try moveToNextElement()
        return elements
    }

    /// Every value that is not a container to descend into, and the errors for what is no
    /// value at all, including a container nested too deep.
    mutating func parseScalar() throws(JSONParseError) -> JSONValue {
        guard index < count else { throw syntaxError("expected a JSON value, found end of input") }
        switch bytes[index] {
        case ASCII.quote:
            return .string(try parseString())
        case ASCII.minus, ASCII.zero...ASCII.nine:
            return .number(try parseNumber())
        case ASCII.openBrace, ASCII.openBracket:
            throw failure(.tooDeep, "nesting deeper than \(maxDepth) levels", at: index)
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        default:
            throw unexpectedByte(expecting: "a JSON value")
        }
    }

    /// Steps past the opening bracket; false when the container is empty (and then also
    /// past its closing bracket).
    mutating func enterContainer(closedBy closing: UInt8) -> Bool {
        index += 1
        skipWhitespace()
        if index < count, bytes[index] == closing {
            index += 1
            return false
        }
        return true
    }

    /// Reads `"key"` and `:` of an object member; leaves the index at the value.
    mutating func parseKeyAndColon() throws(JSONParseError) -> String {
        guard index < count else { throw syntaxError("expected an object key, found end of input") }
        guard bytes[index] == ASCII.quote else {
            // An empty object was handled on entry, so '}' here comes right after a comma.
            if bytes[index] == ASCII.closeBrace { throw syntaxError("trailing comma is not allowed") }
            throw unexpectedByte(expecting: "a string as object key")
        }
        let key = try parseString()
        skipWhitespace()
        guard index < count, bytes[index] == ASCII.colon else {
            throw unexpectedByte(expecting: "':' after object key")
        }
        index += 1
        skipWhitespace()
        return key
    }

    /// After a member: true at a comma (index moved to the next key), false at the closing brace.
    mutating func moveToNextMember() throws(JSONParseError) -> Bool {
        skipWhitespace()
        guard index < count else { throw syntaxError("unterminated object") }
        switch bytes[index] {
        case ASCII.comma:
            index += 1
            skipWhitespace()
            return true
        case ASCII.closeBrace:
            index += 1
            return false
        default:
            throw unexpectedByte(expecting: "',' or '}' after object member")
        }
    }

    /// After an element: true at a comma (index moved to the next element), false at the closing bracket.
    mutating func moveToNextElement() throws(JSONParseError) -> Bool {
        skipWhitespace()
        guard index < count else { throw syntaxError("unterminated array") }
        switch bytes[index] {
        case ASCII.comma:
            index += 1
            skipWhitespace()
            // A trailing comma is the most common mistake in hand-written JSON, so it
            // gets its own message rather than "expected a JSON value, found ']'".
            if index < count, bytes[index] == ASCII.closeBracket {
                throw syntaxError("trailing comma is not allowed")
            }
            return true
        case ASCII.closeBracket:
            index += 1
            return false
        default:
            throw unexpectedByte(expecting: "',' or ']' after array element")
        }
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while index < count {
            switch bytes[index] {
            case ASCII.space, ASCII.newline, ASCII.carriageReturn, ASCII.tab: index += 1
            default: return
            }
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let start = index
        let length = literal.utf8CodeUnitCount
        let text = literal.utf8Start
        var matched = 0
        while matched < length, start + matched < count, bytes[start + matched] == text[matched] {
            matched += 1
        }
        guard matched == length else {
            index = start
            throw syntaxError("invalid literal, expected '\(literal)'")
        }
        index = start + length
    }

    // MARK: Numbers

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, kept as text so that no
    /// precision is lost before the handler decides what type it wants.
    mutating func parseNumber() throws(JSONParseError) -> String {
        let start = index
        if bytes[index] == ASCII.minus {
            index += 1
            guard index < count, isDigit(bytes[index]) else {
                throw syntaxError("expected a digit after '-'")
            }
        }
        if bytes[index] == ASCII.zero {
            index += 1
            if index < count, isDigit(bytes[index]) {
                throw syntaxError("leading zeros are not allowed in numbers")
            }
        } else {
            skipDigits()
        }
        if index < count, bytes[index] == ASCII.dot {
            index += 1
            guard index < count, isDigit(bytes[index]) else {
                throw syntaxError("expected a digit after the decimal point")
            }
            skipDigits()
        }
        if index < count, bytes[index] == ASCII.lowerE || bytes[index] == ASCII.upperE {
            index += 1
            if index < count, bytes[index] == ASCII.plus || bytes[index] == ASCII.minus {
                index += 1
            }
            guard index < count, isDigit(bytes[index]) else {
                throw syntaxError("expected a digit in the exponent")
            }
            skipDigits()
        }
        return makeString(UnsafeBufferPointer(rebasing: bytes[start..<index]), isASCII: true)
    }

    @inline(__always)
    func isDigit(_ byte: UInt8) -> Bool { byte &- ASCII.zero < 10 }

    @inline(__always)
    mutating func skipDigits() {
        while index < count, isDigit(bytes[index]) { index += 1 }
    }

    // MARK: Strings

    /// Reads a string starting at its opening quote. Strings without escapes, the usual
    /// case for keys and method names, become a String straight from their bytes.
    mutating func parseString() throws(JSONParseError) -> String {
        let openingQuote = index
        index += 1
        let start = index
        var isASCII = true
        while true {
            skipPlainASCII()
            guard index < count else { break }
            let byte = bytes[index]
            if byte == ASCII.quote {
                let text = makeString(UnsafeBufferPointer(rebasing: bytes[start..<index]), isASCII: isASCII)
                index += 1
                return text
            }
            if byte == ASCII.backslash {
                return try parseEscapedString(runStart: start, openingQuote: openingQuote)
            }
            if byte < 0x20 {
                throw controlCharacterError(byte)
            }
            if byte < 0x80 {
                index += 1
            } else {
                isASCII = false
                try skipMultiByteScalar()
            }
        }
        throw failure(.syntax, "unterminated string", at: openingQuote)
    }

    /// Moves to the next string byte that needs a look: quote, backslash, control or non-ASCII.
    @inline(__always)
    mutating func skipPlainASCII() {
        index = StringScan.firstMarkedOffset(in: UnsafeRawBufferPointer(bytes), from: index, includingNonASCII: true)
    }

    /// The slow path, entered at the first backslash: the string is assembled in `scratch`.
    mutating func parseEscapedString(runStart: Int, openingQuote: Int) throws(JSONParseError) -> String {
        scratch.removeAll(keepingCapacity: true)
        var runStart = runStart
        while true {
            skipPlainASCII()
            guard index < count else { break }
            let byte = bytes[index]
            if byte == ASCII.quote {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                index += 1
                return scratch.withUnsafeBufferPointer { makeString($0, isASCII: false) }
            }
            if byte == ASCII.backslash {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                try appendEscape()
                runStart = index
                continue
            }
            if byte < 0x20 {
                throw controlCharacterError(byte)
            }
            if byte < 0x80 {
                index += 1
            } else {
                try skipMultiByteScalar()
            }
        }
        throw failure(.syntax, "unterminated string", at: openingQuote)
    }

    /// Decodes the escape at `index` (a backslash) into `scratch`.
    mutating func appendEscape() throws(JSONParseError) {
        let escapeStart = index
        index += 1
        guard index < count else {
            throw failure(.syntax, "unterminated string", at: escapeStart)
        }
        let byte = bytes[index]
        index += 1
        switch byte {
        case ASCII.quote: scratch.append(ASCII.quote)
        case ASCII.backslash: scratch.append(ASCII.backslash)
        case ASCII.slash: scratch.append(ASCII.slash)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(ASCII.newline)
        case UInt8(ascii: "r"): scratch.append(ASCII.carriageReturn)
        case UInt8(ascii: "t"): scratch.append(ASCII.tab)
        case UInt8(ascii: "u"):
            let unit = try readHex4(escapeStart: escapeStart)
            var scalar = UInt32(unit)
            switch unit {
            case 0xD800...0xDBFF:
                // A high surrogate means nothing alone: JSON spells astral characters as a
                // pair, and a lone half cannot become valid UTF-8.
                guard index + 1 < count, bytes[index] == ASCII.backslash, bytes[index + 1] == UInt8(ascii: "u") else {
                    scalar = try loneSurrogate("high surrogate \\u\(hex4(unit)) not followed by a low surrogate", at: escapeStart)
                    break
                }
                let lowStart = index
                index += 2
                let low = try readHex4(escapeStart: lowStart)
                guard (0xDC00...0xDFFF).contains(low) else {
                    // The second escape is read again on its own: it may be a character, or the
                    // start of a pair of its own.
                    index = lowStart
                    scalar = try loneSurrogate("high surrogate \\u\(hex4(unit)) followed by \\u\(hex4(low)), not a low surrogate",
                                               at: lowStart)
                    break
                }
                scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            case 0xDC00...0xDFFF:
                scalar = try loneSurrogate("lone low surrogate \\u\(hex4(unit))", at: escapeStart)
            default:
                break
            }
            appendUTF8(scalar)
        default:
            index = escapeStart
            throw failure(.syntax, "invalid escape \(describe(byte)) in string", at: escapeStart)
        }
    }

    mutating func readHex4(escapeStart: Int) throws(JSONParseError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard index < count, let digit = hexValue(bytes[index]) else {
                throw failure(.syntax, "\\u must be followed by four hex digits", at: escapeStart)
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    @inline(__always)
    func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case ASCII.zero...ASCII.nine: byte - ASCII.zero
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    func hex4(_ unit: UInt16) -> String {
        let digits = String(unit, radix: 16, uppercase: false)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }

    mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// Steps over one well-formed multi-byte UTF-8 scalar, or reports where it is not.
    @inline(__always)
    mutating func skipMultiByteScalar() throws(JSONParseError) {
        let length = UTF8Validation.sequenceLength(in: bytes, at: index)
        guard length > 0 else {
            throw failure(.invalidUTF8, "invalid UTF-8 at byte \(index)", at: index)
        }
        index += length
    }

    /// Makes a String from bytes this parser has already checked, without checking them
    /// again: building strings was a quarter of the time to parse a typical request.
    @inline(__always)
    func makeString(_ utf8: UnsafeBufferPointer<UInt8>, isASCII: Bool) -> String {
        if #available(macOS 26.0, iOS 26.0, watchOS 26.0, tvOS 26.0, visionOS 26.0, *) {
            return String(copying: UTF8Span(unchecked: utf8.span, isKnownASCII: isASCII))
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    // MARK: Errors

    // Errors are built out of line: they are rare, and inlined they would widen the
    // stack frames of the recursive functions and the hot loops.

    @inline(never)
    /// A lone surrogate: refused, or (when tracking paths) replaced by U+FFFD and noted.
    mutating func loneSurrogate(_ message: String, at offset: Int) throws(JSONParseError) -> UInt32 {
        guard let path else { throw failure(.loneSurrogate, message, at: offset) }
        if damagedPaths.last != path { damagedPaths.append(path) }
        return 0xFFFD
    }

    func failure(_ kind: JSONParseError.Kind, _ message: String, at offset: Int) -> JSONParseError {
        JSONParseError(kind: kind, message: message, offset: offset)
    }

    @inline(never)
    func syntaxError(_ message: String) -> JSONParseError {
        JSONParseError(kind: .syntax, message: message, offset: index)
    }

    @inline(never)
    func controlCharacterError(_ byte: UInt8) -> JSONParseError {
        syntaxError("unescaped control character \(describe(byte)) in string")
    }

    @inline(never)
    func unexpectedByte(expecting expected: String) -> JSONParseError {
        guard index < count else { return syntaxError("expected \(expected), found end of input") }
        let byte = bytes[index]
        if byte >= 0x80, UTF8Validation.sequenceLength(in: bytes, at: index) <= 0 {
            return failure(.invalidUTF8, "invalid UTF-8 at byte \(index)", at: index)
        }
        // Editors on Windows like to add one; RFC 8259 says a JSON text must not start with it.
        if index == 0, count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            return syntaxError("a byte order mark is not allowed before the JSON value")
        }
        return syntaxError("expected \(expected), found \(describe(byte))")
    }

    func describe(_ byte: UInt8) -> String {
        if byte == UInt8(ascii: "'") { return "\"'\"" }
        if byte >= 0x21, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        let digits = String(byte, radix: 16, uppercase: true)
        return "byte 0x" + (digits.count == 1 ? "0" + digits : digits)
    }
}

// MARK: - UTF-8 validation

/// Well-formedness per the Unicode standard's table 3-7: no overlong forms, no encoded
/// surrogates, nothing above U+10FFFF, no truncated sequences. Shared with the writer,
/// which repairs what the reader rejects.
enum UTF8Validation {
    /// The length of the well-formed scalar starting at `index` (1 to 4), or, when the bytes
    /// there are ill-formed, minus the length of the maximal ill-formed subpart (what one
    /// U+FFFD replaces under the standard's recommended practice, as Swift's own decoder does).
    @inline(__always)
    static func sequenceLength(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        if lead < 0x80 { return 1 }
        var trailing: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: trailing = 1
        case 0xE0: trailing = 2; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: trailing = 2
        case 0xED: trailing = 2; high = 0x9F
        case 0xF0: trailing = 3; low = 0x90
        case 0xF1...0xF3: trailing = 3
        case 0xF4: trailing = 3; high = 0x8F
        default: return -1
        }
        let end = bytes.count
        var next = index + 1
        guard next < end, bytes[next] >= low, bytes[next] <= high else { return -1 }
        next += 1
        trailing -= 1
        while trailing > 0 {
            guard next < end, bytes[next] & 0xC0 == 0x80 else { return -(next - index) }
            next += 1
            trailing -= 1
        }
        return next - index
    }

    static func firstInvalidOffset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        while index < bytes.count {
            if bytes[index] < 0x80 {
                index += 1
                continue
            }
            let length = sequenceLength(in: bytes, at: index)
            if length <= 0 { return index }
            index += length
        }
        return nil
    }
}

/// Word-at-a-time scanning for the bytes of a string that need attention, shared by
/// the reader and the writer: most strings are ids, names and keys with none, and testing
/// eight bytes at once replaces three or four branches per byte.
enum StringScan {
    /// The offset of the first byte at or after `start` that is `"`, backslash, below
    /// 0x20 or (when asked) at or above 0x80; `raw.count` when there is none.
    @inline(__always)
    static func firstMarkedOffset(in raw: UnsafeRawBufferPointer, from start: Int, includingNonASCII: Bool) -> Int {
        let count = raw.count
        var index = start
        while index &+ 8 <= count {
            let found = marks(loadWord(raw, at: index), includingNonASCII: includingNonASCII)
            if found != 0 { return index &+ found.trailingZeroBitCount &>> 3 }
            index &+= 8
        }
        guard index < count else { return count }
        let found: UInt64
        if count >= 8 {
            // The last eight bytes overlap what was already scanned. Those bytes are replaced by
            // plain ones before marking: a marked byte among them (a NUL, say) would otherwise
            // borrow into the first new byte and mark it falsely.
            let overlap = UInt64((index &- (count &- 8)) &* 8)
            let scanned: UInt64 = overlap == 0 ? 0 : ~UInt64(0) &>> (64 &- overlap)
            let word = (loadWord(raw, at: count &- 8) & ~scanned) | (0x4141_4141_4141_4141 & scanned)
            found = marks(word, includingNonASCII: includingNonASCII) &>> overlap
        } else {
            found = marks(loadShortTail(raw, from: index), includingNonASCII: includingNonASCII)
        }
        return found == 0 ? count : index &+ found.trailingZeroBitCount &>> 3
    }

    /// Eight bytes with the first in the lowest position, whatever the machine's byte order.
    @inline(__always)
    static func loadWord(_ raw: UnsafeRawBufferPointer, at offset: Int) -> UInt64 {
        UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// The one to seven bytes from `start` to the end of a buffer shorter than eight bytes,
    /// as a word padded with plain bytes. Two overlapping loads rather than a copy into a
    /// word: reading back a word just written by a byte copy stalls the CPU, and short
    /// keys are most of what the writer writes.
    @inline(__always)
    static func loadShortTail(_ raw: UnsafeRawBufferPointer, from start: Int) -> UInt64 {
        let count = raw.count
        let length = count &- start
        let padding: UInt64 = 0x4141_4141_4141_4141 &<< UInt64(length &* 8)
        if length >= 4 {
            let low = UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start, as: UInt32.self)))
            let high = UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)))
            return low | high &<< UInt64((length &- 4) &* 8) | padding
        }
        if length >= 2 {
            let low = UInt64(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: start, as: UInt16.self)))
            let high = UInt64(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: count &- 2, as: UInt16.self)))
            return low | high &<< UInt64((length &- 2) &* 8) | padding
        }
        return UInt64(raw[start]) | padding
    }

    /// For eight bytes (first byte lowest), the high bit of each byte that needs attention.
    /// These are the classic zero-byte tricks; borrows can only mark bytes above a truly
    /// marked one, so the lowest mark is exact, which is the only one callers use.
    @inline(__always)
    static func marks(_ word: UInt64, includingNonASCII: Bool) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        var found = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)
        if includingNonASCII { found |= word }
        return found & highBits
    }
}

// MARK: - Skimming a request

/// What a quick look at a top-level object finds, without building it: the members a
/// dispatcher needs to decide where a line goes before it is parsed for real.
public struct ObjectSkim: Sendable {
    /// The last `"method"` member, when it is a string.
    public var method: String?
    /// The last `"id"` member, when it is a string, a number or null.
    public var id: JSONValue?
    /// Where the last `"params"` member's value lies in the skimmed bytes.
    public var params: Range<Int>?
}

extension JSONReader {
    /// Looks at a top-level object member by member, reading the values of `"method"` and
    /// `"id"` and stepping over every other value without building it. It checks only the
    /// structure it steps through: nil means the text is no object, or not one it can step
    /// through (a full `parse` then says what is wrong), and text it accepts may still hold
    /// an error (invalid UTF-8, a bad escape, too deep) that `parse` reports later.
    public static func skimObject(_ bytes: UnsafeRawBufferPointer) -> ObjectSkim? {
        var parser = Parser(bytes.assumingMemoryBound(to: UInt8.self), maxDepth: defaultMaxDepth)
        return parser.skimObject()
    }
}

extension Parser {
    mutating func skimObject() -> ObjectSkim? {
        var skim = ObjectSkim()
        skipWhitespace()
        guard index < count, bytes[index] == ASCII.openBrace else { return nil }
        guard enterContainer(closedBy: ASCII.closeBrace) else {
            skipWhitespace()
            return index == count ? skim : nil
        }
        repeat {
            guard let key = skimKey() else { return nil }
            let valueStart = index
            switch key {
            case .method, .id:
                guard index < count, bytes[index] != ASCII.openBrace, bytes[index] != ASCII.openBracket,
                      let value = try? parseScalar() else { return nil }
                if key == .method {
                    if case .string(let name) = value { skim.method = name } else { skim.method = nil }
                } else {
                    skim.id = value
                }
            case .params, .other:
                guard skipValue() else { return nil }
                if key == .params { skim.params = valueStart..<index }
            }
            guard let more = try? moveToNextMember() else { return nil }
            if !more { break }
        } while true
        skipWhitespace()
        return index == count ? skim : nil
    }

    enum SkimmedKey { case method, id, params, other }

    /// Reads a member's key and colon for `skimObject`. A key of plain ASCII is compared as
    /// bytes, without making a String of it; one with escapes or other bytes is read as
    /// `parse` reads it, so that it means the same here.
    mutating func skimKey() -> SkimmedKey? {
        guard index < count, bytes[index] == ASCII.quote else { return nil }
        let start = index + 1
        let end = StringScan.firstMarkedOffset(in: UnsafeRawBufferPointer(bytes), from: start, includingNonASCII: true)
        guard end < count, bytes[end] == ASCII.quote else {
            switch try? parseKeyAndColon() {
            case "method"?: return .method
            case "id"?: return .id
            case "params"?: return .params
            case _?: return .other
            case nil: return nil
            }
        }
        let length = end - start
        let key = UnsafeRawPointer(bytes.baseAddress! + start)
        func named(_ name: StaticString) -> Bool { name.utf8CodeUnitCount == length && memcmp(key, name.utf8Start, length) == 0 }
        let found: SkimmedKey = named("method") ? .method : named("id") ? .id : named("params") ? .params : .other
        index = end + 1
        skipWhitespace()
        guard index < count, bytes[index] == ASCII.colon else { return nil }
        index += 1
        skipWhitespace()
        return found
    }

    /// Steps over one value: strings to their closing quote, containers to their matching
    /// bracket (without recursion), anything else over the bytes a number or literal uses.
    mutating func skipValue() -> Bool {
        var depth = 0
        repeat {
            guard index < count else { return false }
            switch bytes[index] {
            case ASCII.quote:
                guard skipString() else { return false }
            case ASCII.openBrace, ASCII.openBracket:
                depth += 1
                index += 1
            case ASCII.closeBrace, ASCII.closeBracket:
                guard depth > 0 else { return false }
                depth -= 1
                index += 1
            case ASCII.comma, ASCII.colon, ASCII.space, ASCII.tab, ASCII.newline, ASCII.carriageReturn:
                guard depth > 0 else { return false }
                index += 1
            default:
                let start = index
                while index < count {
                    let byte = bytes[index]
                    guard byte == ASCII.minus || byte == ASCII.plus || byte == ASCII.dot || isDigit(byte)
                        || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                    else { break }
                    index += 1
                }
                guard index > start else { return false }
            }
        } while depth > 0
        return true
    }

    /// Steps over a string from its opening quote to after its closing one.
    mutating func skipString() -> Bool {
        index += 1
        while true {
            index = StringScan.firstMarkedOffset(in: UnsafeRawBufferPointer(bytes), from: index, includingNonASCII: false)
            guard index < count else { return false }
            switch bytes[index] {
            case ASCII.quote:
                index += 1
                return true
            case ASCII.backslash:
                index += 2
            default:
                // A control character: not JSON, left to `parse` to report.
                return false
            }
        }
    }
}
