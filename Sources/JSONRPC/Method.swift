import JSON

/// Where a method runs: at once on the input thread, on a reader, or on the single writer.
public enum Lane: Sendable, Equatable {
    /// Cheap work that touches no database (ping, initialize): answered before the next line is read.
    case inline
    case read
    case write
    /// In order with the other calls of the same key, on a thread of their own (the calls of one
    /// interactive transaction), independent of the read and write lanes.
    case serial(String)
}

/// One entry of the method registry: a name, how to choose its lane, and its handler.
public struct Method: Sendable {
    public let name: String
    public let lane: @Sendable (JSONValue?) -> Lane
    public var handler: @Sendable (RequestContext) throws -> MethodResult
    /// A quick read (a lookup, a bounded select) that may run on the input thread when nothing
    /// else is queued and no more input is waiting: it skips the hand-off to a reader thread. It
    /// gets a short deadline there; a call that runs past it is moved to a reader and run again
    /// (reads have no side effects), so cancellation is never starved.
    public var inlineWhenIdle = false
    /// A short write that may run on the input thread in the same conditions, saving the
    /// hand-off to the writer thread. Unlike a read it cannot simply run twice: it runs there
    /// only while the writer is free and must not wait for it (otherwise it is queued for the
    /// writer before it starts), and when it runs past its deadline its statement is stopped
    /// and its transaction rolled back before it is queued for the writer and run again. Calls
    /// that report progress, long lines and ordered sessions always go to the writer.
    public var inlineWriteWhenIdle = false
    /// A read that may run in one snapshot with the reads queued around it (see `ReadRuns`):
    /// it reads only through the store's `read` and `readStatement`, which then use the run's
    /// connection and transaction, and needs no snapshot newer than its arrival.
    public var sharesReadSnapshot = false
    /// Whether a call is served even while input is backed up behind queued work (ping, the calls
    /// of an open transaction): it jumps the lines parked for room (see `Dispatcher`). A parked
    /// line is looked at only when it could jump: when this says true without params, or when its
    /// bytes hold `"tx"` (a call naming a transaction); for any other line it is not asked.
    public var jumpsQueue: @Sendable (JSONValue?) -> Bool = { _ in false }
    /// Reads the params of a plain, common call straight from the request's text, without the
    /// tree `JSONReader.parse` builds: the value starts at the reader, and `prepare` reads all
    /// of it into the method's own type (the handler finds it in `RequestContext.prepared`) and
    /// says which lane the call takes. It answers nil for anything it does not take as is
    /// (an unusual shape, an option it leaves to the handler, an error to report): the request is
    /// then parsed and validated the usual way, so the answer is the same either way.
    public var prepare: (@Sendable (inout JSONPullReader) -> Prepared?)?

    /// What `prepare` read.
    public struct Prepared: Sendable {
        public var lane: Lane
        /// An object (a final class of the method's own): the handler finds it with a class
        /// cast, which copies nothing, where a value in an existential box was copied to be cast.
        public var params: any AnyObject & Sendable

        public init(lane: Lane, params: any AnyObject & Sendable) {
            self.lane = lane
            self.params = params
        }
    }

    public init(_ name: String, lane: Lane, handler: @escaping @Sendable (RequestContext) throws -> MethodResult) {
        self.name = name
        self.lane = { _ in lane }
        self.handler = handler
    }

    /// A method whose lane depends on its params (for example `query.sql` with `readOnly`).
    public init(_ name: String, laneFor: @escaping @Sendable (JSONValue?) -> Lane,
                handler: @escaping @Sendable (RequestContext) throws -> MethodResult) {
        self.name = name
        lane = laneFor
        self.handler = handler
    }
}

/// Receives complete output lines (one JSON text each, without the newline).
public protocol OutputSink: Sendable {
    func send(_ line: [UInt8])
}
