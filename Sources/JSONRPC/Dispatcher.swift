#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Primitives
import Logging
import JSON
import Synchronization

/// Turns input lines into calls and calls into output lines, following JSON-RPC 2.0 to the letter
/// (batches, notifications, error objects) and LSP's lifecycle conventions (shutdown, exit,
/// `$/cancelRequest`, `$/progress`). It knows nothing of databases: methods come from the registry
/// it is given, and `mapError` is the one place that turns their errors into error objects.
///
/// `receive` is called from the input thread only; work runs inline or on the scheduler's threads.
public final class Dispatcher: @unchecked Sendable {
    public struct Options: Sendable {
        public var maxDepth: Int
        public var maxBatch: Int
        public var orderedResponses: Bool
        public var readThreads: Int
        /// How many input lines may be received but unanswered before further lines are parked.
        /// 256 keep every reader and the writer busy during a pipelined burst; each one more is a
        /// parsed request held in memory (measured: 1,024 held 1.3 MiB more at peak, for no more
        /// throughput).
        public var maxInFlight: Int
        /// How many bytes of large input lines (`weighedLineBytes` and up) may be received but
        /// unanswered before input reading pauses: a parsed request takes about three times its
        /// text in memory, and a host pipelining 1,000-row inserts would otherwise have a
        /// thousand of them parsed ahead.
        public var maxInFlightBytes: Int
        public static let weighedLineBytes = 4096
        /// How many lines read past the in-flight limit may wait, as text, for room (see `receive`),
        /// and how many bytes of input text they may hold. Past either, input reading pauses and
        /// the host's pipe holds the rest (4,096 rather than 8,192 lines: 0.85 MiB less at peak).
        public var maxParked: Int
        public var maxParkedBytes: Int
        /// How long a request's statements may run before they are stopped (0: no limit).
        public var statementTimeoutMs: Int64 = 0
        /// Where the session is recorded (`--record-session`): the input as read, the answers
        /// in request order.
        public var sessionRecorder: SessionRecorder?
        /// How queued reads share one snapshot on a reader thread (nil: each read on its own;
        /// see `ReadRuns`). Only the reads of methods that allow it (`Method.sharesReadSnapshot`).
        public var readRuns: ReadRuns?

        public init(maxDepth: Int = 512, maxBatch: Int = 1000, orderedResponses: Bool = false, readThreads: Int = 2,
                    maxInFlight: Int = 256, maxInFlightBytes: Int = 4 << 20, maxParked: Int = 4096, maxParkedBytes: Int = 32 << 20) {
            self.maxDepth = maxDepth
            self.maxBatch = maxBatch
            self.orderedResponses = orderedResponses
            self.readThreads = readThreads
            self.maxInFlight = max(1, maxInFlight)
            self.maxInFlightBytes = max(1, maxInFlightBytes)
            self.maxParked = max(1, maxParked)
            self.maxParkedBytes = max(1, maxParkedBytes)
        }
    }

    /// Methods the dispatcher answers itself, as part of the protocol's lifecycle.
    public static let builtInMethods = ["$/cancelRequest", "exit", "shutdown"]

    public let options: Options
    private let methods: [String: RegisteredMethod]
    /// The methods that prepare their params from the request's text (`Method.prepare`).
    private let preparing: [String: RegisteredMethod]
    /// The same, as a list: a request's method is looked for by its bytes first (a few
    /// comparisons, where the dictionary needs a String made and hashed).
    private let preparingList: [RegisteredMethod]
    /// What an urgent line's bytes hold (see `isUrgent`).
    private let urgentWords: UrgentWords
    private let mapError: @Sendable (any Error) -> RPCError
    private let logger: Logger
    private let sequencer: Sequencer
    private let scheduler: Scheduler
    /// The host connection this dispatcher serves.
    public let session: Session

    private let stateLock = ConditionLock()
    /// Requests queued or running that a host may cancel. A plain list: cancellation is rare, and
    /// adding and removing (swap with the last) cost no hashing on the hot path.
    /// Held unretained: a tracked call's job holds its context until it is untracked, and
    /// counting references here took a shared array's line between threads on every call.
    private var running: [Unmanaged<RequestContext>] = []
    /// The ticket of the `shutdown` received (`UInt64.max` until one is): requests read after it
    /// are refused, the ones read before it (and parked) are still served. An atomic, looked at
    /// on every call without the state lock.
    private let shutdownAfter = Atomic<UInt64>(.max)
    /// Lines read while the in-flight limit was reached, oldest first: parsed, holding their
    /// ticket, waiting for room (input thread only).
    private var parked: [Parked] = []
    private var parkedHead = 0
    private var parkedBytes = 0
    /// The part of `parkedBytes` the sequencer weighs (lines of `weighedLineBytes` and more).
    private var parkedWeighedBytes = 0
    /// Set while the input thread handles a line after which no input is waiting.
    private var lastLineBeforeIdle = false
    /// The length of the line the input thread handles (writes run inline only for short ones).
    private var lineBytes = 0
    /// How long a quick read may run on the input thread before it is moved to a reader.
    private let inlineBudgetMs: Int64 = 5
    private var exitRequested = false

