import Logging
import PostgresNIO
import Store
import Synchronization

/// One PostgreSQL connection behind a store `Database`. Calls block the calling thread (a
/// worker of the store, never an event loop) until the server answered.
///
/// A lost connection fails the statement with `unavailable` and is replaced by a new one on the
/// next statement (to the new primary after a failover), unless a transaction was open on it:
/// that transaction is gone, and its next statement must fail too, so the store's rollback is
/// what clears it.
final class PostgresRemoteConnection: RemoteConnection, @unchecked Sendable {
    private let backend: PostgresBackend
    private let readOnly: Bool
    private struct State {
        var connection: PostgresConnection?
        var pid: Int32 = 0
        var running = false
        /// Whether a transaction is open on the connection (BEGIN seen, no COMMIT or ROLLBACK yet).
        var inTransaction = false
    }
    private let state = Mutex(State())

    init(backend: PostgresBackend, readOnly: Bool) {
        self.backend = backend
        self.readOnly = readOnly
    }

    func open() throws {
        let (connection, pid) = try backend.openConnection()
        if readOnly {
            _ = try? connection.query("SET default_transaction_read_only = on", logger: backend.logger).wait()
        }
        if backend.statementTimeoutMs > 0 {
            // The server stops a statement past the limit itself: 57014, reported as statement_timeout.
            _ = try? connection.simpleQuery("SET statement_timeout = \(backend.statementTimeoutMs)").wait()
        }
        state.withLock {
            $0.connection = connection
            $0.pid = pid
        }
    }

    var isClosed: Bool { state.withLock { $0.connection?.isClosed ?? true } }

    private func current() throws -> PostgresConnection {
        if let connection = state.withLock({ $0.connection }), !connection.isClosed { return connection }
        // A transaction cannot go on over a new connection: the server rolled it back with the
        // old one, and the caller must learn so (its ROLLBACK then clears the state).
        let lostTransaction = state.withLock { state -> Bool in
            defer { state.inTransaction = false }
            return state.inTransaction
        }
        if lostTransaction {
            throw StoreError.unavailable(message: "the connection to \(backend.displayName) was lost during a transaction, which the server rolled back")
        }
        try open()
        guard let connection = state.withLock({ $0.connection }) else {
            throw StoreError.unavailable(message: "no connection to \(backend.displayName)")
        }
        return connection
    }

    func run(_ sql: String, _ bindings: [SQLValue]) throws -> RemoteResult {
        let connection = try current()
        var binds = PostgresBindings(capacity: bindings.count)
        for value in bindings { Self.append(value, to: &binds) }
        let query = PostgresQuery(unsafeSQL: sql, binds: binds)
        let control = Self.transactionControl(sql)
        state.withLock { $0.running = true }
        defer {
            state.withLock { state in
                state.running = false
                if let control { state.inTransaction = control }
            }
        }
        let result: PostgresQueryResult
        do {
            result = try connection.query(query, logger: backend.logger).wait()
        } catch {
            if control == true { state.withLock { $0.inTransaction = false } }
            throw PostgresErrors.storeError(for: error, connectionLost: connection.isClosed)
        }
        return try Self.convert(result)
    }

    /// true for a statement that opens a transaction, false for one that ends it, else nil.
    static func transactionControl(_ sql: String) -> Bool? {
        let upper = sql.prefix(12).uppercased()
        if upper.hasPrefix("BEGIN") || upper.hasPrefix("START") { return true }
        if upper.hasPrefix("COMMIT") || upper.hasPrefix("END") { return false }
        if upper.hasPrefix("ROLLBACK") { return upper.hasPrefix("ROLLBACK TO") ? nil : false }
        return nil
    }

    func runScript(_ sql: String) throws {
        let connection = try current()
        do {
            // The simple query protocol runs several statements in one message (server-written SQL only).
            _ = try connection.simpleQuery(sql).wait()
        } catch {
            throw PostgresErrors.storeError(for: error, connectionLost: connection.isClosed)
        }
    }

    func cancelRunning() {
        let (running, pid) = state.withLock { ($0.running, $0.pid) }
        guard running, pid != 0 else { return }
        backend.cancelBackend(pid)
    }

    func close() {
        let connection = state.withLock { state -> PostgresConnection? in
            defer { state.connection = nil }
            return state.connection
        }
        try? connection?.close().wait()
    }

    // MARK: Values

    /// Every value goes as text with no declared type: the server gives it the type the
    /// statement needs there (a `1` bound to a smallint, a bigint or a double column alike).
    static func append(_ value: SQLValue, to binds: inout PostgresBindings) {
        switch value {
        case .null: binds.appendNull()
        case .integer(let number): binds.append(UntypedText(String(number)))
        case .real(let number): binds.append(UntypedText(number.isFinite ? "\(number)" : (number.isNaN ? "NaN" : (number > 0 ? "Infinity" : "-Infinity"))))
        case .text(let text): binds.append(UntypedText(text))
        case .blob(let bytes):
            let digits = Array("0123456789abcdef".utf8)
            var hex: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
            hex.reserveCapacity(2 + bytes.count * 2)
            for byte in bytes {
                hex.append(digits[Int(byte >> 4)])
                hex.append(digits[Int(byte & 0x0F)])
            }
            binds.append(UntypedText(String(decoding: hex, as: UTF8.self)))
        }
    }

    static func convert(_ result: PostgresQueryResult) throws -> RemoteResult {
        var columns: [String] = []
        var rows: [[SQLValue]] = []
        rows.reserveCapacity(result.rows.count)
        for row in result.rows {
            var values: [SQLValue] = []
            if columns.isEmpty { columns = row.map(\.columnName) }
            for cell in row { values.append(PostgresValues.value(of: cell)) }
            rows.append(values)
        }
        let changes = ["INSERT", "UPDATE", "DELETE", "MERGE"].contains(result.metadata.command) ? (result.metadata.rows ?? 0) : 0
        return RemoteResult(columns: columns, rows: rows, changes: changes)
    }
}

/// Text sent with type 0 ("unspecified"), which the server resolves from where it stands.
struct UntypedText: PostgresDynamicTypeEncodable {
    var text: String
    init(_ text: String) { self.text = text }
    var psqlType: PostgresDataType { .null }
    var psqlFormat: PostgresFormat { .text }
    func encode<JSONEncoder: PostgresJSONEncoder>(into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        byteBuffer.writeString(text)
    }
}
