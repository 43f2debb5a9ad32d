#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSQLite
import JSON

/// A prepared statement of one `Database`, with bindings and typed column access.
///
/// Column accessors read the current row in place; text can be borrowed as UTF-8 bytes without
/// building a String, which is how rows reach the output buffer on hot paths.
public final class Statement: @unchecked Sendable {
    /// The SQLite statement; nil for a statement sent to a server (`remote`).
    let handle: OpaquePointer?
    /// The statement's text, values and rows when the database lives on a server.
    let remote: RemoteStatement?
    unowned let database: Database

    init(handle: OpaquePointer, database: Database) {
        self.handle = handle
        remote = nil
        self.database = database
    }

    init(remote: RemoteStatement, database: Database) {
        handle = nil
        self.remote = remote
        self.database = database
    }

    deinit { if let handle { sqlite3_finalize(handle) } }

    nonisolated(unsafe) private static let emptyText: UnsafePointer<CChar> = {
        let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: 1)
        pointer.initialize(to: 0)
        return UnsafePointer(pointer)
    }()

    public var sql: String { remote?.originalSQL ?? String(cString: sqlite3_sql(handle)) }

    /// Why this statement may not run as raw SQL (see `RawStatementPolicy`), worked out once per
    /// prepared statement rather than on every run of a cached one.
    var rawSQLRefusal: String? {
        if let checked = checkedRefusal { return checked.reason }
        let reason = RawStatementPolicy.refusal(forSQL: sql)
        checkedRefusal = (reason, ())
        return reason
    }
    private var checkedRefusal: (reason: String?, Void)?
    /// True when the statement cannot change the database (SELECT, most PRAGMA reads, ...).
    public var isReadOnly: Bool { remote?.isReadOnly ?? (sqlite3_stmt_readonly(handle) != 0) }
    public var columnCount: Int32 {
        if let remote { return (try? remote.columnNames(database: database).count).map(Int32.init) ?? 0 }
        return sqlite3_column_count(handle)
    }
    public var parameterCount: Int32 { remote.map { Int32($0.parameterCount) } ?? sqlite3_bind_parameter_count(handle) }

    /// The parameter's name with its prefix (`:name`, `@name`, `$name`, `?3`), or nil for a plain `?`.
    public func parameterName(at index: Int32) -> String? {
        if let remote {
            let position = Int(index) - 1
            return position >= 0 && position < remote.parameterNames.count ? ":" + remote.parameterNames[position] : nil
        }
        return sqlite3_bind_parameter_name(handle, index).map { String(cString: $0) }
    }

    public func columnName(at index: Int32) -> String {
        if let remote { return (try? remote.columnNames(database: database)[Int(index)]) ?? "" }
        return sqlite3_column_name(handle, index).map { String(cString: $0) } ?? ""
    }

    /// Lends the column's name as UTF-8 bytes (valid until the statement is finalized or re-prepared).
    public func withColumnName<R>(at index: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if remote != nil {
            var name = columnName(at: index)
            return try name.withUTF8 { try body($0) }
        }
        guard let name = sqlite3_column_name(handle, index) else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        return try name.withMemoryRebound(to: UInt8.self, capacity: 1) { bytes in
            try body(UnsafeBufferPointer(start: bytes, count: Int(strlen(name))))
        }
    }

    /// How many bytes the last answer built from this statement's rows took, so the next one can
    /// reserve them at once instead of growing (and copying) its buffer step by step.
    public var lastAnswerBytes = 0

    /// The date of the last timestamp this statement's rows were written with (`writePlainRow`).
    var dateMemo = Timestamp.DateMemo()

    private var encodedKeys: [[UInt8]] = []
    private var encodedKeysReprepareCount: Int32 = -1

    /// Each column's name as an encoded JSON key (`"name":`, for `JSONWriter.key(encoded:)`),
    /// made once per prepared statement: rows are written with a byte copy per key. Made again
    /// when SQLite has re-prepared the statement (after a schema change the names may differ).
    public func encodedColumnKeys() -> [[UInt8]] {
        // A server's statement is prepared once for its text: no re-prepare to watch for.
        let reprepares = remote == nil ? sqlite3_stmt_status(handle, SQLITE_STMTSTATUS_REPREPARE, 0) : 0
        let count = Int(columnCount)
        if reprepares != encodedKeysReprepareCount || encodedKeys.count != count {
            encodedKeys = (0..<Int32(count)).map { index in withColumnName(at: index) { JSONWriter.encodedKey(utf8: $0) } }
            encodedKeysReprepareCount = reprepares
            // The names as a JSON array: each encoded key without its colon.
            var list: [UInt8] = [UInt8(ascii: "[")]
            for (index, key) in encodedKeys.enumerated() {
                if index > 0 { list.append(UInt8(ascii: ",")) }
                list.append(contentsOf: key.dropLast())
            }
            list.append(UInt8(ascii: "]"))
            encodedNameList = list
            encodedKeyBytes = encodedKeys.flatMap { $0 }
            var start = 0
            encodedKeyRanges = encodedKeys.map { key in
                defer { start += key.count }
                return start..<(start + key.count)
            }
        }
        return encodedKeys
    }

    /// Writes the current row as one object keyed by `encodedColumnKeys()`, in one append when
    /// its values allow (see `writePlainRow`), column by column otherwise.
    public func writeRowObject(keys: [[UInt8]], to writer: inout JSONWriter) {
        let count = keys.count
        let written = count == encodedKeyRanges.count && encodedKeyBytes.withUnsafeBytes { bytes in
            encodedKeyRanges.withUnsafeBufferPointer { ranges in
                writePlainRow(0..<count, types: { _ in nil }, key: { UnsafeRawBufferPointer(rebasing: bytes[ranges[$0]]) }, to: &writer)
            }
        }
        if written { return }
        writer.beginObject()
        for index in 0..<count {
            keys[index].withUnsafeBytes { writer.keyedColumn($0, self, Int32(index)) }
        }
        writer.endObject()
    }

    /// The column names as one encoded JSON array, made with `encodedColumnKeys()`.
    public func encodedColumnNames() -> [UInt8] {
        _ = encodedColumnKeys()
        return encodedNameList
    }
    private var encodedNameList: [UInt8] = []
    /// The encoded keys in one buffer, for `writePlainRow`.
    private var encodedKeyBytes: [UInt8] = []
    private var encodedKeyRanges: [Range<Int>] = []

    /// Rewinds the statement and clears its bindings so it can run again.
    public func reset() {
        if let remote {
            remote.reset()
            return
        }
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    // MARK: Binding

    /// Binds values to positions 1...n; the count must match the statement's parameters.
    public func bind(_ values: [SQLValue]) throws {
        guard values.count == Int(parameterCount) else {
            throw StoreError.parameter(message: "the statement has \(parameterCount) parameter(s) but \(values.count) value(s) were given")
        }
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    public func bind(_ value: SQLValue, at index: Int32) throws {
        if let remote {
            try remote.bind(value, at: Int(index))
            return
        }
        let rc: Int32
        switch value {
        case .null: rc = sqlite3_bind_null(handle, index)
        case .integer(let v): rc = sqlite3_bind_int64(handle, index, v)
        case .real(let v): rc = sqlite3_bind_double(handle, index, v)
        case .text(var v):
            rc = v.withUTF8 { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    // An empty string still needs a non-null pointer, or SQLite binds NULL.
                    sqlite3_bind_text(handle, index, chars.baseAddress ?? Self.emptyText, Int32(chars.count), wizdb_transient())
                }
            }
        case .blob(let v):
            rc = v.withUnsafeBytes { buffer in
                sqlite3_bind_blob(handle, index, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(buffer.count), wizdb_transient())
            }
        }
        if rc != SQLITE_OK { throw database.lastError(code: rc) }
    }

    // MARK: Stepping

    /// Advances to the next row; false when the statement is done.
    @inline(__always)
    public func step() throws -> Bool {
        if let remote { return try remote.step(database: database) }
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        let error = database.lastError(code: rc)
        sqlite3_reset(handle)
        throw error
    }

    // MARK: Columns of the current row

    public func type(at index: Int32) -> SQLType {
        if let remote {
            return switch remote.value(at: Int(index)) {
            case .null: .null
            case .integer: .integer
            case .real: .real
            case .text: .text
            case .blob: .blob
            }
        }
        return switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: .integer
        case SQLITE_FLOAT: .real
        case SQLITE_TEXT: .text
        case SQLITE_BLOB: .blob
        default: .null
        }
    }

    public func int64(at index: Int32) -> Int64 {
        if let remote {
            return switch remote.value(at: Int(index)) {
            case .integer(let value): value
            case .real(let value): Int64(exactly: value.rounded(.towardZero)) ?? 0
            case .text(let text): Int64(text) ?? 0
            default: 0
            }
        }
        return sqlite3_column_int64(handle, index)
    }

    public func double(at index: Int32) -> Double {
        if let remote {
            return switch remote.value(at: Int(index)) {
            case .integer(let value): Double(value)
            case .real(let value): value
            case .text(let text): Double(text) ?? 0
            default: 0
            }
        }
        return sqlite3_column_double(handle, index)
    }

    public func string(at index: Int32) -> String {
        withText(at: index) { String(decoding: $0, as: UTF8.self) }
    }

    /// Lends the column's UTF-8 bytes (valid until the next step or reset) without copying.
    public func withText<R>(at index: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let remote {
            var text: String = switch remote.value(at: Int(index)) {
            case .text(let text): text
            case .integer(let value): String(value)
            case .real(let value): "\(value)"
            case .blob(let bytes): String(decoding: bytes, as: UTF8.self)
            case .null: ""
            }
            return try text.withUTF8 { try body($0) }
        }
        let pointer = sqlite3_column_text(handle, index)
        let count = Int(sqlite3_column_bytes(handle, index))
        return try body(UnsafeBufferPointer(start: pointer, count: pointer == nil ? 0 : count))
    }

    public func blob(at index: Int32) -> [UInt8] {
        if let remote {
            return switch remote.value(at: Int(index)) {
            case .blob(let bytes): bytes
            case .text(let text): Array(text.utf8)
            default: []
            }
        }
        guard let pointer = sqlite3_column_blob(handle, index) else { return [] }
        let count = Int(sqlite3_column_bytes(handle, index))
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    public func value(at index: Int32) -> SQLValue {
        if let remote { return remote.value(at: Int(index)) }
        return switch type(at: index) {
        case .integer: .integer(int64(at: index))
        case .real: .real(double(at: index))
        case .text: .text(string(at: index))
        case .blob: .blob(blob(at: index))
        case .null: .null
        }
    }
}
