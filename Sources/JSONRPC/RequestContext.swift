import Primitives
import JSON
import Synchronization

/// Work that can be stopped from another thread (a database connection's running statement).
public protocol Interruptible: AnyObject, Sendable {
    func interrupt()
}

/// An interrupt given as a closure.
private final class InterruptAction: Interruptible {
    let action: @Sendable () -> Void

    init(_ action: @escaping @Sendable () -> Void) { self.action = action }

    func interrupt() { action() }
}

/// What a handler gets for one call: its params, a way to notice cancellation, and progress reporting.
///
/// `$/cancelRequest` arrives on the input thread while the handler runs on a worker, so the
/// cancellation state sits behind a lock. A handler that runs a long statement registers an
/// interrupt action with `whileRunning(interrupt:_:)`; cancelling calls it.
public final class RequestContext: @unchecked Sendable {
    public let id: RequestID?
    public let method: String
    /// The call's params. For a call whose method prepared them from the request's text (see
    /// `prepared`), they are parsed from that text when asked for, which handlers of such calls
    /// do not need to do.
    public var params: JSONValue? {
        guard let paramsText else { return paramsValue }
        return try? JSONReader.parse(paramsText)
    }
    private let paramsValue: JSONValue?
    private let paramsText: [UInt8]?
    /// The params as the method's `prepare` read them, in its own type; nil when the call was
    /// parsed the usual way.
    public let prepared: (any AnyObject & Sendable)?
    /// When the request's line was read (realtime milliseconds): waits it meets are counted from here.
    public let receivedAtMillis: Int64
    let progressToken: JSONValue?

    /// Guards the state below that other threads reach (cancellation, holds, ordering). Kept in
    /// the context itself: a lock of its own was one more allocation for every call.
    private let lock = Mutex<Void>(())
    /// Made on first need by `waitForHolds`, to sleep on until the holds have ended (rare).
    private var holdsEnded: ConditionLock?
    /// Where this context sits in the dispatcher's list of cancellable requests (guarded by its lock).
    var runningIndex = -1
    private var cancelled = false
    private var interruptTarget: (any Interruptible)?

    /// The host connection the request came from.
    public let session: Session?
    /// Where the lines it sends in its place go: in ordered mode after the answers of the requests
    /// before it (progress, and notifications caused by what it wrote).
    private let lineSink: LineSink

    enum LineSink: Sendable {
        /// The dispatcher's sequencer, in the place of the request's ticket (no closure to make
        /// for every request).
        case sequenced(Sequencer, ticket: UInt64)
        case closure(@Sendable ([UInt8]) -> Void)
    }

    /// Sends a line in this request's place.
    func sendLine(_ line: [UInt8]) {
        switch lineSink {
        case .sequenced(let sequencer, let ticket): sequencer.notify(ticket, line)
        case .closure(let send): send(line)
        }
    }

    convenience init(request: Request, receivedAtMillis: Int64 = ConditionLock.nowMillis(), session: Session? = nil,
                     sendLine: @escaping @Sendable ([UInt8]) -> Void = { _ in }) {
        self.init(request: request, receivedAtMillis: receivedAtMillis, session: session, lineSink: .closure(sendLine))
    }

    init(request: Request, receivedAtMillis: Int64, session: Session?, lineSink: LineSink) {
        id = request.id
        method = request.method
        paramsValue = request.params
        paramsText = nil
        prepared = nil
        self.session = session
        self.lineSink = lineSink
        self.receivedAtMillis = receivedAtMillis
        progressToken = request.params?.objectValue?["workDoneToken"]
    }

    /// A call whose params its method prepared (`Method.prepare`), from `paramsText`, their
    /// JSON text. Such params never carry `workDoneToken`: `prepare` leaves those to the usual way.
    init(id: RequestID, method: String, paramsText: [UInt8], prepared: any AnyObject & Sendable, receivedAtMillis: Int64, session: Session?,
         lineSink: LineSink) {
        self.id = id
        self.method = method
        paramsValue = nil
        self.paramsText = paramsText
        self.prepared = prepared
        self.session = session
        self.lineSink = lineSink
        self.receivedAtMillis = receivedAtMillis
        progressToken = nil
    }