    public init(methods: [Method], options: Options = Options(), output: any OutputSink,
                logger: Logger = Logger(label: "wizdb.rpc"),
                mapError: @escaping @Sendable (any Error) -> RPCError) {
        var table: [String: RegisteredMethod] = [:]
        for method in methods { table[method.name] = RegisteredMethod(method) }
        self.methods = table
        preparing = table.filter { $0.value.prepare != nil }
        preparingList = preparing.values.sorted { $0.method.name < $1.method.name }
        urgentWords = UrgentWords(names: Self.builtInMethods + table.filter { $0.value.method.jumpsQueue(nil) }.map(\.key))
        self.options = options
        self.mapError = mapError
        self.logger = logger
        sequencer = Sequencer(output: output, ordered: options.orderedResponses, recorder: options.sessionRecorder)
        scheduler = Scheduler(readThreads: options.readThreads, readRuns: options.readRuns)
        let recorder = options.sessionRecorder
        session = Session { line in
            recorder?.recordSessionNotification(line)
            output.send(line)
        }
    }

    /// Ends the session: what belongs to it (live queries) is let go. Call once no more input
    /// will be read and every answer is out.
    public func endSession() { session.end() }

    /// Every method name a host can call: the registry plus the built-in lifecycle methods.
    public var methodNames: [String] { (Array(methods.keys) + Self.builtInMethods).sorted() }

    /// True once `exit` has been received: the caller stops reading input.
    public var shouldExit: Bool {
        stateLock.lock()
        defer { stateLock.unlock() }
        return exitRequested
    }

    /// Switches between answering in arrival order and answering as soon as each call finishes.
    public func setOrderedResponses(_ ordered: Bool) { sequencer.setOrdered(ordered) }

    /// Whether another line could start now: fewer than `Options.maxInFlight` dispatched lines
    /// (and `maxInFlightBytes` of large ones) are unanswered. Parked lines do not count here.
    public var hasRoom: Bool {
        sequencer.outstandingCount - parkedCount < options.maxInFlight
            && sequencer.outstandingByteCount - parkedWeighedBytes < options.maxInFlightBytes
    }

    /// Lines are waiting for room (input thread only).
    public var hasParkedLines: Bool { parkedCount > 0 }

    /// Every line received has been answered (input thread only).
    public var isQuiet: Bool { parkedCount == 0 && sequencer.outstandingCount == 0 }

    /// Neither room nor space to park: the input side must stop reading until `whenRoom` fires.
    public var mustPauseInput: Bool {
        parkedCount >= options.maxParked || parkedBytes >= options.maxParkedBytes
    }

    private var parkedCount: Int { parked.count - parkedHead }

    /// Runs `wake` once (from the thread that answers) when dispatched, unanswered work has fallen
    /// to half its limits, so the input thread can release parked lines and read again.
    public func whenRoom(_ wake: @escaping @Sendable () -> Void) {
        sequencer.whenAtMost(count: options.maxInFlight / 2 + parkedCount, bytes: options.maxInFlightBytes / 2 + parkedWeighedBytes, wake)
    }

    /// Dispatches parked lines, oldest first, while there is room (input thread only).
    public func releaseParked() {
        while parkedCount > 0 && hasRoom {
            let line = parked[parkedHead]
            parked[parkedHead] = .released
            parkedHead += 1
            if parkedHead == parked.count {
                parked.removeAll(keepingCapacity: parked.capacity <= 1024)
                parkedHead = 0
            }
            parkedBytes -= line.bytes
            parkedWeighedBytes -= line.weight
            switch line.content {
            case .text(let bytes, _):
                // Only skimmed when it was read: a parse error is answered now, in its place.
                bytes.withUnsafeBytes { raw in
                    if receivePrepared(raw[...], ticket: line.ticket, receivedAt: line.receivedAt) { return }
                    guard let (document, damaged) = parse(raw[...], ticket: line.ticket) else { return }
                    receive(document: document, ticket: line.ticket, receivedAt: line.receivedAt, damaged: damaged)
                }
            case .answered:
                break
            }
        }
    }

