import CSQLite
import Foundation

// wizdb benchmark: prints figures, asserts nothing. Build and run with
//   swift run -c release --static-swift-stdlib wizdb-bench [--rows N] [--binary PATH] [--query]
// --query measures the structured query methods instead (see QueryBench.swift).
// It generates a users table, then measures wizdb over its pipe protocol side by side with the
// same work through the sqlite3 shell over a pipe and through the SQLite C API in process.
// With --rebuild [--random-ids] it measures instead a migration that rebuilds a table of --rows
// rows (default 1,000,000), see RebuildBenchmark.swift.
// With --backup it measures backups instead (BackupBenchmark.swift).
// With --ratios [--save FILE] [--baseline FILE] it prints each speed goal as a ratio to its
// reference measured in the same run (RatioBench.swift).
// With --watch it measures live queries (WatchBenchmark.swift): notification latency in the same
// and another process, write throughput with watches open, idle CPU of polling.

let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String, _ fallback: String) -> String {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
    return arguments[index + 1]
}
let rowCount = Int(option("--rows", "100000")) ?? 100_000
let sequentialCount = Int(option("--one-at-a-time", "20000")) ?? 20_000
let pipelinedCount = Int(option("--pipelined", "10000")) ?? 10_000
let rounds = Int(option("--rounds", "5")) ?? 5
let executableFolder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path
let binary = option("--binary", executableFolder + "/wizdb")

if arguments.contains("--query") {
    let folder = NSTemporaryDirectory() + "wizdb-query-bench-\(getpid())"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    print("wizdb query benchmark: \(ProcessInfo.processInfo.activeProcessorCount) cores, binary \(binary)")
    let outcome = Result {
        try QueryBenchmark(binary: binary, rowCount: rowCount, rounds: rounds, lookups: sequentialCount,
                           pipelinedLookups: Int(option("--pipelined", "100000")) ?? 100_000,
                           batchSize: Int(option("--batch", "1000")) ?? 1000, pageSize: Int(option("--page", "100")) ?? 100,
                           work: folder,
                           only: Set(option("--only", "get,walk,insert").split(separator: ",").map(String.init)),
                           serverArguments: option("--server-args", "").split(separator: " ").map(String.init)).run()
    }
    try? FileManager.default.removeItem(atPath: folder)
    try outcome.get()
    exit(0)
}

let work = NSTemporaryDirectory() + "wizdb-bench-\(getpid())"
try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: work) }

if arguments.contains("--ratios") {
    print("wizdb ratio benchmark: \(ProcessInfo.processInfo.activeProcessorCount) cores, binary \(binary)")
    let outcome = Result {
        try RatioBenchmark(binary: binary, work: work, rowCount: rowCount, rounds: rounds,
                           oneAtATime: Int(option("--one-at-a-time", "5000")) ?? 5000,
                           pipelined: Int(option("--pipelined", "20000")) ?? 20_000,
                           pageSize: Int(option("--page", "50")) ?? 50,
                           startups: Int(option("--startups", "10")) ?? 10,
                           serverArguments: option("--server-args", "").split(separator: " ").map(String.init))
            .run(baselinePath: arguments.contains("--baseline") ? option("--baseline", "") : nil,
                 savePath: arguments.contains("--save") ? option("--save", "") : nil)
    }
    try? FileManager.default.removeItem(atPath: work)
    try outcome.get()
    exit(0)
}
let databasePath = work + "/bench.sqlite"

if arguments.contains("--rebuild") {
    var status: Int32 = 0
    do {
        try runRebuildBenchmark(binary: binary, rows: Int(option("--rows", "1000000")) ?? 1_000_000,
                                randomIDs: arguments.contains("--random-ids"), work: work)
    } catch {
        print("rebuild benchmark failed: \(error)")
        status = 1
    }
    try? FileManager.default.removeItem(atPath: work)
    exit(status)
}
if arguments.contains("--backup") {
    try runBackupBenchmark(binary: binary, work: work, megabytes: Int(option("--backup-mb", "200")) ?? 200,
                           rounds: Int(option("--backup-rounds", "3")) ?? 3,
                           shellTimeout: Double(option("--shell-timeout", "60")) ?? 60)
    try? FileManager.default.removeItem(atPath: work)
    exit(0)
}

