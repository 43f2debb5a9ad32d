import Foundation

/// A child process spoken to over pipes with raw read(2)/write(2): as little client overhead as
/// possible, so the figures measure the server and the process boundary, not the benchmark.
final class PipeClient: @unchecked Sendable {
    let pid: pid_t
    let input: Int32
    let output: Int32
    let spawnedAt: UInt64
    private var buffer = [UInt8](repeating: 0, count: 1 << 20)
    private var start = 0
    private var end = 0
    /// Set by `pollOutput()`: reads spin on a non-blocking pipe instead of sleeping in read(2),
    /// so the client's own wake-up is not part of a one-at-a-time round trip.
    private var polling = false

    init(_ executable: String, _ arguments: [String]) throws {
        var toChild: [Int32] = [0, 0]
        var fromChild: [Int32] = [0, 0]
        guard pipe(&toChild) == 0, pipe(&fromChild) == 0 else { throw BenchError("pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        for fd in toChild + fromChild { posix_spawn_file_actions_addclose(&actions, fd) }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        spawnedAt = now()
        let rc = posix_spawn(&child, executable, &actions, nil, argv, environ)
        posix_spawn_file_actions_destroy(&actions)
        guard rc == 0 else { throw BenchError("cannot start \(executable): \(String(cString: strerror(rc)))") }
        close(toChild[0])
        close(fromChild[1])
        pid = child
        input = toChild[1]
        output = fromChild[0]
        // Children spawned later must not inherit this child's pipe ends: one holding the write
        // end of this child's input would keep it from ever seeing end of input.
        _ = fcntl(input, F_SETFD, FD_CLOEXEC)
        _ = fcntl(output, F_SETFD, FD_CLOEXEC)
    }

    func write(_ bytes: [UInt8]) {
        var offset = 0
        bytes.withUnsafeBytes { raw in
            while offset < raw.count {
                let written = Glibc.write(input, raw.baseAddress! + offset, raw.count - offset)
                if written <= 0 { fatalError("write to child failed") }
                offset += written
            }
        }
    }

    /// The next line from the child, without its newline.
    func readLine() -> ArraySlice<UInt8> {
        while true {
            if let newline = buffer[start..<end].firstIndex(of: 0x0A) {
                let line = buffer[start..<newline]
                start = newline + 1
                return line
            }
            if start > 0 {
                // Moved in place: passing a slice of the buffer to replaceSubrange copied the
                // whole megabyte (and faulted fresh pages in) on every call.
                let remaining = end - start
                let from = start
                buffer.withUnsafeMutableBytes { raw in
                    if remaining > 0, let base = raw.baseAddress { memmove(base, base + from, remaining) }
                }
                end = remaining
                start = 0
            }
            if end == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }
            let count = buffer.withUnsafeMutableBytes { raw in read(output, raw.baseAddress! + end, raw.count - end) }
            if count < 0, polling, errno == EAGAIN { continue }
            if count <= 0 { fatalError("child closed its output") }
            end += count
        }
    }

    func closeInput() { close(input) }

    /// Makes reads poll the child's output (see `polling`).
    func pollOutput() {
        _ = fcntl(output, F_SETFL, fcntl(output, F_GETFL) | O_NONBLOCK)
        polling = true
    }

    /// Makes reads sleep in read(2) again: a client spinning on its pipe during a pipelined burst
    /// takes a core from the server it measures (on two cores, one of the two).
    func blockOutput() {
        _ = fcntl(output, F_SETFL, fcntl(output, F_GETFL) & ~O_NONBLOCK)
        polling = false
    }

    func wait() {
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(output)
    }

    /// CPU time the child has used so far (user + system), in seconds, from /proc.
    func cpuSeconds() -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        // Fields after the command name: state is field 3; utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Peak resident memory (VmHWM: private pages plus file pages mapped, such as the binary and
    /// memory-mapped database pages) and current anonymous (private) memory, in KiB, from /proc.
    func memoryKiB() -> (peak: Int, anonymous: Int) {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return (0, 0) }
        func field(_ name: String) -> Int {
            for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
                return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? 0
            }
            return 0
        }
        return (field("VmHWM"), field("RssAnon"))
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Monotonic nanoseconds.
func now() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

/// Reads the integer id of a response line (`{"jsonrpc":"2.0","id":123,...`).
func responseID(_ line: ArraySlice<UInt8>) -> Int {
    let marker = Array(#""id":"#.utf8)
    var index = line.startIndex
    while index + marker.count < line.endIndex {
        if line[index..<(index + marker.count)].elementsEqual(marker) {
            var value = 0
            var cursor = index + marker.count
            while cursor < line.endIndex, line[cursor] >= 48, line[cursor] <= 57 {
                value = value * 10 + Int(line[cursor] - 48)
                cursor += 1
            }
            return value
        }
        index += 1
    }
    return -1
}

/// Latency figures over a set of samples in nanoseconds.
struct Summary {
    let count: Int
    let seconds: Double
    let p50: Double
    let p99: Double

    init(count: Int, elapsedNanos: UInt64, latencies: [UInt64]) {
        self.count = count
        seconds = Double(elapsedNanos) / 1e9
        let sorted = latencies.sorted()
        p50 = sorted.isEmpty ? 0 : Double(sorted[sorted.count / 2]) / 1e3
        p99 = sorted.isEmpty ? 0 : Double(sorted[min(sorted.count - 1, sorted.count * 99 / 100)]) / 1e3
    }

    var opsPerSecond: Double { Double(count) / seconds }

    func line(_ name: String) -> String {
        name.padding(toLength: 52, withPad: " ", startingAt: 0)
            + String(format: "%12.0f ops/s   p50 %9.1f us   p99 %9.1f us", opsPerSecond, p50, p99)
    }
}

extension PipeClient {
    /// Sends each request and waits for its answer before the next.
    func oneAtATime(_ requests: [[UInt8]], check: (ArraySlice<UInt8>) -> Bool) -> Summary {
        var latencies: [UInt64] = []
        latencies.reserveCapacity(requests.count)
        let started = now()
        for request in requests {
            let sent = now()
            write(request)
            let answer = readLine()
            latencies.append(now() - sent)
            if !check(answer) { fatalError("unexpected answer: \(String(decoding: answer.prefix(300), as: UTF8.self))") }
        }
        return Summary(count: requests.count, elapsedNanos: now() - started, latencies: latencies)
    }

    /// Writes every request from a second thread while reading answers (matched by id) here.
    func pipelined(_ requests: [[UInt8]], check: (ArraySlice<UInt8>) -> Bool) -> Summary {
        let sentAt = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: requests.count)
        defer { sentAt.deallocate() }
        let sentAddress = UInt(bitPattern: sentAt.baseAddress)
        let writer = Thread { [self] in
            let sent = UnsafeMutablePointer<UInt64>(bitPattern: sentAddress)!
            var chunk: [UInt8] = []
            var first = 0
            for (index, request) in requests.enumerated() {
                chunk += request
                if chunk.count >= 8192 || index == requests.count - 1 {
                    let time = now()
                    for pending in first...index { sent[pending] = time }
                    write(chunk)
                    chunk.removeAll(keepingCapacity: true)
                    first = index + 1
                }
            }
        }
        let started = now()
        writer.start()
        var latencies = [UInt64](repeating: 0, count: requests.count)
        for _ in requests {
            let answer = readLine()
            let received = now()
            if !check(answer) { fatalError("unexpected answer: \(String(decoding: answer.prefix(300), as: UTF8.self))") }
            let id = responseID(answer)
            latencies[id] = received &- sentAt[id]
        }
        return Summary(count: requests.count, elapsedNanos: now() - started, latencies: latencies)
    }
}
