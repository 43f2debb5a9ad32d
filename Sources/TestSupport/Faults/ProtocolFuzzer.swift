import Foundation
import JSON

/// Seeded protocol fuzzing against a serving process: valid requests taken from the golden
/// sessions, mutated (bytes flipped, cut, inserted; invalid UTF-8; lone surrogates), wrapped in
/// batches, blown up (huge strings, deep nesting, long numbers), plus the stalls a held writer
/// used to cause. Every burst ends with a `ping` that must be answered within a second, and
/// every line the server writes must be a well-formed JSON-RPC message.
public struct ProtocolFuzzer {
    public struct Report: Sendable, CustomStringConvertible {
        public var linesSent = 0
        public var bytesSent = 0
        public var answers = 0
        public var pings = 0
        public var slowestPingMs = 0.0
        public var restarts = 0
        public var failures: [String] = []

        public var description: String {
            "\(linesSent) lines (\(bytesSent >> 10) KiB) sent, \(answers) answers, \(pings) pings (slowest \(Int(slowestPingMs)) ms), "
                + "\(restarts) restarts, \(failures.count) failures"
                + (failures.isEmpty ? "" : "\n  " + failures.prefix(10).joined(separator: "\n  "))
        }
    }

    private var random: SeededGenerator
    private let corpus: [[UInt8]]
    /// The longest a ping may take to be answered, in seconds.
    public var pingDeadline: TimeInterval = 1
    /// The largest huge value sent (a debug build parses much slower than a release build).
    public var maxHugeBytes = 2 << 20

