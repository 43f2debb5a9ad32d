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
                guard let decimal = try? cell.decode(Decimal.self) else { return .null }
                let text = "\(decimal)"
                if let whole = Int64(text) { return .integer(whole) }
                return .real(Double(text) ?? 0)
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
        if let text = try? cell.decode(String.self) { return .text(text) }
        return .blob(bytes.readBytes(length: bytes.readableBytes) ?? [])
    }
}
