import Foundation
import JSONRPC
import Testing
import TestSupport

/// A wizdb process with live pipes, for what only a running conversation shows: signals,
/// a host that goes away, answers that arrive while input stays open.
final class LiveProcess: @unchecked Sendable {
    let process = Process()
    let stdin = Pipe()
    let stdout = Pipe()
    let stderr = Pipe()

    init(arguments: [String] = [], in directory: TemporaryDirectory) throws {
        // Writing to a process that has exited must fail with EPIPE, not kill the test runner.
        signal(SIGPIPE, SIG_IGN)
        process.executableURL = URL(fileURLWithPath: WizDBBinary.path)
        process.arguments = ["--db", directory.file("db.sqlite")] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
    }

    func send(_ line: String) throws {
        try stdin.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
    }

    /// Reads one line from stdout, waiting up to `timeout` seconds.
    func readLine(timeout: TimeInterval = 10) -> String? {
        let fd = stdout.fileHandleForReading.fileDescriptor
        var line: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) > 0 else { continue }
            var byte: UInt8 = 0
            let count = read(fd, &byte, 1)
            if count <= 0 { return line.isEmpty ? nil : String(decoding: line, as: UTF8.self) }
            if byte == 0x0A { return String(decoding: line, as: UTF8.self) }
            line.append(byte)
        }
        return nil
    }

    func waitForExit(timeout: TimeInterval = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning {
            process.terminate()
            return nil
        }
        return process.terminationStatus
    }
}

@Suite struct LiveProcessTests {
    @Test func answersArriveWhileInputStaysOpen() throws {
        let directory = try TemporaryDirectory()
        let server = try LiveProcess(in: directory)
        for index in 0..<3 {
            try server.send(#"{"jsonrpc":"2.0","id":\#(index),"method":"ping"}"#)
            #expect(server.readLine() == #"{"jsonrpc":"2.0","id":\#(index),"result":{}}"#)
        }
        try server.stdin.fileHandleForWriting.close()
        #expect(server.waitForExit() == 0)
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func signalsFinishWhatWasReceivedAndExitCleanly(signal: Int32) throws {
        let directory = try TemporaryDirectory()
        let server = try LiveProcess(in: directory)
        try server.send(#"{"jsonrpc":"2.0","id":1,"method":"query.sql","params":{"sql":"CREATE TABLE t (x)"}}"#)
        #expect(server.readLine()?.contains(#""id":1,"result""#) == true)
        try server.send(#"{"jsonrpc":"2.0","id":2,"method":"query.sql","params":{"sql":"INSERT INTO t VALUES (1)"}}"#)
        #expect(server.readLine()?.contains(#""changes":1"#) == true)
        kill(server.process.processIdentifier, signal)
        #expect(server.waitForExit() == 0)
        // The committed write is there for the next process.
        let check = try WizDBBinary.run(["call", "--db", directory.file("db.sqlite"), "query.sql", #"{"sql":"SELECT count(*) AS n FROM t"}"#],
                                        input: [], in: directory.path)
        #expect(check.stdoutText.contains(#""n": 1"#), "got \(check.stdoutText) \(check.stderr)")
    }

    @Test func aLongReadSentAloneIsMovedOffTheInputThreadAndCanBeCancelled() throws {
        let directory = try TemporaryDirectory()
        let server = try LiveProcess(in: directory)
        // Sent alone, a read starts on the input thread; past its few milliseconds there it
        // moves to a reader and runs again, answered once.
        try server.send(#"{"jsonrpc":"2.0","id":1,"method":"query.sql","params":{"sql":"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000) SELECT count(*) AS n FROM c","readOnly":true}}"#)
        #expect(server.readLine() == #"{"jsonrpc":"2.0","id":1,"result":{"rows":[{"n":1000000}],"columns":["n"],"changes":0}}"#)
        // A read that never ends must still be cancellable: the input thread is free again.
        try server.send(#"{"jsonrpc":"2.0","id":2,"method":"query.sql","params":{"sql":"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c","readOnly":true}}"#)
        Thread.sleep(forTimeInterval: 0.2)
        try server.send(#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":2}}"#)
        #expect(server.readLine()?.contains(#""id":2,"error":{"code":-32800"#) == true)
        try server.send(#"{"jsonrpc":"2.0","id":3,"method":"ping"}"#)
        #expect(server.readLine() == #"{"jsonrpc":"2.0","id":3,"result":{}}"#)
        try server.stdin.fileHandleForWriting.close()
        #expect(server.waitForExit() == 0)
    }

    /// User plus system CPU time of the process so far, in clock ticks (`/proc/PID/stat`).
    static func cpuTicks(of pid: Int32) -> Int? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // Fields after the command name: state is the 3rd field, utime the 14th, stime the 15th.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        return user + system
    }

    @Test func whileLookingForTheNextRequestTheServerStillAnswersStopsAndSleeps() throws {
        let directory = try TemporaryDirectory()
        // A second of looking after each answer: long enough for every step below to land in it.
        let server = try LiveProcess(arguments: ["--idle-spin-us", "1000000"], in: directory)
        try server.send(#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#)
        #expect(server.readLine() == #"{"jsonrpc":"2.0","id":1,"result":{}}"#)
        // Sent while the server looks: answered as any other.
        try server.send(#"{"jsonrpc":"2.0","id":2,"method":"query.sql","params":{"sql":"SELECT 2 AS n"}}"#)
        #expect(server.readLine() == #"{"jsonrpc":"2.0","id":2,"result":{"rows":[{"n":2}],"columns":["n"],"changes":0}}"#)
        // Once the second is over it sleeps: a quiet half second costs next to no CPU time.
        Thread.sleep(forTimeInterval: 1.5)
        let pid = server.process.processIdentifier
        if let before = Self.cpuTicks(of: pid) {
            Thread.sleep(forTimeInterval: 0.5)
            let after = try #require(Self.cpuTicks(of: pid))
            #expect(after - before <= 5, "used \(after - before) ticks of CPU while idle")
        }
        // A signal that arrives while it looks stops it as in its sleep.
        try server.send(#"{"jsonrpc":"2.0","id":3,"method":"ping"}"#)
        #expect(server.readLine() == #"{"jsonrpc":"2.0","id":3,"result":{}}"#)
        kill(pid, SIGTERM)
        #expect(server.waitForExit(timeout: 5) == 0)
    }

    @Test func theEndOfInputIsSeenWhileLookingForTheNextRequest() throws {
        let directory = try TemporaryDirectory()
        let server = try LiveProcess(arguments: ["--idle-spin-us", "1000000"], in: directory)
        try server.send(#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#)
        #expect(server.readLine() == #"{"jsonrpc":"2.0","id":1,"result":{}}"#)
        try server.stdin.fileHandleForWriting.close()
        #expect(server.waitForExit(timeout: 5) == 0)
    }

    @Test func aHostThatGoesAwayEndsTheProcess() throws {
        let directory = try TemporaryDirectory()
        let server = try LiveProcess(in: directory)
        try server.stdout.fileHandleForReading.close()
        // Keep sending: once an answer meets the closed pipe, wizdb must exit rather than spin.
        for index in 0..<50 {
            try? server.send(#"{"jsonrpc":"2.0","id":\#(index),"method":"ping"}"#)
            if !server.process.isRunning { break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(server.waitForExit() != nil, "wizdb kept running after its stdout closed")
    }
}
