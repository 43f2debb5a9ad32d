import JSON

/// The opaque `nextCursor` of keyset pagination: the position after the last row returned (its
/// values of every order term, the primary key included), bound to the table and the order.
///
/// On the wire it is base64url (no padding) of a small JSON document followed by an 8-byte
/// checksum of that document. The checksum makes an edited, truncated or corrupted cursor an
/// `invalid_value` error instead of a silently wrong page, and the recorded table and order make
/// a cursor from another listing one too. It is a checksum, not a secret signature: a host that
/// forges a cursor only chooses where its own page starts, with values that are bound, never
/// pasted into SQL. Being keyless, cursors stay valid across server restarts.
public struct KeysetCursor: Sendable, Equatable {
    public var table: String
    /// The effective order (primary key tie-breaker included), as `field:asc:first` terms.
    public var order: [Ordering]
    public var values: [SQLValue]

    public init(table: String, order: [Ordering], values: [SQLValue]) {
        self.table = table
        self.order = order
        self.values = values
    }

    static let version: Int64 = 1

    /// `field:asc:first,...`, appended piece by piece (string interpolation and `joined` cost
    /// several thousand instructions a page).
    static func signature(_ order: [Ordering]) -> String {
        // Built as bytes: appending short strings to a String cost several times as much.
        var text: [UInt8] = []
        text.reserveCapacity(order.reduce(0) { $0 + $1.field.utf8.count + 12 })
        for (index, term) in order.enumerated() {
            if index > 0 { text.append(UInt8(ascii: ",")) }
            text.append(contentsOf: term.field.utf8)
            text.append(contentsOf: term.direction == .asc ? ascending : descending)
            text.append(contentsOf: term.nullsFirst ? nullsFirst : nullsLast)
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static let ascending = Array(":asc:".utf8)
    private static let descending = Array(":desc:".utf8)
    private static let nullsFirst = Array("first".utf8)
    private static let nullsLast = Array("last".utf8)

    public func encoded() -> String {
        var writer = JSONWriter(capacity: 128)
        writer.beginObject()
        writer.key("v"); writer.int(Self.version)
        writer.key("t"); writer.string(table)
        writer.key("o"); writer.string(Self.signature(order))
        writer.key("k")
        writer.beginArray()
        for value in values {
            switch value {
            case .null: writer.null()
            case .integer(let number): writer.int(number)
            // Double's description always has a fraction or exponent, so it reads back as a real.
            case .real(let number): writer.rawNumber(number.isFinite ? number.description : "0.0")
            case .text(let text): writer.string(text)
            case .blob(let bytes):
                writer.beginObject()
                writer.key("b")
                writer.string(Base64URL.encode(bytes))
                writer.endObject()
            }
        }
        writer.endArray()
        writer.endObject()
        var bytes = writer.bytes
        let sum = Self.checksum(bytes)
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: sum >> UInt64(shift))) }
        return Base64URL.encode(bytes)
    }

    /// The position a cursor holds, checked against the listing it is used for.
    public static func decode(_ text: String, table: String, order: [Ordering]) throws -> [SQLValue] {
        let expected = "a nextCursor returned by query.paginate for the same table and order"
        func invalid(_ got: String) -> StoreError { .invalidValue(field: "cursor", expected: expected, got: got) }
        guard let bytes = Base64URL.decode(text), bytes.count > 8 else { throw invalid("text that is not a cursor") }
        let payload = bytes.dropLast(8)
        let sum = bytes.suffix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard sum == checksum(payload) else { throw invalid("a cursor that was altered") }
        guard case .object(let object)? = try? JSONReader.parse(Array(payload)), object["v"]?.int64Value == version,
              case .string(let cursorTable)? = object["t"], case .string(let cursorOrder)? = object["o"],
              case .array(let items)? = object["k"] else {
            throw invalid("a cursor of another version")
        }
        guard cursorTable == table else { throw invalid("a cursor of table \"\(cursorTable)\"") }
        guard cursorOrder == signature(order), items.count == order.count else {
            throw invalid("a cursor for another order (\(cursorOrder))")
        }
        return try items.map { item in
            switch item {
            case .null: return .null
            case .number(let literal):
                if let integer = Int64(literal) { return .integer(integer) }
                if let real = Double(literal) { return .real(real) }
            case .string(let text): return .text(text)
            case .object(let blob):
                if case .string(let encoded)? = blob["b"], let bytes = Base64URL.decode(encoded) { return .blob(bytes) }
            default: break
            }
            throw invalid("a cursor with an unreadable value")
        }
    }

    /// FNV-1a, 64-bit, over a fixed prefix and the payload: cheap, and any edit changes it.
    static func checksum<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in checksumPrefix {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    private static let checksumPrefix = Array("wizdb.cursor".utf8)
}