    /// At the end of input: dispatches every parked line, waiting for room as needed.
    public func drainParked() {
        releaseParked()
        while parkedCount > 0 {
            sequencer.waitUntil(countAtMost: options.maxInFlight / 2 + parkedCount, bytesAtMost: options.maxInFlightBytes / 2 + parkedWeighedBytes)
            releaseParked()
        }
    }

    /// Runs `action` once every line received so far has been answered (at once when none is
    /// outstanding), on the thread that sent the last answer: a transport that cannot block (an
    /// HTTP request) learns this way that its answer is complete. It must only signal, never block;
    /// it shares its slot with `whenRoom`, so a transport uses one or the other.
    public func whenIdle(_ action: @escaping @Sendable () -> Void) {
        sequencer.whenAtMost(count: 0, bytes: 0, action)
    }

    /// Blocks until every call on a serial lane (the calls of interactive transactions) has run.
    public func waitForSerialLanes() { scheduler.waitForSerialLanes() }

    /// Blocks until every call received so far has been answered, parked lines included (call
    /// it from the thread that receives lines).
    public func waitUntilIdle() {
        drainParked()
        sequencer.waitUntilIdle()
    }

    /// Waits at most `milliseconds` for every call to be answered; true when they all were.
    public func waitUntilIdle(milliseconds: Int64) -> Bool { sequencer.waitUntilIdle(milliseconds: milliseconds) }

    /// Cancels every queued and running call (they answer -32800), for a stop that cannot wait.
    public func cancelAll() {
        stateLock.lock()
        let contexts = running.map { $0.takeUnretainedValue() }
        stateLock.unlock()
        for context in contexts { context.cancel() }
    }

    // MARK: Input

    /// Handles one input line (without its newline). Blank lines are ignored.
    public func receive(line: UnsafeRawBufferPointer) { receive(line: line, inputIdleAfter: false) }

    /// `inputIdleAfter`: no more input is waiting after this line, so a quick read may run on
    /// this thread without delaying anything behind it.
    public func receive(line: UnsafeRawBufferPointer, inputIdleAfter: Bool) {
        lastLineBeforeIdle = inputIdleAfter
        defer { lastLineBeforeIdle = false }
        let trimmed = Self.trimmingWhitespace(line)
        if trimmed.isEmpty { return }
        lineBytes = trimmed.count
        let weight = trimmed.count >= Options.weighedLineBytes ? trimmed.count : 0
        let ticket = sequencer.reserve(weight: weight)
        let receivedAt = ConditionLock.nowMillis()
        // At the in-flight limit (or behind lines already waiting), a line is parked, unless it
        // is one that must never wait behind queued work: ping, cancellation, the lifecycle,
        // and the calls of open transactions (their commit is often what the queue waits for).
        if parkedCount > 0 || sequencer.outstandingCount - parkedCount > options.maxInFlight
            || sequencer.outstandingByteCount - parkedWeighedBytes - weight >= options.maxInFlightBytes {
            // A line waits as its text and is parsed when it is released: its parsed form takes
            // several times as much memory (a small request about ten times), and thousands may
            // wait during a pipelined burst. Skimming its members says whether it is urgent
            // without building it; a line that cannot be skimmed (a batch, bad JSON) is parsed.
            let raw = UnsafeRawBufferPointer(rebasing: trimmed)
            // Most lines name no urgent method and no transaction: their bytes alone show it,
            // and their id is read only if a cancellation asks for it.
            if !urgentWords.mayBeUrgent(raw) {
                park(trimmed, id: .unknown, ticket: ticket, receivedAt: receivedAt, weight: weight)
                return
            }
            if let skim = JSONReader.skimObject(raw) {
                if !isUrgent(skim, raw) {
                    park(trimmed, id: .known(skim.id.flatMap(RequestID.init)), ticket: ticket, receivedAt: receivedAt, weight: weight)
                    return
                }
            } else {
                guard let (document, damaged) = parse(trimmed, ticket: ticket) else { return }
                if isUrgent(document) {
                    receive(document: document, ticket: ticket, receivedAt: receivedAt, damaged: damaged)
                } else {
                    park(trimmed, id: .known(document.objectValue?["id"].flatMap(RequestID.init)), ticket: ticket, receivedAt: receivedAt,
                         weight: weight)
                }
                return
            }
        }
        if receivePrepared(trimmed, ticket: ticket, receivedAt: receivedAt) { return }
        guard let (document, damaged) = parse(trimmed, ticket: ticket) else { return }
        receive(document: document, ticket: ticket, receivedAt: receivedAt, damaged: damaged)
    }

