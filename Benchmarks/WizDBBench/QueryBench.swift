import CSQLite
import Foundation

// `wizdb-bench --query`: the structured query methods on a users table declared the way hosts
// declare it (wizdb.schema.json next to the database), side by side with the same work through
// the sqlite3 shell over a pipe and the SQLite C API in process. Each wizdb workload runs in a
// fresh server process, so its peak memory (VmHWM) is its own.

struct QueryBenchmark {
    let binary: String
    let rowCount: Int
    let rounds: Int
    let lookups: Int
    let pipelinedLookups: Int
    let batchSize: Int
    let pageSize: Int
    let work: String
    /// Workloads to run: get, walk, insert (all by default).
    let only: Set<String>
    /// Extra flags for every wizdb process (`--server-args "--mmap-size 268435456"`).
    let serverArguments: [String]

    static let schema = """
        {"tables": {"users": {
          "columns": {
            "email": {"type": "text", "notNull": true},
            "name": {"type": "text", "notNull": true},
            "credits": {"type": "integer", "notNull": true, "default": 0},
            "phoneNumber": {"type": "text"}
          },
          "indexes": [
            {"name": "users_email_unique", "columns": ["email"], "unique": true, "where": "active"},
            {"name": "users_status_created_idx", "columns": ["deactivatedAt", "createdAt", "id"]}
          ]
        }}}
        """

    /// The tables as wizdb's DDL writes them for the schema above.
    static let ddl = """
        CREATE TABLE "users" (
          "id" TEXT NOT NULL PRIMARY KEY,
          "email" TEXT NOT NULL,
          "name" TEXT NOT NULL,
          "credits" INTEGER NOT NULL DEFAULT 0,
          "phone_number" TEXT,
          "created_at" INTEGER NOT NULL DEFAULT (unixepoch()),
          "updated_at" INTEGER NOT NULL DEFAULT (unixepoch()),
          "deactivated_at" INTEGER,
          "deactivated_by" TEXT
        );
        CREATE UNIQUE INDEX "users_email_unique" ON "users" ("email") WHERE "deactivated_at" IS NULL;
        CREATE INDEX "users_status_created_idx" ON "users" ("deactivated_at", "created_at", "id");
        """

    /// The SQL wizdb generates for a keyset page of all fields (checked against the server's
    /// statement in the tests of the builder's spelling).
    static let pageSQL = #"SELECT "id", "email", "name", "credits", "phone_number", "created_at", "updated_at", "deactivated_at", "deactivated_by" FROM "users" WHERE ("created_at", "id") > (?, ?) AND "deactivated_at" IS NULL ORDER BY "created_at", "id" LIMIT ?"#
    static let firstPageSQL = #"SELECT "id", "email", "name", "credits", "phone_number", "created_at", "updated_at", "deactivated_at", "deactivated_by" FROM "users" WHERE "deactivated_at" IS NULL ORDER BY "created_at", "id" LIMIT ?"#

