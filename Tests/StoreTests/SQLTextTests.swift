@testable import Store
import Testing

@Suite struct SQLTextTests {
    /// Keys are equal exactly when their bytes are: texts that differ in one byte, in length, in a
    /// trailing byte past the last whole word, or in how an accent is encoded are different keys
    /// (SQLite prepares the bytes: `'é'` and `'e\u{301}'` are different literals to it, though
    /// Swift's `==` calls the two strings equal).
    @Test func keysAreEqualExactlyWhenTheirTextIs() {
        let texts = ["", "a", "SELECT 1", "SELECT 2", "SELECT 1 ", "SELECT * FROM users WHERE id = ?", "SELECT * FROM users WHERE id = ?;",
                     "SELECT * FROM users WHERE id = :", "SELECT 'é'", "SELECT 'e\u{301}'", String(repeating: "x", count: 1000)]
        var cache: [SQLText: Int] = [:]
        for (index, text) in texts.enumerated() { cache[SQLText(text)] = index }
        #expect(cache.count == texts.count)
        for (index, text) in texts.enumerated() {
            // Another String with the same bytes.
            #expect(cache[SQLText(String(decoding: Array(text.utf8), as: UTF8.self))] == index, "\(text)")
        }
        // The same text built another way (not a literal) finds the same entry.
        #expect(cache[SQLText(["SELECT", "*", "FROM", "users", "WHERE", "id", "=", "?"].joined(separator: " "))] == 5)
    }

    @Test func theDigestLooksAtEveryByte() {
        let base = Array("SELECT * FROM users WHERE id = ?".utf8)
        let digest = base.withUnsafeBytes { SQLText.digest(of: $0) }
        for index in base.indices {
            var changed = base
            changed[index] ^= 1
            #expect(changed.withUnsafeBytes { SQLText.digest(of: $0) } != digest, "byte \(index)")
        }
    }

    @Test func anEntryIsFoundByTheBytesOfItsTextOnly() {
        var cache = SQLTextCache<Int>(limit: 100)
        let texts = ["SELECT 'é'", "SELECT 'e\u{301}'", "SELECT * FROM users WHERE id = ?", ""]
        for (index, text) in texts.enumerated() { cache.set(index, for: SQLText(text)) }
        for (index, text) in texts.enumerated() {
            let found = Array(text.utf8).withUnsafeBytes { cache.entry(holding: $0) }
            #expect(found?.value == index, "\(text)")
            #expect(found.map { Array($0.text.utf8) } == Array(text.utf8))
        }
        #expect(Array("SELECT * FROM users WHERE id = ?;".utf8).withUnsafeBytes { cache.entry(holding: $0) } == nil)
        #expect(Array("SELECT * FROM users WHERE id = ".utf8).withUnsafeBytes { cache.entry(holding: $0) } == nil)
    }

    @Test func theCacheFindsWhatWasSetGrowsAndStartsOverWhenFull() {
        var cache = SQLTextCache<Int>(limit: 100)
        for number in 0..<100 { cache.set(number, for: SQLText("SELECT \(number)")) }
        #expect(cache.count == 100)
        for number in 0..<100 { #expect(cache[SQLText("SELECT \(number)")] == number) }
        #expect(cache[SQLText("SELECT 100")] == nil)
        cache.set(-1, for: SQLText("SELECT 7"))
        #expect(cache[SQLText("SELECT 7")] == -1)
        #expect(cache.count == 100)
        // One more than the limit: it starts over with only the new entry.
        cache.set(100, for: SQLText("SELECT 100"))
        #expect(cache.count == 1)
        #expect(cache[SQLText("SELECT 100")] == 100)
        #expect(cache[SQLText("SELECT 1")] == nil)
        cache.removeAll()
        #expect(cache[SQLText("SELECT 100")] == nil)
    }
}
