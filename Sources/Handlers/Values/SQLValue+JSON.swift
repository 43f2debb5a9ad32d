#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import JSONRPC
import Store
import JSON

extension SQLValue {
    /// A JSON value as a raw-SQL parameter: integers stay exact 64-bit integers, other numbers are
    /// reals, booleans are 1/0, `{"$base64": "..."}` is a blob, and any other object or array is
    /// bound as its JSON text (SQLite's json functions read it).
    /// `field` names the value in an error; it is only worked out for one.
    init(parameter value: JSONValue, field: @autoclosure () -> String) throws(RPCError) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .integer(flag ? 1 : 0)
        case .number(let text):
            if let integer = Int64(text) {
                self = .integer(integer)
            } else if let real = Double(text), real.isFinite {
                self = .real(real)
            } else {
                throw RPCError(code: ErrorCode.invalidValue, kind: "invalid_value",
                               message: "\(field()): the number \(text) does not fit a 64-bit integer or a finite real",
                               details: ["field": .string(field())])
            }
        case .string(let text): self = .text(text)
        case .object(let object):
            if object.count == 1, let encoded = object["$base64"] {
                guard case .string(let text) = encoded, let data = Data(base64Encoded: text) else {
                    throw RPCError(code: ErrorCode.invalidValue, kind: "invalid_value",
                                   message: "\(field()): \"$base64\" must hold standard base64 text",
                                   details: ["field": .string(field()), "expected": "base64"])
                }
                self = .blob([UInt8](data))
            } else {
                self = .text(JSONWriter.encodeString(value))
            }
        case .array: self = .text(JSONWriter.encodeString(value))
        }
    }
}

extension JSONWriter {
    /// Writes the current row's column as its wire value: numbers, text, null, or a tagged base64 blob.
    mutating func column(_ statement: Statement, _ index: Int32) {
        switch statement.type(at: index) {
        case .integer: int(statement.int64(at: index))
        case .real: double(statement.double(at: index))
        case .text: statement.withText(at: index) { string(utf8: $0) }
        case .null: null()
        case .blob:
            beginObject()
            key("$base64")
            string(Data(statement.blob(at: index)).base64EncodedString())
            endObject()
        }
    }
}