    /// The members of a request, as `receivePrepared` reads them.
    private static let envelopeKeys: [StaticString] = ["jsonrpc", "id", "method", "params"]

    /// Runs a call whose method prepares its params from the line's text (`Method.prepare`)
    /// without building the line's tree. False when the line is anything else: a batch, a
    /// notification, a member out of the usual order (`method` before `params`) or twice, an
    /// error, params the method leaves to the usual way. The line is then parsed and
    /// validated as usual, which answers it as it always did.
    private func receivePrepared(_ line: Slice<UnsafeRawBufferPointer>, ticket: UInt64, receivedAt: Int64) -> Bool {
        let raw = UnsafeRawBufferPointer(rebasing: line)
        var reader = JSONPullReader(raw, maxDepth: options.maxDepth)
        // Plain variables and flags rather than optionals: this runs for every such call, and
        // optionals of these payloads are copied and destroyed through generic code.
        var hasVersion = false, hasID = false, hasParams = false
        var id = RequestID.null
        var name = ""
        var called: RegisteredMethod?
        var lane = Lane.inline
        var params: (any AnyObject & Sendable)?
        var paramsText = 0..<0
        let read = reader.readObject(keys: Self.envelopeKeys) { reader, key in
            switch key {
            case 0:
                hasVersion = reader.string(equalTo: "2.0")
                return hasVersion
            case 1:
                if let text = reader.number() {
                    id = .number(text)
                } else if let text = reader.string() {
                    id = .string(text)
                } else if !reader.null() {
                    return false
                }
                hasID = true
                return true
            case 2:
                var byBytes: RegisteredMethod?
                guard let text = reader.string(knownAs: { bytes in
                    guard !bytes.isEmpty else { return nil }
                    for entry in preparingList where entry.isNamed(bytes) {
                        byBytes = entry
                        return entry.method.name
                    }
                    return nil
                }), let found = byBytes ?? preparing[text] else { return false }
                name = text
                called = found
                return true
            default:
                // `method` must come first: it says how to read the params.
                let start = reader.offset
                guard let prepared = called?.prepare?(&reader) else { return false }
                lane = prepared.lane
                params = prepared.params
                paramsText = start..<reader.offset
                hasParams = true
                return true
            }
        }
        guard read, reader.isAtEnd(), hasVersion, hasID, hasParams, let method = called, let params,
              !isRefusedAfterShutdown(ticket) else { return false }
        let context = RequestContext(id: id, method: name, paramsText: Array(raw[paramsText]), prepared: params,
                                     receivedAtMillis: receivedAt, session: session, lineSink: .sequenced(sequencer, ticket: ticket))
        schedule(method, context, lane: lane, answering: .request(ticket))
        return true
    }

    /// A call read after `shutdown` is refused (by `handleBuiltIn`).
    private func isRefusedAfterShutdown(_ ticket: UInt64) -> Bool {
        ticket > shutdownAfter.load(ordering: .acquiring)
    }

    /// Parses one line; nil when it is no JSON, after answering it with the parse error. Text
    /// with lone surrogates is read with them replaced, and the damaged strings' paths returned.
    private func parse(_ line: Slice<UnsafeRawBufferPointer>, ticket: UInt64) -> (JSONValue, [[JSONReader.PathComponent]])? {
        let raw = UnsafeRawBufferPointer(rebasing: line)
        do {
            return (try JSONReader.parse(raw, maxDepth: options.maxDepth), [])
        } catch {
            if error.kind == .loneSurrogate, let read = try? JSONReader.parseReplacingLoneSurrogates(raw, maxDepth: options.maxDepth) {
                return (read.value, read.damaged)
            }
            sequencer.complete(ticket, ResponseEncoder.failure(id: .null, error: .parseError(error.message, offset: error.offset)))
            return nil
        }
    }

    private func park(_ line: Slice<UnsafeRawBufferPointer>, id: Parked.ID, ticket: UInt64, receivedAt: Int64, weight: Int) {
        parked.append(Parked(content: .text(Array(line), id: id), ticket: ticket, receivedAt: receivedAt, bytes: line.count, weight: weight))
        parkedBytes += line.count
        parkedWeighedBytes += weight
    }

    /// A line that jumps the queue of parked lines: it needs no writer and no ordering with them.
    private func isUrgent(_ document: JSONValue) -> Bool {
        guard let object = document.objectValue, case .string(let name)? = object["method"] else { return false }
        if Self.builtInMethods.contains(name) { return true }
        return methods[name]?.method.jumpsQueue(object["params"]) ?? false
    }

