import Foundation

/// A wizdb process driven as a host drives it: requests written to its stdin while a thread of
/// our own reads every line it answers, so neither side can stall on a full pipe.
public final class HostProcess: @unchecked Sendable {
    public let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private let condition = NSCondition()
    private var lines: [(text: String, arrived: Date)] = []
    private var head = 0
    private var ended = false
    private var errorText = ""

    public init(arguments: [String], in directory: String, environment: [String: String] = [:]) throws {
        // Writing to a process that has exited must fail with EPIPE, not kill the caller.
        signal(SIGPIPE, SIG_IGN)
        process.executableURL = URL(fileURLWithPath: WizDBBinary.path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputHandle = output.fileHandleForReading
        Thread.detachNewThread { [self] in readLines(from: outputHandle) }
        let errorHandle = errors.fileHandleForReading
        Thread.detachNewThread { [self] in
            let data = errorHandle.readDataToEndOfFile()
            condition.lock()
            errorText = String(decoding: data, as: UTF8.self)
            condition.unlock()
        }
    }

    /// Splits what the process writes into lines as it arrives, noting when each arrived; new
    /// bytes only are scanned (memchr), so a multi-megabyte answer costs no more than its size.
    private func readLines(from handle: FileHandle) {
        var pending: [UInt8] = []
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            let arrived = Date()
            let scanFrom = pending.count
            pending.append(contentsOf: chunk)
            var complete: [(String, Date)] = []
            let consumed = pending.withUnsafeBytes { bytes -> Int in
                guard let base = bytes.baseAddress else { return 0 }
                var start = 0
                var position = scanFrom
                while position < bytes.count, let found = memchr(base + position, 0x0A, bytes.count - position) {
                    let newline = base.distance(to: UnsafeRawPointer(found))
                    complete.append((String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<newline]), as: UTF8.self), arrived))
                    start = newline + 1
                    position = start
                }
                return start
            }
            if consumed > 0 { pending.removeFirst(consumed) }
            if !complete.isEmpty {
                condition.lock()
                lines.append(contentsOf: complete)
                condition.broadcast()
                condition.unlock()
            }
        }
        condition.lock()
        if !pending.isEmpty { lines.append((String(decoding: pending, as: UTF8.self), Date())) }
        ended = true
        condition.broadcast()
        condition.unlock()
    }

    /// Writes `text` and a newline; false when the process no longer reads.
    @discardableResult
    public func send(_ text: String) -> Bool { send(bytes: Array(text.utf8) + [0x0A]) }

    @discardableResult
    public func send(bytes: [UInt8]) -> Bool {
        do {
            try input.fileHandleForWriting.write(contentsOf: Data(bytes))
            return true
        } catch {
            return false
        }
    }

    /// The next line answered, waiting at most `timeout` seconds; nil at the end of output or timeout.
    public func nextLine(timeout: TimeInterval = 10) -> String? { nextTimedLine(timeout: timeout)?.text }

    /// The next line and when it arrived (read from the pipe, not when it is taken here).
    public func nextTimedLine(timeout: TimeInterval = 10) -> (text: String, arrived: Date)? {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while head == lines.count && !ended {
            if !condition.wait(until: deadline) { return nil }
        }
        guard head < lines.count else { return nil }
        let line = lines[head]
        head += 1
        if head > 4096 {
            lines.removeFirst(head)
            head = 0
        }
        return line
    }

    /// Every line answered so far and not yet taken.
    public func takeLines() -> [String] {
        condition.lock()
        defer { condition.unlock() }
        let taken = lines[head...].map(\.text)
        lines.removeAll()
        head = 0
        return taken
    }

    public var standardError: String {
        condition.lock()
        defer { condition.unlock() }
        return errorText
    }

    public func closeInput() { try? input.fileHandleForWriting.close() }

    /// Ends it with SIGKILL: no chance to finish anything.
    public func kill() { Foundation.kill(process.processIdentifier, SIGKILL) }

    /// The exit status, or nil when it was still running after `timeout` seconds (then it is killed).
    public func waitForExit(timeout: TimeInterval = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
        if process.isRunning {
            kill()
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }
}
