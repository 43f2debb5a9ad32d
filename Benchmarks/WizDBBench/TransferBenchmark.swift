import CSQLite
import Foundation

/// `wizdb-bench --transfers`: credit transfers per second as `transaction.run` (one at a time
/// and pipelined) against the same transaction done in process through the SQLite C API.
/// Both use the same database settings (WAL, synchronous NORMAL) and the same three statements.
enum TransferBenchmark {
    static let users = 1000

    static func run(binary: String, folder: String, count: Int, rounds: Int) throws {
        let path = folder + "/transfers.sqlite"
        try prepare(at: path)
        print("-- credit transfers (\(users) users; debit with a balance check, credit, transfer record)")
        var generator = SystemRandomNumberGenerator()
        func transfer(_ id: Int) -> [UInt8] {
            let from = Int.random(in: 0..<users, using: &generator)
            let to = (from + Int.random(in: 1..<users, using: &generator)) % users
            return Array((#"{"jsonrpc":"2.0","id":\#(id),"method":"transaction.run","params":{"steps":["#
                + #"{"method":"query.sql","params":{"sql":"UPDATE acc SET credits = credits - ?1 WHERE id = ?2 AND credits >= ?1","params":[1,"u\#(from)"]},"expect":{"changes":1,"message":"Insufficient credits"}},"#
                + #"{"method":"query.sql","params":{"sql":"UPDATE acc SET credits = credits + ?1 WHERE id = ?2","params":[1,"u\#(to)"]},"expect":{"changes":1}},"#
                + #"{"method":"query.sql","params":{"sql":"INSERT INTO transfers (from_id, to_id, amount) VALUES (?, ?, ?)","params":["u\#(from)","u\#(to)",1]}}]}}"#
                + "\n").utf8)
        }
        let server = try PipeClient(binary, ["--db", path])
        let ok: (ArraySlice<UInt8>) -> Bool = { line in !line.prefix(40).elementsEqual(Array(#"{"jsonrpc":"2.0","error""#.utf8)) && !String(decoding: line.prefix(80), as: UTF8.self).contains("\"error\"") }
        print(server.oneAtATime((0..<count).map(transfer), check: ok).line("transaction.run transfer, one at a time"))
        var best: Summary?
        for _ in 0..<rounds {
            let summary = server.pipelined((0..<count).map(transfer), check: ok)
            if best == nil || summary.opsPerSecond > best!.opsPerSecond { best = summary }
        }
        print(best!.line("transaction.run transfer, pipelined (best of \(rounds))"))
        server.closeInput()
        server.wait()
        let inProcess = try inProcessTransfers(at: path, count: count * 5)
        print(inProcess.line("same transfer, C API in process"))
        print("ratio pipelined / in process".padding(toLength: 52, withPad: " ", startingAt: 0)
              + String(format: "%11.0f %%", 100 * best!.opsPerSecond / inProcess.opsPerSecond))
    }

    static func prepare(at path: String) throws {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK else { throw BenchError("cannot create \(path)") }
        defer { sqlite3_close(db) }
        var script = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE acc (id TEXT PRIMARY KEY NOT NULL, credits INTEGER NOT NULL CHECK (credits >= 0));
            CREATE TABLE transfers (id INTEGER PRIMARY KEY, from_id TEXT NOT NULL, to_id TEXT NOT NULL, amount INTEGER NOT NULL);
            BEGIN;
            """
        for user in 0..<users { script += "INSERT INTO acc VALUES ('u\(user)', 1000000);" }
        script += "COMMIT;"
        guard sqlite3_exec(db, script, nil, nil, nil) == SQLITE_OK else { throw BenchError("cannot prepare \(path)") }
    }

    /// The same transfer through the C API: BEGIN IMMEDIATE, three prepared statements, COMMIT.
    static func inProcessTransfers(at path: String, count: Int) throws -> Summary {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK else { throw BenchError("cannot open \(path)") }
        defer { sqlite3_close(db) }
        sqlite3_exec(db, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON", nil, nil, nil)
        var debit: OpaquePointer?, credit: OpaquePointer?, record: OpaquePointer?, begin: OpaquePointer?, commit: OpaquePointer?
        sqlite3_prepare_v2(db, "UPDATE acc SET credits = credits - ?1 WHERE id = ?2 AND credits >= ?1", -1, &debit, nil)
        sqlite3_prepare_v2(db, "UPDATE acc SET credits = credits + ?1 WHERE id = ?2", -1, &credit, nil)
        sqlite3_prepare_v2(db, "INSERT INTO transfers (from_id, to_id, amount) VALUES (?, ?, ?)", -1, &record, nil)
        sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, nil)
        sqlite3_prepare_v2(db, "COMMIT", -1, &commit, nil)
        defer { [debit, credit, record, begin, commit].forEach { sqlite3_finalize($0) } }
        var generator = SystemRandomNumberGenerator()
        var latencies: [UInt64] = []
        latencies.reserveCapacity(count)
        let started = now()
        for _ in 0..<count {
            let t0 = now()
            let from = "u\(Int.random(in: 0..<users, using: &generator))"
            let to = "u\(Int.random(in: 0..<users, using: &generator))"
            sqlite3_step(begin); sqlite3_reset(begin)
            sqlite3_bind_int64(debit, 1, 1); sqlite3_bind_text(debit, 2, from, -1, wizdb_transient())
            sqlite3_step(debit); sqlite3_reset(debit)
            let changed = sqlite3_changes(db)
            sqlite3_bind_int64(credit, 1, 1); sqlite3_bind_text(credit, 2, to, -1, wizdb_transient())
            sqlite3_step(credit); sqlite3_reset(credit)
            if changed == 1 {
                sqlite3_bind_text(record, 1, from, -1, wizdb_transient()); sqlite3_bind_text(record, 2, to, -1, wizdb_transient())
                sqlite3_bind_int64(record, 3, 1)
                sqlite3_step(record); sqlite3_reset(record)
            }
            sqlite3_step(commit); sqlite3_reset(commit)
            latencies.append(now() - t0)
        }
        return Summary(count: count, elapsedNanos: now() - started, latencies: latencies)
    }
}
