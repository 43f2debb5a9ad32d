import Dispatch
import Synchronization
import Primitives
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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
    /// Set by the signal handler; read after every line (an atomic load, not a syscall).
    private let stopSignalled = StopFlag()
    private var signalSources: [any DispatchSourceSignal] = []
    /// Gets a copy of every byte read, when the session is recorded.
    private var recorder: SessionRecorder?

    /// How long, in nanoseconds, the input side keeps looking for the next line once everything
    /// received has been answered, before it sleeps until input comes (0: it sleeps at once).
    private let idleSpinNanos: Int64

    /// `idleSpinMicroseconds`: see `ServerOptions.idleSpinUs`. A host that sends its next request
    /// within that time after an answer finds the server awake, which saves the round trip a
    /// process wake-up; the look is a system call that returns at once, repeated.
    public init(inputFD: Int32 = STDIN_FILENO, output: OutputChannel, maxLineBytes: Int, logger: Logger, idleSpinMicroseconds: Int = 0) {
        self.inputFD = inputFD
        self.output = output
        self.maxLineBytes = max(1, maxLineBytes)
        self.logger = logger
        idleSpinNanos = Int64(max(0, min(idleSpinMicroseconds, 1_000_000))) * 1000
    }

    deinit {
        for fd in wakePipe where fd >= 0 { close(fd) }
    }

    /// Serves until end of input, `exit`, or SIGINT/SIGTERM; then waits for every answer and flushes.
    /// `inputEnded` runs once no more input will be read and every call of an open transaction
    /// has run: the server rolls back what is still open, so writes waiting for it go on.
    public func run(_ dispatcher: Dispatcher, inputEnded: () -> Void = {}) {
        installSignalHandlers()
        installWakePipe()
        recorder = dispatcher.options.sessionRecorder
        readLoop(dispatcher)
        output.setInputIdle(true)
        dispatcher.waitForSerialLanes()
        inputEnded()
        dispatcher.drainParked()
        // Stopped by a signal: what was received gets a grace period to finish, then whatever
        // still runs is cancelled (a runaway query must not keep the process alive).
        if signalled() && !dispatcher.waitUntilIdle(milliseconds: stopGraceMs) {
            logger.warning("stopping: cancelling the requests still running after \(stopGraceMs) ms")
            dispatcher.cancelAll()
        }
        dispatcher.waitUntilIdle()
        dispatcher.endSession()
        output.flush()
    }

    /// How long requests may keep running after SIGINT or SIGTERM before they are cancelled.
    private let stopGraceMs: Int64 = 3000

    private func readLoop(_ dispatcher: Dispatcher) {
        var buffer = InputBuffer(initialCapacity: 1 << 16)
        defer { buffer.deallocate() }
        var scanFrom = 0
        var discarding = false
        var knownIdle = false
        // Whether to look for the next line a while before sleeping: only while the host's
        // last turnaround was within that while (a host that pauses longer costs one look).
        var spinNext = idleSpinNanos > 0

        while true {
            if dispatcher.hasParkedLines {
                dispatcher.releaseParked()
                if dispatcher.hasParkedLines {
                    // Still no room: wake when answers have caught up. Meanwhile input is still
                    // read (ping, cancellation and a transaction's commit jump the queue) until
                    // the parking space is full too; then the host's writes block on the full pipe.
                    armWake(dispatcher)
                    if dispatcher.mustPauseInput {
                        // Answers keep going out in large writes: when the buffer fills, and at
                        // least every millisecond while reading is paused (one write each would
                        // cost a system call per answer during a pipelined burst).
                        output.flush()
                        guard waitForWakeOrSignal(flushing: output, everyMs: 1) else { return }
                        continue
                    }
                    // Answers that are ready go out while we keep reading.
                    output.flush()
                }
            }
            // The last line handed over already asked whether more input was waiting; a
            // `false` from just then saves asking again (a poll per request one at a time).
            if knownIdle || !inputIsWaiting() {
                // Nothing more is queued: this is the moment to send what the burst produced
                // (already done when the last line was handed over knowing it was the last).
                if !knownIdle { output.setInputIdle(true) }
                knownIdle = false
                // Only with nothing left to do: a look that keeps a core busy must not take it
                // from the readers and the writer while they still have work.
                let spin = spinNext && dispatcher.isQuiet ? idleSpinNanos : 0
                let idleSince = idleSpinNanos > 0 ? monotonicNanos() : 0
                switch waitForInputWakeOrSignal(lookingFirstFor: spin) {
                case .signal: return
                case .wake: continue
                case .input:
                    if idleSpinNanos > 0 { spinNext = monotonicNanos() - idleSince <= idleSpinNanos }
                }
                output.setInputIdle(false)
            }
            buffer.ensureFreeSpace(1 << 16)
            let requested = buffer.freeSpace.count
            let readCount = readChunk(into: &buffer)
            if readCount < 0 { return }
            if readCount == 0 {
                // End of input: a last line without a newline still counts.
                if !discarding, buffer.count > 0 {
                    if buffer.count > maxLineBytes {
                        dispatcher.receiveOversizedLine(limit: maxLineBytes)
                    } else {
                        dispatcher.receive(line: buffer.bytes)
                    }
                }
                return
            }
            // Hand over every complete line, in place.
            let bytes = buffer.bytes
            var lineStart = 0
            while let newline = Self.indexOfNewline(bytes, from: max(scanFrom, lineStart)) {
                if discarding {
                    discarding = false
                } else if newline - lineStart > maxLineBytes {
                    dispatcher.receiveOversizedLine(limit: maxLineBytes)
                } else {
                    // The last complete line, with nothing after it and nothing more waiting: a quick
                    // read may run on this thread (see `Method.inlineWhenIdle`). A read that
                    // returned one line and less than it could take emptied the pipe just now,
                    // which a poll would only repeat (one system call per request, one at a time).
                    let idleAfter = newline + 1 == bytes.count
                        && ((lineStart == 0 && readCount < requested) || !inputIsWaiting())
                    knownIdle = idleAfter
                    // Its answer, and any other finishing meanwhile, then goes out as soon as it
                    // is made, without waiting in the buffer for the flush that follows.
                    if idleAfter { output.setInputIdle(true) }
                    dispatcher.receive(line: UnsafeRawBufferPointer(rebasing: bytes[lineStart..<newline]), inputIdleAfter: idleAfter)
                    if dispatcher.shouldExit || signalled() { return }
                }
                lineStart = newline + 1
            }
            buffer.consume(lineStart)
            scanFrom = buffer.count
            if buffer.count > maxLineBytes {
                if !discarding {
                    logger.warning("discarding an input line longer than \(maxLineBytes) bytes")
                    dispatcher.receiveOversizedLine(limit: maxLineBytes)
                }
                discarding = true
                buffer.consume(buffer.count)
                scanFrom = 0
            }
        }
    }

    private func readChunk(into buffer: inout InputBuffer) -> Int {
        buffer.ensureFreeSpace(1 << 16)
        while true {
            let result = read(inputFD, buffer.freeSpace.baseAddress, buffer.freeSpace.count)
            if result < 0 && errno == EINTR {
                if signalled() { return -1 }
                continue
            }
            if result < 0 {
                logger.error("reading input failed: \(String(cString: strerror(errno)))")
                return -1
            }
            if let recorder, result > 0 {
                recorder.recordInput(UnsafeRawBufferPointer(rebasing: buffer.freeSpace[0..<result]))
            }
            buffer.count += result
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

    private enum Wakeup { case input, wake, signal }

    /// Blocks until input (or its end) is there, room was made for parked lines, or a signal
    /// asked us to stop; for the first `spinNanos` it looks without sleeping.
    private func waitForInputWakeOrSignal(lookingFirstFor spinNanos: Int64) -> Wakeup {
        var descriptors = (pollfd(fd: signalPipe[0], events: Int16(POLLIN), revents: 0),
                           pollfd(fd: wakePipe[0], events: Int16(POLLIN), revents: 0),
                           pollfd(fd: inputFD, events: Int16(POLLIN), revents: 0))
        let spinUntil = spinNanos > 0 ? monotonicNanos() + spinNanos : 0
        while true {
            let timeout: Int32 = spinUntil > 0 && monotonicNanos() < spinUntil ? 0 : -1
            let result = withUnsafeMutableBytes(of: &descriptors) {
                poll($0.baseAddress!.assumingMemoryBound(to: pollfd.self), 3, timeout)
            }
            if result == 0 { continue }
            if result < 0 && errno == EINTR { continue }
            if descriptors.0.revents != 0 { return .signal }
            if descriptors.1.revents != 0 {
                drainWakePipe()
                return .wake
            }
            return .input
        }
    }

    private func monotonicNanos() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    /// Blocks until room was made for parked lines, flushing `output` every `everyMs`
    /// meanwhile; false when a signal asked us to stop.
    private func waitForWakeOrSignal(flushing output: OutputChannel, everyMs: Int32) -> Bool {
        var descriptors = [pollfd(fd: signalPipe[0], events: Int16(POLLIN), revents: 0),
                           pollfd(fd: wakePipe[0], events: Int16(POLLIN), revents: 0)]
        while true {
            let result = poll(&descriptors, 2, everyMs)
            if result < 0 && errno == EINTR { continue }
            if result == 0 {
                output.flush()
                continue
            }
            if descriptors[0].revents != 0 { return false }
            drainWakePipe()
            return true
        }
    }

    // MARK: Waking the input thread when room is made

    /// Written to (one byte) by the thread whose answer makes room for parked lines.
    private var wakePipe: [Int32] = [-1, -1]

    private func installWakePipe() {
        guard pipe(&wakePipe) == 0 else { fatalError("cannot create a pipe: \(String(cString: strerror(errno)))") }
        for fd in wakePipe { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
    }

    private func armWake(_ dispatcher: Dispatcher) {
        let writeEnd = wakePipe[1]
        dispatcher.whenRoom {
            var byte: UInt8 = 1
            _ = write(writeEnd, &byte, 1)
        }
    }

    private func drainWakePipe() {
        var bytes = [UInt8](repeating: 0, count: 64)
        while read(wakePipe[0], &bytes, bytes.count) > 0 {}
    }

    private func signalled() -> Bool {
        stopSignalled.isSet
    }

    private func installSignalHandlers() {
        guard pipe(&signalPipe) == 0 else {
            signalPipe = [-1, -1]
            return
        }
        let writeEnd = signalPipe[1]
        let flag = stopSignalled
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                // A second signal means now.
                if flag.isSet { _exit(0) }
                flag.set()
                var byte: UInt8 = 1
                _ = write(writeEnd, &byte, 1)
            }
            source.resume()
            signalSources.append(source)
        }
    }
}

