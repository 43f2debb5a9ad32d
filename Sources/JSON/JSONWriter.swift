/// Appends compact JSON to a byte buffer, for responses on the hot path.
///
/// Handlers stream rows straight into it (`beginArray`, then one `string(utf8:)` per
/// column...) without building a `JSONValue` tree first. It keeps a single `needsComma`
/// flag so that callers never place commas; it does not check that calls are balanced,
/// because that would cost a stack on every response for a mistake tests catch anyway.
public struct JSONWriter: Sendable {
    public var bytes: [UInt8]
    /// True right after a value: the next key or value in the same container needs a comma.
    private var needsComma = false

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Starts a fresh value after `prefix`, text written before it (an answer's head).
    public init(continuing prefix: [UInt8]) {
        bytes = prefix
    }

    // MARK: Structure

    public mutating func beginObject() {
        writeOpening(UInt8(ascii: "{"))
    }

    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    public mutating func beginArray() {
        writeOpening(UInt8(ascii: "["))
    }

    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes `"name":`; the next value written belongs to this key.
    public mutating func key(_ name: String) {
        JSONWriter.appendQuoted(name, leadingComma: needsComma, trailingColon: true, to: &bytes)
        needsComma = false
    }

    /// Writes `"name":` from UTF-8 bytes that come from elsewhere (a column name from SQLite),
    /// repairing ill-formed sequences as `string(utf8:)` does.
    public mutating func key(utf8 name: UnsafeBufferPointer<UInt8>) {
        JSONWriter.appendQuoted(name, leadingComma: needsComma, trailingColon: true, repairingUTF8: true, to: &bytes)
        needsComma = false
    }

    /// Writes a key already encoded as `"name":` (quoted, escaped, with its colon), as a row
    /// shape prepares its field names once for every row.
    @inline(__always)
    public mutating func key(encoded: UnsafeRawBufferPointer) {
        appendSeparated(encoded)
        needsComma = false
    }

    /// `key(encoded:)` for a key kept as an array (see `encodedKey`).
    @inline(__always)
    public mutating func key(encoded: [UInt8]) {
        encoded.withUnsafeBytes { key(encoded: $0) }
    }

    /// One value the caller writes itself into room for `maxCount` bytes, returning how many it
    /// wrote; it must be well-formed JSON (a row object written in one go, say).
    @inline(__always)
    public mutating func rawValue(maxCount: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        let comma = needsComma
        JSONWriter.appendBytes(to: &bytes, maxCount: maxCount + 1) { output in
            var written = 0
            if comma {
                output[0] = UInt8(ascii: ",")
                written = 1
            }
            return written + body(output + written)
        }
        needsComma = true
    }

    /// Writes the decimal digits of `value` (at most 20 bytes) and returns how many.
    @inline(__always)
    public static func decimal(_ value: Int64, to output: UnsafeMutablePointer<UInt8>) -> Int {
        writeDecimal(value, to: output)
    }

    /// True when `utf8` can be written between quotes as it is: no quote, backslash, control
    /// character or byte above 0x7F (which would need a UTF-8 check).
    @inline(__always)
    public static func isPlain(_ utf8: UnsafeRawBufferPointer) -> Bool {
        StringScan.firstMarkedOffset(in: utf8, from: 0, includingNonASCII: true) == utf8.count
    }

    /// `"name":` for `key(encoded:)`.
    public static func encodedKey(_ name: String) -> [UInt8] {
        var bytes: [UInt8] = []
        appendQuoted(name, leadingComma: false, trailingColon: true, to: &bytes)
        return bytes
    }

    /// `"name":` for `key(encoded:)`, from UTF-8 bytes that come from elsewhere (a column name
    /// from SQLite), repaired as `key(utf8:)` does.
    public static func encodedKey(utf8 name: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var bytes: [UInt8] = []
        appendQuoted(name, leadingComma: false, trailingColon: true, repairingUTF8: true, to: &bytes)
        return bytes
    }

    // MARK: Values

    public mutating func null() {
        writeLiteral("null")
    }

    public mutating func bool(_ value: Bool) {
        writeLiteral(value ? "true" : "false")
    }

    public mutating func int(_ value: Int64) {
        let comma = needsComma
        // A sign and 19 digits hold any Int64, plus the comma.
        JSONWriter.appendBytes(to: &bytes, maxCount: 21) { output in
            var written = 0
            if comma {
                output[0] = UInt8(ascii: ",")
                written = 1
            }
            return written + JSONWriter.writeDecimal(value, to: output + written)
        }
        needsComma = true
    }

    /// NaN and the infinities have no JSON form; they are written as null.
    public mutating func double(_ value: Double) {
        guard value.isFinite else {
            writeLiteral("null")
            return
        }
        rawNumber(value.description)
    }

    /// A number literal written as is, such as the text of a `JSONValue.number`. The caller
    /// vouches that it follows the JSON number grammar.
    public mutating func rawNumber(_ literal: String) {
        writeCommaIfNeeded()
        bytes.append(contentsOf: literal.utf8)
        needsComma = true
    }

    public mutating func string(_ value: String) {
        JSONWriter.appendQuoted(value, leadingComma: needsComma, trailingColon: false, to: &bytes)
        needsComma = true
    }

    /// A string from bytes that claim to be UTF-8 but are not checked by anyone (SQLite
    /// text columns hold whatever was stored). Each ill-formed sequence becomes U+FFFD,
    /// the same repair Swift's `String(decoding:as:)` makes, so the output is always valid.
    public mutating func string(utf8 value: UnsafeBufferPointer<UInt8>) {
        JSONWriter.appendQuoted(
            value, leadingComma: needsComma, trailingColon: false, repairingUTF8: true, to: &bytes)
        needsComma = true
    }

    /// An already encoded JSON value, inserted as one value. It is not checked.
    public mutating func raw(_ json: [UInt8]) {
        json.withUnsafeBytes { raw($0) }
    }

    /// An already encoded JSON value, inserted as one value. It is not checked.
    public mutating func raw(_ json: UnsafeRawBufferPointer) {
        appendSeparated(json)
        needsComma = true
    }

    /// `bytes` after a comma when one is due, in one append.
    @inline(__always)
    private mutating func appendSeparated(_ encoded: UnsafeRawBufferPointer) {
        let comma = needsComma
        JSONWriter.appendBytes(to: &bytes, maxCount: encoded.count + 1) { output in
            var written = 0
            if comma {
                output[0] = UInt8(ascii: ",")
                written = 1
            }
            if let source = encoded.baseAddress {
                UnsafeMutableRawPointer(output + written).copyMemory(from: source, byteCount: encoded.count)
            }
            return written + encoded.count
        }
    }

    /// A whole tree, members in their stored order.
    public mutating func value(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .number(let literal): rawNumber(literal)
        case .string(let text): string(text)
        case .array(let elements):
            beginArray()
            for element in elements { self.value(element) }
            endArray()
        case .object(let object):
            beginObject()
            for member in object.members {
                key(member.key)
                self.value(member.value)
            }
            endObject()
        }
    }

