import Foundation
@testable import JSONRPC
import Testing

/// What a finished read held (its call's context, its params) is let go: at the next read's
/// submit while other reads are unfinished, and by the last read to finish otherwise.
@Suite struct SchedulerRetirementTests {
    /// Stands for what a read's job holds; weakly watched.
    final class Held: Sendable {}

    final class Watch: @unchecked Sendable {
        private let lock = NSLock()
        private var held: [() -> Held?] = []

        func watch(_ value: Held) {
            lock.lock()
            held.append { [weak value] in value }
            lock.unlock()
        }

        var alive: Int {
            lock.lock()
            defer { lock.unlock() }
            return held.filter { $0() != nil }.count
        }

        /// Waits up to `seconds` for at most `count` to be alive.
        func waitUntil(aliveAtMost count: Int, seconds: Double = 5) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while alive > count {
                if Date() > deadline { return false }
                Thread.sleep(forTimeInterval: 0.005)
            }
            return true
        }
    }

    func submit(_ scheduler: Scheduler, _ watch: Watch, finished: DispatchSemaphore, gate: DispatchSemaphore? = nil) {
        let held = Held()
        watch.watch(held)
        scheduler.submitRead { _ in
            withExtendedLifetime(held) {
                gate?.wait()
                finished.signal()
            }
        }
    }

    @Test func everyFinishedReadIsLetGoOnceNothingIsUnfinished() {
        let scheduler = Scheduler(readThreads: 2)
        let watch = Watch()
        let finished = DispatchSemaphore(value: 0)
        for _ in 0..<200 { submit(scheduler, watch, finished: finished) }
        for _ in 0..<200 { finished.wait() }
        #expect(watch.waitUntil(aliveAtMost: 0), "\(watch.alive) of 200 finished reads still held")
    }

    @Test func readsFinishedBehindALongOneAreLetGoAtTheNextSubmit() {
        let scheduler = Scheduler(readThreads: 2)
        let watch = Watch()
        let finished = DispatchSemaphore(value: 0)
        let gate = DispatchSemaphore(value: 0)
        // A long read keeps one reader; the quick ones run on the other and are kept meanwhile.
        submit(scheduler, watch, finished: finished, gate: gate)
        for _ in 0..<20 { submit(scheduler, watch, finished: finished) }
        for _ in 0..<20 { finished.wait() }
        // Each quick read is let go at a later submit, or kept (the long one is unfinished):
        // once they have all ended, every one still alive besides the long one is kept.
        let deadline = Date().addingTimeInterval(5)
        while watch.alive - 1 != scheduler.retiredCount && Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
        #expect(watch.alive - 1 == scheduler.retiredCount)
        #expect(scheduler.retiredCount > 0, "the last quick reads finished after the last submit are kept")
        // The next submit lets go of those (only the long read and the new one remain).
        submit(scheduler, watch, finished: finished)
        #expect(watch.waitUntil(aliveAtMost: 2), "\(watch.alive) reads still held")
        gate.signal()
        for _ in 0..<2 { finished.wait() }
        #expect(watch.waitUntil(aliveAtMost: 0), "\(watch.alive) reads still held at the end")
    }
}

/// Queued reads that may share a snapshot run as runs on their reader thread (see `ReadRuns`):
/// a run holds reads received before its first was taken, with no write received between them,
/// and ends at the first read that cannot join, after its most reads, or when the queue is empty.
@Suite struct SchedulerReadRunTests {
    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: [String] = []

        func add(_ entry: String) {
            lock.lock()
            entries.append(entry)
            lock.unlock()
        }

        var all: [String] {
            lock.lock()
            defer { lock.unlock() }
            return entries
        }