    public init(seed: UInt64, corpus: [[UInt8]]) throws {
        random = SeededGenerator(seed: seed)
        // exit and shutdown would end the session being fuzzed; they have golden sessions of their own.
        let ending = [Array(#""method":"exit""#.utf8), Array(#""method":"shutdown""#.utf8)]
        self.corpus = corpus.filter { line in !line.isEmpty && !ending.contains { line.contains($0) } }
        guard !self.corpus.isEmpty else { throw FaultError("the fuzzing corpus is empty") }
    }

    /// Every request line of the golden sessions (some are not UTF-8 on purpose).
    public static func goldenCorpus() throws -> [[UInt8]] {
        var lines: [[UInt8]] = []
        let root = GoldenSession.goldenRoot
        guard let walker = FileManager.default.enumerator(atPath: root) else { throw FaultError("no golden sessions at \(root)") }
        for case let path as String in walker where path.hasSuffix(".in.jsonl") {
            guard let data = FileManager.default.contents(atPath: root + "/" + path) else { continue }
            lines += [UInt8](data).split(separator: 0x0A).map(Array.init)
        }
        return lines
    }

    public mutating func run(seconds: Double, in directory: String, log: (String) -> Void = { _ in }) throws -> Report {
        var report = Report()
        let deadline = Date().addingTimeInterval(seconds)
        var server = try start(in: directory)
        var lastLog = Date()
        var burst = 0
        while Date() < deadline {
            burst += 1
            var lines = (0..<(1 + Int(random.next() % 40))).map { _ in nextLine() }
            if random.next() % 25 == 0 { lines += stall() }
            for line in lines {
                report.linesSent += 1
                report.bytesSent += line.count + 1
            }
            let pingID = "ping-\(burst)"
            // A fuzzed `initialize` may have asked for ordered responses, where a ping rightly waits
            // for every answer before it; the ping is sent unordered.
            let text = lines.map { $0 + [0x0A] }.joined()
                + Array(#"{"jsonrpc":"2.0","method":"initialize","params":{"orderedResponses":false}}"#.utf8) + [0x0A]
                + Array(#"{"jsonrpc":"2.0","id":"\#(pingID)","method":"ping"}"#.utf8) + [0x0A]
            let sent = Date()
            let writer = Thread { [server] in server.send(bytes: text) }
            writer.start()
            // Answers are checked after the ping is in: how fast this side parses them must not count.
            var answered = false
            var received: [String] = []
            var elapsed = 0.0
            while let line = server.nextTimedLine(timeout: max(0.01, pingDeadline - Date().timeIntervalSince(sent))) {
                received.append(line.text)
                if line.text == #"{"jsonrpc":"2.0","id":"\#(pingID)","result":{}}"# {
                    elapsed = line.arrived.timeIntervalSince(sent) * 1000
                    answered = elapsed <= pingDeadline * 1000
                    break
                }
            }
            if !answered { elapsed = max(elapsed, Date().timeIntervalSince(sent) * 1000) }
            for line in received {
                report.answers += 1
                if let problem = Self.problem(with: line) { report.failures.append("\(problem): \(line.prefix(300))") }
            }
            report.pings += 1
            report.slowestPingMs = max(report.slowestPingMs, elapsed)
            if !answered {
                let alive = server.process.isRunning
                if let folder = ProcessInfo.processInfo.environment["WIZDB_FUZZ_DUMP"] {
                    FileManager.default.createFile(atPath: folder + "/slow-burst-\(burst).jsonl", contents: Data(text))
                    let gdb = Process()
                    gdb.executableURL = URL(fileURLWithPath: "/usr/bin/gdb")
                    gdb.arguments = ["-batch", "-p", String(server.process.processIdentifier), "-ex", "thread apply all bt 12"]
                    gdb.standardOutput = FileHandle(forWritingAtPath: folder + "/slow-burst-\(burst).gdb") ?? {
                        FileManager.default.createFile(atPath: folder + "/slow-burst-\(burst).gdb", contents: nil)
                        return FileHandle(forWritingAtPath: folder + "/slow-burst-\(burst).gdb")!
                    }()
                    try? gdb.run()
                    gdb.waitUntilExit()
                }
                let summary = lines.prefix(8).map { String(decoding: $0.prefix(100), as: UTF8.self) }.joined(separator: " | ")
                report.failures.append("burst \(burst): ping not answered within \(Int(pingDeadline * 1000)) ms (process \(alive ? "running" : "exited: \(server.standardError.suffix(300))")); \(lines.count) lines: \(summary)")
                server.kill()
                _ = server.waitForExit()
                server = try start(in: directory)
                report.restarts += 1
            }
            if Date().timeIntervalSince(lastLog) > 60 {
                log("fuzzing: \(report)")
                lastLog = Date()
            }
        }
        server.closeInput()
        for line in server.takeLines() + drain(server) {
            report.answers += 1
            if let problem = Self.problem(with: line) { report.failures.append("\(problem): \(line.prefix(300))") }
        }
        if let status = server.waitForExit(timeout: 30), status != 0 {
            report.failures.append("exit status \(status) at the end: \(server.standardError.suffix(300))")
        }
        return report
    }

    private func start(in directory: String) throws -> HostProcess {
        // The corpus holds endless queries (the cancellation sessions'); nothing here cancels them,
        // so a statement timeout keeps them from taking every reader for good.
        try HostProcess(arguments: ["--db", directory + "/fuzz.sqlite", "--busy-timeout", "300", "--backups", directory + "/backups",
                                    "--migrations", directory + "/migrations", "--max-rows", "1000", "--statement-timeout", "500"],
                        in: directory)
    }

    private func drain(_ server: HostProcess) -> [String] {
        var lines: [String] = []
        while let line = server.nextLine(timeout: 5) { lines.append(line) }
        return lines
    }

    // MARK: Making lines

    private mutating func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }

    private mutating func nextLine() -> [UInt8] {
        var line = pick(corpus)
        switch random.next() % 10 {
        case 0, 1, 2: mutateBytes(&line)
        case 3: line = batch()
        case 4: line = huge()
        case 5: line = deep()
        case 6: line = Array(line.prefix(Int(random.next() % UInt64(line.count + 1))))
        case 7: line = swapValue(in: line)
        default: break
        }
        // A newline inside would split the line in two, which the mutations do not mean to test.
        return line.map { $0 == 0x0A ? 0x20 : $0 }
    }

    private mutating func mutateBytes(_ line: inout [UInt8]) {
        let alphabet: [UInt8] = Array(#"{}[]:,"\-+.eE0123456789 tfnu"#.utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xC0, 0xC3, 0xE2, 0xED, 0xF0, 0xF8, 0xFF]
        for _ in 0...(random.next() % 4) {
            guard !line.isEmpty else { return }
            let position = Int(random.next() % UInt64(line.count))
            switch random.next() % 3 {
            case 0: line[position] = pick(alphabet)
            case 1: line.remove(at: position)
            default: line.insert(pick(alphabet), at: position)
            }
        }
    }

    /// A request with one value replaced by something hostile.
    private mutating func swapValue(in line: [UInt8]) -> [UInt8] {
        let hostile: [String] = [
            #""\ud800""#, #""\udc00x""#, "1e999999", "-0", "123456789012345678901234567890", "null", "true", "[]", "{}",
            #""'; DROP TABLE users; --""#, #""\"quoted\"""#, #""a\u0000b""#, "9223372036854775808", "-9223372036854775809",
            #"{"$ref":"x.rows.0.id"}"#, #"{"$base64":"!!!"}"#, #""sqlite_master""#, #""_wizdb_migrations""#, "0.1e-400",
        ]
        var text = String(decoding: line, as: UTF8.self)
        guard let colon = text.indices.filter({ text[$0] == ":" }).randomElement(using: &random) else { return line }
        let valueStart = text.index(after: colon)
        var end = valueStart
        while end < text.endIndex, text[end] != ",", text[end] != "}", text[end] != "]" { end = text.index(after: end) }
        text.replaceSubrange(valueStart..<end, with: pick(hostile))
        return Array(text.utf8)
    }

    private mutating func batch() -> [UInt8] {
        let count = random.next() % 8 == 0 ? 0 : 1 + Int(random.next() % 12)
        let members = (0..<count).map { _ in pick(corpus) }
        return [UInt8(ascii: "[")] + members.joined(separator: [UInt8(ascii: ",")]) + [UInt8(ascii: "]")]
    }

    private mutating func huge() -> [UInt8] {
        let size = min(maxHugeBytes, 1 << (10 + Int(random.next() % 12)))
        switch random.next() % 3 {
        case 0:
            return Array(#"{"jsonrpc":"2.0","id":"huge","method":"query.sql","params":{"sql":"SELECT ? AS v","params":[""#.utf8)
                + [UInt8](repeating: UInt8(ascii: "x"), count: size) + Array(#""]}}"#.utf8)
        case 1:
            return Array(#"{"jsonrpc":"2.0","id":"long-number","method":"ping","params":{"n":"#.utf8)
                + [UInt8](repeating: UInt8(ascii: "7"), count: size) + Array("}}".utf8)
        default:
            let values = (0..<min(size / 8, 5000)).map { #"{"label":"l\#($0)"}"# }.joined(separator: ",")
            return Array(#"{"jsonrpc":"2.0","id":"many","method":"query.insert","params":{"table":"tags","rows":[\#(values)]}}"#.utf8)
        }
    }

    private mutating func deep() -> [UInt8] {
        let depth = 100 + Int(random.next() % 100_000)
        let open = random.next() % 2 == 0 ? UInt8(ascii: "[") : UInt8(ascii: "{")
        let prefix = Array(#"{"jsonrpc":"2.0","id":"deep","method":"ping","params":{"x":"#.utf8)
        if open == UInt8(ascii: "[") {
            return prefix + [UInt8](repeating: open, count: depth) + [UInt8](repeating: UInt8(ascii: "]"), count: depth) + Array("}}".utf8)
        }
        return prefix + Array(String(repeating: #"{"a":"#, count: depth).utf8) + Array("1".utf8)
            + [UInt8](repeating: UInt8(ascii: "}"), count: depth) + Array("}}".utf8)
    }

    /// The held-writer stalls: a transaction left open with writes and many reads queued behind it.
    private mutating func stall() -> [[UInt8]] {
        var lines = [Array(#"{"jsonrpc":"2.0","id":"stall-begin","method":"transaction.begin","params":{"timeoutMs":\#(200 + random.next() % 2000)}}"#.utf8)]
        for index in 0..<(1 + Int(random.next() % 3)) {
            lines.append(Array(#"{"jsonrpc":"2.0","id":"stall-write-\#(index)","method":"query.sql","params":{"sql":"CREATE TABLE IF NOT EXISTS fuzz_t (x)"}}"#.utf8))
        }
        for index in 0..<Int(random.next() % 3000) {
            lines.append(Array(#"{"jsonrpc":"2.0","id":"stall-read-\#(index)","method":"query.sql","params":{"sql":"SELECT 1","readOnly":true}}"#.utf8))
        }
        if random.next() % 2 == 0 { lines.append(Array(#"{"jsonrpc":"2.0","method":"transaction.begin"}"#.utf8)) }
        return lines
    }

    // MARK: Checking answers

    /// Why `line` is not a well-formed JSON-RPC message from a server, or nil when it is.
    static func problem(with line: String) -> String? {
        guard let value = try? JSONReader.parse(line) else { return "not JSON" }
        if case .array(let members) = value {
            if members.isEmpty { return "an empty batch answer" }
            for member in members { if let problem = problem(with: member) { return "in a batch: \(problem)" } }
            return nil
        }
        return problem(with: value)
    }

    private static func problem(with value: JSONValue) -> String? {
        guard let object = value.objectValue else { return "not an object" }
        guard object["jsonrpc"] == .string("2.0") else { return "no \"jsonrpc\": \"2.0\"" }
        if let method = object["method"]?.stringValue {
            return ["$/progress", "watch/changed"].contains(method) ? nil : "an unknown notification \(method)"
        }
        guard let id = object["id"] else { return "no id" }
        switch id {
        case .string, .number, .null: break
        default: return "an id that is neither string, number nor null"
        }
        switch (object["result"], object["error"]) {
        case (.some, nil): return nil
        case (nil, .some(let error)):
            guard let fields = error.objectValue, fields["code"]?.int64Value != nil, fields["message"]?.stringValue != nil else {
                return "an error without an integer code and a message"
            }
            if fields["code"]?.int64Value == -32603 { return "an internal error" }
            guard fields["data"]?.objectValue?["kind"]?.stringValue != nil else { return "an error without data.kind" }
            return nil
        default: return "not exactly one of result and error"
        }
    }
}