    /// The same for a skimmed line: its params are parsed only when they could matter (they
    /// name a transaction).
    private func isUrgent(_ skim: ObjectSkim, _ line: UnsafeRawBufferPointer) -> Bool {
        guard let name = skim.method else { return false }
        if Self.builtInMethods.contains(name) { return true }
        guard let entry = methods[name] else { return false }
        if entry.method.jumpsQueue(nil) { return true }
        guard let range = skim.params, Self.contains(#""tx""#, in: UnsafeRawBufferPointer(rebasing: line[range])) else { return false }
        guard let params = try? JSONReader.parse(UnsafeRawBufferPointer(rebasing: line[range]), maxDepth: options.maxDepth) else { return false }
        return entry.method.jumpsQueue(params)
    }

    private static func contains(_ needle: StaticString, in haystack: UnsafeRawBufferPointer) -> Bool {
        let length = needle.utf8CodeUnitCount
        guard let base = haystack.baseAddress, length > 0 else { return false }
        var offset = 0
        while offset + length <= haystack.count {
            guard let found = memchr(base + offset, Int32(needle.utf8Start[0]), haystack.count - offset - length + 1) else { return false }
            offset = base.distance(to: UnsafeRawPointer(found))
            if memcmp(base + offset, needle.utf8Start, length) == 0 { return true }
            offset += 1
        }
        return false
    }

    /// Answers a parked request that was cancelled before it started.
    private func cancelParked(_ id: RequestID) {
        for index in parkedHead..<parked.count {
            // A line parked unread is skimmed for its id now (once).
            if case .text(let bytes, .unknown) = parked[index].content {
                let found = bytes.withUnsafeBytes { JSONReader.skimObject($0)?.id.flatMap(RequestID.init) }
                let line = parked[index]
                parked[index] = Parked(content: .text(bytes, id: .known(found)), ticket: line.ticket, receivedAt: line.receivedAt,
                                       bytes: line.bytes, weight: line.weight)
            }
            guard parked[index].requestID == id else { continue }
            let line = parked[index]
            parked[index] = Parked(content: .answered, ticket: line.ticket, receivedAt: line.receivedAt, bytes: line.bytes, weight: line.weight)
            sequencer.complete(line.ticket, ResponseEncoder.failure(id: id, error: .cancelled))
        }
    }

    /// Answers a line that was longer than the transport accepts; its content was discarded.
    public func receiveOversizedLine(limit: Int) {
        let ticket = sequencer.reserve()
        let error = RPCError.invalidRequest("line longer than \(limit) bytes; it was discarded", kind: "line_too_long",
                                            details: ["limit": .integer(limit)])
        sequencer.complete(ticket, ResponseEncoder.failure(id: .null, error: error))
    }

    public func receive(line: [UInt8]) {
        line.withUnsafeBytes { receive(line: $0) }
    }

    /// `damaged`: paths of strings that held lone surrogates (replaced by U+FFFD when read); a
    /// request with one is answered with an error naming the field instead of being run.
    private func receive(document: JSONValue, ticket: UInt64, receivedAt: Int64, damaged: [[JSONReader.PathComponent]] = []) {
        guard case .array(let members) = document else {
            execute(Self.validate(document, damaged: damaged), ticket: ticket, receivedAt: receivedAt, answering: .request(ticket))
            return
        }
        if members.isEmpty {
            sequencer.complete(ticket, ResponseEncoder.failure(id: .null, error: .invalidRequest("empty batch", kind: "empty_batch")))
            return
        }
        if members.count > options.maxBatch {
            let error = RPCError.invalidRequest("batch of \(members.count) requests; at most \(options.maxBatch) are accepted",
                                                kind: "batch_too_large", details: ["limit": .integer(options.maxBatch)])
            sequencer.complete(ticket, ResponseEncoder.failure(id: .null, error: error))
            return
        }
        let collector = BatchCollector(count: members.count) { [sequencer] answers in
            sequencer.complete(ticket, answers.isEmpty ? nil : ResponseEncoder.batch(answers))
        }
        for (index, member) in members.enumerated() {
            let inMember = damaged.filter { $0.first == .index(index) }.map { Array($0.dropFirst()) }
            execute(Self.validate(member, damaged: inMember), ticket: ticket, receivedAt: receivedAt,
                    answering: .batchMember(collector, index))
        }
    }

    /// Validates one request; one whose text held a lone surrogate is refused with the field.
    private static func validate(_ document: JSONValue, damaged: [[JSONReader.PathComponent]]) -> Result<Request, Request.InvalidRequest> {
        let validated = Request.validate(document)
        guard let path = damaged.first, case .success(let request) = validated else { return validated }
        let id: RequestID? = path.first == .key("id") ? .null : request.id
        guard path.first == .key("params") else {
            let error = RPCError.invalidRequest("the request's \(describe(path)) holds a lone UTF-16 surrogate escape, which no UTF-8 text can hold")
            return .failure(Request.InvalidRequest(id: id, error: error))
        }
        let field = describe(Array(path.dropFirst()))
        let error = RPCError.invalidParams(
            "\(field) holds a lone UTF-16 surrogate escape (\\ud800-\\udfff without its other half), which no UTF-8 text can hold; was the string cut inside a character?",
            field: field, details: ["reason": "lone_surrogate"])
        // A notification's error is not answered, as for any other invalid params.
        return .failure(Request.InvalidRequest(id: id, error: error))
    }

    private static func describe(_ path: [JSONReader.PathComponent]) -> String {
        path.map { component in
            switch component {
            case .key(let key): key
            case .index(let index): String(index)
            }
        }.joined(separator: ".")
    }

    // MARK: Execution

    private func execute(_ validated: Result<Request, Request.InvalidRequest>, ticket: UInt64, receivedAt: Int64, answering: Answering) {
        let request: Request
        switch validated {
        case .failure(let invalid):
            deliver(invalid.id.map { ResponseEncoder.failure(id: $0, error: invalid.error) }, to: answering)
            return
        case .success(let valid):
            request = valid
        }

        if let builtIn = handleBuiltIn(request, ticket: ticket) {
            deliver(request.id.map { id in
                switch builtIn {
                case .success(let value): ResponseEncoder.success(id: id, result: .value(value))
                case .failure(let error): ResponseEncoder.failure(id: id, error: error)
                }
            }, to: answering)
            return
        }

        guard let method = methods[request.method] else {
            // LSP: notifications starting with "$/" that a server does not know are ignored.
            deliver(request.id.map { ResponseEncoder.failure(id: $0, error: .methodNotFound(request.method)) }, to: answering)
            return
        }

        let context = RequestContext(request: request, receivedAtMillis: receivedAt, session: session,
                                     lineSink: .sequenced(sequencer, ticket: ticket))
        schedule(method, context, lane: method.method.lane(request.params), answering: answering)
    }

    /// Where a call's answer goes. A value, not a closure: one would be made for every call.
    enum Answering: Sendable {
        /// The line's own answer, completing its ticket.
        case request(UInt64)
        /// A member of a batch, answered with the others.
        case batchMember(BatchCollector, Int)
    }

    private func deliver(_ line: [UInt8]?, to answering: Answering) {
        switch answering {
        case .request(let ticket): sequencer.complete(ticket, line)
        case .batchMember(let collector, let index): collector.set(index, line)
        }
    }

    /// Runs a call on its lane, or at once on this thread when that is allowed and nothing waits.
    private func schedule(_ method: RegisteredMethod, _ context: RequestContext, lane: Lane, answering: Answering) {
        context.lane = lane
        if lastLineBeforeIdle, context.id != nil, runsInlineWhenIdle(method, lane: lane, context), scheduler.isIdle {
            context.beginInlineAttempt(deadline: ConditionLock.nowMillis() + inlineBudgetMs)
            let line = run(method, context)
            if !context.endInlineAttempt() {
                answer(context, with: line, to: answering, waitingForHolds: false)
                return
            }
            // It ran past its budget, or a write would have waited for the writer: it runs again
            // on a reader or the writer, where it can be cancelled (a write was rolled back).
        }
        let tracked = lane != .inline && context.id != nil
        if tracked { track(context) }
        // One closure for each lane, rather than one for the job wrapped in another.
        switch lane {
        case .inline: runJob(method, context, tracked: tracked, answering: answering)
        case .read:
            scheduler.submitRead(sharesSnapshot: method.method.sharesReadSnapshot) { [self] release in
                context.setOrderingRelease(release)
                runJob(method, context, tracked: tracked, answering: answering)
            }
        case .write:
            scheduler.submitWrite { [self] waitingForWriter in
                context.setWriterWaitHook(waitingForWriter)
                runJob(method, context, tracked: tracked, answering: answering)
            }
        case .serial(let key):
            scheduler.submitSerial(key) { [self] in runJob(method, context, tracked: tracked, answering: answering) }
        }
    }

    private func runJob(_ method: RegisteredMethod, _ context: RequestContext, tracked: Bool, answering: Answering) {
        let line = run(method, context)
        if tracked { untrack(context) }
        answer(context, with: line, to: answering, waitingForHolds: true)
    }

    /// Sends a call's answer. A call held (live queries re-running after its commit) has its answer
    /// go out in its place now, and stays outstanding until the lines it caused are sent too.
    private func answer(_ context: RequestContext, with line: [UInt8]?, to answering: Answering, waitingForHolds: Bool) {
        if case .request(let ticket) = answering, context.finish(answer: line, completing: ticket, in: sequencer) {
            // Answering in request order, the session is reproducible: the next request starts
            // only once the notifications this one caused are out.
            if waitingForHolds, sequencer.isOrdered { context.waitForHolds() }
            return
        }
        deliver(line, to: answering)
    }

    /// Whether a call may run on the input thread when nothing else is queued (see
    /// `Method.inlineWhenIdle` and `Method.inlineWriteWhenIdle`).
    private func runsInlineWhenIdle(_ method: RegisteredMethod, lane: Lane, _ context: RequestContext) -> Bool {
        switch lane {
        case .read: method.method.inlineWhenIdle
        case .write:
            method.method.inlineWriteWhenIdle && !context.wantsProgress && lineBytes < Options.weighedLineBytes && !sequencer.isOrdered
        case .inline, .serial: false
        }
    }

    private func run(_ method: RegisteredMethod, _ context: RequestContext) -> [UInt8]? {
        let outcome: Result<MethodResult, RPCError>
        if context.isCancelled {
            outcome = .failure(.cancelled)
        } else {
            context.startTimeout(milliseconds: options.statementTimeoutMs)
            do {
                outcome = .success(try method.method.handler(context))
            } catch let error as RPCError {
                outcome = .failure(error)
            } catch {
                outcome = .failure(context.isCancelled ? .cancelled : mapError(error))
            }
        }
        guard let id = context.id else {
            if case .failure(let error) = outcome {
                logger.debug("notification \(method.method.name) failed: \(error.message)")
            }
            return nil
        }
        switch outcome {
        case .success(let result): return ResponseEncoder.success(id: id, result: result)
        case .failure(let error): return ResponseEncoder.failure(id: id, error: error)
        }
    }

    /// Lifecycle methods; nil for every other method.
    private func handleBuiltIn(_ request: Request, ticket: UInt64) -> Result<JSONValue, RPCError>? {
        stateLock.lock()
        defer { stateLock.unlock() }
        switch request.method {
        case "$/cancelRequest":
            guard let target = request.params?.objectValue?["id"], let id = RequestID(target) else {
                return .failure(.invalidParams("\"id\" must name the request to cancel", field: "id"))
            }
            // A request that already finished, or was never seen, is not an error (as in LSP).
            for entry in running {
                let context = entry.takeUnretainedValue()
                if context.id == id { context.cancel() }
            }
            if parkedCount > 0 { cancelParked(id) }
            return .success(.null)
        case "shutdown":
            // The first `shutdown` counts (set under the state lock, so no other can come between).
            if shutdownAfter.load(ordering: .acquiring) == .max { shutdownAfter.store(ticket, ordering: .releasing) }
            return .success(.null)
        case "exit":
            exitRequested = true
            return .success(.null)
        default:
            if isRefusedAfterShutdown(ticket) {
                return .failure(.invalidRequest("the server is shutting down; only \"exit\" is accepted", kind: "shutting_down"))
            }
            return nil
        }
    }

    private func track(_ context: RequestContext) {
        stateLock.lock()
        context.runningIndex = running.count
        running.append(Unmanaged.passUnretained(context))
        stateLock.unlock()
    }

    private func untrack(_ context: RequestContext) {
        stateLock.lock()
        let index = context.runningIndex
        if index >= 0, index < running.count, running[index].toOpaque() == Unmanaged.passUnretained(context).toOpaque() {
            let last = running.removeLast()
            if index < running.count {
                running[index] = last
                last._withUnsafeGuaranteedRef { $0.runningIndex = index }
            }
        }
        stateLock.unlock()
    }

    private static func trimmingWhitespace(_ line: UnsafeRawBufferPointer) -> Slice<UnsafeRawBufferPointer> {
        var start = line.startIndex
        var end = line.endIndex
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        while start < end, isSpace(line[start]) { start += 1 }
        while end > start, isSpace(line[end - 1]) { end -= 1 }
        return line[start..<end]
    }
}

/// A method of the registry, held by reference: a call's job captures it with one retain,
/// where a copy of the struct retained each of its closures (on the input thread, to be released
/// on a reader, every call), and an optional of the struct is copied through generic code.
private final class RegisteredMethod: Sendable {
    let method: Method
    let prepare: (@Sendable (inout JSONPullReader) -> Method.Prepared?)?
    /// The name's UTF-8, to find the method by a request's bytes.
    let nameBytes: [UInt8]

