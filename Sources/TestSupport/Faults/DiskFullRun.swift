import Foundation
import JSON

/// A serving process whose disk fills up: on a small tmpfs when it can be mounted (running as
/// root), otherwise with the database capped by `--max-db-mb`. Writes must fail cleanly with
/// `disk_full`, the process must keep answering (ping, reads), and once space comes back writes
/// must succeed again, with no acknowledged row lost and the file sound.
public struct DiskFullRun: Sendable {
    public struct Report: Sendable, CustomStringConvertible {
        public var method = ""
        public var acknowledgedRows = 0
        public var diskFullErrors = 0
        public var answeredWhileFull = 0
        public var writesAfterSpaceReturned = 0
        public var lostRows = 0
        public var failures: [String] = []

        public var description: String {
            "\(method): \(acknowledgedRows) rows written before the disk was full, \(diskFullErrors) disk_full answers, "
                + "\(answeredWhileFull) pings and reads answered while full, \(writesAfterSpaceReturned) writes after space returned, "
                + "\(lostRows) acknowledged rows lost, \(failures.count) failures"
                + (failures.isEmpty ? "" : "\n  " + failures.prefix(10).joined(separator: "\n  "))
        }
    }

    /// Whether to try a tmpfs at all (false: always the `--max-db-mb` cap).
    public var tryTmpfs: Bool

    public init(tryTmpfs: Bool = true) { self.tryTmpfs = tryTmpfs }

    public func run(in directory: String) throws -> Report {
        var report = Report()
        let mountPoint = directory + "/fs"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let mounted = tryTmpfs && getuid() == 0 && Self.command("/bin/mount", ["-t", "tmpfs", "-o", "size=3m", "tmpfs", mountPoint]) == 0
        defer { if mounted { _ = Self.command("/bin/umount", ["-l", mountPoint]) } }
        let filler = mountPoint + "/filler"
        var arguments = ["--db", mountPoint + "/full.sqlite", "--busy-timeout", "2000"]
        if mounted {
            report.method = "tmpfs of 3 MiB"
            // Space to give back later.
            FileManager.default.createFile(atPath: filler, contents: Data(repeating: 0x55, count: 512 << 10))
        } else {
            report.method = "--max-db-mb 1"
            arguments += ["--max-db-mb", "1"]
        }
        let server = try HostProcess(arguments: arguments, in: directory)
        var nextID = 0
        func call(_ method: String, _ params: String) -> JSONObject? {
            nextID += 1
            server.send(#"{"jsonrpc":"2.0","id":\#(nextID),"method":"\#(method)","params":\#(params)}"#)
            guard let line = server.nextLine(timeout: 10) else { return nil }
            return try? JSONReader.parse(line).objectValue
        }
        func kind(_ answer: JSONObject?) -> String? { answer?["error"]?.objectValue?["data"]?.objectValue?["kind"]?.stringValue }
        func insert(_ id: Int) -> JSONObject? {
            call("query.sql", #"{"sql":"INSERT INTO t (id, payload) VALUES (?, printf('%.*c', 3000, 'x'))","params":[\#(id)]}"#)
        }

        guard call("query.sql", #"{"sql":"CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)"}"#)?["result"] != nil else {
            report.failures.append("could not create the table: \(server.standardError)")
            return report
        }
        var acknowledged: Set<Int> = []
        var row = 0
        var consecutiveFull = 0
        while consecutiveFull < 3 && row < 5000 {
            let answer = insert(row)
            if answer?["result"] != nil {
                acknowledged.insert(row)
                consecutiveFull = 0
            } else if kind(answer) == "disk_full" {
                report.diskFullErrors += 1
                consecutiveFull += 1
            } else {
                report.failures.append("insert \(row): expected a result or disk_full, got \(answer.map { String(describing: $0) } ?? "no answer")")
                break
            }
            row += 1
        }
        report.acknowledgedRows = acknowledged.count
        if report.diskFullErrors == 0 { report.failures.append("the disk never filled up after \(row) inserts") }

        // Full: still answering.
        let started = Date()
        if call("ping", "{}")?["result"] != nil, Date().timeIntervalSince(started) < 1 { report.answeredWhileFull += 1 } else {
            report.failures.append("ping not answered within 1 s while the disk was full")
        }
        let count = call("query.sql", #"{"sql":"SELECT count(*) AS n FROM t","readOnly":true}"#)
        if let rows = count?["result"]?.objectValue?["rows"]?.arrayValue, rows.first?.objectValue?["n"]?.int64Value == Int64(acknowledged.count) {
            report.answeredWhileFull += 1
        } else {
            report.failures.append("reading while full: expected \(acknowledged.count) rows, got \(count.map { String(describing: $0) } ?? "no answer")")
        }
        let again = insert(row)
        if kind(again) != "disk_full" && again?["result"] == nil {
            report.failures.append("a write while full answered \(again.map { String(describing: $0) } ?? "nothing"), not disk_full")
        } else if again?["result"] != nil {
            acknowledged.insert(row)
        }
        row += 1

        // Space comes back: the filler goes, or (capped) rows are deleted and their pages reused.
        var deleted: Set<Int> = []
        if mounted {
            try? FileManager.default.removeItem(atPath: filler)
        } else {
            let removed = acknowledged.sorted().prefix(40)
            let list = removed.map(String.init).joined(separator: ",")
            if call("query.sql", #"{"sql":"DELETE FROM t WHERE id IN (\#(list))"}"#)?["result"] != nil { deleted = Set(removed) } else {
                report.failures.append("could not delete rows to make room")
            }
        }
        for _ in 0..<5 {
            let answer = insert(row)
            if answer?["result"] != nil {
                acknowledged.insert(row)
                report.writesAfterSpaceReturned += 1
            }
            row += 1
        }
        if report.writesAfterSpaceReturned == 0 { report.failures.append("no write succeeded after space came back") }

        server.closeInput()
        let status = server.waitForExit(timeout: 20)
        if status != 0 { report.failures.append("exit status \(status.map(String.init) ?? "none (killed)"): \(server.standardError.suffix(500))") }

        let file = try SQLiteFile(path: mountPoint + "/full.sqlite")
        let present = Set(try file.rows("SELECT id FROM t").compactMap { $0[0].flatMap(Int.init) })
        let lost = acknowledged.subtracting(deleted).subtracting(present)
        report.lostRows = lost.count
        if !lost.isEmpty { report.failures.append("acknowledged rows missing: \(lost.sorted().prefix(10))") }
        let integrity = try file.integrityCheck()
        if integrity != ["ok"] { report.failures.append("integrity_check: \(integrity.prefix(3))") }
        return report
    }

    static func command(_ path: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
