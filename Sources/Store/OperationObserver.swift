/// What a long store operation (backup, vacuum, integrity check, archive) needs from whoever
/// started it: a way to learn that it should stop, and somewhere to report how far it got.
///
/// The store knows nothing of the protocol; the handlers pass their request context, which
/// turns cancellation into `$/cancelRequest` and progress into `$/progress` notifications.
public protocol OperationObserver {
    /// Throws when the operation should stop; called between steps.
    func checkCancellation() throws
    /// Runs `body` with `interrupt` registered as the way to stop a long statement inside it.
    func whileRunning<T>(interrupt: @escaping @Sendable () -> Void, _ body: () throws -> T) throws -> T
    func progressBegin(_ title: String, message: String?, percentage: Int?)
    func progressReport(message: String?, percentage: Int?)
    func progressEnd(message: String?)
    /// Called once the operation's read snapshot is pinned: later writes may go ahead.
    func snapshotTaken()
}

extension OperationObserver {
    public func snapshotTaken() {}
}

/// An observer that never cancels and discards progress (command-line tools, tests).
public struct SilentObserver: OperationObserver {
    public init() {}
    public func checkCancellation() throws {}
    public func whileRunning<T>(interrupt: @escaping @Sendable () -> Void, _ body: () throws -> T) throws -> T { try body() }
    public func progressBegin(_ title: String, message: String?, percentage: Int?) {}
    public func progressReport(message: String?, percentage: Int?) {}
    public func progressEnd(message: String?) {}
}

/// Reports "n of total" steps as percentages, sending a report only when the whole percentage
/// changes, so a 200 MB backup sends about a hundred notifications, not thousands.
struct ProgressCounter {
    private var lastPercentage = -1

    mutating func report(_ done: Int, of total: Int, unit: String, to observer: some OperationObserver) {
        let percentage = total > 0 ? Int(Int64(done) * 100 / Int64(total)) : 100
        guard percentage != lastPercentage else { return }
        lastPercentage = percentage
        observer.progressReport(message: "\(done) of \(quantity(total, unit))", percentage: percentage)
    }
}

/// `1 page`, `2 pages`: counts in progress messages.
func quantity(_ number: Int, _ noun: String) -> String {
    number == 1 ? "1 \(noun)" : "\(number) \(noun)s"
}
