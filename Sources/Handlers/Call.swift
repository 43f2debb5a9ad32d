import JSON
import JSONRPC
import Store

/// One method call as handlers see it: the protocol context, the params, and where its
/// database work must go — the connection of the transaction it runs in (a step of
/// `transaction.run`, or a call carrying `tx`), or the store's own writer and readers.
struct Call {
    let rpc: RequestContext
    let params: JSONValue?
    /// Set for the steps of `transaction.run`: they all run on this connection, in its transaction.
    let database: Database?

    /// True when the call's result is the request's answer (see `resultWriter(capacity:)`), not
    /// a step of `transaction.run` or a live query's run.
    let answersRequest: Bool

    init(_ rpc: RequestContext, params: JSONValue? = nil, database: Database? = nil) {
        self.rpc = rpc
        self.params = params ?? rpc.params
        self.database = database
        answersRequest = false
    }

    /// The request itself, as a method's handler runs it: its result is the request's answer.
    init(answering rpc: RequestContext) {
        self.rpc = rpc
        params = rpc.params
        database = nil
        answersRequest = true
    }

    /// A call whose method prepared its params (`Method.prepare`): it runs outside any
    /// transaction (a call carrying `tx` is never prepared), and its params are in
    /// `rpc.prepared`, so the tree of them is not built.
    init(prepared rpc: RequestContext) {
        self.rpc = rpc
        params = nil
        database = nil
        answersRequest = true
    }

    /// A writer for a result written as JSON text. When the result is the request's answer, the
    /// writer starts with the answer's head, and `result(of:from:)` closes the answer around it:
    /// a page of rows is then not copied once more into its answer.
    func resultWriter(capacity: Int) -> (writer: JSONWriter, resultStart: Int) {
        guard answersRequest else { return (JSONWriter(capacity: capacity), 0) }
        var writer = JSONWriter(capacity: capacity + 64)
        guard rpc.writeAnswerHead(to: &writer) else { return (writer, 0) }
        // The head was written as raw bytes: the result starts a fresh value after it.
        return (JSONWriter(continuing: writer.bytes), writer.bytes.count)
    }

    /// The result `writer` holds (see `resultWriter(capacity:)`).
    func result(of writer: inout JSONWriter, from resultStart: Int) -> MethodResult {
        guard resultStart > 0 else { return .encoded(writer.bytes) }
        let resultEnd = writer.bytes.count
        writer.bytes.append(UInt8(ascii: "}"))
        return .answer(writer.bytes, result: resultStart..<resultEnd)
    }

    /// The interactive transaction the call belongs to (its `tx` param).
    var transactionID: String? { params?.objectValue?["tx"]?.stringValue }
}

extension Server {
    /// Runs `body` where the call's writes belong: inside the caller's transaction when there is
    /// one (a call of an interactive transaction gets a savepoint, so a failing call undoes only
    /// itself), otherwise on the writer in a transaction of its own.
    func write<T>(_ call: Call, _ body: (Database) throws -> T) throws -> T {
        if let db = call.database { return try body(db) }
        if let id = call.transactionID {
            return try transactions.use(id, writing: true) { db in try db.savepoint { try body(db) } }
        }
        return try store.write(body)
    }

    /// Runs `body` where the call's reads belong: inside the caller's transaction (seeing its
    /// uncommitted writes), otherwise on a reader in one snapshot.
    func read<T>(_ call: Call, _ body: (Database) throws -> T) throws -> T {
        if let db = call.database { return try body(db) }
        if let id = call.transactionID { return try transactions.use(id, writing: false, body) }
        return try store.read(body)
    }

    /// Like `read`, for exactly one statement: outside transactions it skips BEGIN/COMMIT
    /// (`Store.readStatement`), the hot path of point lookups.
    func readStatement<T>(_ call: Call, _ body: (Database) throws -> T) throws -> T {
        if call.database != nil || call.transactionID != nil { return try read(call, body) }
        return try store.readStatement(body)
    }

    /// The lane of a call: the serial lane of its transaction when it carries `tx`, else `plain`.
    static func lane(for params: JSONValue?, otherwise plain: Lane) -> Lane {
        if case .string(let id)? = params?.objectValue?["tx"] { return .serial("tx:" + id) }
        return plain
    }
}
