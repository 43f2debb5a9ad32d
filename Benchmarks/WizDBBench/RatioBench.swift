import CSQLite
import Foundation

// `wizdb-bench --ratios`: each workload of the speed goals as a ratio to a reference measured in
// the same round, so that the load of a shared machine moves both sides alike:
// - one at a time (p50): the round trip of a process that only echoes lines (`cat`) plus the same
//   statement through the SQLite C API in process; the clients poll their pipe, so their own
//   wake-up is not timed;
// - pipelined and page walks (throughput): the same statements in an in-process C loop;
// - cold start to first answer and peak resident memory: the `sqlite3` shell over a pipe.
// Each round uses a fresh server; the table prints the median of each ratio over the rounds.
// `--save FILE` writes the ratios, `--baseline FILE` prints them next to the saved ones.

struct RatioBenchmark {
    let binary: String
    let work: String
    let rowCount: Int
    let rounds: Int
    let oneAtATime: Int
    let pipelined: Int
    let pageSize: Int
    let startups: Int
    let serverArguments: [String]

    enum Goal {
        case atMost(Double)
        case atLeast(Double)

        func met(_ ratio: Double) -> Bool {
            switch self {
            case .atMost(let limit): ratio <= limit
            case .atLeast(let limit): ratio >= limit
            }
        }

        var text: String {
            switch self {
            case .atMost(let limit): String(format: "<= %.1fx", limit)
            case .atLeast(let limit): String(format: ">= %.1fx", limit)
            }
        }
    }

    /// One row of the table: what wizdb did, what the reference did, in the same round.
    struct Row {
        let key: String
        let name: String
        let unit: String
        let goal: Goal?
        /// Lower is better (latency, time, memory) or higher is better (throughput).
        let lowerIsBetter: Bool
        var wizdb: [Double] = []
        var reference: [Double] = []
        var referenceNote = ""

