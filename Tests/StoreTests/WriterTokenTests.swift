import Dispatch
import Primitives
@testable import Store
import Synchronization
import Testing

/// A wait for the writer is announced (so the scheduler lets the transaction's own calls pass
/// it) only when an interactive transaction holds the writer, never behind a brief holder.
@Suite struct WriterTokenTests {
    @Test func aWaitBehindABriefHolderIsNotAnnounced() {
        let token = WriterToken()
        #expect(token.tryAcquire())
        let told = Mutex<[Bool]>([])
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(30)) { token.release() }
        let outcome = token.acquire(until: ConditionLock.nowMillis() + 5000, acrossRequests: false,
                                    onWaiting: { waiting in told.withLock { $0.append(waiting) } })
        #expect(outcome == .acquired)
        #expect(told.withLock { $0 } == [])
        token.release()
    }

    @Test func aWaitBehindATransactionIsAnnouncedAndEnded() {
        let token = WriterToken()
        #expect(token.acquire(until: ConditionLock.nowMillis() + 1000, acrossRequests: true) == .acquired)
        let told = Mutex<[Bool]>([])
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(30)) { token.release() }
        let outcome = token.acquire(until: ConditionLock.nowMillis() + 5000, acrossRequests: false,
                                    onWaiting: { waiting in told.withLock { $0.append(waiting) } })
        #expect(outcome == .acquired)
        #expect(told.withLock { $0 } == [true, false])
        // Taken for one call: the next waiter is not announced.
        let next = Mutex<[Bool]>([])
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(30)) { token.release() }
        _ = token.acquire(until: ConditionLock.nowMillis() + 5000, acrossRequests: false,
                          onWaiting: { waiting in next.withLock { $0.append(waiting) } })
        #expect(next.withLock { $0 } == [])
        token.release()
    }

    @Test func aWaitThatTimesOutBehindATransactionEndsItsAnnouncement() {
        let token = WriterToken()
        #expect(token.acquire(until: ConditionLock.nowMillis() + 1000, acrossRequests: true) == .acquired)
        let told = Mutex<[Bool]>([])
        let outcome = token.acquire(until: ConditionLock.nowMillis() + 40, acrossRequests: false,
                                    onWaiting: { waiting in told.withLock { $0.append(waiting) } })
        #expect(outcome == .timedOut)
        #expect(told.withLock { $0 } == [true, false])
    }
}
