import Primitives
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the server gets "now" from. Tests fix it so that golden output is deterministic.
public struct TimeSource: Sendable {
    private let nowMillis: @Sendable () -> Int64

    public init(nowMillis: @escaping @Sendable () -> Int64) { self.nowMillis = nowMillis }

    /// The system's wall clock.
    public static let system = TimeSource {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    /// A clock that stands still at `seconds` past the epoch.
    public static func fixed(seconds: Int64) -> TimeSource { TimeSource { seconds * 1000 } }

    public var millisecondsSinceEpoch: Int64 { nowMillis() }
    public var secondsSinceEpoch: Int64 { nowMillis() / 1000 }
}

/// Makes row ids: UUIDv7 (RFC 9562), sortable by creation time and monotonic within a process.
///
/// Within one millisecond the 12-bit `rand_a` field is used as a counter (RFC 9562, method 1), so
/// ids made in a burst still sort in creation order. A lock keeps that state consistent across threads.
public final class IDGenerator: @unchecked Sendable {
    private let time: TimeSource
    private let lock = ConditionLock()
    private var seeded: SplitMix64?
    private var lastMillis: Int64 = -1
    private var counter: UInt16 = 0

    public init(time: TimeSource = .system, seed: UInt64? = nil) {
        self.time = time
        seeded = seed.map { SplitMix64(seed: $0) }
    }

    private func randomBits() -> UInt64 {
        if seeded != nil { return seeded!.next() }
        var system = SystemRandomNumberGenerator()
        return system.next()
    }

    public func next() -> String {
        lock.lock()
        defer { lock.unlock() }
        var millis = time.millisecondsSinceEpoch
        if millis <= lastMillis {
            millis = lastMillis
            counter &+= 1
            if counter > 0x0FFF {
                // The counter is spent: borrow the next millisecond rather than lose ordering.
                millis += 1
                counter = UInt16(truncatingIfNeeded: randomBits() & 0x01FF)
            }
        } else {
            counter = UInt16(truncatingIfNeeded: randomBits() & 0x01FF)
        }
        lastMillis = millis
        let tail = randomBits()
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: millis >> (40 - 8 * index)) }
        bytes[6] = 0x70 | UInt8(counter >> 8)
        bytes[7] = UInt8(truncatingIfNeeded: counter)
        for index in 8..<16 { bytes[index] = UInt8(truncatingIfNeeded: tail >> (56 - 8 * (index - 8))) }
        bytes[8] = 0x80 | (bytes[8] & 0x3F)
        return Self.format(bytes)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func format(_ bytes: [UInt8]) -> String {
        var text = [UInt8]()
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// A small seeded generator (SplitMix64) for reproducible ids in tests.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