    @inline(__always)
    private mutating func writeCommaIfNeeded() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func writeOpening(_ bracket: UInt8) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        bytes.append(bracket)
        needsComma = false
    }

    private mutating func writeLiteral(_ literal: StaticString) {
        let comma = needsComma
        let length = literal.utf8CodeUnitCount
        JSONWriter.appendBytes(to: &bytes, maxCount: length + 1) { output in
            var written = 0
            if comma {
                output[0] = UInt8(ascii: ",")
                written = 1
            }
            (output + written).initialize(from: literal.utf8Start, count: length)
            return written + length
        }
        needsComma = true
    }
}

// MARK: - Whole documents

extension JSONWriter {
    /// The shortest text that reads back as the same double (Swift's `description`:
    /// `1.0`, `0.1`, `1e+100`, `5e-324`), which is always valid JSON number grammar.
    /// Non-finite values have no JSON number form and give `null`.
    public static func numberText(_ value: Double) -> String {
        value.isFinite ? value.description : "null"
    }

    public static func encode(_ value: JSONValue) -> [UInt8] {
        var writer = JSONWriter()
        writer.value(value)
        return writer.bytes
    }

    public static func encodeString(_ value: JSONValue) -> String {
        String(decoding: encode(value), as: UTF8.self)
    }