        /// Waits up to five seconds for `entry` to be logged.
        func waitFor(_ entry: String) -> Bool {
            let deadline = Date().addingTimeInterval(5)
            while !all.contains(entry) {
                if Date() > deadline { return false }
                Thread.sleep(forTimeInterval: 0.002)
            }
            return true
        }
    }

    func scheduler(_ log: Log, maxLength: Int = 64) -> Scheduler {
        var runs = ReadRuns(begin: { log.add("begin") }, end: { log.add("end") })
        runs.maxLength = maxLength
        runs.maxMillis = 60_000
        return Scheduler(readThreads: 1, readRuns: runs)
    }

    func read(_ scheduler: Scheduler, _ log: Log, _ name: String, sharing: Bool = true, gate: DispatchSemaphore? = nil) {
        scheduler.submitRead(sharesSnapshot: sharing) { _ in
            gate?.wait()
            log.add(name)
        }
    }

    @Test func readsQueuedTogetherShareARunUntilAWriteOrAnotherKindOfRead() {
        let log = Log()
        let scheduler = scheduler(log)
        let gate = DispatchSemaphore(value: 0)
        // The one reader is kept busy while the rest is queued behind it.
        read(scheduler, log, "blocker", sharing: false, gate: gate)
        read(scheduler, log, "r1")
        read(scheduler, log, "r2")
        scheduler.submitWrite { _ in log.add("w") }
        read(scheduler, log, "r3")
        read(scheduler, log, "r4")
        read(scheduler, log, "plain", sharing: false)
        read(scheduler, log, "r5")
        gate.signal()
        #expect(log.waitFor("r5"))
        let deadline = Date().addingTimeInterval(5)
        while log.all.last != "end" && Date() < deadline { Thread.sleep(forTimeInterval: 0.002) }
        // The write runs once r1 and r2 are done and before r3; where it falls beside the end of
        // the first run is up to the threads.
        let withoutWrite = log.all.filter { $0 != "w" }
        #expect(withoutWrite == ["blocker", "begin", "r1", "r2", "end", "begin", "r3", "r4", "end", "plain", "begin", "r5", "end"])
        let entries = log.all
        if let write = entries.firstIndex(of: "w"), let r2 = entries.firstIndex(of: "r2"), let r3 = entries.firstIndex(of: "r3") {
            #expect(r2 < write && write < r3)
        } else {
            Issue.record("the write or a read did not run: \(entries)")
        }
    }

    @Test func aReadReceivedAfterTheRunBeganStartsAnother() {
        let log = Log()
        let scheduler = scheduler(log)
        let gate = DispatchSemaphore(value: 0)
        // r1 is taken (and its run begun) before r2 is received: r2 may need a newer snapshot.
        read(scheduler, log, "r1", gate: gate)
        #expect(log.waitFor("begin"))
        read(scheduler, log, "r2")
        gate.signal()
        #expect(log.waitFor("r2"))
        let deadline = Date().addingTimeInterval(5)
        while log.all.count < 6 && Date() < deadline { Thread.sleep(forTimeInterval: 0.002) }
        #expect(log.all == ["begin", "r1", "end", "begin", "r2", "end"])
    }

    @Test func aRunHoldsAtMostItsLength() {
        let log = Log()
        let scheduler = scheduler(log, maxLength: 2)
        let gate = DispatchSemaphore(value: 0)
        read(scheduler, log, "blocker", sharing: false, gate: gate)
        for index in 1...5 { read(scheduler, log, "r\(index)") }
        gate.signal()
        #expect(log.waitFor("r5"))
        let deadline = Date().addingTimeInterval(5)
        while log.all.last != "end" && Date() < deadline { Thread.sleep(forTimeInterval: 0.002) }
        #expect(log.all == ["blocker", "begin", "r1", "r2", "end", "begin", "r3", "r4", "end", "begin", "r5", "end"])
    }

    @Test func withoutRunsEveryReadRunsOnItsOwn() {
        let log = Log()
        let scheduler = Scheduler(readThreads: 1)
        let gate = DispatchSemaphore(value: 0)
        read(scheduler, log, "blocker", sharing: false, gate: gate)
        for index in 1...3 { read(scheduler, log, "r\(index)") }
        gate.signal()
        #expect(log.waitFor("r3"))
        #expect(log.all == ["blocker", "r1", "r2", "r3"])
    }
}
