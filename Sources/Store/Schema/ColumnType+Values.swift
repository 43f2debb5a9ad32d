#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import JSON

extension ColumnType {
    /// A wire value as the value stored for this type: timestamps from ISO 8601 (or unix seconds),
    /// booleans as 1/0, json as its compact text, blobs from `{"$base64": ...}`. `null` is NULL.
    public func sqlValue(from json: JSONValue, field: String) throws -> SQLValue {
        if json.isNull { return .null }
        switch self {
        case .text:
            if case .string(let text) = json { return .text(text) }
        case .integer:
            if let number = json.int64Value { return .integer(number) }
        case .real:
            if let number = json.doubleValue, number.isFinite { return .real(number) }
        case .boolean:
            if case .bool(let flag) = json { return .integer(flag ? 1 : 0) }
        case .timestamp:
            if let seconds = json.int64Value { return .integer(seconds) }
            if case .string(let text) = json, let seconds = Timestamp.parse(text) { return .integer(seconds) }
        case .json:
            return .text(JSONWriter.encodeString(json))
        case .blob:
            if case .object(let object) = json, object.count == 1, case .string(let encoded)? = object["$base64"],
               let data = Data(base64Encoded: encoded) {
                return .blob([UInt8](data))
            }
        }
        throw StoreError.invalidValue(field: field, expected: expectedDescription, got: json.typeName)
    }

    var expectedDescription: String {
        switch self {
        case .text: "a string"
        case .integer: "an integer"
        case .real: "a number"
        case .boolean: "true or false"
        case .timestamp: "an ISO 8601 UTC timestamp (or unix seconds)"
        case .json: "any JSON value"
        case .blob: "{\"$base64\": \"...\"}"
        }
    }

    /// A literal default from the declared schema, as SQL text for the DDL.
    func defaultSQL(from json: JSONValue, field: String) throws -> String {
        if case .object(let object) = json, object.count == 1, let expression = object["sql"] {
            guard case .string(let text) = expression, !text.isEmpty else {
                throw StoreError.invalidValue(field: field, expected: "an SQL expression string", got: expression.typeName)
            }
            // Expression defaults are always parenthesised, so `1 + 1` or `unixepoch()` is one term.
            return "(\(text))"
        }
        return SQL.literal(try sqlValue(from: json, field: field))
    }
}

extension JSONWriter {
    /// Writes the current row's column as its wire value. With a declared type: timestamps as
    /// ISO 8601 UTC strings, booleans as true/false, json columns as JSON; without one (raw SQL),
    /// by storage class. Blobs are `{"$base64": ...}` either way.
    /// `key(encoded:)` then `column(...)`.
    @inline(__always)
    public mutating func keyedColumn(_ encodedKey: UnsafeRawBufferPointer, _ statement: Statement, _ index: Int32, type: ColumnType? = nil) {
        key(encoded: encodedKey)
        column(statement, index, type: type)
    }

    public mutating func column(_ statement: Statement, _ index: Int32, type: ColumnType? = nil) {
        let storage = statement.type(at: index)
        switch (storage, type) {
        case (.null, _): null()
        case (.integer, .boolean?): bool(statement.int64(at: index) != 0)
        case (.integer, .timestamp?): timestamp(statement.int64(at: index))
        case (.text, .json?):
            let parsed = statement.withText(at: index) { try? JSONReader.parse(UnsafeRawBufferPointer($0)) }
            if let parsed { value(parsed) } else { statement.withText(at: index) { string(utf8: $0) } }
        case (.integer, _): int(statement.int64(at: index))
        case (.real, _): double(statement.double(at: index))
        case (.text, _): statement.withText(at: index) { string(utf8: $0) }
        case (.blob, _):
            beginObject()
            key("$base64")
            string(Data(statement.blob(at: index)).base64EncodedString())
            endObject()
        }
    }
}

extension JSONWriter {
    /// Writes a stored value as its wire value, as `column(_:_:type:)` does for a row's column.
    public mutating func value(_ value: SQLValue, type: ColumnType?) {
        switch (value, type) {
        case (.null, _): null()
        case (.integer(let number), .boolean?): bool(number != 0)
        case (.integer(let seconds), .timestamp?): timestamp(seconds)
        case (.text(let text), .json?):
            if let parsed = try? JSONReader.parse(text) { self.value(parsed) } else { string(text) }
        case (.integer(let number), _): int(number)
        case (.real(let number), _): double(number)
        case (.text(let text), _): string(text)
        case (.blob(let bytes), _):
            beginObject()
            key("$base64")
            string(Data(bytes).base64EncodedString())
            endObject()
        }
    }