        var ratios: [Double] {
            zip(wizdb, reference).map { $0 / $1 }
        }
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    func run(baselinePath: String?, savePath: String?) throws {
        let folder = work + "/ratios"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try QueryBenchmark.schema.write(toFile: folder + "/wizdb.schema.json", atomically: true, encoding: .utf8)
        let path = folder + "/bench.sqlite"
        let data = QueryBenchmark(binary: binary, rowCount: rowCount, rounds: rounds, lookups: oneAtATime, pipelinedLookups: pipelined,
                                  batchSize: 1, pageSize: pageSize, work: folder, only: [], serverArguments: serverArguments)
        print("generating \(rowCount) users ...")
        let ids = try data.generate(at: path)
        // Inserts go to a table of their own, so that the walks keep their row count.
        let insertFolder = work + "/ratio-inserts"
        try FileManager.default.createDirectory(atPath: insertFolder, withIntermediateDirectories: true)
        try QueryBenchmark.schema.write(toFile: insertFolder + "/wizdb.schema.json", atomically: true, encoding: .utf8)
        let insertPath = insertFolder + "/bench.sqlite"
        try data.createEmpty(at: insertPath)

        var rows = [
            Row(key: "lookup", name: "query.sql point lookup, one at a time, p50", unit: "us", goal: .atMost(1.2), lowerIsBetter: true,
                referenceNote: "cat round trip + C lookup"),
            Row(key: "insert", name: "query.sql one-row insert, one at a time, p50", unit: "us", goal: .atMost(1.2), lowerIsBetter: true,
                referenceNote: "cat round trip + C insert"),
            Row(key: "insert-method", name: "query.insert one row, one at a time, p50", unit: "us", goal: nil, lowerIsBetter: true,
                referenceNote: "cat round trip + C insert"),
            Row(key: "pipelined", name: "query.sql point lookups pipelined, ops/s", unit: "/s", goal: .atLeast(0.8), lowerIsBetter: false,
                referenceNote: "C loop"),
            Row(key: "walk-sql", name: "keyset walk \(pageSize)/page, query.sql, rows/s", unit: "/s", goal: .atLeast(0.6), lowerIsBetter: false,
                referenceNote: "C loop"),
            Row(key: "walk-paginate", name: "keyset walk \(pageSize)/page, query.paginate, rows/s", unit: "/s", goal: .atLeast(0.6),
                lowerIsBetter: false, referenceNote: "C loop"),
            Row(key: "cold-start", name: "cold start to first answer, median", unit: "ms", goal: .atMost(2), lowerIsBetter: true,
                referenceNote: "sqlite3 shell"),
            Row(key: "memory", name: "peak resident memory serving lookups", unit: "MiB", goal: .atMost(2.5), lowerIsBetter: true,
                referenceNote: "sqlite3 shell"),
        ]
        func record(_ key: String, _ wizdb: Double, _ reference: Double) {
            guard let index = rows.firstIndex(where: { $0.key == key }) else { return }
            rows[index].wizdb.append(wizdb)
            rows[index].reference.append(reference)
        }

        var insertCounter = 0
        var burstCPU: [(server: Double, client: Double, cLoop: Double)] = []
        for round in 1...rounds {
            print("round \(round) of \(rounds) ...")
            // References first, with no server running.
            let lookupRequests = (0..<oneAtATime).map { lookup($0, key: $0 &* 7919, ids) }
            let floor = try echoFloor(lookupRequests)
            let cLookup = try cLookups(path, ids)
            let cInsert = try cInserts(insertPath, first: insertCounter)
            insertCounter += oneAtATime
            let cWalk = try data.cWalk(path)

            // The server: one process per round; its peak memory is read after the lookups.
            let server = try PipeClient(binary, ["--db", path] + serverArguments)
            server.pollOutput()
            let lookups = server.oneAtATime(lookupRequests, check: Self.hasRows)
            record("lookup", lookups.p50, floor.p50 + cLookup.p50)
            let burstRequests = (0..<pipelined).map { lookup($0, key: $0 &* 104_729, ids) }
            let serverCPU = server.cpuSeconds()
            let clientCPU = QueryBenchmark.ownCPUSeconds()
            // The burst's answers are read blocking: a reader spinning on the pipe took a core
            // from the server (measured: 10 us of CPU time a request, more than the server's
            // SQLite work), where a host's event loop sleeps until its pipe is readable.
            server.blockOutput()
            let burst = server.pipelined(burstRequests, check: Self.hasRows)
            server.pollOutput()
            record("pipelined", burst.opsPerSecond, cLookup.loopOpsPerSecond)
            // Where the two cores went during the burst: the server, and this benchmark's client
            // (writing the requests, reading and checking the answers), per request.
            burstCPU.append((server: (server.cpuSeconds() - serverCPU) / Double(pipelined),
                             client: (QueryBenchmark.ownCPUSeconds() - clientCPU) / Double(pipelined),
                             cLoop: 1 / cLookup.loopOpsPerSecond))
            let memory = server.memoryKiB()
            let sqlWalk = try walkWithSQL(server, expected: rowCount)
            record("walk-sql", sqlWalk.rowsPerSecond, cWalk.rowsPerSecond)
            let paginateWalk = try walkWithPaginate(server, expected: rowCount)
            record("walk-paginate", paginateWalk.rowsPerSecond, cWalk.rowsPerSecond)
            server.closeInput()
            server.wait()

            let writer = try PipeClient(binary, ["--db", insertPath] + serverArguments)
            writer.pollOutput()
            let inserts = writer.oneAtATime((0..<oneAtATime).map { insert($0, number: insertCounter + $0) }, check: Self.isResult)
            insertCounter += oneAtATime
            record("insert", inserts.p50, floor.p50 + cInsert.p50)
            let viaMethod = writer.oneAtATime((0..<oneAtATime).map { insertMethod($0, number: insertCounter + $0) }, check: Self.isResult)
            insertCounter += oneAtATime
            record("insert-method", viaMethod.p50, floor.p50 + cInsert.p50)
            writer.closeInput()
            writer.wait()

            let shell = try shellLookups(path, lookupRequests.indices.map { ids[($0 &* 7919) % ids.count] })
            record("memory", Double(memory.peak) / 1024, Double(shell.peakKiB) / 1024)

            let starts = try coldStarts(path, id: ids[round % ids.count])
            record("cold-start", starts.wizdb, starts.shell)
        }

        let baseline = try baselinePath.map(Self.readRatios) ?? [:]
        print("")
        print("median of \(rounds) rounds (\(rowCount) rows, \(oneAtATime) one at a time, \(pipelined) pipelined, binary \(binary))")
        print("workload".padding(toLength: 50, withPad: " ", startingAt: 0) + "      wizdb    reference  ratio"
              + (baseline.isEmpty ? "" : "  (before)") + "  goal")
        var saved = ""
        for row in rows {
            let ratio = Self.median(row.ratios)
            saved += "\(row.key) \(ratio)\n"
            let wizdb = Self.median(row.wizdb)
            let reference = Self.median(row.reference)
            func figure(_ value: Double) -> String {
                row.unit == "/s" ? String(format: "%9.0f/s", value) : String(format: "%8.2f %@", value, row.unit)
            }
            var line = row.name.padding(toLength: 50, withPad: " ", startingAt: 0) + figure(wizdb).leftPadded(11) + figure(reference).leftPadded(12)
            line += String(format: " %5.2fx", ratio)
            if !baseline.isEmpty {
                line += baseline[row.key].map { String(format: "  (%5.2fx)", $0) } ?? "  (  -   )"
            }
            if let goal = row.goal { line += "  " + goal.text + (goal.met(ratio) ? " met" : " not met") }
            line += "   vs " + row.referenceNote
            print(line)
        }
        if !burstCPU.isEmpty {
            func us(_ values: [Double]) -> String { String(format: "%.1f us", Self.median(values) * 1e6) }
            print("pipelined burst, CPU time a request (median): server \(us(burstCPU.map(\.server))), "
                  + "benchmark client \(us(burstCPU.map(\.client))), C loop \(us(burstCPU.map(\.cLoop)))")
        }
        if let savePath { try saved.write(toFile: savePath, atomically: true, encoding: .utf8) }
    }

