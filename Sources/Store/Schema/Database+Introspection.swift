extension Database {
    /// Tables that belong to the application: not SQLite's own, not wizdb's bookkeeping.
    public func userTableNames() throws -> [String] {
        if isRemote { return try serverUserTableNames() }
        return try rows("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                 + "AND name NOT LIKE '\\_wizdb\\_%' ESCAPE '\\' ORDER BY name")
            .compactMap { if case .text(let name) = $0[0] { name } else { nil } }
    }

    /// The live database as a schema model (what `schema.describe` shows and the diff starts from).
    /// Field names are the camelCase of column names; types are read back from storage types.
    public func introspectSchema() throws -> Schema {
        Schema(tables: try userTableNames().map { try introspectTable($0) })
    }

    public func introspectTable(_ name: String) throws -> Table {
        if isRemote { return try serverIntrospectTable(name) }
        let createSQL: String = {
            if case .text(let sql)? = try? rows("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", [.text(name)]).first?[0] {
                return sql
            }
            return ""
        }()
        let definitions = CreateTableScanner.columnDefinitions(createSQL)
        var columns: [Column] = []
        var primaryKey: [(position: Int64, name: String)] = []
        // table_xinfo: cid, name, type, notnull, dflt_value, pk, hidden
        for row in try rows("SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?)", [.text(name)]) {
            guard case .text(let columnName) = row[0] else { continue }
            if case .integer(let hidden) = row[5], hidden != 0 { continue }
            let declaredType = if case .text(let type) = row[1] { type } else { "" }
            var column = Column(field: SQL.camelCase(columnName), name: columnName,
                                type: .fromStorage(declaredType: declaredType, columnName: columnName))
            column.notNull = row[2] == .integer(1)
            let definition = definitions[columnName.lowercased()]
            // PRAGMA reports `DEFAULT ((1 + 2))` as `(1 + 2)` and `DEFAULT ('a' || 'b')` as `'a' || 'b'`,
            // which reads back as another expression or as a literal; the CREATE text has the
            // parenthesised expression exactly as the DDL wrote it.
            if let expression = definition?.defaultExpression {
                column.defaultSQL = expression
            } else if case .text(let defaultText) = row[3] {
                column.defaultSQL = Self.normalizedDefault(defaultText)
            }
            if case .integer(let position) = row[4], position > 0 { primaryKey.append((position, columnName)) }
            column.checkSQL = definition?.check
            column.autoIncrement = definition?.autoIncrement ?? false
            columns.append(column)
        }
        // foreign_key_list: id, seq, table, from, to, on_update, on_delete, match
        let keys = try rows("SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(?)", [.text(name)])
        for row in keys {
            guard case .text(let parent) = row[2], case .text(let from) = row[3],
                  let index = columns.firstIndex(where: { $0.name == from }) else { continue }
            var target = "id"
            if case .text(let to) = row[4] {
                target = to
            } else if let parentKey = try? introspectPrimaryKey(parent), parentKey.count == 1 {
                target = parentKey[0]
            }
            let onUpdate = if case .text(let text) = row[5] { ReferentialAction(sql: text) ?? .noAction } else { ReferentialAction.noAction }
            let onDelete = if case .text(let text) = row[6] { ReferentialAction(sql: text) ?? .noAction } else { ReferentialAction.noAction }
            columns[index].references = ForeignKey(table: parent, column: target, onDelete: onDelete, onUpdate: onUpdate)
        }
        var table = Table(name: name, columns: columns, primaryKey: primaryKey.sorted { $0.position < $1.position }.map(\.name),
                          hasBasePattern: DeclaredSchema.baseColumnNames.allSatisfy { base in columns.contains { $0.name == base } })
        table.indexes = try introspectIndexes(of: name)
        return table
    }

    private func introspectPrimaryKey(_ table: String) throws -> [String] {
        try rows("SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", [.text(table)])
            .compactMap { if case .text(let name) = $0[0] { name } else { nil } }
    }

    /// Indexes made by CREATE INDEX and UNIQUE constraints (not the primary key's own), with
    /// their columns and, for partial indexes, the WHERE condition as written.
    public func introspectIndexes(of table: String) throws -> [Index] {
        if isRemote { return try serverIntrospectIndexes(of: table) }
        var indexes: [Index] = []
        // index_list: seq, name, unique, origin, partial
        for row in try rows("SELECT name, \"unique\", origin FROM pragma_index_list(?)", [.text(table)]) {
            guard case .text(let name) = row[0], case .text(let origin) = row[2], origin != "pk" else { continue }
            let columns = try rows("SELECT name FROM pragma_index_info(?) ORDER BY seqno", [.text(name)])
                .map { if case .text(let column) = $0[0] { column } else { "" } }
            var index = Index(name: name, columns: columns, unique: row[1] == .integer(1))
            if case .text(let sql)? = try rows("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?", [.text(name)]).first?[0] {
                index.whereSQL = CreateTableScanner.whereClause(ofCreateIndex: sql)
            }
            indexes.append(index)
        }
        return indexes.sorted { $0.name < $1.name }
    }

    /// PRAGMA reports `DEFAULT (unixepoch())` as `unixepoch()`; literals stay literals, anything
    /// else is an expression and gets its parentheses back, as the DDL writes it.
    static func normalizedDefault(_ text: String) -> String {
        let upper = text.uppercased()
        if upper == "NULL" || upper == "TRUE" || upper == "FALSE" || upper.hasPrefix("CURRENT_") { return text }
        if text.hasPrefix("'") || upper.hasPrefix("X'") { return text }
        if Double(text) != nil || Int64(text) != nil { return text }
        if text.hasPrefix("(") && text.hasSuffix(")") { return text }
        return "(\(text))"
    }
}

/// Just enough of SQLite's CREATE syntax to recover what PRAGMAs do not report: a column's
/// CHECK expression, AUTOINCREMENT and parenthesised DEFAULT, and a partial index's WHERE clause. It splits text on
/// top-level commas and keywords while skipping quoted identifiers, strings and parentheses.
enum CreateTableScanner {
    struct ColumnDefinition {
        var check: String?
        var autoIncrement: Bool
        /// A `DEFAULT (expression)` as written, parentheses included.
        var defaultExpression: String?
    }

    /// Column definitions by lowercased column name.
    static func columnDefinitions(_ sql: String) -> [String: ColumnDefinition] {
        let characters = Array(sql)
        // The column list opens at the first parenthesis outside quotes: a quoted table name
        // may hold one itself (`CREATE TABLE "t(1)" (...)`).
        guard let open = firstUnquotedIndex(of: "(", in: characters), let close = characters.lastIndex(of: ")"), open < close else {
            return [:]
        }
        var result: [String: ColumnDefinition] = [:]
        for part in splitTopLevel(Array(characters[(open + 1)..<close]), separator: ",") {
            let tokens = tokenize(part)
            guard let first = tokens.first else { continue }
            let keyword = first.uppercased()
            if ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"].contains(keyword) { continue }
            let name = unquote(first).lowercased()
            var definition = ColumnDefinition(check: nil, autoIncrement: false, defaultExpression: nil)
            for (position, token) in tokens.enumerated() {
                if token.uppercased() == "AUTOINCREMENT" { definition.autoIncrement = true }
                if token.uppercased() == "CHECK", position + 1 < tokens.count, tokens[position + 1].hasPrefix("(") {
                    definition.check = String(tokens[position + 1].dropFirst().dropLast())
                }
                if token.uppercased() == "DEFAULT", position + 1 < tokens.count, tokens[position + 1].hasPrefix("(") {
                    definition.defaultExpression = tokens[position + 1]
                }
            }
            result[name] = definition
        }
        return result
    }

    /// The condition of `CREATE ... INDEX ... WHERE <condition>`, or nil.
    static func whereClause(ofCreateIndex sql: String) -> String? {
        let tokens = tokenize(Array(sql))
        guard let position = tokens.firstIndex(where: { $0.uppercased() == "WHERE" }), position + 1 < tokens.count else { return nil }
        // Re-read the original text after WHERE, so spacing inside the condition is kept.
        let characters = Array(sql)
        var offset = 0
        var index = 0
        var seen = 0
        while index < characters.count {
            if let length = tokenLength(characters, at: index) {
                if seen == position {
                    offset = index + length
                    break
                }
                seen += 1
                index += length
            } else {
                index += 1
            }
        }
        return String(String(characters[offset...]).trimmingCharacters(in: " "))
    }

    /// The position of the first `character` that is not inside a quoted name or string.
    static func firstUnquotedIndex(of character: Character, in characters: [Character]) -> Int? {
        var index = 0
        while index < characters.count {
            if let length = quotedLength(characters, at: index) {
                index += length
                continue
            }
            if characters[index] == character { return index }
            index += 1
        }
        return nil
    }

    static func splitTopLevel(_ characters: [Character], separator: Character) -> [[Character]] {
        var parts: [[Character]] = []
        var current: [Character] = []
        var index = 0
        var depth = 0
        while index < characters.count {
            let character = characters[index]
            if let length = quotedLength(characters, at: index) {
                current += characters[index..<(index + length)]
                index += length
                continue
            }
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if character == separator && depth == 0 {
                parts.append(current)
                current = []
            } else {
                current.append(character)
            }
            index += 1
        }
        if !current.isEmpty { parts.append(current) }
        return parts
    }

    /// Words, quoted names, strings and whole parenthesised groups, as text.
    static func tokenize(_ characters: [Character]) -> [String] {
        var tokens: [String] = []
        var index = 0
        while index < characters.count {
            if let length = tokenLength(characters, at: index) {
                tokens.append(String(characters[index..<(index + length)]))
                index += length
            } else {
                index += 1
            }
        }
        return tokens
    }

    /// The length of the token starting at `index`, or nil for white space.
    private static func tokenLength(_ characters: [Character], at index: Int) -> Int? {
        let character = characters[index]
        if character.isWhitespace { return nil }
        if let length = quotedLength(characters, at: index) { return length }
        if character == "(" {
            var depth = 0
            var cursor = index
            while cursor < characters.count {
                if let length = quotedLength(characters, at: cursor) {
                    cursor += length
                    continue
                }
                if characters[cursor] == "(" { depth += 1 }
                if characters[cursor] == ")" {
                    depth -= 1
                    if depth == 0 { return cursor - index + 1 }
                }
                cursor += 1
            }
            return characters.count - index
        }
        var cursor = index
        while cursor < characters.count, !characters[cursor].isWhitespace, characters[cursor] != "(",
              quotedLength(characters, at: cursor) == nil || cursor == index {
            cursor += 1
        }
        return max(1, cursor - index)
    }

    /// The length of a quoted name or string starting at `index` ("...", '...', `...`, [...]).
    private static func quotedLength(_ characters: [Character], at index: Int) -> Int? {
        let open = characters[index]
        let close: Character
        switch open {
        case "\"", "'", "`": close = open
        case "[": close = "]"
        default: return nil
        }
        var cursor = index + 1
        while cursor < characters.count {
            if characters[cursor] == close {
                // A doubled quote is an escaped quote inside the name or string.
                if close != "]", cursor + 1 < characters.count, characters[cursor + 1] == close {
                    cursor += 2
                    continue
                }
                return cursor - index + 1
            }
            cursor += 1
        }
        return characters.count - index
    }

    static func unquote(_ token: String) -> String {
        guard let first = token.first, ["\"", "`", "["].contains(first), token.count >= 2 else { return token }
        let inner = String(token.dropFirst().dropLast())
        return first == "[" ? inner : inner.replacing(String(first) + String(first), with: String(first))
    }
}