    /// A context for calling a handler directly (tests, in-process calls) with no host to report to.
    public convenience init(method: String, params: JSONValue?) {
        self.init(request: Request(id: .number("0"), method: method, params: params))
    }

    public var isCancelled: Bool { lock.withLock { _ in cancelled } }

    /// Throws the cancellation error when the host has cancelled this request.
    public func checkCancellation() throws {
        if isCancelled { throw RPCError.cancelled }
    }

    /// Runs `body` with `interrupt` registered as the way to stop it early.
    public func whileRunning<T>(interrupt: @escaping @Sendable () -> Void, _ body: () throws -> T) throws -> T {
        try whileRunning(interrupting: InterruptAction(interrupt), body)
    }

    /// `whileRunning(interrupt:_:)` for work that `target.interrupt()` stops (a connection),
    /// without making a closure for it: a request does this for every statement it runs.
    public func whileRunning<T>(interrupting target: any Interruptible, _ body: () throws -> T) throws -> T {
        let isCancelled = lock.withLock { _ in
            if !cancelled { interruptTarget = target }
            return cancelled
        }
        if isCancelled { throw RPCError.cancelled }
        defer { lock.withLock { _ in interruptTarget = nil } }
        return try body()
    }

    func cancel() {
        lock.withLock { _ in
            cancelled = true
            // Called under the lock so the action cannot run after `whileRunning` has returned.
            interruptTarget?.interrupt()
        }
    }

    /// Writes the start of this request's success answer, `{"jsonrpc":"2.0","id":<id>,"result":`,
    /// into `writer`, for a handler that writes its result right after it (`MethodResult.answer`);
    /// false for a notification, which gets no answer.
    public func writeAnswerHead(to writer: inout JSONWriter) -> Bool {
        guard let id else { return false }
        ResponseEncoder.writeSuccessHead(id: id, to: &writer)
        return true
    }

    /// The lane the dispatcher chose for the call (nil when a handler is called directly).
    public internal(set) var lane: Lane?

    /// True when the call was scheduled as a read: it waits for no writer and commits nothing.
    public var runsAsRead: Bool {
        if case .read? = lane { return true }
        return false
    }

    // MARK: Time limits

    /// When the request's statements must have finished (`--statement-timeout`), set as it starts.
    public private(set) var timeoutDeadlineMillis: Int64?

    func startTimeout(milliseconds: Int64) {
        timeoutDeadlineMillis = milliseconds > 0 ? ConditionLock.nowMillis() + milliseconds : nil
    }

    // MARK: Running on the input thread

    /// Set while the call runs on the input thread: statements must finish by then.
    public private(set) var inlineDeadlineMillis: Int64?
    private var rescheduled = false

    func beginInlineAttempt(deadline: Int64) {
        inlineDeadlineMillis = deadline
        rescheduled = false
    }

    func endInlineAttempt() -> Bool {
        inlineDeadlineMillis = nil
        return rescheduled
    }

    /// Called when the call ran past its inline deadline: it will run again on a reader.
    public func markRescheduled() { rescheduled = true }

    // MARK: Ordering

    private var orderingRelease: Scheduler.ReadRelease?

    func setOrderingRelease(_ release: Scheduler.ReadRelease) {
        lock.withLock { _ in orderingRelease = release }
    }

    /// For a long read: its snapshot is pinned, so writes received after it need not wait for
    /// it to finish (they cannot change what it reads any more).
    public func snapshotTaken() {
        let release = lock.withLock { _ in
            defer { orderingRelease = nil }
            return orderingRelease
        }
        release?.release()
    }

    private var writerWaitHook: (@Sendable (Bool) -> Void)?

    func setWriterWaitHook(_ hook: @escaping @Sendable (Bool) -> Void) {
        lock.withLock { _ in writerWaitHook = hook }
    }

    /// Tells the scheduler that this call waits for the writer held by an open transaction (or
    /// has stopped waiting): the transaction's own calls must not wait for it, or for what is
    /// queued behind it.
    public func waitingForWriter(_ waiting: Bool) {
        let hook = lock.withLock { _ in writerWaitHook }
        hook?(waiting)
    }