    init(_ method: Method) {
        self.method = method
        prepare = method.prepare
        nameBytes = Array(method.name.utf8)
    }

    func isNamed(_ bytes: UnsafeRawBufferPointer) -> Bool {
        nameBytes.count == bytes.count && nameBytes.withUnsafeBytes { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }
    }
}

/// The words an urgent line must hold, to tell most lines apart without reading them: a line is
/// urgent (`Dispatcher.isUrgent`) only when its method is one that always jumps the queue or
/// its params name a transaction (`"tx"`), so its bytes hold `"<that method>"` or `"tx"`,
/// unless an escape spells them otherwise. A line with none of those and no backslash is not
/// urgent; any other is skimmed to know.
struct UrgentWords {
    /// Every word with its quotes, one after another, and where each lies.
    private let bytes: [UInt8]
    private let ranges: [Range<Int>]
    /// For each byte, the words (bit i: word i) that start with it after their opening quote.
    private let startingWith: [UInt64]
    /// More words than the bits hold: every line is skimmed.
    private let tooMany: Bool

    init(names: [String]) {
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        var startingWith = [UInt64](repeating: 0, count: 256)
        for name in names + ["tx"] where !name.isEmpty {
            let start = bytes.count
            bytes += [UInt8(ascii: "\"")] + Array(name.utf8) + [UInt8(ascii: "\"")]
            if ranges.count < 64 { startingWith[Int(bytes[start + 1])] |= 1 << UInt64(ranges.count) }
            ranges.append(start..<bytes.count)
        }
        tooMany = ranges.count > 64
        self.bytes = bytes
        self.ranges = ranges
        self.startingWith = startingWith
    }