/// A flag one thread sets and another polls cheaply.
final class StopFlag: Sendable {
    private let value = Atomic<Bool>(false)
    var isSet: Bool { value.load(ordering: .acquiring) }
    func set() { value.store(true, ordering: .releasing) }
}

/// Bytes read but not yet handed over as lines, in one growable allocation (no zero-filling,
/// no per-byte work: a 100 MB line costs a few large reads and memchr calls).
struct InputBuffer {
    private var storage: UnsafeMutableRawBufferPointer
    var count = 0

    init(initialCapacity: Int) {
        storage = .allocate(byteCount: initialCapacity, alignment: 1)
    }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: storage[0..<count]) }
    var freeSpace: UnsafeMutableRawBufferPointer { UnsafeMutableRawBufferPointer(rebasing: storage[count...]) }

    mutating func ensureFreeSpace(_ minimum: Int) {
        guard storage.count - count < minimum else { return }
        let grown = UnsafeMutableRawBufferPointer.allocate(byteCount: max(storage.count * 2, count + minimum), alignment: 1)
        if count > 0 { grown.baseAddress!.copyMemory(from: storage.baseAddress!, byteCount: count) }
        storage.deallocate()
        storage = grown
    }

    /// Drops the first `prefix` bytes, keeping the rest (an incomplete line) at the start.
    mutating func consume(_ prefix: Int) {
        guard prefix > 0 else { return }
        let rest = count - prefix
        if rest > 0 { storage.baseAddress!.copyMemory(from: storage.baseAddress! + prefix, byteCount: rest) }
        count = rest
        if count == 0 && storage.count > 1 << 20 {
            // Give back the memory a huge line needed.
            storage.deallocate()
            storage = .allocate(byteCount: 1 << 16, alignment: 1)
        }
    }

    func deallocate() { storage.deallocate() }
}

