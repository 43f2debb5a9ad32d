#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JSON
import JSONRPC
import Primitives
import Store

/// The live queries (`query.watch`) of every session: which tables each reads, re-runs after
/// commits that touched them, and `watch/changed` when a result differs from the last one sent.
///
/// Commits by this process arrive from the store's commit feed with the tables they changed;
/// commits by other processes are noticed by polling the writer's `data_version` every
/// `pollMs` while at least one watch is open (no polling, and no cost, when none is). Re-runs
/// are coalesced (a watch marked dirty again while it runs runs once more afterwards, so the
/// last result sent is the state after the last commit) and run on a thread of their own
/// through the readers, never on the writer.
///
/// A commit made by a request of the same session holds that request's answer until the watches
/// it made dirty have re-run: with ordered responses the notification then follows the answer of
/// the write that caused it, which keeps sessions reproducible.
final class WatchRegistry: @unchecked Sendable {
    /// One live query.
    final class Watch: @unchecked Sendable {
        let id: String
        let session: Session
        let method: String
        let params: JSONValue
        let debounceMs: Int64
        /// The tables it reads; nil when they could not be told (every commit re-runs it).
        var tables: Set<String>?
        var lastHash: Int?
        /// Its first run is under way: commits meanwhile mark it dirty, and it runs again after.
        var starting = true
        var dirty = false
        var queued = false
        /// Creation order: watches re-run (and notify) in the order they were opened.
        let sequence: UInt64
        /// Requests whose commits made it dirty, held until it has re-run.
        var waiters: [RequestContext] = []

        init(id: String, session: Session, method: String, params: JSONValue, debounceMs: Int64, sequence: UInt64) {
            self.id = id
            self.sequence = sequence
            self.session = session
            self.method = method
            self.params = params
            self.debounceMs = debounceMs
        }
    }

    /// What a watch runs: the method's handler, given the params.
    typealias Runner = @Sendable (_ method: String, _ params: JSONValue) throws -> MethodResult

    private let store: Store
    private let maxPerSession: Int
    private let pollMs: Int64
    private let condition = ConditionLock()
    private var watches: [String: Watch] = [:]
    /// The watches by the tables they read, so a commit looks only at the watches of the tables
    /// it changed (a hundred watches of other tables cost a commit nothing).
    private var byTable: [String: [String: Watch]] = [:]
    /// Watches every commit concerns: starting ones, and those whose tables could not be told.
    private var everyCommit: [String: Watch] = [:]
    private var nextSequence: UInt64 = 0
    private var perSession: [UInt64: Int] = [:]
    private var queue: [Watch] = []
    private var runner: Runner?
    private var threadsStarted = false
    private var feedToken: UInt64?

    /// The request whose handler runs on this thread, so a commit it makes can hold its answer.
    @TaskLocal static var currentRequest: RequestContext?

    init(store: Store, maxPerSession: Int, pollMs: Int64) {
        self.store = store
        self.maxPerSession = max(1, maxPerSession)
        self.pollMs = max(1, pollMs)
    }

    var count: Int { condition.withLock { watches.count } }

    // MARK: Watching

    /// Opens a watch and returns its first result (encoded) together with its id.
    ///
    /// The watch is registered before its first run, so a commit that lands while that run reads
    /// (a later write may go ahead once the read has its snapshot) marks it dirty and it runs
    /// again: no change is lost between the first result and the first notification.
    func watch(id: String, session: Session, method: String, params: JSONValue, debounceMs: Int64,
               run: @escaping Runner) throws -> (id: String, result: [UInt8]) {
        let watch = try condition.withLock { () -> Watch in
            if (perSession[session.id] ?? 0) >= maxPerSession {
                throw RPCError(code: ErrorCode.limitExceeded, kind: "limit_exceeded",
                               message: "at most \(maxPerSession) watches may be open in one session; unwatch some first",
                               details: ["limit": .integer(maxPerSession)])
            }
            runner = run
            nextSequence += 1
            let watch = Watch(id: id, session: session, method: method, params: params, debounceMs: debounceMs, sequence: nextSequence)
            watches[id] = watch
            everyCommit[id] = watch
            perSession[session.id, default: 0] += 1
            condition.broadcast()
            return watch
        }
        startIfNeeded()
        // The baseline for changes by other processes, taken before the first run reads.
        _ = store.committedElsewhere()
        let tracker = ReadTracker()
        let bytes: [UInt8]
        do {
            bytes = Self.encode(try Store.$readTracker.withValue(tracker) { try run(method, params) })
        } catch {
            condition.withLock { if watches[id] === watch { remove(watch) } }
            throw error
        }
        let tables = tracker.tables
        let first = condition.withLock { () -> Bool in
            watch.tables = tables.isEmpty ? nil : tables
            watch.lastHash = bytes.hashValue
            watch.starting = false
            if watches[id] === watch, let read = watch.tables {
                everyCommit[id] = nil
                for table in read { byTable[table, default: [:]][id] = watch }
            }
            if watch.dirty && !watch.queued { enqueue(watch) }
            return perSession[session.id] == 1
        }
        if first { session.onEnd { [weak self] in self?.endSession(session.id) } }
        return (id, bytes)
    }

    /// Call with the lock held.
    private func enqueue(_ watch: Watch) {
        watch.queued = true
        // Oldest watch first, so notifications come in a reproducible order.
        let index = queue.firstIndex { $0.sequence > watch.sequence } ?? queue.endIndex
        queue.insert(watch, at: index)
        condition.broadcast()
    }

