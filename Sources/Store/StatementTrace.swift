import CSQLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// With `WIZDB_TRACE_SQL=1` in the environment, every statement a connection runs is written to
/// stderr as `wizdb-sql: <statement with its bound values>`, one line each: the plan checks of
/// the studio's benchmark read them to run EXPLAIN QUERY PLAN on exactly what was executed. Off
/// (no callback registered, no cost) otherwise.
enum StatementTrace {
    static let isEnabled: Bool = {
        guard let value = getenv("WIZDB_TRACE_SQL") else { return false }
        return String(cString: value) == "1"
    }()

    static func install(on handle: OpaquePointer) {
        guard isEnabled else { return }
        sqlite3_trace_v2(handle, UInt32(SQLITE_TRACE_STMT), { _, _, statement, _ in
            guard let statement, let expanded = sqlite3_expanded_sql(OpaquePointer(statement)) else { return 0 }
            defer { sqlite3_free(expanded) }
            var line = Array("wizdb-sql: ".utf8)
            for byte in UnsafeRawBufferPointer(start: expanded, count: strlen(expanded)) {
                line.append(byte == 0x0A || byte == 0x0D ? 0x20 : byte)
            }
            line.append(0x0A)
            line.withUnsafeBytes { bytes in _ = write(STDERR_FILENO, bytes.baseAddress, bytes.count) }
            return 0
        }, nil)
    }
}