/// The process's stdout: buffered, written with write(2), flushed when the input goes quiet.
///
/// Answers finish on worker threads, so the buffer sits behind a lock. While the input thread is
/// busy with a pipelined burst, answers accumulate and go out in large writes; once it finds no
/// more input waiting it flushes, and answers finishing after that are written at once.
public final class OutputChannel: OutputSink, @unchecked Sendable {
    private let fd: Int32
    private let lock = ConditionLock()
    private var buffer: [UInt8] = []
    private var inputIdle = false
    private let flushThreshold = 1 << 16
    private let directWriteBytes = 1 << 14
    private let onBrokenPipe: @Sendable () -> Void

    public init(fd: Int32 = STDOUT_FILENO, onBrokenPipe: @escaping @Sendable () -> Void) {
        self.fd = fd
        self.onBrokenPipe = onBrokenPipe
        buffer.reserveCapacity(flushThreshold * 2)
    }

    public func send(_ line: [UInt8]) {
        lock.lock()
        defer { lock.unlock() }
        // A line written at once (the input is idle, the buffer is full with it, or it is large
        // enough to be worth a write of its own) goes out from where it lies, after what is
        // buffered, instead of being copied into the buffer first: a page of rows is tens of
        // kilobytes.
        if inputIdle || line.count >= directWriteBytes || buffer.count + line.count >= flushThreshold {
            writeLocked(line)
            return
        }
        buffer.append(contentsOf: line)
        buffer.append(0x0A)
    }

