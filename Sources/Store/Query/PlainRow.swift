import CSQLite
import JSON

extension Statement {
    /// Writes the current row as one JSON object in a single append, when every column in
    /// `columns` is NULL, an integer (plain, boolean or timestamp) or text with nothing to
    /// escape: the common row, whose values are then each a copy from SQLite's buffers. Returns
    /// false, having written nothing, for any other row (a real, a blob, json, text that needs
    /// escaping or a UTF-8 check, a timestamp outside years 0-9999); the caller then writes it
    /// column by column. `key(i)` is column i's encoded `"name":`.
    @inline(__always)
    func writePlainRow(_ columns: Range<Int>, types: (Int) -> ColumnType?, key: (Int) -> UnsafeRawBufferPointer,
                       to writer: inout JSONWriter) -> Bool {
        guard remote == nil, let handle else { return false }
        let count = columns.count
        guard count > 0, count <= 64 else { return false }
        return withUnsafeTemporaryAllocation(of: PlainValue.self, capacity: count) { values in
            // First pass: what each column holds, and an upper bound of the row's length.
            var bound = 2
            for (slot, column) in columns.enumerated() {
                let index = Int32(column)
                let keyLength = key(column).count
                let value: PlainValue
                switch (sqlite3_column_type(handle, index), types(column)) {
                case (SQLITE_NULL, _):
                    value = .null
                    bound += keyLength + 5
                case (SQLITE_INTEGER, nil), (SQLITE_INTEGER, .integer?):
                    value = .integer(sqlite3_column_int64(handle, index))
                    bound += keyLength + 21
                case (SQLITE_INTEGER, .boolean?):
                    value = .boolean(sqlite3_column_int64(handle, index) != 0)
                    bound += keyLength + 6
                case (SQLITE_INTEGER, .timestamp?):
                    let seconds = sqlite3_column_int64(handle, index)
                    // Years 0-9999 only, as `Timestamp.writeISO8601` writes.
                    guard seconds >= -62_167_219_200, seconds <= 253_402_300_799 else { return false }
                    value = .timestamp(seconds)
                    bound += keyLength + 23
                case (SQLITE_TEXT, nil), (SQLITE_TEXT, .text?):
                    let text = sqlite3_column_text(handle, index)
                    let length = Int(sqlite3_column_bytes(handle, index))
                    let bytes = UnsafeRawBufferPointer(start: text, count: text == nil ? 0 : length)
                    guard JSONWriter.isPlain(bytes) else { return false }
                    value = .text(bytes)
                    bound += keyLength + length + 3
                default:
                    return false
                }
                (values.baseAddress! + slot).initialize(to: value)
            }
            // Second pass: the object, in one append.
            var dateMemo = self.dateMemo
            defer { self.dateMemo = dateMemo }
            writer.rawValue(maxCount: bound) { output in
                var written = 0
                output[written] = UInt8(ascii: "{")
                written += 1
                for (slot, column) in columns.enumerated() {
                    let name = key(column)
                    if slot > 0 {
                        output[written] = UInt8(ascii: ",")
                        written += 1
                    }
                    if let base = name.baseAddress {
                        (output + written).initialize(from: base.assumingMemoryBound(to: UInt8.self), count: name.count)
                    }
                    written += name.count
                    switch values[slot] {
                    case .null:
                        (output + written).initialize(from: "null", count: 4)
                        written += 4
                    case .integer(let number):
                        written += JSONWriter.decimal(number, to: output + written)
                    case .boolean(let flag):
                        if flag {
                            (output + written).initialize(from: "true", count: 4)
                            written += 4
                        } else {
                            (output + written).initialize(from: "false", count: 5)
                            written += 5
                        }
                    case .timestamp(let seconds):
                        output[written] = UInt8(ascii: "\"")
                        _ = Timestamp.writeISO8601(seconds, to: output + written + 1, memo: &dateMemo)
                        output[written + 21] = UInt8(ascii: "\"")
                        written += 22
                    case .text(let bytes):
                        output[written] = UInt8(ascii: "\"")
                        written += 1
                        if let base = bytes.baseAddress {
                            (output + written).initialize(from: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
                        }
                        written += bytes.count
                        output[written] = UInt8(ascii: "\"")
                        written += 1
                    }
                }
                output[written] = UInt8(ascii: "}")
                return written + 1
            }
            return true
        }
    }
}

/// One column's value between the two passes of `writePlainRow`.
private enum PlainValue {
    case null
    case integer(Int64)
    case boolean(Bool)
    case timestamp(Int64)
    case text(UnsafeRawBufferPointer)
}