    // MARK: Holding the answer

    private var holds = 0
    private var answered = false
    /// Where the answer is completed once the last hold ends (see `finish`).
    private var releaseAnswer: (sequencer: Sequencer, ticket: UInt64)?

    /// Keeps the request outstanding after its handler returns, until `endHold()`: work it caused
    /// (re-running live queries its commit changed) sends its lines in the request's place first.
    /// False when the request is already done; then there is nothing to hold.
    public func beginHold() -> Bool {
        lock.withLock { _ in
            guard !answered || releaseAnswer != nil else { return false }
            holds += 1
            return true
        }
    }

    public func endHold() {
        let (release, ended) = lock.withLock { _ in
            holds -= 1
            let release = holds == 0 ? releaseAnswer : nil
            if release != nil { releaseAnswer = nil }
            return (release, holds == 0 ? holdsEnded : nil)
        }
        if let ended {
            // Under the waiter's lock: it looks at `holds` under it before it sleeps.
            ended.lock()
            ended.broadcast()
            ended.unlock()
        }
        if let release { release.sequencer.complete(release.ticket, nil) }
    }

    /// Blocks until every hold has ended.
    func waitForHolds() {
        let ended: ConditionLock? = lock.withLock { _ in
            guard holds > 0 else { return nil }
            if holdsEnded == nil { holdsEnded = ConditionLock() }
            return holdsEnded
        }
        guard let ended else { return }
        ended.lock()
        while lock.withLock({ _ in holds > 0 }) { ended.wait() }
        ended.unlock()
    }

    private var pendingLines: [[UInt8]] = []

    /// Sends a notification in this request's place (see `sendLine`), after its answer.
    public func notifyInPlace(method: String, encodedParams: [UInt8]) {
        let line = ResponseEncoder.notification(method: method, encodedParams: encodedParams)
        lock.withLock { _ in
            if answered { sendLine(line) } else { pendingLines.append(line) }
        }
    }

    /// Called by the dispatcher with the handler's answer. When nothing was held or noted, false:
    /// the dispatcher answers as usual. Otherwise the answer goes out in the request's place, then
    /// the notifications noted meanwhile, and the request's `ticket` is completed in `sequencer`
    /// now or, while holds remain, when the last one ends.
    func finish(answer: [UInt8]?, completing ticket: UInt64, in sequencer: Sequencer) -> Bool {
        let outcome = lock.withLock { _ -> (finished: Bool, complete: Bool) in
            answered = true
            guard holds > 0 || !pendingLines.isEmpty else { return (false, false) }
            if let answer { sendLine(answer) }
            for line in pendingLines { sendLine(line) }
            pendingLines = []
            if holds > 0 {
                releaseAnswer = (sequencer, ticket)
                return (true, false)
            }
            return (true, true)
        }
        if outcome.complete { sequencer.complete(ticket, nil) }
        return outcome.finished
    }

    // MARK: Progress

    /// Whether the host asked for progress on this request (it passed `workDoneToken`).
    public var wantsProgress: Bool { progressToken != nil }

    public func progressBegin(_ title: String, message: String? = nil, percentage: Int? = nil) {
        progress(kind: "begin", title: title, message: message, percentage: percentage)
    }

    public func progressReport(message: String? = nil, percentage: Int? = nil) {
        progress(kind: "report", title: nil, message: message, percentage: percentage)
    }

    public func progressEnd(message: String? = nil) {
        progress(kind: "end", title: nil, message: message, percentage: nil)
    }

    private func progress(kind: String, title: String?, message: String?, percentage: Int?) {
        guard let progressToken else { return }
        var value = JSONObject([(key: "kind", value: .string(kind))])
        if let title { value["title"] = .string(title) }
        if let message { value["message"] = .string(message) }
        if let percentage { value["percentage"] = .integer(max(0, min(100, percentage))) }
        sendLine(ResponseEncoder.notification(method: "$/progress", params: .object(["token": progressToken, "value": .object(value)])))
    }
}
