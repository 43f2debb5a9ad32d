/// The secret of one studio run: every request to `/rpc` must carry it. Made fresh at start from
/// the system's cryptographic random source and compared in constant time.
public struct SessionToken: Sendable, CustomStringConvertible {
    public let text: String

    /// 32 random bytes as 64 lowercase hex digits (safe in a URL fragment, a header and a
    /// WebSocket subprotocol name).
    public static func random() -> SessionToken {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        for _ in 0..<32 {
            let byte = UInt8.random(in: .min ... .max, using: &generator)
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return SessionToken(text: String(decoding: bytes, as: UTF8.self))
    }

    public init(text: String) { self.text = text }

    public var description: String { text }

    /// Whether `candidate` is this token. The time taken depends only on the candidate's length,
    /// never on where the first differing byte is, so timing tells an attacker nothing.
    public func matches<Candidate: Collection<UInt8>>(_ candidate: Candidate) -> Bool {
        let expected = Array(text.utf8)
        var difference = UInt8(truncatingIfNeeded: expected.count ^ candidate.count)
        var index = 0
        for byte in candidate {
            difference |= byte ^ expected[index % expected.count]
            index += 1
        }
        return difference == 0 && candidate.count == expected.count
    }
}