    /// Closes a watch; false when there was none with that id in the session.
    func unwatch(_ id: String, session: Session) -> Bool {
        condition.withLock {
            guard let watch = watches[id], watch.session === session else { return false }
            remove(watch)
            return true
        }
    }

    private func endSession(_ session: UInt64) {
        condition.withLock {
            for watch in watches.values where watch.session.id == session { remove(watch) }
        }
    }

    /// Call with the lock held.
    private func remove(_ watch: Watch) {
        watches[watch.id] = nil
        everyCommit[watch.id] = nil
        for table in watch.tables ?? [] {
            byTable[table]?[watch.id] = nil
            if byTable[table]?.isEmpty == true { byTable[table] = nil }
        }
        perSession[watch.session.id, default: 1] -= 1
        if perSession[watch.session.id] == 0 { perSession[watch.session.id] = nil }
        let waiters = watch.waiters
        watch.waiters = []
        for waiter in waiters { waiter.endHold() }
    }

    // MARK: Changes

    /// After a commit: the watches reading any of `tables` (all of them when nil) re-run.
    func changed(_ tables: Set<String>?) {
        let origin = Self.currentRequest
        condition.withLock {
            guard let tables else {
                for watch in watches.values { markDirty(watch, origin: origin) }
                return
            }
            for watch in everyCommit.values { markDirty(watch, origin: origin) }
            if tables.count == 1, let table = tables.first {
                for watch in byTable[table]?.values ?? [:].values { markDirty(watch, origin: origin) }
                return
            }
            // A watch reading several of the changed tables is marked once.
            var concerned: [String: Watch] = [:]
            for table in tables {
                for (id, watch) in byTable[table] ?? [:] { concerned[id] = watch }
            }
            for watch in concerned.values { markDirty(watch, origin: origin) }
        }
    }

    /// Call with the lock held.
    private func markDirty(_ watch: Watch, origin: RequestContext?) {
        watch.dirty = true
        if let origin, origin.session === watch.session, origin.beginHold() { watch.waiters.append(origin) }
        if !watch.queued && !watch.starting { enqueue(watch) }
    }

    private func startIfNeeded() {
        let start = condition.withLock { () -> Bool in
            defer { threadsStarted = true }
            return !threadsStarted
        }
        guard start else { return }
        feedToken = store.commits.subscribe { [weak self] tables in self?.changed(tables) }
        startThread(name: "wizdb-watch") { [weak self] in self?.runLoop() }
        startThread(name: "wizdb-watch-poll") { [weak self] in self?.pollLoop() }
    }

    // MARK: Re-running

    private func runLoop() {
        while true {
            condition.lock()
            while queue.isEmpty { condition.wait() }
            let watch = queue.removeFirst()
            let run = runner
            condition.unlock()
            guard let run else { continue }
            rerun(watch, with: run)
        }
    }

    private func rerun(_ watch: Watch, with run: Runner) {
        if watch.debounceMs > 0 { usleep(UInt32(min(watch.debounceMs, 60_000) * 1000)) }
        let waiters = condition.withLock { () -> [RequestContext]? in
            // Unwatched while it waited in line.
            guard watches[watch.id] === watch else { return nil }
            watch.dirty = false
            watch.queued = false
            defer { watch.waiters = [] }
            return watch.waiters
        }
        guard let waiters else { return }
        let line: [UInt8]
        let hash: Int
        do {
            let result = Self.encode(try run(watch.method, watch.params))
            hash = result.hashValue
            line = Self.notification(watch.id, result: result)
        } catch {
            line = Self.notification(watch.id, error: error)
            hash = line.hashValue
        }
        let changed = condition.withLock { () -> Bool in
            guard watches[watch.id] === watch, watch.lastHash != hash else { return false }
            watch.lastHash = hash
            return true
        }
        if changed {
            // In the place of the latest request whose commit caused it, else on the session.
            if let last = waiters.last {
                last.notifyInPlace(method: "watch/changed", encodedParams: line)
            } else {
                watch.session.notify(method: "watch/changed", encodedParams: line)
            }
        }
        for waiter in waiters { waiter.endHold() }
    }

    private func pollLoop() {
        while true {
            condition.lock()
            while watches.isEmpty { condition.wait() }
            condition.unlock()
            usleep(UInt32(pollMs * 1000))
            if store.committedElsewhere() == true { changed(nil) }
        }
    }

    // MARK: Encoding

    static func encode(_ result: MethodResult) -> [UInt8] { result.encodedResult }

    /// `{"watch": id, "result": ...}`, the params of `watch/changed`.
    static func notification(_ id: String, result: [UInt8]) -> [UInt8] {
        var writer = JSONWriter(capacity: result.count + 64)
        writer.beginObject()
        writer.key("watch"); writer.string(id)
        writer.key("result"); writer.raw(result)
        writer.endObject()
        return writer.bytes
    }

    /// `{"watch": id, "error": {...}}` when a re-run failed (its table was dropped, say).
    static func notification(_ id: String, error: any Error) -> [UInt8] {
        let rpc = error as? RPCError ?? RPCError(code: ErrorCode.internalError, kind: "internal_error", message: String(describing: error))
        var object: JSONObject = ["code": .integer(rpc.code), "message": .string(rpc.message)]
        if let data = rpc.data { object["data"] = data }
        return JSONWriter.encode(.object(["watch": .string(id), "error": .object(object)]))
    }
}
