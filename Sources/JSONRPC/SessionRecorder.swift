import Primitives
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a served session to disk as a case `wizdb replay` runs: `<name>.in.jsonl` holds every
/// byte the host wrote, as it came; `<name>.out.jsonl` every line the server wrote, put in the
/// order the requests arrived (each request's progress notifications before its answer), which
/// is the order a replay's server answers in whatever order the host was answered.
///
/// Answers go through `rewrite` first: the server puts the placeholders of replayed answers in
/// them (the SQLite version, measured durations, the database's folder), so that the recorded
/// answers are the ones a replay gives.
///
/// Input is written by the input thread as it is read. Answers are written by whichever thread
/// finishes one, under the sequencer's lock and this recorder's own; an answer that comes before
/// the answers of earlier requests waits here until they are written. Every write goes straight
/// to its file, so a session cut short by a crash keeps what was served until then.
public final class SessionRecorder: @unchecked Sendable {
    public let inputPath: String
    public let outputPath: String
    private let inputFD: Int32
    private let outputFD: Int32
    private let lock = ConditionLock()
    /// Lines of requests after the one being written, by ticket.
    private var waiting: [UInt64: [[UInt8]]] = [:]
    /// Tickets answered while an earlier one still was not.
    private var finished: Set<UInt64> = []
    private var nextTicket: UInt64 = 0
    private var failed = false
    private let rewrite: @Sendable ([UInt8]) -> [UInt8]

    /// Creates `<folder>/<stamp>.in.jsonl` and `.out.jsonl`, or `<stamp>-2`, `-3`, ... when a
    /// session of the same second is there; `arguments`, when not empty, go to `<name>.args`.
    public init(folder: String, stamp: String, arguments: [String],
                rewrite: @escaping @Sendable ([UInt8]) -> [UInt8] = { $0 }) throws(SessionRecorderError) {
        self.rewrite = rewrite
        if mkdir(folder, 0o755) != 0 && errno != EEXIST {
            throw SessionRecorderError(path: folder, reason: String(cString: strerror(errno)))
        }
        for sequence in 1...10_000 {
            let base = folder + "/" + stamp + (sequence == 1 ? "" : "-\(sequence)")
            let input = open(base + ".in.jsonl", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if input < 0 {
                if errno == EEXIST { continue }
                throw SessionRecorderError(path: base + ".in.jsonl", reason: String(cString: strerror(errno)))
            }
            let output = open(base + ".out.jsonl", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            if output < 0 {
                let reason = String(cString: strerror(errno))
                close(input)
                throw SessionRecorderError(path: base + ".out.jsonl", reason: reason)
            }
            inputPath = base + ".in.jsonl"
            outputPath = base + ".out.jsonl"
            inputFD = input
            outputFD = output
            if !arguments.isEmpty {
                let argumentsFD = open(base + ".args", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
                if argumentsFD >= 0 {
                    Self.writeAll(Array((arguments.joined(separator: " ") + "\n").utf8), to: argumentsFD)
                    close(argumentsFD)
                }
            }
            return
        }
        throw SessionRecorderError(path: folder + "/" + stamp + ".in.jsonl", reason: "no free name for this second")
    }

    deinit {
        close(inputFD)
        close(outputFD)
    }

    /// Bytes just read from the host (input thread).
    func recordInput(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        Self.writeAll(UnsafeRawBufferPointer(start: base, count: bytes.count), to: inputFD)
    }

    /// A notification that belongs to the request holding `ticket` (progress), sent before its answer.
    func recordNotification(_ ticket: UInt64, _ line: [UInt8]) {
        lock.withLock {
            if ticket == nextTicket {
                writeLine(line)
            } else {
                waiting[ticket, default: []].append(line)
            }
        }
    }

    /// A notification of the session rather than of a request (a live query's change made by
    /// another process): written where it falls among the lines already in request order.
    func recordSessionNotification(_ line: [UInt8]) {
        lock.withLock { writeLine(line) }
    }

    /// The last line of the request holding `ticket`: its answer, or nil when it has none.
    func recordAnswer(_ ticket: UInt64, _ line: [UInt8]?) {
        lock.withLock {
            guard ticket == nextTicket else {
                if let line { waiting[ticket, default: []].append(line) }
                finished.insert(ticket)
                return
            }
            if let line { writeLine(line) }
            nextTicket += 1
            // Later requests that were waiting for this one.
            while true {
                if let lines = waiting.removeValue(forKey: nextTicket) { lines.forEach(writeLine) }
                guard finished.remove(nextTicket) != nil else { break }
                nextTicket += 1
            }
        }
    }

    private func writeLine(_ line: [UInt8]) {
        guard !failed else { return }
        var bytes = rewrite(line)
        bytes.append(0x0A)
        if !bytes.withUnsafeBytes({ Self.writeAll($0, to: outputFD) }) { failed = true }
    }

    @discardableResult
    private static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Bool {
        bytes.withUnsafeBytes { writeAll($0, to: fd) }
    }

    @discardableResult
    private static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var offset = 0
        while offset < bytes.count {
            let written = write(fd, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }
}
