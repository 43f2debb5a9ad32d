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
    /// System randomness fetched 512 bytes at a time: one id needs two 64-bit draws, and one
    /// getrandom(2) call per draw was a tenth of a 1,000-row insert.
    private var pool = [UInt64](repeating: 0, count: 64)
    private var poolIndex = 64
    private var urandom: Int32 = -1

    public init(time: TimeSource = .system, seed: UInt64? = nil) {
        self.time = time
        seeded = seed.map { SplitMix64(seed: $0) }
    }

    deinit {
        if urandom >= 0 { close(urandom) }
    }

    private func randomBits() -> UInt64 {
        if seeded != nil { return seeded!.next() }
        if poolIndex == pool.count {
            refillPool()
            poolIndex = 0
        }
        defer { poolIndex += 1 }
        return pool[poolIndex]
    }

    private func refillPool() {
        let filled: Bool = pool.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return false }
            #if canImport(Glibc)
            // getrandom(2) is not visible to Swift through Glibc; /dev/urandom is the same source.
            if urandom < 0 { urandom = open("/dev/urandom", O_RDONLY | O_CLOEXEC) }
            guard urandom >= 0 else { return false }
            var offset = 0
            while offset < buffer.count {
                let count = read(urandom, base + offset, buffer.count - offset)
                if count <= 0 { return false }
                offset += count
            }
            #else
            arc4random_buf(base, buffer.count)
            #endif
            return true
        }
        if !filled {
            var system = SystemRandomNumberGenerator()
            for index in pool.indices { pool[index] = system.next() }
        }
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
        // Bytes 0-5: milliseconds; 6-7: version 7 and the counter; 8-15: variant and random bits.
        let high = UInt64(millis) << 16 | 0x7000 | UInt64(counter & 0x0FFF)
        let low = tail & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000
        return Self.format(high: high, low: low)
    }

    /// The 36-character text of a UUID given as two big-endian halves, built in one allocation.
    static func format(high: UInt64, low: UInt64) -> String {
        String(unsafeUninitializedCapacity: 36) { text in
            var position = 0
            for index in 0..<16 {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    text[position] = UInt8(ascii: "-")
                    position += 1
                }
                let byte = UInt8(truncatingIfNeeded: (index < 8 ? high : low) >> UInt64(56 - 8 * (index % 8)))
                text[position] = hexDigits[Int(byte >> 4)]
                text[position + 1] = hexDigits[Int(byte & 0x0F)]
                position += 2
            }
            return 36
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
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
