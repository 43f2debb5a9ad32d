import Foundation
@testable import JSONRPC
import Testing

@Suite struct OutputChannelTests {
    /// Lines buffered during a burst, a line larger than the buffer written from where it lies
    /// (through a non-blocking pipe a slow reader drains, so writes stop part way), and lines
    /// written at once when the input is idle: all arrive whole, in order.
    @Test func everyLineArrivesWholeAndInOrder() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        let (readEnd, writeEnd) = (ends[0], ends[1])
        _ = fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK)
        let received = ReceivedBytes()
        let reader = Thread {
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(readEnd, &chunk, chunk.count)
                if count <= 0 { break }
                received.append(chunk[0..<count])
                usleep(50)
            }
        }
        reader.start()

        let channel = OutputChannel(fd: writeEnd) { Issue.record("the pipe broke") }
        let big = [UInt8](repeating: UInt8(ascii: "x"), count: 300_000)
        var expected: [UInt8] = []
        for line in [Array("one".utf8), Array("two".utf8), big, Array("three".utf8)] {
            channel.send(line)
            expected += line + [0x0A]
        }
        channel.setInputIdle(true)
        channel.send(Array("four".utf8))
        expected += Array("four\n".utf8)
        close(writeEnd)
        while !received.hasReceived(atLeast: expected.count) { usleep(1000) }
        close(readEnd)
        #expect(received.bytes == expected)
    }
}

private final class ReceivedBytes: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [UInt8] = []

    func append(_ chunk: ArraySlice<UInt8>) {
        lock.lock()
        stored += chunk
        lock.unlock()
    }

    func hasReceived(atLeast count: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return stored.count >= count
    }

    var bytes: [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
