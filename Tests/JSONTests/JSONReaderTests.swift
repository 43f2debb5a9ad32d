import JSON
import Testing
import TestSupport

// MARK: - Table types

/// How a test input is shown in test names and failure messages: printable ASCII as is,
/// everything else as `\xNN`, so invalid UTF-8 and control bytes stay visible.
func readable(_ bytes: [UInt8]) -> String {
    var text = ""
    for byte in bytes.prefix(80) {
        if byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "\\") {
            text.append(Character(Unicode.Scalar(byte)))
        } else if byte == UInt8(ascii: "\\") {
            text += "\\"
        } else {
            let digits = String(byte, radix: 16, uppercase: true)
            text += "\\x" + (digits.count == 1 ? "0" : "") + digits
        }
    }
    if bytes.count > 80 { text += "... (\(bytes.count) bytes)" }
    return "`" + text + "`"
}

struct ValidCase: Sendable, CustomTestStringConvertible {
    let input: [UInt8]
    let expected: JSONValue
    var maxDepth = 512

    init(_ text: String, _ expected: JSONValue) {
        self.input = Array(text.utf8)
        self.expected = expected
    }

    init(bytes: [UInt8], _ expected: JSONValue) {
        self.input = bytes
        self.expected = expected
    }

    var testDescription: String { readable(input) }
}

struct InvalidCase: Sendable, CustomTestStringConvertible {
    let input: [UInt8]
    let kind: JSONParseError.Kind
    var maxDepth = 512

    init(_ text: String, _ kind: JSONParseError.Kind = .syntax) {
        self.input = Array(text.utf8)
        self.kind = kind
    }

    init(bytes: [UInt8], _ kind: JSONParseError.Kind) {
        self.input = bytes
        self.kind = kind
    }

    var testDescription: String { "\(readable(input)) -> \(kind)" }
}

/// `"` + bytes + `"`: a string literal around raw bytes, for UTF-8 and control cases.
func quoted(_ bytes: [UInt8]) -> [UInt8] { [0x22] + bytes + [0x22] }

func nestedArrays(_ depth: Int, closed: Bool = true) -> [UInt8] {
    Array(repeating: UInt8(ascii: "["), count: depth) + (closed ? Array(repeating: UInt8(ascii: "]"), count: depth) : [])
}

func nestedArrayValue(_ depth: Int) -> JSONValue {
    var value: JSONValue = .array([])
    for _ in 1..<depth { value = .array([value]) }
    return value
}

func nestedObjects(_ depth: Int) -> [UInt8] {
    Array(String(repeating: "{\"a\":", count: depth).utf8) + Array("1".utf8) + Array(repeating: UInt8(ascii: "}"), count: depth)
}

// MARK: - Valid documents