print("wizdb benchmark: \(ProcessInfo.processInfo.activeProcessorCount) cores, binary \(binary)")
if arguments.contains("--watch") {
    try WatchBenchmark.run(binary: binary, folder: work, writes: Int(option("--count", "10000")) ?? 10_000,
                           samples: Int(option("--samples", "500")) ?? 500)
    exit(0)
}
if arguments.contains("--transfers") {
    try TransferBenchmark.run(binary: binary, folder: work, count: Int(option("--count", "5000")) ?? 5000, rounds: rounds)
    exit(0)
}
print("generating \(rowCount) users ...")
let ids = try generateUsers(at: databasePath, count: rowCount)
nonisolated(unsafe) var random = SystemRandomNumberGenerator()
func someID() -> String { ids[Int.random(in: 0..<ids.count, using: &random)] }

func request(_ id: Int, _ method: String, _ params: String? = nil) -> [UInt8] {
    var text = #"{"jsonrpc":"2.0","id":\#(id),"method":"\#(method)""#
    if let params { text += #","params":\#(params)"# }
    return Array((text + "}\n").utf8)
}

func okAnswer(_ line: ArraySlice<UInt8>) -> Bool {
    line.starts(with: Array(#"{"jsonrpc":"2.0","id":"#.utf8)) && !containsError(line)
}
func containsError(_ line: ArraySlice<UInt8>) -> Bool {
    let marker = Array(#""error":"#.utf8)
    return line.prefix(60).indices.contains { index in line[index...].starts(with: marker) }
}
func rowAnswer(_ line: ArraySlice<UInt8>) -> Bool {
    let marker = Array(#""rows":[{"#.utf8)
    return line.indices.contains { line[$0...].starts(with: marker) }
}

// Spawn to first response.
var spawnTimes: [Double] = []
for _ in 0..<30 {
    let client = try PipeClient(binary, ["--db", databasePath])
    client.write(request(1, "ping"))
    _ = client.readLine()
    spawnTimes.append(Double(now() - client.spawnedAt) / 1e6)
    client.closeInput()
    client.wait()
}
spawnTimes.sort()
print("spawn to first response (30 spawns)".padding(toLength: 52, withPad: " ", startingAt: 0)
      + String(format: "median %6.2f ms   p99 %6.2f ms", spawnTimes[15], spawnTimes[29]))

let lookupSQL = "SELECT * FROM users WHERE id = ?"

func measureServer(_ label: String, _ extraArguments: [String]) throws -> Summary {
    print("-- wizdb \(label)")
    let server = try PipeClient(binary, ["--db", databasePath] + extraArguments)
    server.write(request(0, "ping"))
    _ = server.readLine()

    print(server.oneAtATime((0..<sequentialCount).map { request($0, "ping") }, check: okAnswer).line("ping, one at a time"))
    var best: Summary?
    for _ in 0..<rounds {
        let summary = server.pipelined((0..<pipelinedCount).map { request($0, "ping") }, check: okAnswer)
        if best == nil || summary.opsPerSecond > best!.opsPerSecond { best = summary }
    }
    print(best!.line("ping, pipelined (best of \(rounds) x \(pipelinedCount))"))
    print(server.oneAtATime((0..<sequentialCount).map { request($0, "query.sql", #"{"sql":"SELECT 1","readOnly":true}"#) }, check: okAnswer)
        .line("query.sql SELECT 1 (reader), one at a time"))
    print(server.oneAtATime((0..<sequentialCount).map { request($0, "query.sql", #"{"sql":"SELECT 1"}"#) }, check: okAnswer)
        .line("query.sql SELECT 1 (writer), one at a time"))
    let sequential = server.oneAtATime((0..<sequentialCount).map { lookup($0, readOnly: true) }, check: rowAnswer)
    print(sequential.line("query.sql point lookup, one at a time"))
    for readOnly in [true, false] {
        best = nil
        for _ in 0..<rounds {
            let summary = server.pipelined((0..<pipelinedCount).map { lookup($0, readOnly: readOnly) }, check: rowAnswer)
            if best == nil || summary.opsPerSecond > best!.opsPerSecond { best = summary }
        }
        print(best!.line("query.sql point lookup, pipelined (\(readOnly ? "readers" : "writer"))"))
    }
    let memory = server.memoryKiB()
    server.closeInput()
    server.wait()
    print("memory: peak resident (VmHWM) / anonymous (RssAnon)".padding(toLength: 52, withPad: " ", startingAt: 0)
          + String(format: "%8.1f MiB / %.1f MiB", Double(memory.peak) / 1024, Double(memory.anonymous) / 1024))
    return sequential
}

func lookup(_ id: Int, readOnly: Bool) -> [UInt8] {
    request(id, "query.sql", #"{"sql":"\#(lookupSQL)","params":["\#(someID())"],"readOnly":\#(readOnly)}"#)
}
let wizdbSequential = try measureServer("(defaults)", [])
_ = try measureServer("--mmap-size 268435456", ["--mmap-size", "268435456"])

print("-- references")
// Reference 0: the floor of a pipe round trip, a process that echoes each line back (cat).
let echo = try PipeClient("/bin/cat", [])
print(echo.oneAtATime((0..<sequentialCount).map { request($0, "ping") }, check: { _ in true }).line("pipe round trip floor (cat), one at a time"))
echo.closeInput()
echo.wait()

// Reference 1: the sqlite3 shell over a pipe, JSON output.
let shell = try PipeClient("/usr/bin/sqlite3", [databasePath])
shell.write(Array(".mode json\n".utf8))
let shellSequential = shell.oneAtATime((0..<sequentialCount).map { _ in
    Array("SELECT * FROM users WHERE id = '\(someID())';\n".utf8)
}, check: { $0.starts(with: Array("[{".utf8)) })
print(shellSequential.line("sqlite3 shell point lookup, one at a time"))
shell.closeInput()
shell.wait()

// Reference 2: the SQLite C API in process (prepared once, bound per lookup).
let inProcess = try inProcessLookups(at: databasePath, count: sequentialCount * 5)
print(inProcess.line("C API point lookup, in process"))

print("ratio wizdb / sqlite3 shell, one at a time".padding(toLength: 52, withPad: " ", startingAt: 0)
      + String(format: "%12.2f x", wizdbSequential.opsPerSecond / shellSequential.opsPerSecond))

// MARK: - Helpers working on SQLite directly

func generateUsers(at path: String, count: Int) throws -> [String] {
    var db: OpaquePointer?
    guard sqlite3_open(path, &db) == SQLITE_OK else { throw BenchError("cannot create \(path)") }
    defer { sqlite3_close(db) }
    sqlite3_exec(db, """
        PRAGMA journal_mode = WAL;
        CREATE TABLE users (id TEXT PRIMARY KEY NOT NULL, email TEXT NOT NULL, name TEXT NOT NULL,
            credits INTEGER NOT NULL DEFAULT 0, phone_number TEXT,
            created_at INTEGER NOT NULL DEFAULT (unixepoch()), updated_at INTEGER NOT NULL DEFAULT (unixepoch()),
            deactivated_at INTEGER, deactivated_by TEXT);
        BEGIN;
        """, nil, nil, nil)
    var statement: OpaquePointer?
    sqlite3_prepare_v2(db, "INSERT INTO users (id, email, name, credits) VALUES (?, ?, ?, ?)", -1, &statement, nil)
    var ids: [String] = []
    ids.reserveCapacity(count)
    for index in 0..<count {
        let id = UUID().uuidString.lowercased()
        ids.append(id)
        sqlite3_bind_text(statement, 1, id, -1, wizdb_transient())
        sqlite3_bind_text(statement, 2, "user\(index)@example.com", -1, wizdb_transient())
        sqlite3_bind_text(statement, 3, "User \(index)", -1, wizdb_transient())
        sqlite3_bind_int64(statement, 4, Int64(index % 1000))
        sqlite3_step(statement)
        sqlite3_reset(statement)
    }
    sqlite3_finalize(statement)
    sqlite3_exec(db, "COMMIT", nil, nil, nil)
    return ids
}

func inProcessLookups(at path: String, count: Int) throws -> Summary {
    var db: OpaquePointer?
    guard sqlite3_open(path, &db) == SQLITE_OK else { throw BenchError("cannot open \(path)") }
    defer { sqlite3_close(db) }
    var statement: OpaquePointer?
    sqlite3_prepare_v2(db, lookupSQL, -1, &statement, nil)
    defer { sqlite3_finalize(statement) }
    let keys = (0..<count).map { _ in someID() }
    var latencies: [UInt64] = []
    latencies.reserveCapacity(count)
    var checksum = 0
    let started = now()
    for key in keys {
        let t0 = now()
        sqlite3_bind_text(statement, 1, key, -1, wizdb_transient())
        while sqlite3_step(statement) == SQLITE_ROW {
            checksum &+= Int(sqlite3_column_int64(statement, 3)) + Int(sqlite3_column_bytes(statement, 1))
        }
        sqlite3_reset(statement)
        latencies.append(now() - t0)
    }
    if checksum == 42 { print("") }
    return Summary(count: count, elapsedNanos: now() - started, latencies: latencies)
}