    func run() throws {
        let folder = work + "/lookups"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Self.schema.write(toFile: folder + "/wizdb.schema.json", atomically: true, encoding: .utf8)
        let path = folder + "/bench.sqlite"
        print("generating \(rowCount) users (\(rowCount / 1000) seconds of createdAt, 1000 rows per second) ...")
        let ids = try generate(at: path)

        var server: PipeClient
        if only.contains("get") {
        print("-- query.get (point lookup by id, all fields)")
        server = try PipeClient(binary, ["--db", path] + serverArguments)
        warmUp(server)
        let oneAtATime = server.oneAtATime((0..<lookups).map { get($0, ids) }, check: Self.hasRow)
        print(oneAtATime.line("wizdb query.get, one at a time"))
        var best: Summary?
        var cpuPerRequest = Double.infinity
        for _ in 0..<rounds {
            let requests = (0..<pipelinedLookups).map { get($0, ids) }
            let cpu = server.cpuSeconds()
            let summary = server.pipelined(requests, check: Self.hasRow)
            cpuPerRequest = min(cpuPerRequest, (server.cpuSeconds() - cpu) / Double(pipelinedLookups))
            if best == nil || summary.opsPerSecond > best!.opsPerSecond { best = summary }
        }
        print(best!.line("wizdb query.get, pipelined (best of \(rounds) x \(pipelinedLookups))"))
        print(Self.cpuLine("wizdb query.get, server CPU per request", cpuPerRequest, unit: "requests"))
        printMemory(server, "wizdb query.get")
        server.closeInput()
        server.wait()
        let shell = try shellLookups(path, ids)
        print(shell.line("sqlite3 shell point lookup, one at a time"))
        print(try cLookups(path, ids).line("C API point lookup, in process"))
        print("ratio wizdb / sqlite3 shell, one at a time".padding(toLength: 52, withPad: " ", startingAt: 0)
              + String(format: "%12.2f x", oneAtATime.opsPerSecond / shell.opsPerSecond))
        }

        if only.contains("walk") {
        print("-- cursor walk (query.paginate, limit \(pageSize), all fields, default order createdAt + id)")
        server = try PipeClient(binary, ["--db", path] + serverArguments)
        warmUp(server)
        var bestWalk: Walk?
        var cpuPerRow = Double.infinity
        for _ in 0..<rounds {
            let cpu = server.cpuSeconds()
            let walk = try walkWithCursor(server)
            cpuPerRow = min(cpuPerRow, (server.cpuSeconds() - cpu) / Double(walk.rows))
            if bestWalk == nil || walk.rowsPerSecond > bestWalk!.rowsPerSecond { bestWalk = walk }
        }
        print(bestWalk!.line("wizdb query.paginate walk (best of \(rounds))"))
        print(Self.cpuLine("wizdb query.paginate walk, server CPU per row", cpuPerRow, unit: "rows"))
        printMemory(server, "wizdb query.paginate walk")
        server.closeInput()
        server.wait()
        print(try shellWalk(path).line("sqlite3 shell keyset walk (.mode json)"))
        let cpu = Self.ownCPUSeconds()
        let cWalked = try cWalk(path)
        print(cWalked.line("C API keyset walk, in process (values read)"))
        print(Self.cpuLine("C API keyset walk, CPU per row", (Self.ownCPUSeconds() - cpu) / Double(cWalked.rows), unit: "rows"))
        }

        guard only.contains("insert") else { return }
        print("-- query.insert (\(rowCount) rows in batches of \(batchSize), id and timestamps by the server)")
        for returning in ["false", #"["id"]"#] {
            let insertFolder = work + "/insert-\(returning.count)"
            try FileManager.default.createDirectory(atPath: insertFolder, withIntermediateDirectories: true)
            try Self.schema.write(toFile: insertFolder + "/wizdb.schema.json", atomically: true, encoding: .utf8)
            try createEmpty(at: insertFolder + "/bench.sqlite")
            server = try PipeClient(binary, ["--db", insertFolder + "/bench.sqlite"] + serverArguments)
            warmUp(server)
            let batches = (0..<(rowCount / batchSize)).map { insertBatch($0, returning: returning) }
            let cpu = server.cpuSeconds()
            let summary = server.oneAtATime(batches, check: Self.isResult)
            let cpuPerRow = (server.cpuSeconds() - cpu) / Double(rowCount)
            print(Self.rowsLine("wizdb query.insert, returning \(returning)", rows: rowCount, summary: summary))
            print(Self.cpuLine("wizdb query.insert, server CPU per row", cpuPerRow, unit: "rows"))
            if returning == "false" {
                // Batches sent without waiting: parsing the next batch overlaps inserting this one.
                let more = (0..<(rowCount / batchSize)).map { insertBatch($0, returning: returning, firstRow: rowCount) }
                let pipelined = server.pipelined(more, check: Self.isResult)
                print(Self.rowsLine("wizdb query.insert, returning false, pipelined", rows: rowCount, summary: pipelined))
            }
            printMemory(server, "wizdb query.insert")
            server.closeInput()
            server.wait()
        }
        let shellFolder = work + "/insert-shell"
        try FileManager.default.createDirectory(atPath: shellFolder, withIntermediateDirectories: true)
        try createEmpty(at: shellFolder + "/bench.sqlite")
        print(Self.rowsLine("sqlite3 shell INSERT batches over a pipe", rows: rowCount, summary: try shellInserts(shellFolder + "/bench.sqlite")))
        let cFolder = work + "/insert-c"
        try FileManager.default.createDirectory(atPath: cFolder, withIntermediateDirectories: true)
        try createEmpty(at: cFolder + "/bench.sqlite")
        let (inserts, insertCPU) = try cInserts(cFolder + "/bench.sqlite")
        print(Self.rowsLine("C API prepared INSERT, in process", rows: rowCount, summary: inserts))
        print(Self.cpuLine("C API prepared INSERT, CPU per row", insertCPU / Double(rowCount), unit: "rows"))
    }

