@testable import Handlers
import JSONRPC
import JSON
import Testing
import TestSupport
import Synchronization

/// `query.sql` and `query.paginate` read the params of a plain call straight from the request's
/// text (`Method.prepare`); every call must be answered exactly as when its request is parsed
/// into a tree and validated the usual way.
@Suite struct PreparedCallTests {
    /// The same session on two servers, one preparing calls and one not.
    static let session = [
        #"{"jsonrpc":"2.0","id":1,"method":"query.sql","params":{"sql":"CREATE TABLE t(id TEXT PRIMARY KEY, name TEXT, n INTEGER, r REAL, b BLOB)"}}"#,
        #"{"jsonrpc":"2.0","id":2,"method":"query.sql","params":{"sql":"INSERT INTO t VALUES (?, ?, ?, ?, ?)","params":["a","Ann \"A\" \u00e9\n\t",9223372036854775807,-0.5e-3,null]}}"#,
        #"{"jsonrpc":"2.0","id":3,"method":"query.sql","params":{"sql":"INSERT INTO t (id, name, n) VALUES (:id, @name, $n) RETURNING *","params":{"id":"b","name":"Bo 😀","n":true}}}"#,
        #"{"jsonrpc":"2.0","id":"three","method":"query.sql","params":{"params":[],"sql":"SELECT * FROM t ORDER BY id","rowMode":"array","maxRows":1}}"#,
        #"{"jsonrpc":"2.0","id":null,"method":"query.sql","params":{"sql":"SELECT id FROM t WHERE n > ?","params":[0],"readOnly":true,"maxRows":0}}"#,
        #"{"jsonrpc":"2.0","id":4,"method":"query.sql","params":{"sql":"SELECT * FROM t WHERE id = ?","params":["a"],"rowMode":"object"}}"#,
        // Errors, some found by the handler, some only by the usual reading of the params.
        #"{"jsonrpc":"2.0","id":5,"method":"query.sql","params":{"sql":"DELETE FROM t","readOnly":true}}"#,
        #"{"jsonrpc":"2.0","id":6,"method":"query.sql","params":{"sql":"SELECT ?, ?","params":[1]}}"#,
        #"{"jsonrpc":"2.0","id":7,"method":"query.sql","params":{"sql":"SELECT :a","params":{"b":1}}}"#,
        #"{"jsonrpc":"2.0","id":8,"method":"query.sql","params":{"sql":"SELECT :a","params":{"a":1,"b":2}}}"#,
        #"{"jsonrpc":"2.0","id":9,"method":"query.sql","params":{"sql":"SELECT ?","params":"x"}}"#,
        #"{"jsonrpc":"2.0","id":10,"method":"query.sql","params":{"sql":"SELECT 1","maxRows":-1}}"#,
        #"{"jsonrpc":"2.0","id":11,"method":"query.sql","params":{"sql":"SELECT 1","maxRows":1e2}}"#,
        #"{"jsonrpc":"2.0","id":12,"method":"query.sql","params":{"sql":"SELECT 1","maxRows":10001}}"#,
        #"{"jsonrpc":"2.0","id":13,"method":"query.sql","params":{"sql":"SELECT 1","rowMode":"rows"}}"#,
        #"{"jsonrpc":"2.0","id":14,"method":"query.sql","params":{"sql":"SELECT 1","readOnly":null}}"#,
        #"{"jsonrpc":"2.0","id":15,"method":"query.sql","params":{"params":[1]}}"#,
        #"{"jsonrpc":"2.0","id":16,"method":"query.sql","params":{"sql":7}}"#,
        #"{"jsonrpc":"2.0","id":17,"method":"query.sql","params":{"sql":"SELECT 1","limit":1}}"#,
        #"{"jsonrpc":"2.0","id":18,"method":"query.sql","params":{"sql":"SELECT 1","tx":"nope"}}"#,
        #"{"jsonrpc":"2.0","id":19,"method":"query.sql","params":{"sql":"SELECT 1","sql":"SELECT 2"}}"#,
        #"{"jsonrpc":"2.0","id":20,"method":"query.sql","params":{"sql":"SELECT ?","params":[[1]]}}"#,
        #"{"jsonrpc":"2.0","id":21,"method":"query.sql","params":{"sql":"SELECT ?","params":["\ud83d"]}}"#,
        #"{"jsonrpc":"2.0","id":22,"method":"query.sql","params":{"sql":"SELECT 1; SELECT 2"}}"#,
        #"{"jsonrpc":"2.0","id":23,"method":"query.sql","params":{"sql":"SELEC 1"}}"#,
        #"{"jsonrpc":"2.0","id":24,"method":"query.sql","params":{"sql":"INSERT INTO t (id) VALUES (?)","params":["a"]}}"#,
        #"{"jsonrpc":"2.0","id":25,"method":"query.sql","params":{"sql":"SELECT 1","workDoneToken":"p"}}"#,
        #"{"jsonrpc":"2.0","id":26,"method":"query.sql","params":[]}"#,
        #"{"jsonrpc":"2.0","id":27,"method":"query.sql","params":{}}"#,
        #"{"jsonrpc":"2.0","id":28,"method":"query.sql","params":{"sql":"SELECT count(*) AS c FROM t"}} "#,
        #"{"jsonrpc":"2.0","id":40,"method":"query.paginate","params":{"table":"t","limit":1}}"#,
        #"{"jsonrpc":"2.0","id":41,"method":"query.paginate","params":{"table":"t"}}"#,
        #"{"jsonrpc":"2.0","id":42,"method":"query.paginate","params":{"table":"t","limit":1,"cursor":"nope"}}"#,
        #"{"jsonrpc":"2.0","id":43,"method":"query.paginate","params":{"table":"missing","limit":1}}"#,
        #"{"jsonrpc":"2.0","id":44,"method":"query.paginate","params":{"table":"t","limit":0}}"#,
        #"{"jsonrpc":"2.0","id":45,"method":"query.paginate","params":{"table":"t","limit":1,"orderBy":[{"field":"name"}]}}"#,
        #"{"jsonrpc":"2.0","id":46,"method":"query.paginate","params":{"table":"t","page":1}}"#,
        #"{"jsonrpc":"2.0","id":47,"method":"query.paginate","params":{"limit":2}}"#,
        #"{"jsonrpc":"2.0","id":48,"method":"query.paginate","params":{"table":"t","limit":1,"tx":"nope"}}"#,
    ]

