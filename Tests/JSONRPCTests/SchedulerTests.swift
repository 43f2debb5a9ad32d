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
