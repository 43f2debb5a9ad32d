import JSON

/// How a statement's result columns become one JSON row: the key and wire type of each visible
/// column, and for joins which columns form each table's nested object. Rows are written
/// straight from SQLite's column values into the output buffer; nothing per row is allocated.
public struct RowShape: Sendable {
    public struct Field: Sendable {
        public var key: String
        /// The declared type (timestamps as ISO 8601, booleans, json); nil writes the storage class.
        public var type: ColumnType?

        public init(key: String, type: ColumnType?) {
            self.key = key
            self.type = type
        }
    }

    /// One table's part of a joined row: `"<name>": {...}`.
    public struct Group: Sendable {
        public var key: String
        /// Visible columns of this table (indexes into `fields`, which are column positions too).
        public var fields: Range<Int>
        /// A hidden column that is NULL exactly when a left join matched no row; the group is then `null`.
        public var presence: Int32?
    }

    /// Visible columns, in column order: `fields[i]` is result column `i`.
    public var fields: [Field] = [] {
        didSet { encodeKeys() }
    }
    /// Every field's `"key":`, escaped once and kept in one buffer rather than for every row.
    private var keyBytes: [UInt8] = []
    private var keyRanges: [Range<Int>] = []
    /// Empty for flat rows.
    public var groups: [Group] = []
    /// Result columns (visible or hidden) that hold the effective order's values, for a cursor.
    public var orderColumns: [Int32] = []

    public init(fields: [Field] = []) {
        self.fields = fields
        encodeKeys()
    }

    private mutating func encodeKeys() {
        keyBytes.removeAll(keepingCapacity: true)
        keyRanges.removeAll(keepingCapacity: true)
        for field in fields {
            let start = keyBytes.count
            keyBytes += JSONWriter.encodedKey(field.key)
            keyRanges.append(start..<keyBytes.count)
        }
    }

    public var isEmpty: Bool { fields.isEmpty }

    @inline(__always)
    public func writeRow(_ statement: Statement, to writer: inout JSONWriter) {
        if groups.isEmpty, writePlain(statement, to: &writer) { return }
        writer.beginObject()
        if groups.isEmpty {
            writeFields(0..<fields.count, statement, to: &writer)
        } else {
            for group in groups {
                writer.key(group.key)
                if let presence = group.presence, statement.type(at: presence) == .null {
                    writer.null()
                    continue
                }
                writer.beginObject()
                writeFields(group.fields, statement, to: &writer)
                writer.endObject()
            }
        }
        writer.endObject()
    }

    /// A flat row of plain values, in one append (see `Statement.writePlainRow`).
    private func writePlain(_ statement: Statement, to writer: inout JSONWriter) -> Bool {
        keyBytes.withUnsafeBytes { keys in
            keyRanges.withUnsafeBufferPointer { ranges in
                fields.withUnsafeBufferPointer { fields in
                    statement.writePlainRow(0..<fields.count, types: { fields[$0].type },
                                            key: { UnsafeRawBufferPointer(rebasing: keys[ranges[$0]]) }, to: &writer)
                }
            }
        }
    }

    @inline(__always)
    private func writeFields(_ range: Range<Int>, _ statement: Statement, to writer: inout JSONWriter) {
        keyBytes.withUnsafeBytes { keys in
            keyRanges.withUnsafeBufferPointer { ranges in
                fields.withUnsafeBufferPointer { fields in
                    for index in range {
                        writer.keyedColumn(UnsafeRawBufferPointer(rebasing: keys[ranges[index]]), statement, Int32(index), type: fields[index].type)
                    }
                }
            }
        }
    }

    /// The current row's values of the effective order, as a cursor records them.
    public func orderValues(_ statement: Statement) -> [SQLValue] {
        orderColumns.map { statement.value(at: $0) }
    }
}