    /// Unix seconds as an ISO 8601 UTC string, formatted on the stack (rows carry up to three
    /// timestamps each, and `Timestamp.format` allocates several strings per call).
    public mutating func timestamp(_ seconds: Int64) {
        let written: Bool = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            guard let base = buffer.baseAddress, Timestamp.writeISO8601(seconds, to: base) else { return false }
            string(utf8: UnsafeBufferPointer(start: base, count: 20))
            return true
        }
        if !written { string(Timestamp.format(seconds)) }
    }
}

/// ISO 8601 UTC timestamps <-> unix seconds, without Foundation's calendars.
public enum Timestamp {
    /// `2026-01-02T03:04:05Z`, also with fractional seconds (dropped) or a `+hh:mm` offset.
    public static func parse(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int64? {
            guard range.upperBound <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[range] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            return value
        }
        guard bytes.count >= 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var index = 19
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
            if index == start { return nil }
        }
        var offset: Int64 = 0
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard index + 6 == bytes.count, bytes[index + 3] == UInt8(ascii: ":"),
                  let hours = number((index + 1)..<(index + 3)), let minutes = number((index + 4)..<(index + 6)) else { return nil }
            offset = (hours * 3600 + minutes * 60) * (bytes[index] == UInt8(ascii: "+") ? 1 : -1)
            index += 6
        default:
            return nil
        }
        guard index == bytes.count else { return nil }
        guard day <= daysInMonth(year: year, month: month) else { return nil }
        return daysFromCivil(year: year, month: month, day: day) * 86400 + hour * 3600 + minute * 60 + second - offset
    }

    /// Unix seconds as `YYYY-MM-DDTHH:MM:SSZ`.
    public static func format(_ seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let rest = seconds - days * 86400
        let (year, month, day) = civilFromDays(days)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(rest / 3600, 2)):\(pad(rest % 3600 / 60, 2)):\(pad(rest % 60, 2))Z"
    }

    /// Writes `YYYY-MM-DDTHH:MM:SSZ` (exactly 20 bytes) for years 0 to 9999; false for other years.
    @inline(__always)
    static func writeISO8601(_ seconds: Int64, to output: UnsafeMutablePointer<UInt8>) -> Bool {
        var memo = DateMemo()
        return writeISO8601(seconds, to: output, memo: &memo)
    }

    /// The date of the last timestamp written: the timestamps of a page of rows fall on few
    /// days, and copying the date's ten bytes costs less than the calendar arithmetic.
    struct DateMemo {
        var days = Int64.min
        var date: (UInt64, UInt16) = (0, 0)
    }

    /// `writeISO8601(_:to:)`, taking the date from `memo` when it is the same day.
    @inline(__always)
    static func writeISO8601(_ seconds: Int64, to output: UnsafeMutablePointer<UInt8>, memo: inout DateMemo) -> Bool {
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let rest = seconds - days * 86400
        @inline(__always) func two(_ value: Int64, at offset: Int) {
            output[offset] = UInt8(truncatingIfNeeded: 48 + value / 10)
            output[offset + 1] = UInt8(truncatingIfNeeded: 48 + value % 10)
        }
        let raw = UnsafeMutableRawPointer(output)
        if days == memo.days {
            raw.storeBytes(of: memo.date.0, as: UInt64.self)
            raw.storeBytes(of: memo.date.1, toByteOffset: 8, as: UInt16.self)
        } else {
            let (year, month, day) = civilFromDays(days)
            guard (0...9999).contains(year) else { return false }
            two(year / 100, at: 0)
            two(year % 100, at: 2)
            output[4] = UInt8(ascii: "-")
            two(month, at: 5)
            output[7] = UInt8(ascii: "-")
            two(day, at: 8)
            memo = DateMemo(days: days, date: (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self)))
        }
        output[10] = UInt8(ascii: "T")
        two(rest / 3600, at: 11)
        output[13] = UInt8(ascii: ":")
        two(rest % 3600 / 60, at: 14)
        output[16] = UInt8(ascii: ":")
        two(rest % 60, at: 17)
        output[19] = UInt8(ascii: "Z")
        return true
    }

    private static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // Howard Hinnant's days_from_civil and civil_from_days.
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }

    static func civilFromDays(_ days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let dayOfEra = z - era * 146097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