/// Base64 with the URL-safe alphabet and no padding (RFC 4648 section 5), so a cursor can sit in
/// a URL or a file name as is.
enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        let rest = bytes.count % 3
        let length = bytes.count / 3 * 4 + (rest == 0 ? 0 : rest + 1)
        // Written in place into the String's own storage: appending byte by byte cost three
        // times as much.
        return alphabet.withUnsafeBufferPointer { alphabet in
            bytes.withUnsafeBufferPointer { bytes in
                String(unsafeUninitializedCapacity: length) { output in
                    var index = 0
                    var written = 0
                    while index + 3 <= bytes.count {
                        let chunk = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
                        output[written] = alphabet[Int(chunk >> 18 & 0x3F)]
                        output[written + 1] = alphabet[Int(chunk >> 12 & 0x3F)]
                        output[written + 2] = alphabet[Int(chunk >> 6 & 0x3F)]
                        output[written + 3] = alphabet[Int(chunk & 0x3F)]
                        index += 3
                        written += 4
                    }
                    if rest > 0 {
                        var chunk = UInt32(bytes[index]) << 16
                        if rest == 2 { chunk |= UInt32(bytes[index + 1]) << 8 }
                        output[written] = alphabet[Int(chunk >> 18 & 0x3F)]
                        output[written + 1] = alphabet[Int(chunk >> 12 & 0x3F)]
                        written += 2
                        if rest == 2 {
                            output[written] = alphabet[Int(chunk >> 6 & 0x3F)]
                            written += 1
                        }
                    }
                    return written
                }
            }
        }
    }

    /// Each byte's 6-bit value, or 0xFF for a byte outside the alphabet.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(value) }
        return table
    }()

    static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { input -> [UInt8]? in
            if input.count % 4 == 1 { return nil }
            return values.withUnsafeBufferPointer { table -> [UInt8]? in
                var output: [UInt8] = []
                output.reserveCapacity(input.count * 3 / 4)
                var index = 0
                var invalid: UInt8 = 0
                while index + 4 <= input.count {
                    let a = table[Int(input[index])], b = table[Int(input[index + 1])]
                    let c = table[Int(input[index + 2])], d = table[Int(input[index + 3])]
                    invalid |= a | b | c | d
                    let chunk = UInt32(a & 0x3F) << 18 | UInt32(b & 0x3F) << 12 | UInt32(c & 0x3F) << 6 | UInt32(d & 0x3F)
                    output.append(UInt8(truncatingIfNeeded: chunk >> 16))
                    output.append(UInt8(truncatingIfNeeded: chunk >> 8))
                    output.append(UInt8(truncatingIfNeeded: chunk))
                    index += 4
                }
                let rest = input.count - index
                if rest > 0 {
                    var chunk: UInt32 = 0
                    for offset in 0..<4 {
                        let value = offset < rest ? table[Int(input[index + offset])] : 0
                        invalid |= value
                        chunk = chunk << 6 | UInt32(value & 0x3F)
                    }
                    output.append(UInt8(truncatingIfNeeded: chunk >> 16))
                    if rest > 2 { output.append(UInt8(truncatingIfNeeded: chunk >> 8)) }
                }
                // 0xFF marks a byte outside the alphabet; every valid value is below 64.
                return invalid & 0xC0 == 0 ? output : nil
            }
        }
    }
}