    /// The next page after the first one (id 40): its cursor comes from the answer.
    static func nextPage(after answers: [String]) throws -> String {
        let first = try #require(answers.first { $0.contains(#""id":40,"#) })
        let cursor = try #require(try JSONReader.parse(first).objectValue?["result"]?.objectValue?["nextCursor"]?.stringValue)
        return #"{"jsonrpc":"2.0","id":49,"method":"query.paginate","params":{"table":"t","limit":1,"cursor":"\#(cursor)"}}"#
    }

    /// Runs the session on a fresh server and returns its answers, and how many calls `prepare` took.
    func answers(preparing: Bool) throws -> (lines: [String], prepared: Int) {
        let test = try TestServer()
        let taken = Mutex(0)
        let methods = Registry.methods(for: test.server).map { method in
            var method = method
            if !preparing {
                method.prepare = nil
            } else if let prepare = method.prepare {
                method.prepare = { reader in
                    let prepared = prepare(&reader)
                    if prepared != nil { taken.withLock { $0 += 1 } }
                    return prepared
                }
            }
            return method
        }
        let output = CapturingOutput()
        let dispatcher = Dispatcher(methods: methods, options: Dispatcher.Options(orderedResponses: true), output: output) { [server = test.server] in
            server.rpcError(for: $0)
        }
        for line in Self.session {
            dispatcher.receive(line: Array(line.utf8))
            dispatcher.waitUntilIdle()
        }
        dispatcher.receive(line: Array(try Self.nextPage(after: output.texts).utf8))
        dispatcher.waitUntilIdle()
        return (output.texts, taken.withLock { $0 })
    }

    @Test func everyCallIsAnsweredAsWhenItsRequestIsParsed() throws {
        let usual = try answers(preparing: false)
        let prepared = try answers(preparing: true)
        #expect(usual.prepared == 0)
        #expect(usual.lines.count == Self.session.count + 1)
        for (index, line) in usual.lines.enumerated() where index < prepared.lines.count {
            #expect(prepared.lines[index] == line, "answer \(index)")
        }
        #expect(prepared.lines.count == usual.lines.count)
        // The plain calls took the prepared way, those the handler refuses too (ids 1 to 8,
        // "three", null, 22 to 24, 28, 40 to 43 and 49); the others were left to the usual reading.
        #expect(prepared.prepared == 19, "prepared \(prepared.prepared)")
        // The walk went on from the first page to the second.
        #expect(usual.lines.last?.contains(#""rows":[{"id":"b""#) == true, "\(usual.lines.last ?? "")")
    }
}
