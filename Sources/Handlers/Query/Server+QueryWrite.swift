import JSON
import JSONRPC
import Store

extension Server {
    /// Runs an UPDATE or DELETE on the writer in its own transaction and answers
    /// `{"rows": [...], "changes": n}` (no `rows` when nothing is returned).
    /// `bounded` guards memory when the write returns rows and may touch many (see `Database.write`).
    func runWrite(_ compiled: CompiledQuery, table: Table, assigned: [String: SQLValue] = [:],
                  bounded: (count: CompiledQuery, silent: CompiledQuery)? = nil, call: Call) throws -> MethodResult {
        var writer = JSONWriter(capacity: 256)
        writer.beginObject()
        let returns = !compiled.shape.isEmpty
        if returns {
            writer.key("rows")
            writer.beginArray()
        }
        let outcome = try write(call) { db in
            try call.rpc.cancellable(on: db) {
                try db.write(compiled, table: table, assigned: assigned, limit: settings.maxRows, bounded: bounded, to: &writer)
            }
        }
        if returns { writer.endArray() }
        writer.writeChanges(outcome)
        writer.endObject()
        return .encoded(writer.bytes)
    }
}

extension RowSelection {
    /// Whether a write with this selection may touch more than one row (it is not by id alone).
    var mayTouchManyRows: Bool { id == nil }
}
