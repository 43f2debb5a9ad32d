import JSON
import Testing
import TestSupport

/// A value and the exact compact text the writer must produce for it.
struct EncodingCase: Sendable, CustomTestStringConvertible {
    let value: JSONValue
    let expected: String
    init(_ value: JSONValue, _ expected: String) {
        self.value = value
        self.expected = expected
    }
    var testDescription: String { expected }
}

let roundTripValues: [JSONValue] = [
    nil, true, false, 0, -1, .number("-0"), .number("1.5e-300"), .number("9007199254740993"),
    "", "plain", "quote \" backslash \\ slash /", "é€😀\u{10FFFF}\u{FEFF}\u{2028}",
    .string(String(decoding: (0..<0x20).map { UInt8($0) }, as: UTF8.self)),
    .string("\u{7F}\u{0}x\u{1F}"),
    [], .object(JSONObject()), [[], [[]], .object(JSONObject())],
    ["a": 1, "b": [true, nil, "x"], "c": ["d": ["e": []]]],
    .object(JSONObject([(key: "dup", value: 1), (key: "dup", value: 2)])),
    ["key\nwith\tcontrols\u{1}": "value\r\n"],
    [
        "jsonrpc": "2.0", "id": 17, "method": "query.get",
        "params": ["table": "users", "id": "0192f3a4-5b6c-7d8e-9f00-112233445566"],
    ],
]

@Suite("JSONWriter")
struct JSONWriterTests {
    @Test("parse(encode(value)) gives the value back", arguments: roundTripValues)
    func roundTrip(_ value: JSONValue) {
        let encoded = JSONWriter.encode(value)
        do {
            let decoded = try JSONReader.parse(encoded)
            #expect(decoded == value, "value \(value): encoded as \(readable(encoded)), read back as \(decoded)")
        } catch {
            Issue.record("value \(value): encoded as \(readable(encoded)), which does not parse: \(error)")
        }
    }

