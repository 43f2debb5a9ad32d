import Foundation
import JSON

/// Two wizdb processes pipelining writes into one database file are killed with SIGKILL at
/// random moments, round after round. After each round the file is read with the SQLite C API:
/// every write either process acknowledged must be there, every `transaction.run` must be there
/// whole or not at all, and `integrity_check` must say ok.
public struct KillRounds: Sendable {
    public struct Report: Sendable, CustomStringConvertible {
        public var rounds = 0
        /// Requests answered with a result before the kill.
        public var acknowledgedRequests = 0
        /// Rows those requests wrote.
        public var acknowledgedRows = 0
        public var lostRows = 0
        public var tornTransactions = 0
        public var failures: [String] = []

        public var description: String {
            "\(rounds) rounds, \(acknowledgedRequests) acknowledged requests (\(acknowledgedRows) rows): "
                + "\(lostRows) lost, \(tornTransactions) torn transactions, \(failures.count) failures"
                + (failures.isEmpty ? "" : "\n  " + failures.prefix(10).joined(separator: "\n  "))
        }
    }

    public var seed: UInt64
    /// Requests each process is given per round: more than it can answer before the kill.
    public var requestsPerProcess = 20_000
    /// The longest a round runs before its first kill, in milliseconds.
    public var maxKillDelayMs = 200

    public init(seed: UInt64) { self.seed = seed }

    public func run(rounds: Int, in directory: String, log: (String) -> Void = { _ in }) throws -> Report {
        let path = directory + "/kill.sqlite"
        do {
            let file = try SQLiteFile(path: path, create: true)
            _ = try file.rows("PRAGMA journal_mode = WAL")
            _ = try file.rows("CREATE TABLE IF NOT EXISTS t (writer TEXT NOT NULL, seq INTEGER NOT NULL, grp TEXT, PRIMARY KEY (writer, seq))")
        }
        var random = SeededGenerator(seed: seed)
        var report = Report()
        for round in 0..<rounds {
            try runRound(round, path: path, directory: directory, random: &random, report: &report)
            report.rounds += 1
            if (round + 1) % 50 == 0 { log("round \(round + 1): \(report)") }
        }
        return report
    }

    private func runRound(_ round: Int, path: String, directory: String, random: inout SeededGenerator, report: inout Report) throws {
        let writers = (0..<2).map { "r\(round)p\($0)" }
        let processes = try writers.map { _ in try HostProcess(arguments: ["--db", path], in: directory) }
        for (process, writer) in zip(processes, writers) {
            let text = Self.requests(writer: writer, count: requestsPerProcess)
            Thread.detachNewThread { process.send(text) }
        }
        let firstKill = UInt32(5 + Int(random.next() % UInt64(max(1, maxKillDelayMs))))
        let secondKill = UInt32(random.next() % 100)
        usleep(firstKill * 1000)
        processes[0].kill()
        usleep(secondKill * 1000)
        processes[1].kill()
        for process in processes { _ = process.waitForExit(timeout: 30) }

        let file = try SQLiteFile(path: path)
        for (process, writer) in zip(processes, writers) {
            var acknowledged: [Int] = []
            while let line = process.nextLine(timeout: 5) {
                guard let object = try? JSONReader.parse(line).objectValue, object["result"] != nil,
                      let id = object["id"]?.int64Value else { continue }
                acknowledged.append(Int(id))
            }
            let present = Set(try file.rows("SELECT seq FROM t WHERE writer = '\(writer)'").compactMap { $0[0].flatMap(Int.init) })
            for id in acknowledged {
                let rows = Self.isTransaction(id) ? [id * 10, id * 10 + 1, id * 10 + 2] : [id * 10]
                report.acknowledgedRequests += 1
                report.acknowledgedRows += rows.count
                let missing = rows.filter { !present.contains($0) }
                if !missing.isEmpty {
                    report.lostRows += missing.count
                    report.failures.append("round \(round): \(writer) request \(id) was acknowledged but rows \(missing) are missing")
                }
            }
            for group in try file.rows("SELECT grp, count(*) FROM t WHERE writer = '\(writer)' AND grp IS NOT NULL GROUP BY grp")
            where group[1] != "3" {
                report.tornTransactions += 1
                report.failures.append("round \(round): \(writer) transaction \(group[0] ?? "?") has \(group[1] ?? "?") of its 3 rows")
            }
        }
        let integrity = try file.integrityCheck()
        if integrity != ["ok"] { report.failures.append("round \(round): integrity_check: \(integrity.prefix(3))") }
    }

    /// Every third request is a `transaction.run` of three inserts; the others insert one row.
    static func isTransaction(_ id: Int) -> Bool { id % 3 == 2 }

    static func requests(writer: String, count: Int) -> String {
        var lines: [String] = []
        lines.reserveCapacity(count)
        for id in 0..<count {
            if isTransaction(id) {
                let steps = (0..<3).map { part in
                    #"{"method":"query.sql","params":{"sql":"INSERT INTO t (writer, seq, grp) VALUES (?, ?, ?)","params":["\#(writer)",\#(id * 10 + part),"g\#(id)"]}}"#
                }
                lines.append(#"{"jsonrpc":"2.0","id":\#(id),"method":"transaction.run","params":{"steps":[\#(steps.joined(separator: ","))]}}"#)
            } else {
                lines.append(#"{"jsonrpc":"2.0","id":\#(id),"method":"query.sql","params":{"sql":"INSERT INTO t (writer, seq) VALUES (?, ?)","params":["\#(writer)",\#(id * 10)]}}"#)
            }
        }
        return lines.joined(separator: "\n")
    }
}
