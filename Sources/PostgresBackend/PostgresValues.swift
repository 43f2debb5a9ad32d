#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PostgresNIO
import Store

/// PostgreSQL's column values as the store's values: the column types wizdb declares come back
/// as SQLite would hold them (booleans and timestamps as integers, `numeric` sums as integers
/// when they are whole), and anything else a raw query returns as text.
enum PostgresValues {
    /// A `numeric` in its binary form (base-10000 digits with a weight, a sign and a scale):
    /// an integer when it is whole and fits, else the nearest double. Sums and averages of
    /// bigint columns come back as numeric.
    static func numeric(_ bytes: inout ByteBuffer) -> SQLValue {
        guard let count = bytes.readInteger(as: Int16.self), let weight = bytes.readInteger(as: Int16.self),
              let sign = bytes.readInteger(as: UInt16.self), let scale = bytes.readInteger(as: Int16.self) else { return .null }
        if sign == 0xC000 { return .real(.nan) }
        var digits: [Int64] = []
        for _ in 0..<max(0, Int(count)) { digits.append(Int64(bytes.readInteger(as: Int16.self) ?? 0)) }
        let negative = sign == 0x4000
        // Whole: no digit group after the decimal point is non-zero.
        let fractional = digits.enumerated().contains { index, digit in Int(weight) - index < 0 && digit != 0 }
        if !fractional, scale == 0 {
            var value: Int64 = 0
            var fits = true
            for position in 0...max(0, Int(weight)) {
                let digit = position < digits.count ? digits[position] : 0
                let (times, overflow1) = value.multipliedReportingOverflow(by: 10_000)
                let (sum, overflow2) = times.addingReportingOverflow(digit)
                if overflow1 || overflow2 { fits = false; break }
                value = sum
            }
            if weight < 0 { value = 0 }
            if fits { return .integer(negative ? -value : value) }
        }
        // The decimal text, read by Double's own parser (exact to the last bit). Digit group i
        // stands for 10000^(weight - i).
        func padded(_ digit: Int64) -> String {
            let group = String(digit)
            return String(repeating: "0", count: max(0, 4 - group.count)) + group
        }
        var integerPart = "0"
        var fractionPart = ""
        if weight >= 0 {
            integerPart = (0...Int(weight)).map { $0 < digits.count ? padded(digits[$0]) : "0000" }.joined()
            if digits.count > Int(weight) + 1 { fractionPart = digits[(Int(weight) + 1)...].map(padded).joined() }
        } else {
            fractionPart = String(repeating: "0000", count: -Int(weight) - 1) + digits.map(padded).joined()
        }
        let text = (negative ? "-" : "") + integerPart + "." + (fractionPart.isEmpty ? "0" : fractionPart)
        return .real(Double(text) ?? .nan)
    }

    static func value(of cell: PostgresCell) -> SQLValue {
        guard var bytes = cell.bytes else { return .null }
        if cell.format == .binary {
            switch cell.dataType {
            case .bool:
                return .integer((bytes.readInteger(as: UInt8.self) ?? 0) != 0 ? 1 : 0)
            case .int2:
                return .integer(Int64(bytes.readInteger(as: Int16.self) ?? 0))
            case .int4:
                return .integer(Int64(bytes.readInteger(as: Int32.self) ?? 0))
            case .int8:
                return .integer(bytes.readInteger(as: Int64.self) ?? 0)
            case .oid:
                return .integer(Int64(bytes.readInteger(as: UInt32.self) ?? 0))
            case .float4:
                return .real(Double(Float(bitPattern: bytes.readInteger(as: UInt32.self) ?? 0)))
            case .float8:
                return .real(Double(bitPattern: bytes.readInteger(as: UInt64.self) ?? 0))
            case .bytea:
                return .blob(bytes.readBytes(length: bytes.readableBytes) ?? [])
            case .numeric:
                return numeric(&bytes)
            case .timestamptz, .timestamp, .date:
                guard let date = try? cell.decode(Date.self) else { return .null }
                return .text(date.formatted(.iso8601))
            case .uuid:
                guard let uuid = try? cell.decode(UUID.self) else { return .null }
                return .text(uuid.uuidString.lowercased())
            default:
                break
            }
        }
        if cell.dataType == .numeric, cell.format == .text, let text = try? cell.decode(String.self) {
            if let whole = Int64(text) { return .integer(whole) }
            return .real(Double(text) ?? .nan)
        }
        if let text = try? cell.decode(String.self) { return .text(text) }
        return .blob(bytes.readBytes(length: bytes.readableBytes) ?? [])
    }
}
