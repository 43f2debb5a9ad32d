import JSONRPC
import Store

extension RequestContext {
    /// Runs `body` on `db` so that cancelling this request stops it: an earlier interrupt of the
    /// connection is forgotten, and `$/cancelRequest` interrupts the statement running now.
    ///
    /// A read that runs long tells the scheduler once its snapshot is open (`snapshotTaken`):
    /// writes received after it cannot change what it reads any more, so they need not wait
    /// for it to finish (a read that runs for minutes must not hold every later write back).
    func cancellable<T>(on db: Database, _ body: () throws -> T) throws -> T {
        db.clearInterrupt()
        let inline = inlineDeadlineMillis
        // The earlier of the two, without the arrays a `[a, b].compactMap { $0 }.min()` makes.
        let deadline = switch (inline, timeoutDeadlineMillis) {
        case let (inline?, timeout?): min(inline, timeout)
        case let (one?, nil), let (nil, one?): one
        case (nil, nil): Int64?.none
        }
        if let deadline { db.setDeadline(deadline) }
        db.onceRunning(self)
        // A cancel that arrived while `body` ran must not stop the connection's next user.
        defer {
            db.onceRunning(nil)
            db.clearInterrupt()
            db.setDeadline(0)
        }
        do {
            return try whileRunning(interrupting: db, body)
        } catch {
            if db.deadlinePassed, let deadline {
                if let inline, inline == deadline {
                    markRescheduled()
                    throw RPCError.cancelled
                }
                throw RPCError(code: ErrorCode.statementTimeout, kind: "statement_timeout",
                               message: "The request ran longer than the statement timeout (--statement-timeout) and was stopped; what it wrote was rolled back")
            }
            throw error
        }
    }
}

/// A request's snapshot is pinned once its statement runs (see `RequestContext.snapshotTaken`).
extension RequestContext: RunningObserver {
    public func statementRunning() { snapshotTaken() }
}

extension Database: Interruptible {}
