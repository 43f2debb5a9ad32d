import CSQLite
import Foundation

// `wizdb-bench --rebuild [--rows N]`: how long wizdb takes to apply a migration that rebuilds a
// large table (SQLite's procedure: create the new shape, copy the rows, drop, rename, recreate the
// indexes), asked over the pipe protocol as a host would (schema.generate, then schema.migrate),
// next to the same migration file run through the SQLite C API in process. Ids are time-ordered
// like the UUIDv7 ids wizdb makes; --random-ids uses random UUIDv4 ids instead (imported data),
// which insert into the primary key's index out of order during the copy.

/// The declared users table before and after: phoneNumber becomes NOT NULL with a default, which
/// SQLite cannot alter in place, so the table is rebuilt and COALESCE fills the NULLs.
private let usersBefore = #"""
    {"tables":{"users":{"columns":{"email":{"type":"text","notNull":true},"name":{"type":"text","notNull":true},
    "credits":{"type":"integer","notNull":true,"default":0},"phoneNumber":{"type":"text"}},
    "indexes":[{"name":"users_email_idx","columns":["email"],"unique":true,"where":"active"},
    {"name":"users_status_created_idx","columns":["deactivatedAt","createdAt"]}]}}}
    """#
private let usersAfter = usersBefore.replacingOccurrences(of: #""phoneNumber":{"type":"text"}"#,
                                                          with: #""phoneNumber":{"type":"text","notNull":true,"default":""}"#)

func runRebuildBenchmark(binary: String, rows: Int, randomIDs: Bool, work: String) throws {
    let database = work + "/rebuild.sqlite"
    let reference = work + "/reference.sqlite"
    let migrations = work + "/migrations"
    let serverArguments = ["--db", database, "--migrations", migrations]
    print("wizdb rebuild benchmark: \(rows) rows, \(randomIDs ? "random UUIDv4" : "time-ordered UUIDv7") ids, binary \(binary)")

    // The table, created by wizdb from the declared schema.
    var server = try PipeClient(binary, serverArguments)
    _ = try call(server, "schema.generate", #"{"name":"users","schema":\#(compact(usersBefore))}"#)
    _ = try call(server, "schema.migrate", "{}")
    server.closeInput()
    server.wait()

    print("filling users through the C API ...")
    let nulls = try fillUsers(at: database, count: rows, randomIDs: randomIDs)
    try copyDatabase(database, to: reference)

    // The migration that rebuilds, generated and applied by a fresh server.
    server = try PipeClient(binary, serverArguments)
    let generated = try call(server, "schema.generate", #"{"name":"require phone number","schema":\#(compact(usersAfter))}"#)
    guard generated.contains("_wizdb_new_users") else { throw BenchError("the migration does not rebuild: \(generated)") }
    let started = now()
    _ = try call(server, "schema.migrate", "{}")
    let elapsed = now() - started
    server.closeInput()
    server.wait()
    try checkRebuilt(database, rows: rows, filled: nulls)
    print(rebuildLine("wizdb schema.migrate (rebuild, over the pipe)", rows: rows, nanos: elapsed))

    // The same file through the C API: the floor for this migration on this machine.
    guard let file = try FileManager.default.contentsOfDirectory(atPath: migrations).sorted().last,
          let text = FileManager.default.contents(atPath: migrations + "/" + file) else { throw BenchError("no migration file") }
    let referenceNanos = try runScript(String(decoding: text, as: UTF8.self), at: reference)
    try checkRebuilt(reference, rows: rows, filled: nulls)
    print(rebuildLine("same file through the C API, in process", rows: rows, nanos: referenceNanos))
    print("ratio wizdb / C API".padding(toLength: 52, withPad: " ", startingAt: 0)
          + String(format: "%12.2f x", Double(elapsed) / Double(referenceNanos)))
}

private func rebuildLine(_ label: String, rows: Int, nanos: UInt64) -> String {
    let seconds = Double(nanos) / 1e9
    return label.padding(toLength: 52, withPad: " ", startingAt: 0)
        + String(format: "%9.3f s  %12.0f rows/s", seconds, Double(rows) / seconds)
}

private func compact(_ json: String) -> String { json.replacingOccurrences(of: "\n", with: "") }

/// Sends one request and returns its answer line; an error answer stops the benchmark.
private func call(_ server: PipeClient, _ method: String, _ params: String) throws -> String {
    server.write(request(1, method, params))
    let line = String(decoding: server.readLine(), as: UTF8.self)
    if line.contains(#""error":"#) { throw BenchError("\(method) failed: \(line)") }
    return line
}

/// Inserts `count` users, a third without a phone number; returns how many have none.
private func fillUsers(at path: String, count: Int, randomIDs: Bool) throws -> Int {
    let db = try open(path)
    defer { sqlite3_close(db) }
    sqlite3_exec(db, "BEGIN", nil, nil, nil)
    var statement: OpaquePointer?
    sqlite3_prepare_v2(db, "INSERT INTO users (id, email, name, credits, phone_number, deactivated_at) VALUES (?, ?, ?, ?, ?, ?)",
                       -1, &statement, nil)
    var nulls = 0
    for index in 0..<count {
        sqlite3_bind_text(statement, 1, randomIDs ? UUID().uuidString.lowercased() : orderedID(index), -1, wizdb_transient())
        sqlite3_bind_text(statement, 2, "user\(index)@example.com", -1, wizdb_transient())
        sqlite3_bind_text(statement, 3, "User \(index)", -1, wizdb_transient())
        sqlite3_bind_int64(statement, 4, Int64(index % 1000))
        if index % 3 == 0 {
            sqlite3_bind_null(statement, 5)
            nulls += 1
        } else {
            sqlite3_bind_text(statement, 5, "+33 6 \(10_000_000 + index)", -1, wizdb_transient())
        }
        if index % 10 == 0 { sqlite3_bind_int64(statement, 6, 1_700_000_000) } else { sqlite3_bind_null(statement, 6) }
        guard sqlite3_step(statement) == SQLITE_DONE else { throw BenchError("insert failed: \(String(cString: sqlite3_errmsg(db)))") }
        sqlite3_reset(statement)
    }
    sqlite3_finalize(statement)
    guard sqlite3_exec(db, "COMMIT", nil, nil, nil) == SQLITE_OK else { throw BenchError("commit failed") }
    sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", nil, nil, nil)
    return nulls
}

/// A UUIDv7-shaped id whose time part grows with `index`, so ids sort in insertion order.
private func orderedID(_ index: Int) -> String {
    let millis = UInt64(1_767_225_600_000 + index)
    let random = UInt64.random(in: 0..<(1 << 62))
    let hex = String(millis, radix: 16)
    let time = String(repeating: "0", count: 12 - hex.count) + hex
    let tail = String(random, radix: 16).padding(toLength: 16, withPad: "0", startingAt: 0)
    let parts = [time.prefix(8), time.dropFirst(8), "7" + tail.prefix(3), "8" + tail.dropFirst(3).prefix(3), tail.dropFirst(6).prefix(10) + "00"]
    return parts.joined(separator: "-")
}

/// A consistent copy through SQLite's backup API.
private func copyDatabase(_ source: String, to destination: String) throws {
    let from = try open(source)
    defer { sqlite3_close(from) }
    let to = try open(destination)
    defer { sqlite3_close(to) }
    guard let backup = sqlite3_backup_init(to, "main", from, "main") else { throw BenchError("backup failed") }
    let rc = sqlite3_backup_step(backup, -1)
    sqlite3_backup_finish(backup)
    guard rc == SQLITE_DONE else { throw BenchError("backup failed: \(rc)") }
}

/// Runs a migration file the way wizdb does (foreign keys off, one transaction), in nanoseconds.
private func runScript(_ script: String, at path: String) throws -> UInt64 {
    let db = try open(path)
    defer { sqlite3_close(db) }
    sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF", nil, nil, nil)
    let started = now()
    var message: UnsafeMutablePointer<CChar>?
    guard sqlite3_exec(db, "BEGIN IMMEDIATE;\n" + script + "\nCOMMIT;", nil, nil, &message) == SQLITE_OK else {
        throw BenchError("the migration failed through the C API: \(message.map { String(cString: $0) } ?? "?")")
    }
    return now() - started
}

/// The table has every row, no NULL phone number left, the fill where there was none, and is sound.
private func checkRebuilt(_ path: String, rows: Int, filled: Int) throws {
    let db = try open(path)
    defer { sqlite3_close(db) }
    func scalar(_ sql: String) -> Int64 {
        var statement: OpaquePointer?
        sqlite3_prepare_v2(db, sql, -1, &statement, nil)
        defer { sqlite3_finalize(statement) }
        return sqlite3_step(statement) == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : -1
    }
    let counts = (scalar("SELECT count(*) FROM users"), scalar("SELECT count(*) FROM users WHERE phone_number IS NULL"),
                  scalar("SELECT count(*) FROM users WHERE phone_number = ''"),
                  scalar("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'users' AND sql IS NOT NULL"))
    guard counts == (Int64(rows), 0, Int64(filled), 2) else {
        throw BenchError("after the rebuild: expected \(rows) rows, 0 NULL phone numbers, \(filled) filled, 2 indexes; got \(counts)")
    }
}

private func open(_ path: String) throws -> OpaquePointer? {
    var db: OpaquePointer?
    guard sqlite3_open(path, &db) == SQLITE_OK else { throw BenchError("cannot open \(path)") }
    return db
}
