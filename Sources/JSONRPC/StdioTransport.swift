import Foundation
import Logging

/// Reads newline-delimited JSON-RPC from a file descriptor and hands each line to the dispatcher.
///
/// Runs on the calling thread. Input is read with read(2) into one buffer and lines are scanned in
/// place; a line longer than the limit is answered with an error and skipped without being kept.
/// SIGINT and SIGTERM arrive through a self-pipe that is polled beside the input, so a signal
/// stops the loop between lines, after which everything already received is answered.
public final class StdioTransport {
    private let inputFD: Int32
    private let output: OutputChannel
    private let maxLineBytes: Int
    private let logger: Logger
    private var signalPipe: [Int32] = [-1, -1]
    private var signalSources: [any DispatchSourceSignal] = []

    public init(inputFD: Int32 = STDIN_FILENO, output: OutputChannel, maxLineBytes: Int, logger: Logger) {
        self.inputFD = inputFD
        self.output = output
        self.maxLineBytes = max(1, maxLineBytes)
        self.logger = logger
    }

    /// Serves until end of input, `exit`, or SIGINT/SIGTERM; then waits for every answer and flushes.
    public func run(_ dispatcher: Dispatcher) {
        installSignalHandlers()
        readLoop(dispatcher)
        dispatcher.waitUntilIdle()
        output.flush()
    }

    private func readLoop(_ dispatcher: Dispatcher) {
        let chunkSize = 1 << 16
        var buffer = [UInt8]()
        buffer.reserveCapacity(chunkSize * 2)
        var scanFrom = 0
        var discarding = false

        while true {
            if !inputIsWaiting() {
                // Nothing more is queued: this is the moment to send what the burst produced.
                output.setInputIdle(true)
                guard waitForInputOrSignal() else { return }
                output.setInputIdle(false)
            }
            let readCount = readChunk(into: &buffer, size: chunkSize)
            if readCount < 0 { return }
            if readCount == 0 {
                // End of input: a last line without a newline still counts.
                if !discarding, !buffer.isEmpty { buffer.withUnsafeBytes { dispatcher.receive(line: $0) } }
                return
            }
            // Hand over every complete line.
            var lineStart = 0
            var index = scanFrom
            let stop = buffer.withUnsafeBytes { bytes -> Bool in
                while let newline = Self.indexOfNewline(bytes, from: index) {
                    if discarding {
                        discarding = false
                    } else if newline - lineStart > maxLineBytes {
                        dispatcher.receiveOversizedLine(limit: maxLineBytes)
                    } else {
                        dispatcher.receive(line: UnsafeRawBufferPointer(rebasing: bytes[lineStart..<newline]))
                        if dispatcher.shouldExit || signalled() { return true }
                    }
                    lineStart = newline + 1
                    index = lineStart
                }
                return false
            }
            if stop { return }
            buffer.removeSubrange(0..<lineStart)
            scanFrom = buffer.count
            if buffer.count > maxLineBytes {
                if !discarding {
                    logger.warning("discarding an input line longer than \(maxLineBytes) bytes")
                    dispatcher.receiveOversizedLine(limit: maxLineBytes)
                }
                discarding = true
                buffer.removeAll(keepingCapacity: buffer.capacity <= chunkSize * 4)
                scanFrom = 0
            }
        }
    }

    private func readChunk(into buffer: inout [UInt8], size: Int) -> Int {
        let oldCount = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: size))
        while true {
            let result = buffer.withUnsafeMutableBytes { bytes in
                read(inputFD, bytes.baseAddress! + oldCount, size)
            }
            if result < 0 && errno == EINTR {
                if signalled() { buffer.removeSubrange(oldCount...); return -1 }
                continue
            }
            if result < 0 {
                logger.error("reading input failed: \(String(cString: strerror(errno)))")
                buffer.removeSubrange(oldCount...)
                return -1
            }
            buffer.removeSubrange((oldCount + result)...)
            return result
        }
    }

    private static func indexOfNewline(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard start < bytes.count, let base = bytes.baseAddress else { return nil }
        guard let found = memchr(base + start, 0x0A, bytes.count - start) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }

    // MARK: Polling and signals

    private func inputIsWaiting() -> Bool {
        var descriptor = pollfd(fd: inputFD, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0
    }

    /// Blocks until input (or its end) is there; false when a signal asked us to stop.
    private func waitForInputOrSignal() -> Bool {
        var descriptors = [pollfd(fd: inputFD, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: signalPipe[0], events: Int16(POLLIN), revents: 0)]
        while true {
            let result = poll(&descriptors, nfds_t(signalPipe[0] >= 0 ? 2 : 1), -1)
            if result < 0 && errno == EINTR { continue }
            if descriptors[1].revents != 0 { return false }
            return true
        }
    }

    private func signalled() -> Bool {
        guard signalPipe[0] >= 0 else { return false }
        var descriptor = pollfd(fd: signalPipe[0], events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0
    }

    private func installSignalHandlers() {
        guard pipe(&signalPipe) == 0 else {
            signalPipe = [-1, -1]
            return
        }
        let writeEnd = signalPipe[1]
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                var byte: UInt8 = 1
                _ = write(writeEnd, &byte, 1)
            }
            source.resume()
            signalSources.append(source)
        }
    }
}

/// The process's stdout: buffered, written with write(2), flushed when the input goes quiet.
///
/// Answers finish on worker threads, so the buffer sits behind a lock. While the input thread is
/// busy with a pipelined burst, answers accumulate and go out in large writes; once it finds no
/// more input waiting it flushes, and answers finishing after that are written at once.
public final class OutputChannel: OutputSink, @unchecked Sendable {
    private let fd: Int32
    private let lock = NSLock()
    private var buffer: [UInt8] = []
    private var inputIdle = false
    private let flushThreshold = 1 << 16
    private let onBrokenPipe: @Sendable () -> Void

    public init(fd: Int32 = STDOUT_FILENO, onBrokenPipe: @escaping @Sendable () -> Void) {
        self.fd = fd
        self.onBrokenPipe = onBrokenPipe
        buffer.reserveCapacity(flushThreshold * 2)
    }

    public func send(_ line: [UInt8]) {
        lock.lock()
        defer { lock.unlock() }
        buffer.append(contentsOf: line)
        buffer.append(0x0A)
        if inputIdle || buffer.count >= flushThreshold { flushLocked() }
    }

    func setInputIdle(_ idle: Bool) {
        lock.lock()
        defer { lock.unlock() }
        inputIdle = idle
        if idle { flushLocked() }
    }

    public func flush() {
        lock.lock()
        defer { lock.unlock() }
        flushLocked()
    }

    private func flushLocked() {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { bytes in
                write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            }
            if written < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                // The host went away (EPIPE) or stdout broke: nobody can read our answers any more.
                onBrokenPipe()
                buffer.removeAll()
                return
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