    func mayBeUrgent(_ line: UnsafeRawBufferPointer) -> Bool {
        guard let base = line.baseAddress, !line.isEmpty else { return false }
        if tooMany || memchr(base, 0x5C, line.count) != nil { return true }
        return bytes.withUnsafeBytes { words in
            ranges.withUnsafeBufferPointer { ranges in
                startingWith.withUnsafeBufferPointer { startingWith in
                    var offset = 0
                    while offset + 1 < line.count {
                        guard let found = memchr(base + offset, 0x22, line.count - offset - 1) else { return false }
                        // Just past the quote found.
                        offset = base.distance(to: UnsafeRawPointer(found)) + 1
                        var candidates = startingWith[Int(line[offset])]
                        while candidates != 0 {
                            let range = ranges[candidates.trailingZeroBitCount]
                            candidates &= candidates - 1
                            if range.count <= line.count - offset + 1,
                               memcmp(base + offset - 1, words.baseAddress! + range.lowerBound, range.count) == 0 { return true }
                        }
                    }
                    return false
                }
            }
        }
    }
}

/// A line read while the in-flight limit was reached, waiting for room.
private struct Parked {
    enum Content {
        /// The line's text, with its request id (for cancellation).
        case text([UInt8], id: ID)
        /// Answered without running (cancelled while parked), or handed on.
        case answered
    }

