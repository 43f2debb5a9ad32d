import Foundation
import JSONRPC

/// An output sink that keeps every line in memory, for driving a dispatcher in process.
public final class CapturingOutput: OutputSink, @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [[UInt8]] = []

    public init() {}

    public func send(_ line: [UInt8]) {
        lock.lock()
        stored.append(line)
        lock.unlock()
    }

    public var lines: [[UInt8]] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    public var texts: [String] { lines.map { String(decoding: $0, as: UTF8.self) } }
}
