import CSpawn
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One run of a program to its end, as a host runs wizdb: a file as its standard input, its
/// standard output and error collected through pipes.
///
/// Started with posix_spawn (the executable links no Foundation, whose Process would bring it),
/// and waited for with poll on its pipes, never with sleeps: the run takes as long as the
/// program does. Every descriptor is opened close-on-exec, so cases started at once by several
/// threads never inherit each other's pipes.
struct ChildProcess {
    enum Termination: Sendable, Equatable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)
        case timedOut(seconds: Int64)

        var description: String {
            switch self {
            case .exited(let status): "exited with status \(status)"
            case .signalled(let signal): "was killed by signal \(signal)"
            case .timedOut(let seconds): "did not finish within \(seconds) s and was killed"
            }
        }
    }

    struct Outcome: Sendable {
        var stdout: [UInt8]
        var stderr: [UInt8]
        var termination: Termination

        var succeeded: Bool { termination == .exited(0) }
    }

    /// Runs `executable` with `arguments` in `directory`, its standard input read from
    /// `inputFile`; kills it when it runs longer than `timeoutMs`.
    static func run(_ executable: String, arguments: [String], inputFile: String, directory: String,
                    timeoutMs: Int64) throws(ReplayError) -> Outcome {
        let input = open(inputFile, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw ReplayError("cannot read \(inputFile): \(errorText())") }
        defer { close(input) }
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        guard wizdb_pipe_cloexec(&outPipe) == 0 else { throw ReplayError("cannot create a pipe: \(errorText())") }
        guard wizdb_pipe_cloexec(&errPipe) == 0 else {
            outPipe.forEach { close($0) }
            throw ReplayError("cannot create a pipe: \(errorText())")
        }
        var pid: pid_t = 0
        let spawned = withCStrings([executable] + arguments) { argv in
            wizdb_spawn(&pid, executable, argv, directory, input, outPipe[1], errPipe[1])
        }
        // The child holds its own copies of the write ends; ours must go for end of file to come.
        close(outPipe[1])
        close(errPipe[1])
        defer {
            close(outPipe[0])
            close(errPipe[0])
        }
        guard spawned == 0 else {
            throw ReplayError("cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        let (collected, finished) = collect(from: [outPipe[0], errPipe[0]], deadline: monotonicMillis() + timeoutMs)
        let timedOut = !finished
        let stdout = collected[0]
        let stderr = collected[1]
        if timedOut {
            kill(pid, SIGKILL)
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if timedOut { return Outcome(stdout: stdout, stderr: stderr, termination: .timedOut(seconds: timeoutMs / 1000)) }
        // WIFEXITED and friends are macros Swift cannot import.
        let termination: Termination = status & 0x7F == 0 ? .exited((status >> 8) & 0xFF) : .signalled(status & 0x7F)
        return Outcome(stdout: stdout, stderr: stderr, termination: termination)
    }

    /// Reads the pipes until all are at end of file; `finished` is false when the deadline came first.
    private static func collect(from descriptors: [Int32], deadline: Int64) -> (bytes: [[UInt8]], finished: Bool) {
        var buffers = [[UInt8]](repeating: [], count: descriptors.count)
        var open = descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while open.contains(where: { $0.fd >= 0 }) {
            let remaining = deadline - monotonicMillis()
            if remaining <= 0 { return (buffers, false) }
            let ready = poll(&open, nfds_t(open.count), Int32(min(remaining, Int64(Int32.max))))
            if ready < 0 {
                if errno == EINTR { continue }
                return (buffers, true)
            }
            for index in open.indices where open[index].fd >= 0 && open[index].revents != 0 {
                let count = chunk.withUnsafeMutableBytes { read(open[index].fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    buffers[index].append(contentsOf: chunk[0..<count])
                } else if count == 0 || errno != EINTR {
                    // A negative fd makes poll skip the entry.
                    open[index].fd = -1
                }
            }
        }
        return (buffers, true)
    }
}

/// Milliseconds on a clock that never jumps, for deadlines and measured durations.
func monotonicMillis() -> Int64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
}

func errorText() -> String { String(cString: strerror(errno)) }

/// Calls `body` with a NULL-terminated C array of copies of `strings`.
private func withCStrings<Result>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> Result) -> Result {
    let copies = strings.map { strdup($0) } + [nil]
    defer { copies.forEach { free($0) } }
    return body(copies)
}
