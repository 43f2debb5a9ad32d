#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SQL text as the key of a per-connection cache (prepared statements, the read/write
/// classification): hashed once over its bytes, a word at a time, and compared by its bytes.
/// A `String` key is hashed with SipHash over every byte, and compared through Unicode-aware
/// string comparison, on every lookup; these lookups run for every statement a request runs.
struct SQLText: Hashable, Sendable {
    let text: String
    let digest: UInt64

    init(_ text: String) {
        self.text = text
        digest = Self.withBytes(of: text) { Self.digest(of: $0) }
    }

    /// `body` with the text's UTF-8, read where it lies (a native String's storage) rather than
    /// through a copy of the String: the texts here are shared by every call of a statement, and
    /// each copy counted a reference on them, on every reader at once.
    @inline(__always)
    static func withBytes<R>(of text: String, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) { return result }
        var copy = text
        return copy.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }

    static func == (lhs: SQLText, rhs: SQLText) -> Bool {
        lhs.digest == rhs.digest && sameBytes(lhs.text, rhs.text)
    }

    /// Whether two texts hold the same bytes (not Swift's `==`, which also equates different
    /// encodings of the same characters).
    static func sameBytes(_ lhs: String, _ rhs: String) -> Bool {
        withBytes(of: rhs) { holds(lhs, exactly: $0) }
    }

    /// Whether `text`'s UTF-8 is exactly `bytes`.
    static func holds(_ text: String, exactly bytes: UnsafeRawBufferPointer) -> Bool {
        withBytes(of: text) { stored in
            stored.count == bytes.count && (bytes.count == 0 || memcmp(stored.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
        }
    }

    func hash(into hasher: inout Hasher) { hasher.combine(digest) }

    /// Eight bytes at a time, each word multiplied into the state and folded (the mixing of
    /// wyhash's final step); the seeded `Hasher` then mixes the result once more.
    static func digest(of bytes: UnsafeRawBufferPointer) -> UInt64 {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var offset = 0
        while offset + 8 <= bytes.count {
            state = mix(state ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            tail |= UInt64(bytes[offset]) << shift
            shift += 8
            offset += 1
        }
        return mix(state ^ tail)
    }

    @inline(__always)
    private static func mix(_ value: UInt64) -> UInt64 {
        let product = value.multipliedFullWidth(by: 0xA076_1D64_78BD_642F)
        return product.high ^ product.low
    }
}

/// A small map from SQL text to what a connection keeps for it (a prepared statement, a
/// classification), looked up for every statement a request runs: open addressing on the
/// text's digest, so a lookup costs the digest, an index and one comparison of bytes, with no
/// SipHash round and no Unicode-aware string comparison. Full, it starts over empty.
struct SQLTextCache<Value> {
    private struct Slot {
        let key: SQLText
        var value: Value
    }

    private var slots: [Slot?]
    private var mask: Int
    private(set) var count = 0
    /// How many entries it holds before it starts over.
    let limit: Int

    init(limit: Int) {
        self.limit = max(1, limit)
        slots = Array(repeating: nil, count: 16)
        mask = 15
    }

    subscript(key: SQLText) -> Value? {
        index(digest: key.digest) { SQLText.sameBytes($0, key.text) }.map { slots[$0]!.value }
    }

    /// The entry whose text holds exactly `bytes`, with that text (a lookup by the bytes of a
    /// request, before any String of them is made).
    func entry(holding bytes: UnsafeRawBufferPointer) -> (text: String, value: Value)? {
        index(digest: SQLText.digest(of: bytes)) { SQLText.holds($0, exactly: bytes) }.map { (slots[$0]!.key.text, slots[$0]!.value) }
    }

    /// Where the slot whose key has `digest` and a text that `matches` is (looked at in place:
    /// a copy of each slot probed counted references on its text and value).
    private func index(digest: UInt64, where matches: (String) -> Bool) -> Int? {
        var index = Int(truncatingIfNeeded: digest) & mask
        while let probed = slots[index]?.key.digest {
            if probed == digest && matches(slots[index]!.key.text) { return index }
            index = (index + 1) & mask
        }
        return nil
    }

    /// Adds or replaces the entry for `key`; a cache at its limit is emptied first.
    mutating func set(_ value: Value, for key: SQLText) {
        var index = Int(truncatingIfNeeded: key.digest) & mask
        while let slot = slots[index] {
            if slot.key == key {
                slots[index]?.value = value
                return
            }
            index = (index + 1) & mask
        }
        if count >= limit {
            removeAll()
            return set(value, for: key)
        }
        // At most half full, so that probes stay short: it grows as it fills, up to its limit.
        if (count + 1) * 2 > slots.count {
            grow()
            return set(value, for: key)
        }
        slots[index] = Slot(key: key, value: value)
        count += 1
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: nil, count: old.count * 2)
        mask = slots.count - 1
        for case let slot? in old {
            var index = Int(truncatingIfNeeded: slot.key.digest) & mask
            while slots[index] != nil { index = (index + 1) & mask }
            slots[index] = slot
        }
    }

    mutating func removeAll() {
        for index in slots.indices { slots[index] = nil }
        count = 0
    }
}
