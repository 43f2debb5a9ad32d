import JSON
import JSONRPC
import Store

/// `transaction.begin`: opens an interactive transaction and returns its id. Calls that pass
/// `tx` run inside it, in order; it ends with commit or rollback, or is rolled back when it is
/// open longer than `timeoutMs`. A writing transaction holds the writer: other writes wait for
/// it up to the busy timeout. A read-only one reads from one snapshot.
enum TransactionBegin {
    static let name = "transaction.begin"

    static func method(_ server: Server) -> Method {
        Method(name, lane: .write) { context in
            let params = try JSONRPC.Params(context.params, allowed: ["timeoutMs", "readOnly"])
            let timeout = try params.optionalInt("timeoutMs", in: 1...3_600_000) ?? 5000
            let readOnly = try params.bool("readOnly", default: false) || server.store.isReadOnly
            // Sent as a notification, nobody would learn the id: it would hold the writer until
            // its timeout with no way to commit or roll it back. Open nothing.
            guard context.id != nil else {
                server.logger.warning("transaction.begin sent as a notification (no id): no transaction was opened")
                return .value(.null)
            }
            let id = try server.transactions.begin(id: "tx_" + server.ids.next(), readOnly: readOnly, timeoutMs: timeout)
            return .value(["tx": .string(id), "readOnly": .bool(readOnly), "timeoutMs": .integer(timeout)])
        }
    }
}

/// `transaction.commit`: makes the transaction's writes durable and ends it.
enum TransactionCommit {
    static let name = "transaction.commit"

    static func method(_ server: Server) -> Method {
        Method(name, laneFor: { Server.lane(for: $0, otherwise: .write) }) { context in
            let params = try JSONRPC.Params(context.params, allowed: ["tx"])
            try server.transactions.commit(try params.string("tx"))
            return .value([:])
        }
    }
}

/// `transaction.rollback`: undoes the transaction's writes and ends it.
enum TransactionRollback {
    static let name = "transaction.rollback"

    static func method(_ server: Server) -> Method {
        Method(name, laneFor: { Server.lane(for: $0, otherwise: .write) }) { context in
            let params = try JSONRPC.Params(context.params, allowed: ["tx"])
            try server.transactions.rollback(try params.string("tx"))
            return .value([:])
        }
    }
}
