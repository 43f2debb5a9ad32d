import Foundation
import JSON
import Testing
import TestSupport

/// Two wizdb processes on one database file, each fed a pipelined stream of credit transfers
/// (transaction.run) with balance sums mixed in. Money is neither created nor lost, every
/// successful transfer has its record, and nothing fails except for insufficient credits.
@Suite struct ConcurrentTransferTests {
    static let users = 50
    static let startingCredits = 100
    static let transfersPerProcess = 1000

    @Test func transfersAcrossTwoProcessesKeepTheTotal() throws {
        let directory = try TemporaryDirectory()
        let db = directory.file("bank.sqlite")
        var setup = [
            #"{"jsonrpc":"2.0","id":1,"method":"query.sql","params":{"sql":"CREATE TABLE acc (id TEXT PRIMARY KEY NOT NULL, credits INTEGER NOT NULL CHECK (credits >= 0))"}}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"query.sql","params":{"sql":"CREATE TABLE transfers (id INTEGER PRIMARY KEY, from_id TEXT NOT NULL, to_id TEXT NOT NULL, amount INTEGER NOT NULL)"}}"#,
        ]
        for user in 0..<Self.users {
            setup.append(#"{"jsonrpc":"2.0","id":\#(user + 3),"method":"query.sql","params":{"sql":"INSERT INTO acc VALUES (?, ?)","params":["u\#(user)",\#(Self.startingCredits)]}}"#)
        }
        let prepared = try WizDBBinary.run(["--db", db], input: Array((setup.joined(separator: "\n") + "\n").utf8), in: directory.path)
        #expect(prepared.stdoutLines.count == setup.count && !prepared.stdoutText.contains("error"), "setup failed: \(prepared.stdoutText)")

        let outcomes = OutcomeBox()
        let group = DispatchGroup()
        for process in 0..<2 {
            let input = Self.stream(seed: UInt64(process + 1))
            group.enter()
            DispatchQueue.global().async {
                let outcome = Result { try WizDBBinary.run(["--db", db, "--busy-timeout", "10000"], input: input, in: directory.path, timeout: 120) }
                outcomes.append(outcome)
                group.leave()
            }
        }
        group.wait()

        var succeeded = 0
        var insufficient = 0
        var sums: [Int64] = []
        for outcome in outcomes.values {
            let run = try outcome.get()
            #expect(run.status == 0 && !run.timedOut, "a process failed: \(run.stderr)")
            for line in run.stdoutLines {
                let response = try JSONReader.parse(line).objectValue
                if let error = response?["error"]?.objectValue {
                    let message = error["message"]?.stringValue ?? ""
                    #expect(message == "Insufficient credits", "unexpected failure: \(line)")
                    insufficient += 1
                } else if let total = response?["result"]?.objectValue?["rows"]?.arrayValue?.first?.objectValue?["total"]?.int64Value {
                    sums.append(total)
                } else {
                    succeeded += 1
                }
            }
        }
        let expectedTotal = Int64(Self.users * Self.startingCredits)
        #expect(succeeded + insufficient == 2 * Self.transfersPerProcess, "every transfer must be answered")
        #expect(!sums.isEmpty && sums.allSatisfy { $0 == expectedTotal }, "sums seen: \(Set(sums)) (expected \(expectedTotal))")
        let check = try WizDBBinary.run(["--db", db], input: Array((
            #"{"jsonrpc":"2.0","id":1,"method":"query.sql","params":{"sql":"SELECT (SELECT sum(credits) FROM acc) AS total, (SELECT count(*) FROM transfers) AS records"}}"# + "\n").utf8),
            in: directory.path)
        let row = try JSONReader.parse(check.stdoutLines.first ?? "").objectValue?["result"]?.objectValue?["rows"]?.arrayValue?.first?.objectValue
        #expect(row?["total"]?.int64Value == expectedTotal)
        #expect(row?["records"]?.int64Value == Int64(succeeded), "one record per successful transfer")
        #expect(succeeded > 0 && insufficient > 0, "the workload should exercise both outcomes (succeeded \(succeeded), refused \(insufficient))")
    }

    /// Transfers between random users with random amounts, and a balance sum every tenth request.
    static func stream(seed: UInt64) -> [UInt8] {
        var generator = SeededGenerator(seed: seed)
        var lines: [String] = []
        for index in 0..<transfersPerProcess {
            let from = Int.random(in: 0..<users, using: &generator)
            var to = Int.random(in: 0..<users, using: &generator)
            if to == from { to = (to + 1) % users }
            let amount = Int.random(in: 1...60, using: &generator)
            lines.append(#"{"jsonrpc":"2.0","id":\#(index),"method":"transaction.run","params":{"steps":["#
                + #"{"method":"query.sql","params":{"sql":"UPDATE acc SET credits = credits - ? WHERE id = ? AND credits >= ?","params":[\#(amount),"u\#(from)",\#(amount)]},"expect":{"changes":1,"message":"Insufficient credits"}},"#
                + #"{"method":"query.sql","params":{"sql":"UPDATE acc SET credits = credits + ? WHERE id = ?","params":[\#(amount),"u\#(to)"]},"expect":{"changes":1,"message":"Unknown receiver"}},"#
                + #"{"method":"query.sql","params":{"sql":"INSERT INTO transfers (from_id, to_id, amount) VALUES (?, ?, ?)","params":["u\#(from)","u\#(to)",\#(amount)]}}]}}"#)
            if index % 10 == 0 {
                lines.append(#"{"jsonrpc":"2.0","id":"sum\#(index)","method":"query.sql","params":{"sql":"SELECT sum(credits) AS total FROM acc","readOnly":true}}"#)
            }
        }
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }
}

final class OutcomeBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Result<WizDBBinary.Outcome, any Error>] = []
    func append(_ outcome: Result<WizDBBinary.Outcome, any Error>) { lock.lock(); stored.append(outcome); lock.unlock() }
    var values: [Result<WizDBBinary.Outcome, any Error>] { lock.lock(); defer { lock.unlock() }; return stored }
}
