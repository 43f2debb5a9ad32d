/// Puts placeholders in a server's answers for what no run can reproduce, so that expected
/// answers stay stable: the case's temporary folder becomes `$TMP`, the SQLite version (as a
/// JSON string) `"$SQLITE_VERSION"`, and a measured duration `"durationMs":<n>` becomes
/// `"durationMs":"$MS"`.
public enum Placeholders {
    public static func apply(to text: String, temporaryFolder: String, sqliteVersion: String) -> String {
        var result = text
        if result.contains(temporaryFolder) { result = result.replacing(temporaryFolder, with: "$TMP") }
        let quotedVersion = "\"\(sqliteVersion)\""
        if result.contains(quotedVersion) { result = result.replacing(quotedVersion, with: "\"$SQLITE_VERSION\"") }
        return replacingDurations(in: result)
    }

    /// `"durationMs":` followed by digits, as the server writes it (no spaces).
    static func replacingDurations(in text: String) -> String {
        let key = Array(#""durationMs":"#.utf8)
        let placeholder = Array(#""$MS""#.utf8)
        let bytes = Array(text.utf8)
        guard bytes.count >= key.count else { return text }
        var output: [UInt8] = []
        var index = 0
        var copiedUpTo = 0
        while index + key.count <= bytes.count {
            guard bytes[index] == key[0], bytes[index..<(index + key.count)].elementsEqual(key) else {
                index += 1
                continue
            }
            var end = index + key.count
            while end < bytes.count, bytes[end] >= UInt8(ascii: "0"), bytes[end] <= UInt8(ascii: "9") { end += 1 }
            if end > index + key.count {
                if output.isEmpty { output.reserveCapacity(bytes.count) }
                output += bytes[copiedUpTo..<(index + key.count)]
                output += placeholder
                copiedUpTo = end
            }
            index = end
        }
        if copiedUpTo == 0 { return text }
        output += bytes[copiedUpTo...]
        return String(decoding: output, as: UTF8.self)
    }
}