let validDocuments: [ValidCase] = [
    // Literals and top-level scalars.
    ValidCase("null", .null),
    ValidCase("true", .bool(true)),
    ValidCase("false", .bool(false)),
    ValidCase(" \"padded\" ", .string("padded")),
    ValidCase(" \t\n\r[\t1\n]\r ", [1]),
    // Numbers, kept as their literal text.
    ValidCase("0", .number("0")),
    ValidCase("-0", .number("-0")),
    ValidCase("1", .number("1")),
    ValidCase("-1", .number("-1")),
    ValidCase("123456789", .number("123456789")),
    ValidCase("9007199254740993", .number("9007199254740993")),
    ValidCase("-9223372036854775808", .number("-9223372036854775808")),
    ValidCase("18446744073709551616", .number("18446744073709551616")),
    ValidCase("1.5", .number("1.5")),
    ValidCase("-0.0", .number("-0.0")),
    ValidCase("0.5e-3", .number("0.5e-3")),
    ValidCase("1e5", .number("1e5")),
    ValidCase("1E+5", .number("1E+5")),
    ValidCase("1e-5", .number("1e-5")),
    ValidCase("1e05", .number("1e05")),
    ValidCase("0e0", .number("0e0")),
    ValidCase("0E-0", .number("0E-0")),
    ValidCase("1e400", .number("1e400")),
    ValidCase("3.14159265358979323846264338327950288", .number("3.14159265358979323846264338327950288")),
    ValidCase("[-1.5e+10,0.0,10]", [.number("-1.5e+10"), .number("0.0"), 10]),
    // Strings and escapes.
    ValidCase(#""""#, ""),
    ValidCase(#""abc""#, "abc"),
    ValidCase(#""\"""#, "\""),
    ValidCase(#""\\""#, "\\"),
    ValidCase(#""\/""#, "/"),
    ValidCase(#""/""#, "/"),
    ValidCase(#""\b\f\n\r\t""#, "\u{8}\u{C}\n\r\t"),
    ValidCase(#""a\"b""#, "a\"b"),
    ValidCase(#""\\u0041""#, "\\u0041"),
    ValidCase(#""\u0041""#, "A"),
    ValidCase(#""a\u0062c""#, "abc"),
    ValidCase(#""\u00e9\u00E9""#, "éé"),
    ValidCase(#""\u20AC""#, "€"),
    ValidCase(#""\u0000""#, "\u{0}"),
    ValidCase(#""\u001f""#, "\u{1F}"),
    ValidCase(#""\uffff""#, "\u{FFFF}"),
    ValidCase(#""\ud83d\ude00""#, "😀"),
    ValidCase(#""\uD83D\uDE00""#, "😀"),
    ValidCase(#""\uDBFF\uDFFF""#, "\u{10FFFF}"),
    ValidCase(#""\uD800\uDC00""#, "\u{10000}"),
    ValidCase(#""x\ud83d\ude00y\n""#, "x😀y\n"),
    ValidCase(#""abcdefgh\nijklmnop""#, "abcdefgh\nijklmnop"),
    ValidCase("\"é\"", "é"),
    ValidCase("\"€\"", "€"),
    ValidCase("\"😀\"", "😀"),
    ValidCase("\"abcdefghé\"", "abcdefghé"),
    ValidCase(bytes: quoted([0xF4, 0x8F, 0xBF, 0xBF]), .string("\u{10FFFF}")),
    ValidCase(bytes: quoted([0xEF, 0xBB, 0xBF]), .string("\u{FEFF}")),
    ValidCase(bytes: quoted([0x61, 0x7F, 0x62]), .string("a\u{7F}b")),
    // Lengths around the eight-byte scanning step.
    ValidCase(#""1234567""#, "1234567"),
    ValidCase(#""12345678""#, "12345678"),
    ValidCase(#""123456789""#, "123456789"),
    ValidCase(#""0192f3a4-5b6c-7d8e-9f00-112233445566""#, "0192f3a4-5b6c-7d8e-9f00-112233445566"),
    // Arrays and objects.
    ValidCase("[]", []),
    ValidCase("{}", .object(JSONObject())),
    ValidCase("[ ]", []),
    ValidCase("{ \n }", .object(JSONObject())),
    ValidCase("[1,2,3]", [1, 2, 3]),
    ValidCase("[ 1 , 2 ]", [1, 2]),
    ValidCase("[[[]]]", [[[]]]),
    ValidCase("[1,[2,[3,[4]]]]", [1, [2, [3, [4]]]]),
    ValidCase(#"[null,true,false,"x",1.5,{},[]]"#, [nil, true, false, "x", .number("1.5"), .object(JSONObject()), []]),
    ValidCase(#"{"a":1}"#, ["a": 1]),
    ValidCase(#"{ "a" : 1 , "b" : 2 }"#, ["a": 1, "b": 2]),
    ValidCase(#"{"a":{"b":[1,{"c":null}]}}"#, ["a": ["b": [1, ["c": nil]]]]),
    ValidCase(#"{"a":1,"a":2}"#, .object(JSONObject([(key: "a", value: 1), (key: "a", value: 2)]))),
    ValidCase(#"{"":0}"#, ["": 0]),
    ValidCase(#"{"\u0041":1}"#, ["A": 1]),
    ValidCase(#"{"clé":"valeur"}"#, ["clé": "valeur"]),
    ValidCase(#"{"k":"v","arr":[{"x":[]}]}"#, ["k": "v", "arr": [["x": []]]]),
    ValidCase(
        #"{"jsonrpc":"2.0","id":17,"method":"query.get","params":{"table":"users","id":"0192f3a4-5b6c-7d8e-9f00-112233445566"}}"#,
        [
            "jsonrpc": "2.0", "id": 17, "method": "query.get",
            "params": ["table": "users", "id": "0192f3a4-5b6c-7d8e-9f00-112233445566"],
        ]),
    // Depth: exactly at the limit is fine.
    ValidCase(bytes: nestedArrays(512), nestedArrayValue(512)),
    { var c = ValidCase("[1]", [1]); c.maxDepth = 1; return c }(),
    { var c = ValidCase("\"scalar\"", "scalar"); c.maxDepth = 0; return c }(),
    { var c = ValidCase("[[]]", [[]]); c.maxDepth = 2; return c }(),
]

// MARK: - Invalid documents

let invalidDocuments: [InvalidCase] = [
    // Nothing there.
    InvalidCase(""),
    InvalidCase("   "),
    InvalidCase(" \n\t\r "),
    // Numbers.
    InvalidCase("01"),
    InvalidCase("-01"),
    InvalidCase("00"),
    InvalidCase("1."),
    InvalidCase(".5"),
    InvalidCase("-.5"),
    InvalidCase("[.5]"),
    InvalidCase("+1"),
    InvalidCase("1e"),
    InvalidCase("1e+"),
    InvalidCase("1E-"),
    InvalidCase("1.e5"),
    InvalidCase("1e5.5"),
    InvalidCase("-"),
    InvalidCase("--1"),
    InvalidCase("0x10"),
    InvalidCase("NaN"),
    InvalidCase("Infinity"),
    InvalidCase("-Infinity"),
    InvalidCase("1_000"),
    // Literals.
    InvalidCase("tru"),
    InvalidCase("True"),
    InvalidCase("nul"),
    InvalidCase("nulll"),
    InvalidCase("nulltrue"),
    InvalidCase("undefined"),
    // Structure.
    InvalidCase("[1,]"),
    InvalidCase(#"{"a":1,}"#),
    InvalidCase("[1,,2]"),
    InvalidCase("[,1]"),
    InvalidCase("{,}"),
    InvalidCase("[1 2]"),
    InvalidCase(#"{"a" 1}"#),
    InvalidCase(#"{"a"::1}"#),
    InvalidCase(#"{"a":1 "b":2}"#),
    InvalidCase("{a:1}"),
    InvalidCase("{1:2}"),
    InvalidCase("{'a':1}"),
    InvalidCase("'a'"),
    InvalidCase("["),
    InvalidCase("[1"),
    InvalidCase("{"),
    InvalidCase(#"{"a""#),
    InvalidCase(#"{"a":"#),
    InvalidCase(#"{"a":1"#),
    InvalidCase("]"),
    InvalidCase("}"),
    InvalidCase("[1]]"),
    InvalidCase(#"{"a":1}}"#),
    InvalidCase(#"{"a":1]"#),
    InvalidCase("[1}"),
    // Comments and trailing garbage.
    InvalidCase("[\"a\" // comment\n]"),
    InvalidCase("/* comment */ 1"),
    InvalidCase("1 // comment"),
    InvalidCase("[1] x"),
    InvalidCase("1 2"),
    InvalidCase("{} {}"),
    InvalidCase("\"a\"\"b\""),
    // Whitespace that RFC 8259 does not allow.
    InvalidCase(bytes: [0xEF, 0xBB, 0xBF] + Array("{}".utf8), .syntax),
    InvalidCase(bytes: [0xC2, 0xA0] + Array("1".utf8), .syntax),
    InvalidCase(bytes: [0x0C] + Array("1".utf8), .syntax),
    InvalidCase(bytes: Array("[1,".utf8) + [0x0B] + Array("2]".utf8), .syntax),
    InvalidCase(bytes: [0xC3, 0xA9], .syntax),
    InvalidCase(bytes: Array("1".utf8) + [0x00], .syntax),
    // Strings.
    InvalidCase(#""abc"#),
    InvalidCase(#""\"#),
    InvalidCase(#""\""#),
    InvalidCase(#""abcdefghijklmnop"#),
    InvalidCase(#""\x""#),
    InvalidCase(#""\U0041""#),
    InvalidCase(#""\'""#),
    InvalidCase(#""\u""#),
    InvalidCase(#""\u004""#),
    InvalidCase(#""\u00G1""#),
    InvalidCase(#""\ud800""#, .loneSurrogate),
    InvalidCase(#""\udc00""#, .loneSurrogate),
    InvalidCase(#""\udfff""#, .loneSurrogate),
    InvalidCase(#""\ud800\u0041""#, .loneSurrogate),
    InvalidCase(#""\ud800\ud800""#, .loneSurrogate),
    InvalidCase(#""\ud800x""#, .loneSurrogate),
    InvalidCase(#""\ud800\n""#, .loneSurrogate),
    InvalidCase(#""\ud800\u""#),
    InvalidCase(#""\ude00\ud83d""#, .loneSurrogate),
    InvalidCase(bytes: quoted(Array("a\tb".utf8)), .syntax),
    InvalidCase(bytes: quoted(Array("a\nb".utf8)), .syntax),
    InvalidCase(bytes: quoted([0x00]), .syntax),
    InvalidCase(bytes: quoted([0x1F]), .syntax),
    InvalidCase(bytes: quoted(Array("abcdefghij\r".utf8)), .syntax),
    // Invalid UTF-8, inside strings, in keys and outside strings.
    InvalidCase(bytes: quoted([0xFF]), .invalidUTF8),
    InvalidCase(bytes: quoted([0xFE]), .invalidUTF8),
    InvalidCase(bytes: quoted([0x80]), .invalidUTF8),
    InvalidCase(bytes: quoted([0xBF]), .invalidUTF8),
    InvalidCase(bytes: quoted([0xC0, 0x80]), .invalidUTF8),
    InvalidCase(bytes: quoted([0xC1, 0xBF]), .invalidUTF8),
    InvalidCase(bytes: quoted([0xE0, 0x80, 0x80]), .invalidUTF8),
    InvalidCase(bytes: quoted([0xE0, 0x9F, 0xBF]), .invalidUTF8),
    InvalidCase(bytes: quoted([0xF0, 0x80, 0x80, 0x80]), .invalidUTF8),
    InvalidCase(bytes: quoted([0xF0, 0x8F, 0xBF, 0xBF]), .invalidUTF8),
    InvalidCase(bytes: quoted([0xED, 0xA0, 0x80]), .invalidUTF8),
    InvalidCase(bytes: quoted([0xED, 0xBF, 0xBF]), .invalidUTF8),
    InvalidCase(bytes: quoted([0xF4, 0x90, 0x80, 0x80]), .invalidUTF8),
    InvalidCase(bytes: quoted([0xF5, 0x80, 0x80, 0x80]), .invalidUTF8),
    InvalidCase(bytes: quoted([0xF8, 0x88, 0x80, 0x80, 0x80]), .invalidUTF8),
    InvalidCase(bytes: quoted([0xC3]), .invalidUTF8),
    InvalidCase(bytes: quoted([0xE2, 0x82]), .invalidUTF8),
    InvalidCase(bytes: quoted([0xF0, 0x9F, 0x98]), .invalidUTF8),
    InvalidCase(bytes: quoted([0xE2, 0x82, 0x41]), .invalidUTF8),
    InvalidCase(bytes: [0x22, 0xE2, 0x82], .invalidUTF8),
    InvalidCase(bytes: quoted(Array("abcdefghij".utf8) + [0xFF]), .invalidUTF8),
    InvalidCase(bytes: Array(#"{"a"#.utf8) + [0xFF] + Array(#"":1}"#.utf8), .invalidUTF8),
    InvalidCase(bytes: [0xFF], .invalidUTF8),
    InvalidCase(bytes: Array("[1,".utf8) + [0xFF] + Array("]".utf8), .invalidUTF8),
    // Ill-formed UTF-8 wins over an earlier grammar error: such input is not JSON text at all.
    InvalidCase(bytes: Array("[1 2 ".utf8) + [0xC0, 0xAF] + Array("]".utf8), .invalidUTF8),
    // Depth.
    InvalidCase(bytes: nestedArrays(513), .tooDeep),
    InvalidCase(bytes: nestedObjects(513), .tooDeep),
    InvalidCase(bytes: nestedArrays(100_000, closed: false), .tooDeep),
    InvalidCase(bytes: Array(String(repeating: "[{\"k\":", count: 300).utf8), .tooDeep),
    { var c = InvalidCase("[]", .tooDeep); c.maxDepth = 0; return c }(),
    { var c = InvalidCase("{}", .tooDeep); c.maxDepth = 0; return c }(),
    { var c = InvalidCase("[[]]", .tooDeep); c.maxDepth = 1; return c }(),
    { var c = InvalidCase(#"{"a":{}}"#, .tooDeep); c.maxDepth = 1; return c }(),
]

// MARK: - Tests

@Suite("JSONReader")
struct JSONReaderTests {
    @Test("the tables are as large as promised")
    func tableSizes() {
        #expect(validDocuments.count >= 60, "only \(validDocuments.count) valid documents")
        #expect(invalidDocuments.count >= 60, "only \(invalidDocuments.count) invalid documents")
    }

    @Test("valid documents", arguments: validDocuments)
    func valid(_ testCase: ValidCase) {
        do {
            let value = try JSONReader.parse(testCase.input, maxDepth: testCase.maxDepth)
            #expect(
                value == testCase.expected,
                "input \(readable(testCase.input)): expected \(testCase.expected), got \(value)")
        } catch {
            Issue.record("input \(readable(testCase.input)): expected \(testCase.expected), got error \(error)")
        }
    }

    @Test("invalid documents", arguments: invalidDocuments)
    func invalid(_ testCase: InvalidCase) {
        do {
            let value = try JSONReader.parse(testCase.input, maxDepth: testCase.maxDepth)
            Issue.record("input \(readable(testCase.input)): expected a \(testCase.kind) error, got \(value)")
        } catch {
            #expect(
                error.kind == testCase.kind,
                "input \(readable(testCase.input)): expected a \(testCase.kind) error, got \(error.kind): \(error)")
            #expect(
                error.offset >= 0 && error.offset <= testCase.input.count,
                "input \(readable(testCase.input)): offset \(error.offset) outside the input")
            #expect(!error.message.isEmpty, "input \(readable(testCase.input)): empty message")
        }
    }

    struct Located: Sendable, CustomTestStringConvertible {
        let input: [UInt8]
        let kind: JSONParseError.Kind
        let offset: Int
        let message: String
        init(_ text: String, _ kind: JSONParseError.Kind, at offset: Int, _ message: String) {
            self.init(bytes: Array(text.utf8), kind, at: offset, message)
        }
        init(bytes: [UInt8], _ kind: JSONParseError.Kind, at offset: Int, _ message: String) {
            self.input = bytes
            self.kind = kind
            self.offset = offset
            self.message = message
        }
        var testDescription: String { readable(input) }
    }

    @Test("errors say what and where", arguments: [
        Located("", .syntax, at: 0, "empty input"),
        Located("  ", .syntax, at: 2, "found only whitespace"),
        Located("[1,]", .syntax, at: 3, "trailing comma"),
        Located(#"{"a":1,}"#, .syntax, at: 7, "trailing comma"),
        Located(#"{"a" 1}"#, .syntax, at: 5, "expected ':' after object key"),
        Located("[1 2]", .syntax, at: 3, "expected ',' or ']'"),
        Located(#""abc"#, .syntax, at: 0, "unterminated string"),
        Located("[1", .syntax, at: 2, "unterminated array"),
        Located("01", .syntax, at: 1, "leading zero"),
        Located("1.", .syntax, at: 2, "decimal point"),
        Located("1e", .syntax, at: 2, "exponent"),
        Located("1 x", .syntax, at: 2, "found 'x'"),
        Located("tru", .syntax, at: 0, "'true'"),
        Located(#""\ud800""#, .loneSurrogate, at: 1, "surrogate"),
        Located(#""\ud800\u0041""#, .loneSurrogate, at: 7, "surrogate"),
        Located(#""ab\q""#, .syntax, at: 3, "invalid escape"),
        Located(bytes: quoted([0x61, 0x0A]), .syntax, at: 2, "control character"),
        Located(bytes: [0x22, 0x61, 0x62, 0xFF, 0x22], .invalidUTF8, at: 3, "invalid UTF-8 at byte 3"),
        Located(bytes: Array("[1 2 ".utf8) + [0xFF], .invalidUTF8, at: 5, "invalid UTF-8 at byte 5"),
        Located(bytes: nestedArrays(513), .tooDeep, at: 512, "nesting deeper than 512 levels"),
    ])
    func located(_ testCase: Located) {
        do {
            let value = try JSONReader.parse(testCase.input)
            Issue.record("input \(readable(testCase.input)): expected an error, got \(value)")
        } catch {
            #expect(
                error.kind == testCase.kind && error.offset == testCase.offset,
                "input \(readable(testCase.input)): expected \(testCase.kind) at \(testCase.offset), got \(error.kind) at \(error.offset) (\(error.message))")
            #expect(
                error.message.contains(testCase.message),
                "input \(readable(testCase.input)): message \"\(error.message)\" lacks \"\(testCase.message)\"")
        }
    }

    @Test("the depth limit follows maxDepth")
    func customDepth() throws {
        let deep = nestedArrays(2_000)
        #expect(throws: JSONParseError.self) { try JSONReader.parse(deep) }
        #expect(try JSONReader.parse(deep, maxDepth: 2_000) == nestedArrayValue(2_000))
        do {
            _ = try JSONReader.parse(deep, maxDepth: 1_999)
            Issue.record("2,000 nested arrays with maxDepth 1,999: expected tooDeep")
        } catch {
            #expect(error.kind == .tooDeep && error.message == "nesting deeper than 1999 levels", "\(error)")
        }
    }

    @Test("duplicate keys stay in order and lookups take the last")
    func duplicateKeys() throws {
        let value = try JSONReader.parse(#"{"a":1,"b":2,"a":3}"#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["a", "b", "a"])
        #expect(object["a"] == 3)
        #expect(object["b"] == 2)
    }

    @Test("String, byte array and raw buffer give the same result")
    func entryPoints() throws {
        let text = #"{"id":1,"s":"é\n","a":[true,null]}"#
        let bytes = Array(text.utf8)
        let fromText = try JSONReader.parse(text)
        let fromBytes = try JSONReader.parse(bytes)
        let fromBuffer = try bytes.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) -> JSONValue in try JSONReader.parse(raw) }
        }.get()
        #expect(fromText == fromBytes && fromBytes == fromBuffer)
        #expect(fromText == ["id": 1, "s": "é\n", "a": [true, nil]])
    }

    @Test("an empty raw buffer is an error, not a crash")
    func emptyBuffer() {
        #expect(throws: JSONParseError.self) { try JSONReader.parse(UnsafeRawBufferPointer(start: nil, count: 0)) }
    }

    @Test("a slice in the middle of a buffer reads no byte outside it")
    func bufferSlice() throws {
        // The bytes around the slice would end the string or break the grammar if read.
        let bytes = Array(#"""abcdefghijklmnopqrstuvw"x"#.utf8)
        let value = try bytes.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) -> JSONValue in
                try JSONReader.parse(UnsafeRawBufferPointer(rebasing: raw[1..<26]))
            }
        }.get()
        #expect(value == "abcdefghijklmnopqrstuvw")
        let unterminated = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) -> JSONValue in
                try JSONReader.parse(UnsafeRawBufferPointer(rebasing: raw[1..<25]))
            }
        }
        #expect(throws: JSONParseError.self) { try unterminated.get() }
    }

    /// Every string of random bytes between quotes: the reader must accept it exactly when
    /// Swift's own validator does (and no quote, backslash or control byte is inside), and
    /// then give the same text.
    @Test("UTF-8 validation agrees with the standard library on random bytes")
    func randomUTF8() {
        var random = SeededGenerator(seed: 0x5EED)
        // Bytes biased to the interesting ranges: lead bytes, continuations, ASCII.
        let palette: [UInt8] = [0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
                                0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        for _ in 0..<20_000 {
            let length = Int(random.next() % 12)
            let body = (0..<length).map { _ in palette[Int(random.next() % UInt64(palette.count))] }
            let input = quoted(body)
            let expected = String(validating: body, as: UTF8.self)
            // One failing input is enough to see the bug; stop rather than flood the log.
            do {
                let value = try JSONReader.parse(input)
                guard let expected, value == .string(expected) else {
                    Issue.record("input \(readable(input)): accepted as \(value), standard library says \(String(describing: expected))")
                    break
                }
            } catch {
                guard expected == nil, error.kind == .invalidUTF8 else {
                    Issue.record("input \(readable(input)): rejected with \(error), standard library says \(String(describing: expected))")
                    break
                }
            }
        }
    }

    /// Mutated copies of a valid document: parsing must never crash, and whatever it
    /// accepts must survive a trip through the writer unchanged.
    @Test("mutated documents either fail cleanly or round-trip")
    func mutations() {
        var random = SeededGenerator(seed: 42)
        let seed = Array(#"{"a":[1,-2.5e3,true,null,"x\"\u00e9\ud83d\ude00"],"b":{"c":"é"}}"#.utf8)
        let alphabet = Array(#"{}[]:,"\-+.eE0123456789 tfnu"#.utf8) + [0x00, 0x1F, 0x80, 0xC3, 0xE2, 0xF0, 0xFF]
        for _ in 0..<20_000 {
            var input = seed
            for _ in 0...(random.next() % 3) {
                let position = Int(random.next() % UInt64(input.count))
                switch random.next() % 3 {
                case 0: input[position] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                case 1: input.remove(at: position)
                default: input.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: position)
                }
                if input.isEmpty { break }
            }
            guard let value = try? JSONReader.parse(input) else { continue }
            let again = try? JSONReader.parse(JSONWriter.encode(value))
            if again != value {
                Issue.record("input \(readable(input)): parsed as \(value), re-read as \(String(describing: again))")
                break
            }
        }
    }
}

/// Text with lone surrogates is refused by `parse`, but can be read with each one replaced, so
/// a server can name the damaged field instead of refusing the whole request.
@Suite struct LoneSurrogateTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let text: String
        let value: JSONValue
        let damaged: [[JSONReader.PathComponent]]
        var testDescription: String { text }
    }

    static let cases: [Case] = [
        Case(text: #""\ud800""#, value: "\u{FFFD}", damaged: [[]]),
        Case(text: #"{"a":"x\udc00y"}"#, value: ["a": "x\u{FFFD}y"], damaged: [[.key("a")]]),
        // The escape after a high surrogate that is not a low one is read on its own.
        Case(text: #"["ok","\ud800\u0041",{"b":["\ude00\ud83d\ude00"]}]"#,
             value: ["ok", "\u{FFFD}A", ["b": ["\u{FFFD}😀"]]],
             damaged: [[.index(1)], [.index(2), .key("b"), .index(0)]]),
        Case(text: #"{"p":"\ud800\ud800\udc00"}"#, value: ["p": "\u{FFFD}\u{10000}"], damaged: [[.key("p")]]),
    ]

    @Test(arguments: cases)
    func replacedAndReported(_ item: Case) throws {
        #expect(throws: JSONParseError.self) { try JSONReader.parse(item.text) }
        var text = item.text
        let read = try text.withUTF8 { try JSONReader.parseReplacingLoneSurrogates(UnsafeRawBufferPointer($0)) }
        #expect(read.value == item.value)
        #expect(read.damaged == item.damaged)
    }

    @Test func otherErrorsStayErrors() {
        var text = #"{"a":"\ud800",}"#
        #expect(throws: JSONParseError.self) {
            try text.withUTF8 { try JSONReader.parseReplacingLoneSurrogates(UnsafeRawBufferPointer($0)) }
        }
    }
}

@Suite struct ObjectSkimTests {
    func skim(_ text: String) -> ObjectSkim? {
        Array(text.utf8).withUnsafeBytes { JSONReader.skimObject($0) }
    }

    @Test func findsMethodIdAndParamsWithoutBuildingTheRest() throws {
        let text = #" {"jsonrpc":"2.0","params":{"sql":"SELECT \"x\", '}' FROM t","params":[1,-2.5e3,true,null,{"a":[[]]}]},"id":7,"method":"query.sql"} "#
        let found = try #require(skim(text))
        #expect(found.method == "query.sql")
        #expect(found.id == .number("7"))
        let params = try #require(found.params)
        let bytes = Array(text.utf8)
        #expect(String(decoding: bytes[params], as: UTF8.self) == #"{"sql":"SELECT \"x\", '}' FROM t","params":[1,-2.5e3,true,null,{"a":[[]]}]}"#)
    }

    @Test func theLastOfRepeatedMembersCountsAsInParse() throws {
        let found = try #require(skim(#"{"method":"a","id":"x","method":"b","id":null}"#))
        #expect(found.method == "b")
        #expect(found.id == .null)
        #expect(skim(#"{"method":7}"#)?.method == nil)
        #expect(skim("{}") != nil)
    }

    /// A key written with escapes, or with other bytes than ASCII, names the member it spells.
    @Test func keysMeanWhatTheySpell() throws {
        let found = try #require(skim(#"{"m\u0065thod":"a","\u0069d":3,"para\u006ds":[1],"méthod":"b","methods":"c"}"#))
        #expect(found.method == "a")
        #expect(found.id == .number("3"))
        #expect(found.params != nil)
    }

    /// Text that is no object, or that the skim cannot step through, is left to `parse`.
    @Test func refusesWhatItCannotStepThrough() {
        for text in [#"[{"method":"a"}]"#, #""text""#, "{", #"{"method":"a""#, #"{"method":"a",}"#, #"{"a":[1,2}"#,
                     #"{"a":1 "b":2}"#, #"{"id":{"x":1}}"#, #"{"a":"unterminated}"#, #"{"a":1} x"#, "{\"a\":\"\u{1}\"}", #"{"a":]}"#] {
            #expect(skim(text) == nil, "\(text)")
        }
    }
}
