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
    /// While the input thread waits for room, the count it waits for (-1 when nobody waits).
    private var waitingBelow = -1
    /// While the input thread waits for room, the byte count it waits for (-1 when nobody waits).
    private var waitingBelowBytes = -1

    init(output: any OutputSink, ordered: Bool) {
        self.output = output
        self.ordered = ordered
    }

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
        var bytesFreed = false
        if !weights.isEmpty, let weight = weights.removeValue(forKey: ticket) {
            outstandingBytes -= weight
            bytesFreed = waitingBelowBytes >= 0 && outstandingBytes <= waitingBelowBytes
        }
        if outstanding == 0 || outstanding == waitingBelow || bytesFreed { condition.broadcast() }
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

    /// When `limit` or more tickets are outstanding, or `byteLimit` or more input bytes, blocks
    /// until no more than half of them are: the input side stops reading until answers catch
    /// up, so a host that writes faster than we answer cannot make us queue unbounded work (the
    /// pipe fills and the host's writes block instead). Resuming at half, not at one below the
    /// limit, keeps the input thread from waking for every single answer.
    func waitForRoom(limit: Int, byteLimit: Int = .max) {
        condition.lock()
        defer { condition.unlock() }
        if outstanding >= limit {
            waitingBelow = limit / 2
            while outstanding > limit / 2 { condition.wait() }
            waitingBelow = -1
        }
        if outstandingBytes >= byteLimit {
            waitingBelowBytes = byteLimit / 2
            while outstandingBytes > byteLimit / 2 { condition.wait() }
            waitingBelowBytes = -1
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