    // MARK: Requests

    func warmUp(_ server: PipeClient) {
        server.write(request(0, "ping"))
        _ = server.readLine()
    }

    func get(_ index: Int, _ ids: [String]) -> [UInt8] {
        request(index, "query.get", #"{"table":"users","id":"\#(ids[(index &* 7919) % ids.count])"}"#)
    }

    func insertBatch(_ batch: Int, returning: String, firstRow: Int = 0) -> [UInt8] {
        var text = #"{"table":"users","returning":\#(returning),"rows":["#
        for offset in 0..<batchSize {
            let index = firstRow + batch * batchSize + offset
            if offset > 0 { text += "," }
            text += #"{"email":"user\#(index)@example.com","name":"User \#(index)","credits":\#(index % 1000),"phoneNumber":"+1555\#(index)"}"#
        }
        return request(batch, "query.insert", text + "]}")
    }

    static func hasRow(_ line: ArraySlice<UInt8>) -> Bool {
        let marker = Array(#""row":{"#.utf8)
        return line.indices.contains { line[$0...].starts(with: marker) }
    }

    static func isResult(_ line: ArraySlice<UInt8>) -> Bool {
        let marker = Array(#""result":"#.utf8)
        return line.prefix(64).indices.contains { line[$0...].starts(with: marker) }
    }

    func printMemory(_ server: PipeClient, _ label: String) {
        let memory = server.memoryKiB()
        print("\(label): peak resident (VmHWM) / anonymous".padding(toLength: 52, withPad: " ", startingAt: 0)
              + String(format: "%8.1f MiB / %.1f MiB", Double(memory.peak) / 1024, Double(memory.anonymous) / 1024))
    }

    /// This process's CPU time (user + system), for the in-process references.
    static func ownCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// Server CPU time per unit, and the rate one fully available core would sustain at that cost.
    static func cpuLine(_ name: String, _ seconds: Double, unit: String) -> String {
        name.padding(toLength: 52, withPad: " ", startingAt: 0)
            + String(format: "%9.2f us  (one core's worth: %.0f %@/s)", seconds * 1e6, 1 / seconds, unit)
    }

    static func rowsLine(_ name: String, rows: Int, summary: Summary) -> String {
        name.padding(toLength: 52, withPad: " ", startingAt: 0)
            + String(format: "%12.0f rows/s  (%d requests, p50 %.0f us, p99 %.0f us)", Double(rows) / summary.seconds, summary.count, summary.p50, summary.p99)
    }

    // MARK: Cursor walk

    struct Walk {
        var rows: Int
        var pages: Int
        var seconds: Double
        var rowsPerSecond: Double { Double(rows) / seconds }

        func line(_ name: String) -> String {
            name.padding(toLength: 52, withPad: " ", startingAt: 0)
                + String(format: "%12.0f rows/s  (%d rows, %d pages, %.1f us per page)", rowsPerSecond, rows, pages, seconds * 1e6 / Double(max(1, pages)))
        }
    }

    func walkWithCursor(_ server: PipeClient) throws -> Walk {
        try Self.paginateWalk(server, pageSize: pageSize, expected: rowCount)
    }

    /// Walks the users table with `query.paginate`, one page at a time, following `nextCursor`.
    static func paginateWalk(_ server: PipeClient, pageSize: Int, expected: Int) throws -> Walk {
        var cursor: String?
        var rows = 0
        var pages = 0
        let started = now()
        repeat {
            var params = #"{"table":"users","limit":\#(pageSize)"#
            if let cursor { params += #","cursor":"\#(cursor)""# }
            server.write(request(pages, "query.paginate", params + "}"))
            let line = server.readLine()
            guard isResult(line) else { throw BenchError("paginate failed: \(String(decoding: line.prefix(300), as: UTF8.self))") }
            rows += count(of: Array(#"{"id":"#.utf8), in: line)
            cursor = stringValue(of: "nextCursor", in: line)
            pages += 1
        } while cursor != nil
        guard rows == expected else { throw BenchError("the paginate walk saw \(rows) rows, not \(expected)") }
        return Walk(rows: rows, pages: pages, seconds: Double(now() - started) / 1e9)
    }

    /// memmem(3) (a GNU extension Swift does not see): memchr for the first byte, memcmp for the rest.
    static func search(_ haystack: UnsafeRawPointer, _ count: Int, _ needle: UnsafeRawPointer, _ needleCount: Int) -> UnsafeRawPointer? {
        guard needleCount > 0 else { return haystack }
        let first = Int32(needle.load(as: UInt8.self))
        var cursor = haystack
        var remaining = count
        while remaining >= needleCount, let hit = memchr(cursor, first, remaining - needleCount + 1) {
            let candidate = UnsafeRawPointer(hit)
            if memcmp(candidate, needle, needleCount) == 0 { return candidate }
            remaining -= candidate - cursor + 1
            cursor = candidate + 1
        }
        return nil
    }

    /// Occurrences of `marker` in `line`, found with memmem so the client stays cheap next to the server.
    static func count(of marker: [UInt8], in line: ArraySlice<UInt8>) -> Int {
        line.withUnsafeBytes { haystack in
            marker.withUnsafeBytes { needle in
                guard var cursor = haystack.baseAddress, let needleBase = needle.baseAddress else { return 0 }
                var remaining = haystack.count
                var count = 0
                while remaining >= needle.count, let found = Self.search(cursor, remaining, needleBase, needle.count) {
                    count += 1
                    let advance = UnsafeRawPointer(found) - UnsafeRawPointer(cursor) + needle.count
                    cursor += advance
                    remaining -= advance
                }
                return count
            }
        }
    }

    /// The string value of `"key":"..."` in a response line (nil for null or absent).
    /// The last string value of `key` in an answer, found from the end (the answer's own members
    /// come after its rows): the client's work per page stays a few bytes, not a scan of the page.
    static func stringValue(of key: String, in line: ArraySlice<UInt8>) -> String? {
        let marker = Array("\"\(key)\":\"".utf8)
        guard let start = lastIndex(of: marker, in: line) else { return nil }
        let from = start + marker.count
        guard let end = line[from...].firstIndex(of: 0x22) else { return nil }
        return String(decoding: line[from..<end], as: UTF8.self)
    }

    static func lastIndex(of marker: [UInt8], in line: ArraySlice<UInt8>) -> Int? {
        var index = line.endIndex - marker.count
        while index >= line.startIndex {
            if line[index] == marker[0], line[index..<(index + marker.count)].elementsEqual(marker) { return index }
            index -= 1
        }
        return nil
    }

    // MARK: Data

    func open(_ path: String) throws -> OpaquePointer {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK, let db else { throw BenchError("cannot open \(path)") }
        return db
    }

    func createEmpty(at path: String) throws {
        let db = try open(path)
        defer { sqlite3_close(db) }
        sqlite3_exec(db, "PRAGMA journal_mode = WAL;" + Self.ddl, nil, nil, nil)
    }

    func generate(at path: String) throws -> [String] {
        try createEmpty(at: path)
        let db = try open(path)
        defer { sqlite3_close(db) }
        sqlite3_exec(db, "BEGIN", nil, nil, nil)
        var statement: OpaquePointer?
        sqlite3_prepare_v2(db, "INSERT INTO users (id, email, name, credits, phone_number, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           -1, &statement, nil)
        var ids: [String] = []
        ids.reserveCapacity(rowCount)
        let base: Int64 = 1_767_225_600
        for index in 0..<rowCount {
            let id = UUID().uuidString.lowercased()
            ids.append(id)
            sqlite3_bind_text(statement, 1, id, -1, wizdb_transient())
            sqlite3_bind_text(statement, 2, "user\(index)@example.com", -1, wizdb_transient())
            sqlite3_bind_text(statement, 3, "User \(index)", -1, wizdb_transient())
            sqlite3_bind_int64(statement, 4, Int64(index % 1000))
            sqlite3_bind_text(statement, 5, "+1555\(index)", -1, wizdb_transient())
            sqlite3_bind_int64(statement, 6, base + Int64(index / 1000))
            sqlite3_bind_int64(statement, 7, base + Int64(index / 1000))
            sqlite3_step(statement)
            sqlite3_reset(statement)
        }
        sqlite3_finalize(statement)
        sqlite3_exec(db, "COMMIT", nil, nil, nil)
        return ids
    }

    // MARK: References: the sqlite3 shell over a pipe

    func shellLookups(_ path: String, _ ids: [String]) throws -> Summary {
        let shell = try PipeClient("/usr/bin/sqlite3", [path])
        defer {
            shell.closeInput()
            shell.wait()
        }
        shell.write(Array(".mode json\n".utf8))
        return shell.oneAtATime((0..<lookups).map { index in
            Array("SELECT * FROM users WHERE id = '\(ids[(index &* 7919) % ids.count])' AND deactivated_at IS NULL;\n".utf8)
        }, check: { $0.starts(with: Array("[{".utf8)) })
    }

    /// Pages of `pageSize` rows as JSON, each page's last row giving the next position.
    func shellWalk(_ path: String) throws -> Walk {
        let shell = try PipeClient("/usr/bin/sqlite3", [path])
        defer {
            shell.closeInput()
            shell.wait()
        }
        shell.write(Array(".mode json\n".utf8))
        var last: (createdAt: Int64, id: String)?
        var rows = 0
        var pages = 0
        let started = now()
        while true {
            var sql = "SELECT * FROM users WHERE deactivated_at IS NULL"
            if let last { sql += " AND (created_at, id) > (\(last.createdAt), '\(last.id)')" }
            sql += " ORDER BY created_at, id LIMIT \(pageSize);\n.print END\n"
            shell.write(Array(sql.utf8))
            var lastLine: ArraySlice<UInt8> = []
            var pageRows = 0
            while true {
                let line = shell.readLine()
                if line.elementsEqual("END".utf8) { break }
                pageRows += 1
                lastLine = line
            }
            pages += 1
            if pageRows == 0 { break }
            rows += pageRows
            guard let id = Self.stringValue(of: "id", in: lastLine),
                  let created = Self.integerValue(of: "created_at", in: lastLine) else { throw BenchError("cannot read the shell's row") }
            last = (created, id)
        }
        guard rows == rowCount else { throw BenchError("the shell walk saw \(rows) rows") }
        return Walk(rows: rows, pages: pages, seconds: Double(now() - started) / 1e9)
    }

    static func integerValue(of key: String, in line: ArraySlice<UInt8>) -> Int64? {
        let marker = Array("\"\(key)\":".utf8)
        guard let start = line.indices.first(where: { line[$0...].starts(with: marker) }) else { return nil }
        var value: Int64 = 0
        var index = start + marker.count
        while index < line.endIndex, line[index] >= 48, line[index] <= 57 {
            value = value * 10 + Int64(line[index] - 48)
            index += 1
        }
        return value
    }

    func shellInserts(_ path: String) throws -> Summary {
        let shell = try PipeClient("/usr/bin/sqlite3", [path])
        defer {
            shell.closeInput()
            shell.wait()
        }
        shell.write(Array("PRAGMA synchronous = NORMAL;\n".utf8))
        var batches: [[UInt8]] = []
        for batch in 0..<(rowCount / batchSize) {
            var text = "BEGIN IMMEDIATE;\nINSERT INTO users (id, email, name, credits, phone_number, created_at, updated_at) VALUES "
            for offset in 0..<batchSize {
                let index = batch * batchSize + offset
                if offset > 0 { text += "," }
                let id = String(format: "0193a000-0000-7%03x-8%03x-%012x", index >> 12 & 0xFFF, index & 0xFFF, index)
                text += "('\(id)','user\(index)@example.com','User \(index)',\(index % 1000),'+1555\(index)',unixepoch(),unixepoch())"
            }
            batches.append(Array((text + ";\nCOMMIT;\n.print OK\n").utf8))
        }
        return shell.oneAtATime(batches, check: { $0.elementsEqual("OK".utf8) })
    }

    // MARK: References: the C API in process

    func cLookups(_ path: String, _ ids: [String]) throws -> Summary {
        let db = try open(path)
        defer { sqlite3_close(db) }
        var statement: OpaquePointer?
        sqlite3_prepare_v2(db, #"SELECT "id", "email", "name", "credits", "phone_number", "created_at", "updated_at", "deactivated_at", "deactivated_by" FROM "users" WHERE "id" = ? AND "deactivated_at" IS NULL"#, -1, &statement, nil)
        defer { sqlite3_finalize(statement) }
        let count = lookups * 5
        var latencies: [UInt64] = []
        latencies.reserveCapacity(count)
        var checksum = 0
        let started = now()
        for index in 0..<count {
            let t0 = now()
            sqlite3_bind_text(statement, 1, ids[(index &* 7919) % ids.count], -1, wizdb_transient())
            while sqlite3_step(statement) == SQLITE_ROW {
                checksum &+= Int(sqlite3_column_int64(statement, 3)) + Int(sqlite3_column_bytes(statement, 1))
            }
            sqlite3_reset(statement)
            latencies.append(now() - t0)
        }
        if checksum == 42 { print("") }
        return Summary(count: count, elapsedNanos: now() - started, latencies: latencies)
    }

    /// The same keyset pages through the C API, reading every column of every row.
    func cWalk(_ path: String) throws -> Walk {
        let db = try open(path)
        defer { sqlite3_close(db) }
        var first: OpaquePointer?
        var next: OpaquePointer?
        sqlite3_prepare_v2(db, Self.firstPageSQL, -1, &first, nil)
        sqlite3_prepare_v2(db, Self.pageSQL, -1, &next, nil)
        defer {
            sqlite3_finalize(first)
            sqlite3_finalize(next)
        }
        var rows = 0
        var pages = 0
        var checksum = 0
        var last: (Int64, [UInt8])?
        let started = now()
        while true {
            let statement: OpaquePointer?
            if let last {
                statement = next
                sqlite3_bind_int64(next, 1, last.0)
                _ = last.1.withUnsafeBytes { sqlite3_bind_text(next, 2, $0.baseAddress!.assumingMemoryBound(to: CChar.self), Int32($0.count), wizdb_transient()) }
                sqlite3_bind_int64(next, 3, Int64(pageSize))
            } else {
                statement = first
                sqlite3_bind_int64(first, 1, Int64(pageSize))
            }
            var pageRows = 0
            while sqlite3_step(statement) == SQLITE_ROW {
                for column in Int32(0)..<9 {
                    switch sqlite3_column_type(statement, column) {
                    case SQLITE_INTEGER: checksum &+= Int(sqlite3_column_int64(statement, column))
                    case SQLITE_TEXT: checksum &+= Int(sqlite3_column_bytes(statement, column))
                    default: break
                    }
                }
                pageRows += 1
                let idBytes = UnsafeBufferPointer(start: sqlite3_column_text(statement, 0), count: Int(sqlite3_column_bytes(statement, 0)))
                last = (sqlite3_column_int64(statement, 5), Array(idBytes))
            }
            sqlite3_reset(statement)
            pages += 1
            rows += pageRows
            if pageRows < pageSize { break }
        }
        if checksum == 42 { print("") }
        guard rows == rowCount else { throw BenchError("the C walk saw \(rows) rows") }
        return Walk(rows: rows, pages: pages, seconds: Double(now() - started) / 1e9)
    }

    /// The same rows through one prepared statement, values prepared before the clock starts
    /// (ids are UUIDv7-shaped, sorted by creation like the server's), BEGIN IMMEDIATE per batch.
    func cInserts(_ path: String) throws -> (Summary, cpuSeconds: Double) {
        let db = try open(path)
        defer { sqlite3_close(db) }
        sqlite3_exec(db, "PRAGMA synchronous = NORMAL", nil, nil, nil)
        var statement: OpaquePointer?
        sqlite3_prepare_v2(db, "INSERT INTO users (id, email, name, credits, phone_number, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           -1, &statement, nil)
        defer { sqlite3_finalize(statement) }
        let rows = (0..<rowCount).map { index in
            (id: String(format: "0193a000-0000-7%03x-8%03x-%012x", index >> 12 & 0xFFF, index & 0xFFF, index), email: "user\(index)@example.com",
             name: "User \(index)", phone: "+1555\(index)")
        }
        var latencies: [UInt64] = []
        let cpu = Self.ownCPUSeconds()
        let started = now()
        for batch in 0..<(rowCount / batchSize) {
            let t0 = now()
            sqlite3_exec(db, "BEGIN IMMEDIATE", nil, nil, nil)
            for offset in 0..<batchSize {
                let index = batch * batchSize + offset
                let row = rows[index]
                sqlite3_bind_text(statement, 1, row.id, -1, wizdb_transient())
                sqlite3_bind_text(statement, 2, row.email, -1, wizdb_transient())
                sqlite3_bind_text(statement, 3, row.name, -1, wizdb_transient())
                sqlite3_bind_int64(statement, 4, Int64(index % 1000))
                sqlite3_bind_text(statement, 5, row.phone, -1, wizdb_transient())
                sqlite3_bind_int64(statement, 6, 1_767_225_600)
                sqlite3_bind_int64(statement, 7, 1_767_225_600)
                sqlite3_step(statement)
                sqlite3_reset(statement)
            }
            sqlite3_exec(db, "COMMIT", nil, nil, nil)
            latencies.append(now() - t0)
        }
        let elapsed = now() - started
        return (Summary(count: rowCount / batchSize, elapsedNanos: elapsed, latencies: latencies), Self.ownCPUSeconds() - cpu)
    }
}