    private static let newline: [UInt8] = [0x0A]

    /// Writes the buffer, then `line` and its newline, in one writev(2) where the pipe takes it all.
    private func writeLocked(_ line: [UInt8]) {
        let complete = buffer.withUnsafeBytes { pending in
            line.withUnsafeBytes { body in
                Self.newline.withUnsafeBytes { end in writeAll(pending, body, end) }
            }
        }
        if !complete { onBrokenPipe() }
        buffer.removeAll(keepingCapacity: true)
    }

    /// False when the host went away (EPIPE) or stdout broke: nobody can read our answers any more.
    private func writeAll(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer, _ third: UnsafeRawBufferPointer) -> Bool {
        withUnsafeTemporaryAllocation(of: iovec.self, capacity: 3) { vectors in
            var count = 0
            func add(_ part: UnsafeRawBufferPointer) {
                guard part.count > 0 else { return }
                vectors[count] = iovec(iov_base: UnsafeMutableRawPointer(mutating: part.baseAddress), iov_len: part.count)
                count += 1
            }
            add(first)
            add(second)
            add(third)
            var next = 0
            while next < count {
                let written = writev(fd, vectors.baseAddress! + next, Int32(count - next))
                if written < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    return false
                }
                // Past the parts written whole, into the one written in part.
                var remaining = written
                while next < count, remaining >= vectors[next].iov_len {
                    remaining -= vectors[next].iov_len
                    next += 1
                }
                if remaining > 0 {
                    vectors[next].iov_base = vectors[next].iov_base.map { $0 + remaining }
                    vectors[next].iov_len -= remaining
                }
            }
            return true
        }
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