    /// A parked line's request id: read when it was parked, or not yet (it is read when a
    /// cancellation needs it).
    enum ID {
        case known(RequestID?)
        case unknown
    }

    static let released = Parked(content: .answered, ticket: 0, receivedAt: 0, bytes: 0, weight: 0)
    let content: Content
    let ticket: UInt64
    let receivedAt: Int64
    let bytes: Int
    let weight: Int

    /// The id of the single request it holds (a batch has none).
    var requestID: RequestID? {
        switch content {
        case .text(_, .known(let id)): id
        case .text(_, .unknown): nil
        case .answered: nil
        }
    }
}

/// Gathers the answers of one batch's members and releases them together, in member order.
final class BatchCollector: @unchecked Sendable {
    private let lock = ConditionLock()
    private var answers: [[UInt8]?]
    private var remaining: Int
    private let finish: @Sendable ([[UInt8]]) -> Void

    init(count: Int, finish: @escaping @Sendable ([[UInt8]]) -> Void) {
        answers = Array(repeating: nil, count: count)
        remaining = count
        self.finish = finish
    }

    func set(_ index: Int, _ answer: [UInt8]?) {
        lock.lock()
        answers[index] = answer
        remaining -= 1
        let done = remaining == 0
        lock.unlock()
        if done { finish(answers.compactMap { $0 }) }
    }
}
