import CSQLite
import Foundation

// wizdb-bench --backup [--backup-mb 200] [--backup-rounds 3] [--shell-timeout 60]
//
// Backup throughput of maintenance.backup on a database of the given size, next to the sqlite3
// shell's `.backup` on the same file in the same run, and the write latency a host sees while a
// backup runs: one writer sends INSERTs to the same wizdb process, one at a time, for as long as
// the backup lasts. Figures are the median of the rounds (the file is in the page cache after
// the first round, for every contender alike).

func runBackupBenchmark(binary: String, work: String, megabytes: Int, rounds: Int, shellTimeout: Double) throws {
    let database = work + "/backup-bench.sqlite"
    let backups = work + "/backups"
    print("wizdb backup benchmark: \(ProcessInfo.processInfo.activeProcessorCount) cores, binary \(binary)")
    print("generating a \(megabytes) MB database ...")
    try generateBulkDatabase(at: database, megabytes: megabytes)
    let bytes = Double((try FileManager.default.attributesOfItem(atPath: database))[.size] as? Int ?? 0)
    let megabytesOnDisk = bytes / 1_000_000
    print(String(format: "database: %.1f MB", megabytesOnDisk))

    let server = try PipeClient(binary, ["--db", database, "--backups", backups])
    defer {
        server.closeInput()
        server.wait()
    }
    var nextID = 1
    func send(_ method: String, _ params: String) -> Int {
        nextID += 1
        server.write(Array(#"{"jsonrpc":"2.0","id":\#(nextID),"method":"\#(method)","params":\#(params)}"#.utf8) + [0x0A])
        return nextID
    }
    let insert = #"{"sql":"INSERT INTO log (payload) VALUES (randomblob(100))"}"#

    // Write latency with nothing else going on.
    var idle: [UInt64] = []
    for _ in 0..<2000 {
        let started = now()
        _ = send("query.sql", insert)
        let answer = server.readLine()
        idle.append(now() - started)
        if containsError(answer) { throw BenchError("write failed: \(String(decoding: answer, as: UTF8.self))") }
    }
    print(latencyLine("writes, no backup running", idle))

    /// Sends writes one at a time until `finished(backupAnswer)` is true, setting `backupAnswer`
    /// when the answer to `backupID` comes by; returns the writes' latencies and that answer.
    func writeWhileRunning(backupID: Int?, until finished: (ArraySlice<UInt8>?) -> Bool) -> ([UInt64], ArraySlice<UInt8>?) {
        var latencies: [UInt64] = []
        var backupAnswer: ArraySlice<UInt8>?
        while !finished(backupAnswer) {
            let started = now()
            let id = send("query.sql", insert)
            while true {
                let answer = server.readLine()
                if responseID(answer) == id {
                    latencies.append(now() - started)
                    break
                }
                if let backupID, responseID(answer) == backupID { backupAnswer = answer }
            }
        }
        return (latencies, backupAnswer)
    }

    struct Round {
        var seconds: Double
        var latencies: [UInt64]
        var finished = true
    }

    // maintenance.backup, with a writer on the same process.
    func wizdbRound(verify: Bool) throws -> Round {
        try? FileManager.default.removeItem(atPath: backups)
        let started = now()
        let backupID = send("maintenance.backup", #"{"name":"bench.sqlite","verify":\#(verify)}"#)
        let (latencies, answer) = writeWhileRunning(backupID: backupID) { $0 != nil }
        let seconds = Double(now() - started) / 1e9
        if let answer, containsError(answer) { throw BenchError("backup failed: \(String(decoding: answer, as: UTF8.self))") }
        return Round(seconds: seconds, latencies: latencies)
    }

    // The sqlite3 shell's .backup of the same file, with and without the same writer.
    func shellRound(withWriter: Bool, timeout: Double) throws -> Round {
        let target = work + "/shell-backup.sqlite"
        try? FileManager.default.removeItem(atPath: target)
        let started = now()
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        shell.arguments = [database, ".backup '\(target)'"]
        try shell.run()
        let deadline = started + UInt64(timeout * 1e9)
        var latencies: [UInt64] = []
        if withWriter {
            latencies = writeWhileRunning(backupID: nil) { _ in !shell.isRunning || now() > deadline }.0
        } else {
            while shell.isRunning && now() < deadline { usleep(1000) }
        }
        let seconds = Double(now() - started) / 1e9
        if shell.isRunning {
            shell.terminate()
            shell.waitUntilExit()
            return Round(seconds: seconds, latencies: latencies, finished: false)
        }
        return Round(seconds: seconds, latencies: latencies)
    }

    func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
    func throughput(_ rounds: [Round]) -> String {
        String(format: "%8.1f MB/s  (median %.2f s)", megabytesOnDisk / median(rounds.map(\.seconds)), median(rounds.map(\.seconds)))
    }

    var quiet: [Round] = []
    var shellQuiet: [Round] = []
    var busy: [Round] = []
    var verified: [Round] = []
    var shellBusy: [Round] = []
    for _ in 0..<rounds {
        shellQuiet.append(try shellRound(withWriter: false, timeout: 600))
        let started = now()
        try? FileManager.default.removeItem(atPath: backups)
        let id = send("maintenance.backup", #"{"name":"bench.sqlite","verify":false}"#)
        let answer = server.readLine()
        if responseID(answer) != id || containsError(answer) { throw BenchError("backup failed: \(String(decoding: answer, as: UTF8.self))") }
        quiet.append(Round(seconds: Double(now() - started) / 1e9, latencies: []))
        busy.append(try wizdbRound(verify: false))
        verified.append(try wizdbRound(verify: true))
        shellBusy.append(try shellRound(withWriter: true, timeout: shellTimeout))
    }

    print("-- backup of \(String(format: "%.0f", megabytesOnDisk)) MB, median of \(rounds) rounds")
    print("sqlite3 shell .backup, no writer".padding(toLength: 52, withPad: " ", startingAt: 0) + throughput(shellQuiet))
    print("maintenance.backup verify:false, no writer".padding(toLength: 52, withPad: " ", startingAt: 0) + throughput(quiet))
    print("maintenance.backup verify:false, writer running".padding(toLength: 52, withPad: " ", startingAt: 0) + throughput(busy))
    print("maintenance.backup verify:true, writer running".padding(toLength: 52, withPad: " ", startingAt: 0) + throughput(verified))
    let finishedShell = shellBusy.filter(\.finished)
    let limit = String(format: "%.0f s", shellTimeout)
    if finishedShell.isEmpty {
        print("sqlite3 shell .backup, writer running".padding(toLength: 52, withPad: " ", startingAt: 0)
              + "did not finish within \(limit) (restarted by every commit)")
    } else {
        print("sqlite3 shell .backup, writer running".padding(toLength: 52, withPad: " ", startingAt: 0) + throughput(finishedShell)
              + "  (\(finishedShell.count) of \(rounds) finished within \(limit))")
    }
    print("-- write latency seen by the concurrent writer (same wizdb process)")
    print(latencyLine("during maintenance.backup verify:false", busy.flatMap(\.latencies)))
    print(latencyLine("during maintenance.backup verify:true", verified.flatMap(\.latencies)))
    print(latencyLine("during sqlite3 shell .backup", shellBusy.flatMap(\.latencies)))
}

func latencyLine(_ label: String, _ latencies: [UInt64]) -> String {
    guard !latencies.isEmpty else { return label.padding(toLength: 52, withPad: " ", startingAt: 0) + "no writes" }
    let sorted = latencies.sorted()
    let p50 = Double(sorted[sorted.count / 2]) / 1e3
    let p99 = Double(sorted[min(sorted.count - 1, sorted.count * 99 / 100)]) / 1e3
    let worst = Double(sorted[sorted.count - 1]) / 1e6
    return label.padding(toLength: 52, withPad: " ", startingAt: 0)
        + String(format: "%7d writes   p50 %7.1f us   p99 %8.1f us   worst %7.1f ms", sorted.count, p50, p99, worst)
}

/// A WAL database of about `megabytes` MB: 4 KB random blobs, plus the table the writer fills.
func generateBulkDatabase(at path: String, megabytes: Int) throws {
    var db: OpaquePointer?
    guard sqlite3_open(path, &db) == SQLITE_OK else { throw BenchError("cannot create \(path)") }
    defer { sqlite3_close(db) }
    let rows = megabytes * 1_000_000 / 4100
    let script = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE filler (id INTEGER PRIMARY KEY, payload BLOB NOT NULL);
        CREATE TABLE log (id INTEGER PRIMARY KEY, payload BLOB NOT NULL);
        BEGIN;
        WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < \(rows))
        INSERT INTO filler (payload) SELECT randomblob(4000) FROM c;
        COMMIT;
        PRAGMA wal_checkpoint(TRUNCATE);
        """
    guard sqlite3_exec(db, script, nil, nil, nil) == SQLITE_OK else {
        throw BenchError("cannot fill \(path): \(String(cString: sqlite3_errmsg(db)))")
    }
}
