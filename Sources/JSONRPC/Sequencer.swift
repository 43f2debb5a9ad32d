import Primitives

/// Hands finished responses to the output, either as they complete or, when the host asked for
/// ordered responses, in the order their requests arrived. Also counts what is still in flight,
/// so the server can drain before it exits.
final class Sequencer: @unchecked Sendable {
    private struct Slot {
        var lines: [[UInt8]] = []
        var done = false
    }

    private let output: any OutputSink
    private let condition = ConditionLock()
    private var ordered: Bool
    private var nextTicket: UInt64 = 0
    private var nextToEmit: UInt64 = 0
    private var slots: [UInt64: Slot] = [:]
    private var outstanding = 0
    /// Input bytes of the unanswered lines that were weighed (large ones, see `reserve(weight:)`).
    private var outstandingBytes = 0
    private var weights: [UInt64: Int] = [:]
    /// While a thread waits for room, the counts it waits for (nil when nobody waits).
    private var waitingFor: (count: Int, bytes: Int)?
    /// A wake-up the input side asked for, run once by the answer that brings the counts down to these.
    private var roomWatch: (count: Int, bytes: Int, action: @Sendable () -> Void)?

    init(output: any OutputSink, ordered: Bool) {
        self.output = output
        self.ordered = ordered
    }

    var isOrdered: Bool { condition.withLock { ordered } }

    /// Switches ordering for requests that arrive from now on.
    func setOrdered(_ value: Bool) {
        condition.lock()
        ordered = value
        condition.unlock()
    }

    /// Takes a place in line for one input line's answer. A line with a `weight` (its size in
    /// bytes) counts toward the byte budget until it is answered.
    func reserve(weight: Int = 0) -> UInt64 {
        condition.lock()
        defer { condition.unlock() }
        let ticket = nextTicket
        nextTicket += 1
        outstanding += 1
        if weight > 0 {
            weights[ticket] = weight
            outstandingBytes += weight
        }
        if ordered { slots[ticket] = Slot() } else if slots.isEmpty { nextToEmit = nextTicket }
        return ticket
    }

    /// A notification that belongs to a request still running (progress); sent before its answer.
    func notify(_ ticket: UInt64, _ line: [UInt8]) {
        condition.lock()
        defer { condition.unlock() }
        if slots[ticket] != nil {
            slots[ticket]?.lines.append(line)
            emitReady()
        } else {
            output.send(line)
        }
    }

    /// The final answer of a ticket (nil when it produces no output, as for notifications).
    func complete(_ ticket: UInt64, _ line: [UInt8]?) {
        condition.lock()
        defer { condition.unlock() }
        if slots[ticket] != nil {
            if let line { slots[ticket]?.lines.append(line) }
            slots[ticket]?.done = true
            emitReady()
        } else if let line {
            output.send(line)
        }
        outstanding -= 1
        if !weights.isEmpty, let weight = weights.removeValue(forKey: ticket) { outstandingBytes -= weight }
        if outstanding == 0 { condition.broadcast() } else if let waitingFor, isAtMost(waitingFor) { condition.broadcast() }
        if let watch = roomWatch, isAtMost((watch.count, watch.bytes)) {
            roomWatch = nil
            watch.action()
        }
    }

    private func isAtMost(_ limits: (count: Int, bytes: Int)) -> Bool {
        outstanding <= limits.count && outstandingBytes <= limits.bytes
    }

    private func emitReady() {
        while var slot = slots[nextToEmit] {
            for line in slot.lines { output.send(line) }
            slot.lines.removeAll()
            if slot.done {
                slots[nextToEmit] = nil
                nextToEmit += 1
                // Tickets taken while unordered have no slot; skip past them.
                while nextToEmit < nextTicket, slots[nextToEmit] == nil, !slots.isEmpty { nextToEmit += 1 }
            } else {
                slots[nextToEmit] = slot
                return
            }
        }
    }

    var outstandingCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return outstanding
    }

    var outstandingByteCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return outstandingBytes
    }

    /// Blocks until at most `count` tickets and `bytes` weighed input bytes are outstanding.
    func waitUntil(countAtMost count: Int, bytesAtMost bytes: Int) {
        condition.lock()
        defer { condition.unlock() }
        guard !isAtMost((count, bytes)) else { return }
        waitingFor = (count, bytes)
        while !isAtMost((count, bytes)) { condition.wait() }
        waitingFor = nil
    }

    /// Runs `action` once, as soon as at most `count` tickets and `bytes` weighed input bytes are
    /// outstanding (at once when that is already so). It runs with the sequencer's lock held, on
    /// the thread that completed an answer: it must only signal, never block or call back.
    func whenAtMost(count: Int, bytes: Int, _ action: @escaping @Sendable () -> Void) {
        condition.lock()
        defer { condition.unlock() }
        if isAtMost((count, bytes)) {
            roomWatch = nil
            action()
        } else {
            roomWatch = (count, bytes, action)
        }
    }

    /// Blocks until every reserved ticket has completed.
    func waitUntilIdle() {
        condition.lock()
        while outstanding > 0 { condition.wait() }
        condition.unlock()
    }

    /// Like `waitUntilIdle()`, giving up after `milliseconds`; true when idle.
    func waitUntilIdle(milliseconds: Int64) -> Bool {
        let deadline = ConditionLock.nowMillis() + milliseconds
        condition.lock()
        defer { condition.unlock() }
        while outstanding > 0 {
            if ConditionLock.nowMillis() >= deadline { return false }
            condition.wait(untilMillis: deadline)
        }
        return true
    }
}
