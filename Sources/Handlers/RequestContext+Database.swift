import JSONRPC
import Store

extension RequestContext {
    /// Runs `body` on `db` so that cancelling this request stops it: an earlier interrupt of the
    /// connection is forgotten, and `$/cancelRequest` interrupts the statement running now.
    func cancellable<T>(on db: Database, _ body: () throws -> T) throws -> T {
        db.clearInterrupt()
        if let deadline = inlineDeadlineMillis { db.setDeadline(deadline) }
        // A cancel that arrived while `body` ran must not stop the connection's next user.
        defer {
            db.clearInterrupt()
            db.setDeadline(0)
        }
        do {
            return try whileRunning(interrupt: { db.interrupt() }, body)
        } catch {
            if inlineDeadlineMillis != nil && db.deadlinePassed {
                markRescheduled()
                throw RPCError.cancelled
            }
            throw error
        }
    }
}
