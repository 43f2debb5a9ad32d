import Foundation

/// Finds and runs the real `wizdb` executable, exactly as a host would: bytes in on stdin, lines
/// out on stdout. `swift test` builds it beside the test bundle; `WIZDB_BINARY` overrides that.
public enum WizDBBinary {
    public static var path: String {
        if let override = ProcessInfo.processInfo.environment["WIZDB_BINARY"] { return override }
        let testExecutable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = testExecutable.deletingLastPathComponent()
        // On Darwin the tests run inside a .xctest bundle; climb out of it.
        while directory.path.contains(".xctest") { directory = directory.deletingLastPathComponent() }
        return directory.appendingPathComponent("wizdb").path
    }

    public struct Outcome: Sendable {
        public var stdout: [UInt8]
        public var stderr: String
        public var status: Int32
        public var timedOut: Bool

        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        public var stdoutLines: [String] { stdoutText.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
    }

    /// Runs wizdb with `arguments` in `directory`, feeding it `input` and closing stdin, and
    /// collects everything it prints. The process is killed after `timeout` seconds.
    public static func run(_ arguments: [String], input: [UInt8], in directory: String,
                           environment extra: [String: String] = [:], timeout: TimeInterval = 30) throws -> Outcome {
        let inputPath = directory + "/.stdin-\(UUID().uuidString.prefix(8))"
        let outputPath = inputPath + ".out"
        let errorPath = inputPath + ".err"
        _ = FileManager.default.createFile(atPath: inputPath, contents: Data(input))
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        defer {
            for path in [inputPath, outputPath, errorPath] { try? FileManager.default.removeItem(atPath: path) }
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        // Files, not pipes: nothing can deadlock on a full pipe, whatever the process prints.
        process.standardInput = FileHandle(forReadingAtPath: inputPath)
        process.standardOutput = FileHandle(forWritingAtPath: outputPath)
        process.standardError = FileHandle(forWritingAtPath: errorPath)
        try process.run()
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            process.waitUntilExit()
            finished.signal()
        }
        var timedOut = false
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            kill(process.processIdentifier, SIGKILL)
            finished.wait()
        }
        let stdout = FileManager.default.contents(atPath: outputPath).map { [UInt8]($0) } ?? []
        let stderr = FileManager.default.contents(atPath: errorPath).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return Outcome(stdout: stdout, stderr: stderr, status: process.terminationStatus, timedOut: timedOut)
    }
}