    /// Indented output for people, laid out like JavaScript's `JSON.stringify(value, null, indent)`:
    /// one member or element per line, `": "` after keys, `{}` and `[]` for empty containers.
    /// An indent of zero or less gives the compact form, as in JavaScript.
    public static func pretty(_ value: JSONValue, indent: Int = 2) -> String {
        guard indent > 0 else { return encodeString(value) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        appendPretty(value, indent: indent, level: 0, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func appendPretty(_ value: JSONValue, indent: Int, level: Int, to bytes: inout [UInt8]) {
        switch value {
        case .array(let elements) where !elements.isEmpty:
            bytes.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                appendNewline(indent: indent * (level + 1), to: &bytes)
                appendPretty(element, indent: indent, level: level + 1, to: &bytes)
            }
            appendNewline(indent: indent * level, to: &bytes)
            bytes.append(UInt8(ascii: "]"))
        case .object(let object) where !object.isEmpty:
            bytes.append(UInt8(ascii: "{"))
            for (position, member) in object.members.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                appendNewline(indent: indent * (level + 1), to: &bytes)
                appendQuoted(member.key, leadingComma: false, trailingColon: true, to: &bytes)
                bytes.append(UInt8(ascii: " "))
                appendPretty(member.value, indent: indent, level: level + 1, to: &bytes)
            }
            appendNewline(indent: indent * level, to: &bytes)
            bytes.append(UInt8(ascii: "}"))
        default:
            // Scalars and empty containers look the same as in compact form.
            var writer = JSONWriter(capacity: 0)
            swap(&writer.bytes, &bytes)
            writer.value(value)
            swap(&writer.bytes, &bytes)
        }
    }

    private static func appendNewline(indent: Int, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
    }
}

// MARK: - Escaping

extension JSONWriter {
    /// Appends up to `maxCount` bytes in one step; `body` writes them and says how many.
    /// Each `Array.append` checks uniqueness and capacity, which was the bulk of the time
    /// for short keys and numbers written byte by byte.
    @inline(__always)
    static func appendBytes(
        to bytes: inout [UInt8], maxCount: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int
    ) {
        bytes.append(addingCapacity: maxCount) { span in
            span.withUnsafeMutableBufferPointer { buffer, initializedCount in
                guard let output = buffer.baseAddress else { return }
                initializedCount = body(output)
            }
        }
    }

    static func appendQuoted(
        _ text: String, leadingComma: Bool, trailingColon: Bool, to bytes: inout [UInt8]
    ) {
        // Native Swift strings are contiguous UTF-8; the copy below happens only for
        // bridged or lazily stored strings.
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { utf8 in
            appendQuoted(utf8, leadingComma: leadingComma, trailingColon: trailingColon, repairingUTF8: false, to: &bytes)
        }
        if done == nil {
            Array(text.utf8).withUnsafeBufferPointer { utf8 in
                appendQuoted(utf8, leadingComma: leadingComma, trailingColon: trailingColon, repairingUTF8: false, to: &bytes)
            }
        }
    }

