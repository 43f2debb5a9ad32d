import JSONRPC
import Store

/// A request as a long store operation sees it: `$/cancelRequest` stops it, and its progress
/// becomes `$/progress` notifications when the host passed a `workDoneToken`.
struct RequestObserver: OperationObserver {
    let context: RequestContext

    init(_ context: RequestContext) { self.context = context }

    func checkCancellation() throws { try context.checkCancellation() }

    func whileRunning<T>(interrupt: @escaping @Sendable () -> Void, _ body: () throws -> T) throws -> T {
        try context.whileRunning(interrupt: interrupt, body)
    }

    func progressBegin(_ title: String, message: String?, percentage: Int?) {
        context.progressBegin(title, message: message, percentage: percentage)
    }

    func progressReport(message: String?, percentage: Int?) {
        context.progressReport(message: message, percentage: percentage)
    }

    func progressEnd(message: String?) { context.progressEnd(message: message) }

    func snapshotTaken() { context.snapshotTaken() }
}
