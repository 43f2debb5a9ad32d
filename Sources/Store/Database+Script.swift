import CSQLite

extension Database {
    /// Runs every statement of a trusted SQL script (a migration file) in order, preparing each
    /// only after the one before has run (a CREATE TABLE must exist before an INSERT into it
    /// can be prepared). A failure reports the statement's text.
    public func executeStatements(of script: String) throws(ScriptError) {
        if isRemote {
            for statement in Self.splitStatements(script) {
                do {
                    try execute(statement)
                } catch {
                    throw ScriptError(statement: statement, error: error as? StoreError ?? .server(sqlState: "", message: "\(error)"))
                }
            }
            return
        }
        var utf8 = Array(script.utf8)
        utf8.append(0)
        try utf8.withUnsafeBufferPointer { (buffer: UnsafeBufferPointer<UInt8>) throws(ScriptError) in
            guard let start = buffer.baseAddress else { return }
            var cursor = UnsafeRawPointer(start).assumingMemoryBound(to: CChar.self)
            while cursor.pointee != 0 {
                var statement: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                let rc = sqlite3_prepare_v2(handle, cursor, -1, &statement, &tail)
                let text = Self.text(from: cursor, to: tail)
                guard rc == SQLITE_OK else { throw ScriptError(statement: text, error: lastError(code: rc)) }
                guard let statement else { break } // only comments and white space remain
                var stepResult = sqlite3_step(statement)
                while stepResult == SQLITE_ROW { stepResult = sqlite3_step(statement) }
                if stepResult != SQLITE_DONE {
                    let error = lastError(code: stepResult)
                    sqlite3_finalize(statement)
                    throw ScriptError(statement: text, error: error)
                }
                sqlite3_finalize(statement)
                guard let tail else { break }
                cursor = tail
            }
        }
    }

    /// A script's statements (for a server, which takes one at a time with bound values): split
    /// at semicolons outside strings, quoted names, comments and dollar-quoted bodies; comment
    /// lines before a statement and white space around it are left out.
    static func splitStatements(_ script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        let characters = Array(script)
        var index = 0
        func flush() {
            let lines = current.split(separator: "\n", omittingEmptySubsequences: false)
            let code = lines.drop { line in
                let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
                return trimmed.isEmpty || trimmed.hasPrefix("--")
            }.joined(separator: "\n")
            let trimmed = code.drop(while: { $0.isWhitespace }).reversed().drop(while: { $0.isWhitespace }).reversed()
            if !trimmed.isEmpty { statements.append(String(trimmed)) }
            current = ""
        }
        while index < characters.count {
            let character = characters[index]
            if character == "'" || character == "\"" {
                var end = index + 1
                while end < characters.count, characters[end] != character { end += 1 }
                current += String(characters[index...min(end, characters.count - 1)])
                index = end + 1
                continue
            }
            if character == "-", index + 1 < characters.count, characters[index + 1] == "-" {
                var end = index
                while end < characters.count, characters[end] != "\n" { end += 1 }
                current += String(characters[index..<end])
                index = end
                continue
            }
            if character == "$", let close = characters[(index + 1)...].firstIndex(of: "$"),
               characters[(index + 1)..<close].allSatisfy({ $0.isLetter || $0 == "_" }) {
                let tag = String(characters[index...close])
                let rest = String(characters[(close + 1)...])
                if let end = rest.firstRange(of: tag) {
                    let body = tag + String(rest[..<end.upperBound])
                    current += body
                    index += body.count
                    continue
                }
            }
            if character == ";" {
                flush()
            } else {
                current.append(character)
            }
            index += 1
        }
        flush()
        return statements
    }

    private static func text(from start: UnsafePointer<CChar>, to end: UnsafePointer<CChar>?) -> String {
        let length = end.map { start.distance(to: $0) } ?? strlenCompatible(start)
        let bytes = UnsafeRawBufferPointer(start: UnsafeRawPointer(start), count: length)
        // The statement without the comment lines above it and the white space around it.
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let code = lines.drop { line in
            let trimmed = line.trimmingCharacters(in: " ")
            return trimmed.isEmpty || trimmed.hasPrefix("--")
        }
        return code.joined(separator: "\n").trimmingCharacters(in: " ").trimmingCharacters(in: "\n").description
    }

    private static func strlenCompatible(_ pointer: UnsafePointer<CChar>) -> Int {
        var length = 0
        while pointer[length] != 0 { length += 1 }
        return length
    }

    /// Copies this whole database into `destination` with SQLite's online backup API (a
    /// consistent snapshot, never a file copy).
    public func copy(into destination: Database) throws {
        guard let backup = sqlite3_backup_init(destination.handle, "main", handle, "main") else {
            throw destination.lastError(code: sqlite3_errcode(destination.handle))
        }
        let rc = sqlite3_backup_step(backup, -1)
        sqlite3_backup_finish(backup)
        guard rc == SQLITE_DONE else { throw StoreError.classify(code: rc, message: String(cString: sqlite3_errstr(rc))) }
    }
}

/// A statement of a script that failed, with SQLite's error.
public struct ScriptError: Error, Sendable {
    public var statement: String
    public var error: StoreError
}
