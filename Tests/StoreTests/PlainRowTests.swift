@testable import Store
import JSON
import Testing

/// Rows of plain values are written in one append; any other row column by column. Both must
/// give the same text as the column-by-column writer.
@Suite struct PlainRowTests {
    static let fields: [RowShape.Field] = [
        .init(key: "id", type: .text), .init(key: "n", type: .integer), .init(key: "flag", type: .boolean),
        .init(key: "at", type: .timestamp), .init(key: "note", type: .text), .init(key: "free", type: nil),
        .init(key: "r", type: .real), .init(key: "doc", type: .json), .init(key: "we\"ird", type: nil),
    ]

    /// Each row, written by `RowShape.writeRow` and column by column, with the path it took.
    func rows(_ values: String) throws -> [(fast: String, slow: String, plain: Bool)] {
        let db = try Database(path: ":memory:")
        try db.executeScript("""
            CREATE TABLE t (id TEXT, n INTEGER, flag INTEGER, at INTEGER, note TEXT, free, r REAL, doc TEXT, weird);
            INSERT INTO t VALUES \(values);
            """)
        let shape = RowShape(fields: Self.fields)
        let statement = try db.makeStatement("SELECT id, n, flag, at, note, free, NULL, NULL, weird FROM t ORDER BY rowid")
        var results: [(String, String, Bool)] = []
        while try statement.step() {
            var fast = JSONWriter()
            shape.writeRow(statement, to: &fast)
            var probe = JSONWriter()
            let plain = statement.writePlainRow(0..<Self.fields.count, types: { Self.fields[$0].type },
                                                key: { _ in UnsafeRawBufferPointer(start: nil, count: 0) }, to: &probe)
            var slow = JSONWriter()
            slow.beginObject()
            for (index, field) in Self.fields.enumerated() {
                slow.key(field.key)
                slow.column(statement, Int32(index), type: field.type)
            }
            slow.endObject()
            results.append((String(decoding: fast.bytes, as: UTF8.self), String(decoding: slow.bytes, as: UTF8.self), plain))
        }
        return results
    }

    @Test func plainRowsMatchTheColumnWriter() throws {
        let found = try rows("""
            ('a-1', 42, 1, 1767225600, 'hello', 7, NULL, NULL, NULL),
            ('', -9223372036854775808, 0, 0, NULL, 'text', NULL, NULL, 3),
            (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
            """)
        #expect(found.count == 3)
        for row in found {
            #expect(row.plain)
            #expect(row.fast == row.slow)
        }
        #expect(found[0].fast == #"{"id":"a-1","n":42,"flag":true,"at":"2026-01-01T00:00:00Z","note":"hello","free":7,"r":null,"doc":null,"we\"ird":null}"#)
    }

    @Test func otherRowsFallBackColumnByColumn() throws {
        let found = try rows("""
            ('quote "x"', 1, 0, 0, 'a', 1, NULL, NULL, NULL),
            ('é', 1, 0, 0, 'a', 1, NULL, NULL, NULL),
            ('tab\t', 1, 0, 0, 'a', 1, NULL, NULL, NULL),
            ('a', 1, 0, 0, 'a', 1.5, NULL, NULL, NULL),
            ('a', 1, 0, 0, 'a', x'00ff', NULL, NULL, NULL),
            ('a', 1, 0, 253402300800, 'a', 1, NULL, NULL, NULL),
            ('a', 1, 0, 0, CAST(x'ff' AS TEXT), 1, NULL, NULL, NULL)
            """)
        #expect(found.count == 7)
        for row in found {
            #expect(!row.plain, "\(row.fast)")
            #expect(row.fast == row.slow)
        }
    }

    /// Timestamps written one after another, on the same day, across midnight, before 1970 and
    /// at the ends of the years written: the date taken from the memo is always the right one.
    @Test func timestampsWrittenWithTheDateMemoAreTheSameAsFormatted() {
        var seconds: [Int64] = [0, 1, 86_399, 86_400, 86_400 * 2 - 1, -1, -86_400, -86_401, 1_700_000_000, 1_700_000_000,
                                951_782_400, 951_868_799, 951_868_800, -62_167_219_200, 253_402_300_799, 253_402_300_799 - 86_400]
        var next: Int64 = 1_699_990_000
        for step in 0..<500 {
            next += Int64((step * 7919) % 5000)
            seconds.append(next)
        }
        var memo = Timestamp.DateMemo()
        for value in seconds {
            let text = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer -> String? in
                guard Timestamp.writeISO8601(value, to: buffer.baseAddress!, memo: &memo) else { return nil }
                return String(decoding: buffer, as: UTF8.self)
            }
            #expect(text == Timestamp.format(value), "for \(value)")
        }
    }
}