    static func readRatios(_ path: String) throws -> [String: Double] {
        var ratios: [String: Double] = [:]
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let value = Double(parts[1]) { ratios[String(parts[0])] = value }
        }
        return ratios
    }

    // MARK: Requests

    static let lookupSQL = #"SELECT * FROM users WHERE id = ?"#
    static let insertSQL = #"INSERT INTO users (id, email, name, credits, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)"#
    static let pageSQL = #"SELECT * FROM users WHERE deactivated_at IS NULL AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?"#

    func lookup(_ index: Int, key: Int, _ ids: [String]) -> [UInt8] {
        request(index, "query.sql", #"{"sql":"\#(Self.lookupSQL)","params":["\#(ids[key % ids.count])"]}"#)
    }

    static func insertID(_ number: Int) -> String {
        String(format: "0194b000-0000-7%03x-8%03x-%012x", number >> 12 & 0xFFF, number & 0xFFF, number)
    }

    func insert(_ index: Int, number: Int) -> [UInt8] {
        request(index, "query.sql",
                #"{"sql":"\#(Self.insertSQL)","params":["\#(Self.insertID(number))","new\#(number)@example.com","New \#(number)",\#(number % 1000),2000000000,2000000000]}"#)
    }

    func insertMethod(_ index: Int, number: Int) -> [UInt8] {
        request(index, "query.insert",
                #"{"table":"users","rows":[{"email":"new\#(number)@example.com","name":"New \#(number)","credits":\#(number % 1000)}]}"#)
    }

    static func hasRows(_ line: ArraySlice<UInt8>) -> Bool {
        QueryBenchmark.count(of: Array(#""rows":[{"#.utf8), in: line) == 1
    }

    static func isResult(_ line: ArraySlice<UInt8>) -> Bool { QueryBenchmark.isResult(line) }

    // MARK: Page walks through wizdb

    /// Keyset pages through `query.sql`, each page's last row giving the next position.
    func walkWithSQL(_ server: PipeClient, expected: Int) throws -> QueryBenchmark.Walk {
        var rows = 0
        var pages = 0
        var last: (createdAt: Int64, id: String) = (0, "")
        let started = now()
        while true {
            server.write(request(pages, "query.sql",
                                 #"{"sql":"\#(Self.pageSQL)","params":[\#(last.createdAt),"\#(last.id)",\#(pageSize)]}"#))
            let line = server.readLine()
            guard Self.isResult(line) else { throw BenchError("query.sql page failed: \(String(decoding: line.prefix(300), as: UTF8.self))") }
            let pageRows = QueryBenchmark.count(of: Array(#"{"id":"#.utf8), in: line)
            pages += 1
            rows += pageRows
            if pageRows < pageSize { break }
            guard let id = QueryBenchmark.stringValue(of: "id", in: line), let created = Self.lastInteger(of: "created_at", in: line) else {
                throw BenchError("cannot read the last row of a page")
            }
            last = (created, id)
        }
        guard rows == expected else { throw BenchError("the query.sql walk saw \(rows) rows, not \(expected)") }
        return QueryBenchmark.Walk(rows: rows, pages: pages, seconds: Double(now() - started) / 1e9)
    }

    func walkWithPaginate(_ server: PipeClient, expected: Int) throws -> QueryBenchmark.Walk {
        try QueryBenchmark.paginateWalk(server, pageSize: pageSize, expected: expected)
    }

    static func lastInteger(of key: String, in line: ArraySlice<UInt8>) -> Int64? {
        let marker = Array("\"\(key)\":".utf8)
        guard let start = QueryBenchmark.lastIndex(of: marker, in: line) else { return nil }
        var value: Int64 = 0
        var index = start + marker.count
        while index < line.endIndex, line[index] >= 48, line[index] <= 57 {
            value = value * 10 + Int64(line[index] - 48)
            index += 1
        }
        return value
    }

    // MARK: References

    /// The round trip of a pipe: a process that echoes each line back.
    func echoFloor(_ lines: [[UInt8]]) throws -> Summary {
        let echo = try PipeClient("/bin/cat", [])
        echo.pollOutput()
        defer {
            echo.closeInput()
            echo.wait()
        }
        return echo.oneAtATime(lines, check: { _ in true })
    }

    struct LookupFigures {
        let p50: Double
        let loopOpsPerSecond: Double
    }

    /// The lookup statement in process, every column read as the server reads it: p50 of single
    /// lookups, and the rate of a loop that does nothing else.
    func cLookups(_ path: String, _ ids: [String]) throws -> LookupFigures {
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nil) == SQLITE_OK, let db else { throw BenchError("cannot open \(path)") }
        defer { sqlite3_close(db) }
        var statement: OpaquePointer?
        sqlite3_prepare_v2(db, Self.lookupSQL, -1, &statement, nil)
        defer { sqlite3_finalize(statement) }
        var checksum = 0
        func lookup(_ key: String) {
            sqlite3_bind_text(statement, 1, key, -1, wizdb_transient())
            while sqlite3_step(statement) == SQLITE_ROW {
                for column in 0..<sqlite3_column_count(statement) {
                    switch sqlite3_column_type(statement, column) {
                    case SQLITE_INTEGER: checksum &+= Int(sqlite3_column_int64(statement, column))
                    case SQLITE_TEXT: checksum &+= Int(sqlite3_column_bytes(statement, column)) + Int(sqlite3_column_text(statement, column)?.pointee ?? 0)
                    default: break
                    }
                }
            }
            sqlite3_reset(statement)
        }
        let keys = (0..<oneAtATime).map { ids[($0 &* 7919) % ids.count] }
        var latencies: [UInt64] = []
        latencies.reserveCapacity(keys.count)
        for key in keys {
            let t0 = now()
            lookup(key)
            latencies.append(now() - t0)
        }
        let loopKeys = (0..<pipelined).map { ids[($0 &* 104_729) % ids.count] }
        let started = now()
        for key in loopKeys { lookup(key) }
        let elapsed = now() - started
        if checksum == 42 { print("") }
        return LookupFigures(p50: Summary(count: keys.count, elapsedNanos: 1, latencies: latencies).p50,
                             loopOpsPerSecond: Double(loopKeys.count) / (Double(elapsedNanos: elapsed)))
    }

    /// The insert statement in process, each in its own `BEGIN IMMEDIATE ... COMMIT` with
    /// `synchronous = NORMAL` in WAL mode, as the server runs it.
    func cInserts(_ path: String, first: Int) throws -> Summary {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK, let db else { throw BenchError("cannot open \(path)") }
        defer { sqlite3_close(db) }
        sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON", nil, nil, nil)
        var statement: OpaquePointer?
        var begin: OpaquePointer?
        var commit: OpaquePointer?
        sqlite3_prepare_v2(db, Self.insertSQL, -1, &statement, nil)
        sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, nil)
        sqlite3_prepare_v2(db, "COMMIT", -1, &commit, nil)
        defer {
            sqlite3_finalize(statement)
            sqlite3_finalize(begin)
            sqlite3_finalize(commit)
        }
        let values = (0..<oneAtATime).map { index -> (String, String, String) in
            let number = 50_000_000 + first + index
            return (Self.insertID(number), "c\(number)@example.com", "C \(number)")
        }
        var latencies: [UInt64] = []
        latencies.reserveCapacity(values.count)
        let started = now()
        for (index, value) in values.enumerated() {
            let t0 = now()
            sqlite3_step(begin)
            sqlite3_reset(begin)
            sqlite3_bind_text(statement, 1, value.0, -1, wizdb_transient())
            sqlite3_bind_text(statement, 2, value.1, -1, wizdb_transient())
            sqlite3_bind_text(statement, 3, value.2, -1, wizdb_transient())
            sqlite3_bind_int64(statement, 4, Int64(index % 1000))
            sqlite3_bind_int64(statement, 5, 2_000_000_000)
            sqlite3_bind_int64(statement, 6, 2_000_000_000)
            guard sqlite3_step(statement) == SQLITE_DONE else { throw BenchError("C insert failed: \(String(cString: sqlite3_errmsg(db)))") }
            sqlite3_reset(statement)
            sqlite3_step(commit)
            sqlite3_reset(commit)
            latencies.append(now() - t0)
        }
        return Summary(count: values.count, elapsedNanos: now() - started, latencies: latencies)
    }

    /// The same lookups through the sqlite3 shell, one at a time, and its peak memory.
    func shellLookups(_ path: String, _ keys: [String]) throws -> (summary: Summary, peakKiB: Int) {
        let shell = try PipeClient("/usr/bin/sqlite3", [path])
        shell.pollOutput()
        defer {
            shell.closeInput()
            shell.wait()
        }
        shell.write(Array(".mode json\n".utf8))
        let summary = shell.oneAtATime(keys.map { Array("SELECT * FROM users WHERE id = '\($0)';\n".utf8) },
                                       check: { $0.starts(with: Array("[{".utf8)) })
        return (summary, shell.memoryKiB().peak)
    }

    /// Spawn to the first answer (the same point lookup), median of `startups` alternating
    /// spawns of each, in milliseconds.
    func coldStarts(_ path: String, id: String) throws -> (wizdb: Double, shell: Double) {
        var wizdb: [Double] = []
        var shell: [Double] = []
        for _ in 0..<startups {
            let server = try PipeClient(binary, ["--db", path] + serverArguments)
            server.pollOutput()
            server.write(lookup(0, key: 0, [id]))
            guard Self.hasRows(server.readLine()) else { throw BenchError("no row in the first answer") }
            wizdb.append(Double(now() - server.spawnedAt) / 1e6)
            server.closeInput()
            server.wait()

            let sqlite = try PipeClient("/usr/bin/sqlite3", [path])
            sqlite.pollOutput()
            sqlite.write(Array("SELECT * FROM users WHERE id = '\(id)';\n".utf8))
            _ = sqlite.readLine()
            shell.append(Double(now() - sqlite.spawnedAt) / 1e6)
            sqlite.closeInput()
            sqlite.wait()
        }
        return (Self.median(wizdb), Self.median(shell))
    }
}

extension Double {
    init(elapsedNanos: UInt64) { self = Double(elapsedNanos) / 1e9 }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