    @Test("exact compact text", arguments: [
        EncodingCase(nil, "null"),
        EncodingCase(true, "true"),
        EncodingCase(false, "false"),
        EncodingCase(.number("1e5"), "1e5"),
        EncodingCase("", #""""#),
        EncodingCase("a\"b\\c/d", #""a\"b\\c/d""#),
        EncodingCase("\n\r\t\u{8}\u{C}", #""\n\r\t\b\f""#),
        EncodingCase("\u{0}\u{1}\u{1F}", #""\u0000\u0001\u001f""#),
        EncodingCase("\u{7F}é€😀\u{2028}", "\"\u{7F}é€😀\u{2028}\""),
        EncodingCase("abcdefgh\"ijklmnopq", #""abcdefgh\"ijklmnopq""#),
        EncodingCase("0192f3a4-5b6c-7d8e-9f00-112233445566", #""0192f3a4-5b6c-7d8e-9f00-112233445566""#),
        EncodingCase([], "[]"),
        EncodingCase(.object(JSONObject()), "{}"),
        EncodingCase([1, "two", [3], ["four": 4]], #"[1,"two",[3],{"four":4}]"#),
        EncodingCase(["b": 1, "a": [nil, true]], #"{"b":1,"a":[null,true]}"#),
        EncodingCase(["k\"": "v"], #"{"k\"":"v"}"#),
        // A marked byte just before the last (overlapping) word must not mark the byte after it.
        EncodingCase("a\u{0} b😀", #""a\u0000 b😀""#),
        EncodingCase("é \"quoted\" \u{0} 😀", #""é \"quoted\" \u0000 😀""#),
        EncodingCase("abcdefg\u{1}  x", #""abcdefg\u0001  x""#),
    ])
    func exactText(_ testCase: EncodingCase) {
        let text = JSONWriter.encodeString(testCase.value)
        #expect(text == testCase.expected, "value \(testCase.value): expected \(testCase.expected), got \(text)")
        #expect(JSONWriter.encode(testCase.value) == Array(testCase.expected.utf8))
    }

    @Test("every control character has its escape", arguments: 0..<0x20)
    func controlCharacter(_ code: Int) {
        let shortForms: [Int: String] = [0x08: #"\b"#, 0x09: #"\t"#, 0x0A: #"\n"#, 0x0C: #"\f"#, 0x0D: #"\r"#]
        let hex = String(code, radix: 16)
        let escape = shortForms[code] ?? #"\u00"# + (hex.count == 1 ? "0" : "") + hex
        var writer = JSONWriter()
        writer.string("a" + String(Character(Unicode.Scalar(UInt8(code)))) + "b")
        let text = String(decoding: writer.bytes, as: UTF8.self)
        #expect(text == "\"a\(escape)b\"", "control 0x\(hex): expected \"a\(escape)b\", got \(text)")
    }

    struct RepairCase: Sendable, CustomTestStringConvertible {
        let bytes: [UInt8]
        let expected: String
        init(_ bytes: [UInt8], _ expected: String) {
            self.bytes = bytes
            self.expected = expected
        }
        var testDescription: String { readable(bytes) }
    }

    @Test("invalid UTF-8 from the database becomes U+FFFD", arguments: [
        RepairCase([0x61, 0xFF, 0x62], "a\u{FFFD}b"),
        RepairCase([0x80], "\u{FFFD}"),
        RepairCase([0xC3], "\u{FFFD}"),
        RepairCase([0xC0, 0x80], "\u{FFFD}\u{FFFD}"),
        RepairCase([0xE2, 0x82], "\u{FFFD}"),
        RepairCase([0xE2, 0x82, 0x41], "\u{FFFD}A"),
        RepairCase([0xE2, 0x82, 0xAC], "€"),
        RepairCase([0xED, 0xA0, 0x80], "\u{FFFD}\u{FFFD}\u{FFFD}"),
        RepairCase([0xF0, 0x80, 0x80], "\u{FFFD}\u{FFFD}\u{FFFD}"),
        RepairCase([0xF0, 0x9F, 0x98], "\u{FFFD}"),
        RepairCase([0xF0, 0x9F, 0x98, 0x80], "😀"),
        RepairCase([0xF4, 0x90, 0x80, 0x80], "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"),
        RepairCase([0xF8, 0x88, 0x80, 0x80, 0x80], "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"),
        RepairCase(Array("abcdefghij".utf8) + [0xFE] + Array("\"\n".utf8), "abcdefghij\u{FFFD}\"\n"),
        RepairCase([0x22, 0xC3, 0xA9, 0x0A, 0xC3], "\"é\n\u{FFFD}"),
        RepairCase([], ""),
    ])
    func repair(_ testCase: RepairCase) throws {
        var writer = JSONWriter()
        testCase.bytes.withUnsafeBufferPointer { writer.string(utf8: $0) }
        let decoded = try JSONReader.parse(writer.bytes)
        #expect(
            decoded == .string(testCase.expected),
            "bytes \(readable(testCase.bytes)): expected \(testCase.expected.debugDescription), got \(readable(writer.bytes))")
        // The same repair as the standard library's, so the two never disagree on a value.
        #expect(testCase.expected == String(decoding: testCase.bytes, as: UTF8.self))
    }

    @Test("repair agrees with String(decoding:) on random bytes")
    func randomRepair() {
        var random = SeededGenerator(seed: 7)
        let palette: [UInt8] = [0x00, 0x0A, 0x22, 0x5C, 0x41, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0,
                                0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF]
        for _ in 0..<20_000 {
            let bytes = (0..<Int(random.next() % 20)).map { _ in palette[Int(random.next() % UInt64(palette.count))] }
            var writer = JSONWriter()
            bytes.withUnsafeBufferPointer { writer.string(utf8: $0) }
            let expected = String(decoding: bytes, as: UTF8.self)
            let decoded = try? JSONReader.parse(writer.bytes)
            if decoded != .string(expected) {
                Issue.record("bytes \(readable(bytes)): wrote \(readable(writer.bytes)), expected \(expected.debugDescription)")
                break
            }
        }
    }

    @Test("the streaming API places every comma")
    func streamingCommas() {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("a")
        writer.int(1)
        writer.key("b")
        writer.beginArray()
        writer.int(1)
        writer.beginObject()
        writer.endObject()
        writer.beginArray()
        writer.endArray()
        writer.null()
        writer.beginArray()
        writer.string("x")
        writer.bool(false)
        writer.endArray()
        writer.endArray()
        writer.key("c")
        writer.raw(Array(#"{"pre":"encoded"}"#.utf8))
        writer.key("d")
        writer.value(["e": [1, 2]])
        writer.key("f")
        writer.double(0.5)
        writer.key("g")
        writer.rawNumber("1e3")
        writer.key("h")
        (Array("invalid ".utf8) + [0xFF]).withUnsafeBufferPointer { writer.string(utf8: $0) }
        writer.key("i")
        Array("[1,2]".utf8).withUnsafeBytes { writer.raw($0) }
        writer.key("j")
        writer.bool(true)
        writer.endObject()
        let expected = #"{"a":1,"b":[1,{},[],null,["x",false]],"c":{"pre":"encoded"},"d":{"e":[1,2]},"f":0.5,"g":1e3,"h":"invalid \#u{FFFD}","i":[1,2],"j":true}"#
        let text = String(decoding: writer.bytes, as: UTF8.self)
        #expect(text == expected, "expected \(expected), got \(text)")
        #expect((try? JSONReader.parse(writer.bytes)) != nil, "\(text) is not valid JSON")
    }

    @Test("raw values get commas like any other")
    func rawValues() {
        var writer = JSONWriter()
        writer.beginArray()
        writer.raw(Array("1".utf8))
        writer.raw(Array(#""two""#.utf8))
        writer.value(nil)
        writer.endArray()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"[1,"two",null]"#)
    }

    @Test("writers append after existing bytes")
    func appendsToBuffer() {
        var writer = JSONWriter(capacity: 0)
        writer.bytes = Array("prefix ".utf8)
        writer.string("x")
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"prefix "x""#)
    }

    struct DoubleCase: Sendable, CustomTestStringConvertible {
        let value: Double
        let expected: String
        init(_ value: Double, _ expected: String) {
            self.value = value
            self.expected = expected
        }
        var testDescription: String { expected }
    }

    @Test("doubles use the shortest round-trip text", arguments: [
        DoubleCase(1.0, "1.0"),
        DoubleCase(-0.0, "-0.0"),
        DoubleCase(0.0, "0.0"),
        DoubleCase(0.1, "0.1"),
        DoubleCase(-2.5, "-2.5"),
        DoubleCase(1e100, "1e+100"),
        DoubleCase(1e-7, "1e-07"),
        DoubleCase(.leastNonzeroMagnitude, "5e-324"),
        DoubleCase(123456789012345680, "1.2345678901234568e+17"),
        DoubleCase(.greatestFiniteMagnitude, "1.7976931348623157e+308"),
        DoubleCase(.nan, "null"),
        DoubleCase(.infinity, "null"),
        DoubleCase(-.infinity, "null"),
    ])
    func doubles(_ testCase: DoubleCase) throws {
        var writer = JSONWriter()
        writer.double(testCase.value)
        let text = String(decoding: writer.bytes, as: UTF8.self)
        #expect(text == testCase.expected, "double \(testCase.value): expected \(testCase.expected), got \(text)")
        #expect(JSONWriter.numberText(testCase.value) == testCase.expected)
        #expect(JSONValue.double(testCase.value) == (testCase.value.isFinite ? .number(testCase.expected) : .null))
        // What we write must read back as a JSON number with the same value.
        let parsed = try JSONReader.parse(writer.bytes)
        if testCase.value.isFinite {
            let back = try #require(parsed.doubleValue, "\(text) did not read back as a number")
            #expect(back == testCase.value && back.sign == testCase.value.sign, "\(text) read back as \(back)")
        } else {
            #expect(parsed == .null)
        }
    }

    @Test("integers, including both ends of Int64", arguments: [
        Int64.min, Int64.min + 1, -1_000_000_007, -10, -9, -1, 0, 1, 9, 10, 99, 100, 999_999_999_999_999_999,
        1_000_000_000_000_000_000, Int64.max - 1, Int64.max,
    ])
    func integers(_ value: Int64) {
        var writer = JSONWriter()
        writer.beginArray()
        writer.int(value)
        writer.int(value)
        writer.endArray()
        let text = String(decoding: writer.bytes, as: UTF8.self)
        #expect(text == "[\(value),\(value)]", "Int64 \(value): got \(text)")
    }

    @Test("pretty printing matches JSON.stringify(value, null, indent)")
    func pretty() {
        let value: JSONValue = [
            "a": 1,
            "b": [1, "two\n", [], .object(JSONObject())],
            "c": ["d": nil, "e": [true]],
        ]
        let expected = """
            {
              "a": 1,
              "b": [
                1,
                "two\\n",
                [],
                {}
              ],
              "c": {
                "d": null,
                "e": [
                  true
                ]
              }
            }
            """
        let text = JSONWriter.pretty(value)
        #expect(text == expected, "expected:\n\(expected)\ngot:\n\(text)")
        #expect((try? JSONReader.parse(text)) == value, "pretty output does not read back as the value")
    }

    @Test("pretty printing of small and odd values", arguments: [
        (JSONValue.object(JSONObject()), 2, "{}"),
        ([], 2, "[]"),
        ("x", 2, #""x""#),
        (.number("1e5"), 2, "1e5"),
        ([1], 2, "[\n  1\n]"),
        (["a": [:]], 4, "{\n    \"a\": {}\n}"),
        (["a": [1]], 0, #"{"a":[1]}"#),
        (["a\"": "é"], 1, "{\n \"a\\\"\": \"é\"\n}"),
    ] as [(JSONValue, Int, String)])
    func prettySmall(_ value: JSONValue, _ indent: Int, _ expected: String) {
        let text = JSONWriter.pretty(value, indent: indent)
        #expect(text == expected, "value \(value), indent \(indent): expected \(expected.debugDescription), got \(text.debugDescription)")
    }
}

@Suite struct DecimalWritingTests {
    /// Integers come out exactly as Swift prints them, at every length and both signs.
    @Test func integersMatchTheirDescription() {
        var values: [Int64] = [0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, 1_767_225_600, Int64.max, Int64.min, Int64.min + 1]
        var power: Int64 = 1
        for _ in 0..<18 {
            power *= 10
            values += [power - 1, power, power + 1, -power, -(power - 1)]
        }
        var seed: UInt64 = 42
        for _ in 0..<2000 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            values.append(Int64(bitPattern: seed) >> (seed % 60))
        }
        for value in values {
            var writer = JSONWriter()
            writer.int(value)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == String(value), "\(value)")
        }
    }
}
