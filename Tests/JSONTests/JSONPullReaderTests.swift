import JSON
import Testing

@Suite struct JSONPullReaderTests {
    /// Runs `body` on a reader over `text`.
    func reading<T>(_ text: String, _ body: (inout JSONPullReader) -> T) -> T {
        Array(text.utf8).withUnsafeBytes { raw in
            var reader = JSONPullReader(raw)
            return body(&reader)
        }
    }

    @Test func readsAnObjectMemberByMemberAsParseWould() {
        let read = reading(#" { "a" : "x\n\u00e9" , "bb": [1, -2.5e3, true, null], "c": {} } "#) { reader -> [JSONValue]? in
            guard reader.enterObject() == true, reader.key(among: ["a", "bb"]) == 0, let text = reader.scalar(),
                  reader.nextMember() == true, reader.key(among: ["a", "bb"]) == 1, reader.enterArray() == true else { return nil }
            var values = [text]
            repeat {
                guard let value = reader.scalar(), let more = reader.nextElement() else { return nil }
                values.append(value)
                if !more { break }
            } while true
            guard reader.nextMember() == true, reader.key(among: ["a", "bb"]) == 2, reader.enterObject() == false,
                  reader.nextMember() == false, reader.isAtEnd() else { return nil }
            return values
        }
        #expect(read == [.string("x\né"), .number("1"), .number("-2.5e3"), .bool(true), .null])
    }

    @Test func keysAreComparedByTheirBytesAndEscapedOnesAreLeftToParse() {
        #expect(reading(#"{"method":1}"#) { reader in reader.enterObject() == true ? reader.key(among: ["id", "method"]) : nil } == 1)
        #expect(reading(#"{"metho":1}"#) { reader in reader.enterObject() == true ? reader.key(among: ["id", "method"]) : nil } == 2)
        #expect(reading(#"{"m\u0065thod":1}"#) { reader in reader.enterObject() == true ? reader.key(among: ["method"]) : -1 } == nil)
        #expect(reading(#"{"mé":1}"#) { reader in reader.enterObject() == true ? reader.key(among: ["method"]) : -1 } == nil)
        #expect(reading(#"{"m\u0065":1}"#) { reader in reader.enterObject() == true ? reader.key() : nil } == "me")
        #expect(reading(#"{"id" 1}"#) { reader in reader.enterObject() == true ? reader.key(among: ["id"]) : -1 } == nil)
    }

    @Test func aStringIsComparedWithoutBeingMade() {
        #expect(reading(#""2.0""#) { reader in reader.string(equalTo: "2.0") && reader.isAtEnd() })
        #expect(!reading(#""2.00""#) { reader in reader.string(equalTo: "2.0") })
        #expect(!reading(#""2\u002e0""#) { reader in reader.string(equalTo: "2.0") })
        #expect(!reading(#"2.0"#) { reader in reader.string(equalTo: "2.0") })
    }

    @Test func aKnownStringIsTakenAsKeptAndAnythingElseIsMade() {
        let kept = "SELECT * FROM t WHERE id = ?"
        func known(_ bytes: UnsafeRawBufferPointer) -> String? {
            Array(bytes) == Array(kept.utf8) ? kept : nil
        }
        // Found by its bytes: the kept String, and the reader moves past the value.
        #expect(reading(#" "SELECT * FROM t WHERE id = ?" "#) { reader in
            reader.string(knownAs: known).map { ($0, reader.isAtEnd()) }.map { "\($0.0)|\($0.1)" }
        } == "\(kept)|true")
        // Not known, escaped (the same text once unescaped), or not UTF-8 the kept one is: made.
        #expect(reading(#""SELECT 1""#) { reader in reader.string(knownAs: known) } == "SELECT 1")
        #expect(reading(#""SELECT * FROM t WHERE id = \u003f""#) { reader in reader.string(knownAs: known) } == kept)
        #expect(reading(#""é""#) { reader in reader.string(knownAs: known) } == "é")
        // Not a string, or a broken one: nil, and the reader has not moved.
        #expect(reading(#"12"#) { reader in reader.string(knownAs: known) == nil && reader.number() == "12" })
        #expect(reading("\"SELECT\u{01}\"") { reader in reader.string(knownAs: known) } == nil)
        #expect(reading(#""SELECT"#) { reader in reader.string(knownAs: known) } == nil)
    }

    @Test func everyErrorIsNil() {
        // A lone surrogate, a control character, a bad number, a bad literal, a container where
        // a scalar is expected, a trailing comma, bytes that are no UTF-8.
        #expect(reading(#""\ud800""#) { reader in reader.string() } == nil)
        #expect(reading("\"a\u{01}\"") { reader in reader.string() } == nil)
        #expect(reading("01") { reader in reader.scalar() } == nil)
        #expect(reading("nul") { reader in reader.scalar() } == nil)
        #expect(!reading("nul") { reader in reader.null() })
        #expect(reading("[1]") { reader in reader.scalar() } == nil)
        #expect(reading("1") { reader in reader.bool() } == nil)
        #expect(reading("[1,]") { reader in reader.enterArray() == true && reader.scalar() != nil ? reader.nextElement() : false } == nil)
        #expect(reading("1 x") { reader in reader.scalar() != nil && reader.isAtEnd() } == false)
        let invalidUTF8: [UInt8] = [0x22, 0xC3, 0x28, 0x22]
        #expect(invalidUTF8.withUnsafeBytes { raw in
            var reader = JSONPullReader(raw)
            return reader.string()
        } == nil)
    }

    /// Containers deeper than the limit are refused, empty ones too, as `JSONReader.parse` refuses them.
    @Test func theDepthLimitHolds() {
        func read(_ text: String, maxDepth: Int) -> Bool {
            Array(text.utf8).withUnsafeBytes { raw in
                var reader = JSONPullReader(raw, maxDepth: maxDepth)
                guard reader.enterObject() == true, reader.key(among: ["a"]) == 0 else { return false }
                let inner = reader.enterArray()
                guard inner != nil else { return false }
                if inner == true {
                    guard reader.scalar() != nil, reader.nextElement() == false else { return false }
                }
                return reader.nextMember() == false && reader.isAtEnd()
            }
        }
        #expect(read(#"{"a":[1]}"#, maxDepth: 2))
        #expect(!read(#"{"a":[1]}"#, maxDepth: 1))
        #expect(!read(#"{"a":[]}"#, maxDepth: 1))
        #expect(read(#"{"a":[]}"#, maxDepth: 2))
    }
}