    /// Appends an optional comma, the quoted and escaped string, and an optional colon.
    /// The separators travel with the string so that the usual string, one with nothing
    /// to escape, costs a single append.
    ///
    /// `repairingUTF8` is a parameter rather than a second function because both share the
    /// same scan; a Swift String is valid by construction and skips the check.
    @inline(__always)
    static func appendQuoted(
        _ utf8: UnsafeBufferPointer<UInt8>, leadingComma: Bool, trailingColon: Bool, repairingUTF8: Bool,
        to bytes: inout [UInt8]
    ) {
        let count = utf8.count
        let firstMarked = StringScan.firstMarkedOffset(
            in: UnsafeRawBufferPointer(utf8), from: 0, includingNonASCII: repairingUTF8)
        if firstMarked == count {
            appendBytes(to: &bytes, maxCount: count + 4) { output in
                var written = 0
                if leadingComma {
                    output[written] = UInt8(ascii: ",")
                    written += 1
                }
                output[written] = UInt8(ascii: "\"")
                written += 1
                if let source = utf8.baseAddress {
                    (output + written).initialize(from: source, count: count)
                    written += count
                }
                output[written] = UInt8(ascii: "\"")
                written += 1
                if trailingColon {
                    output[written] = UInt8(ascii: ":")
                    written += 1
                }
                return written
            }
            return
        }
        if leadingComma { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        appendEscaped(utf8, from: firstMarked, repairingUTF8: repairingUTF8, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
        if trailingColon { bytes.append(UInt8(ascii: ":")) }
    }

    /// Appends the string body from its first byte that needs attention at `firstMarked`:
    /// runs that need no escaping are copied in one go.
    static func appendEscaped(
        _ utf8: UnsafeBufferPointer<UInt8>, from firstMarked: Int, repairingUTF8: Bool, to bytes: inout [UInt8]
    ) {
        let raw = UnsafeRawBufferPointer(utf8)
        let count = utf8.count
        var runStart = 0
        var index = firstMarked
        while index < count {
            let byte = utf8[index]
            if byte >= 0x80 {
                let length = UTF8Validation.sequenceLength(in: utf8, at: index)
                if length > 0 {
                    index += length
                } else {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                    bytes.append(0xEF)  // U+FFFD REPLACEMENT CHARACTER
                    bytes.append(0xBF)
                    bytes.append(0xBD)
                    index += -length
                    runStart = index
                }
            } else {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                appendEscape(for: byte, to: &bytes)
                index += 1
                runStart = index
            }
            index = StringScan.firstMarkedOffset(in: raw, from: index, includingNonASCII: repairingUTF8)
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<count]))
    }

    private static func appendEscape(for byte: UInt8, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        default:
            let hexDigits: StaticString = "0123456789abcdef"
            bytes.append(contentsOf: "u00".utf8)
            bytes.append(hexDigits.utf8Start[Int(byte >> 4)])
            bytes.append(hexDigits.utf8Start[Int(byte & 0x0F)])
        }
    }

    /// Writes the decimal digits of `value` (at most 20 bytes) and returns how many,
    /// without going through a String: ids and counts are in nearly every response.
    @inline(__always)
    static func writeDecimal(_ value: Int64, to output: UnsafeMutablePointer<UInt8>) -> Int {
        var written = 0
        if value < 0 {
            output[0] = UInt8(ascii: "-")
            written = 1
        }
        // magnitude covers Int64.min, whose negation does not fit in Int64.
        var remaining = value.magnitude
        if remaining < 10 {
            output[written] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: remaining)
            return written + 1
        }
        // Two digits per division, from the end of a scratch buffer, then one copy: a ten-digit
        // timestamp takes five steps instead of twenty.
        let pairs = digitPairs.utf8Start
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { scratch in
            let end = scratch.baseAddress! + 20
            var start = end
            while remaining >= 100 {
                let quotient = remaining / 100
                let pair = Int(truncatingIfNeeded: remaining &- quotient &* 100) &* 2
                start -= 2
                start[0] = pairs[pair]
                start[1] = pairs[pair &+ 1]
                remaining = quotient
            }
            if remaining >= 10 {
                let pair = Int(truncatingIfNeeded: remaining) &* 2
                start -= 2
                start[0] = pairs[pair]
                start[1] = pairs[pair &+ 1]
            } else {
                start -= 1
                start[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: remaining)
            }
            let count = end - start
            (output + written).update(from: start, count: count)
            return written + count
        }
    }

    private static let digitPairs: StaticString = """
        00010203040506070809101112131415161718192021222324252627282930313233343536373839\
        40414243444546474849505152535455565758596061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """
}
