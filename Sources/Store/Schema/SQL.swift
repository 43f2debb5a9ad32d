/// Spelling SQL safely: identifiers are always double-quoted with `"` doubled, and literals
/// written into DDL (defaults, CHECK and partial-index conditions, where values cannot be bound)
/// are rendered from typed values, never pasted from text.
public enum SQL {
    /// `users` -> `"users"`, `a"b` -> `"a""b"`.
    public static func quote(_ identifier: String) -> String {
        // Names rarely hold a quote; the generic `replacing` was most of the cost of building
        // a page's SQL (a keyset page quotes every column several times).
        guard identifier.utf8.contains(UInt8(ascii: "\"")) else { return "\"" + identifier + "\"" }
        return "\"" + identifier.replacing("\"", with: "\"\"") + "\""
    }

    /// A text literal: `it's` -> `'it''s'`.
    public static func literal(_ text: String) -> String {
        "'" + text.replacing("'", with: "''") + "'"
    }

    public static func literal(_ value: SQLValue) -> String {
        switch value {
        case .null: "NULL"
        case .integer(let number): String(number)
        case .real(let number): number.isFinite ? "\(number)" : "NULL"
        case .text(let text): literal(text)
        case .blob(let bytes): "X'" + bytes.map { byte in
            let digits = Array("0123456789ABCDEF")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
        }.joined() + "'"
        }
    }

    /// `phoneNumber` -> `phone_number`, `userID` -> `user_id`, `createdAt` -> `created_at`.
    public static func snakeCase(_ field: String) -> String {
        var result = ""
        let characters = Array(field)
        for (index, character) in characters.enumerated() {
            if character.isUppercase {
                let previous = index > 0 ? characters[index - 1] : nil
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                let startsWord = index > 0 && (previous.map { $0.isLowercase || $0.isNumber } == true
                    || (previous?.isUppercase == true && next?.isLowercase == true))
                if startsWord && result.last != "_" { result.append("_") }
                result.append(contentsOf: character.lowercased())
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// `phone_number` -> `phoneNumber` (for tables read from a database with no declaration).
    public static func camelCase(_ column: String) -> String {
        let parts = column.split(separator: "_", omittingEmptySubsequences: true)
        guard let first = parts.first else { return column }
        return String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
