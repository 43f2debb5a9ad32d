import Primitives

/// Replays many cases, `jobs` at a time (each case is a server process of its own, so they are
/// independent), and hands each outcome to `report` in the order the cases were given, as soon
/// as it and every case before it are done.
public enum ReplaySuite {
    public static func run(_ cases: [ReplayCase], runner: ReplayRunner, jobs: Int,
                           report: @escaping @Sendable (ReplayOutcome) -> Void) -> ReplaySummary {
        let state = State(count: cases.count, report: report)
        let workers = max(1, min(jobs, cases.count))
        for index in 1..<workers {
            startThread(name: "wizdb-replay-\(index)") { work(cases, runner: runner, state: state) }
        }
        work(cases, runner: runner, state: state)
        return state.waitForAll()
    }

    private static func work(_ cases: [ReplayCase], runner: ReplayRunner, state: State) {
        while let index = state.takeNext() {
            state.finish(index, runner.run(cases[index]))
        }
    }

    /// Which case is next, the outcomes not yet reported, and the counts (behind one lock).
    private final class State: @unchecked Sendable {
        private let lock = ConditionLock()
        private let count: Int
        private let report: @Sendable (ReplayOutcome) -> Void
        private var next = 0
        private var outcomes: [Int: ReplayOutcome] = [:]
        private var nextToReport = 0
        private var summary = ReplaySummary()

        init(count: Int, report: @escaping @Sendable (ReplayOutcome) -> Void) {
            self.count = count
            self.report = report
        }

        func takeNext() -> Int? {
            lock.withLock {
                guard next < count else { return nil }
                defer { next += 1 }
                return next
            }
        }

        func finish(_ index: Int, _ outcome: ReplayOutcome) {
            lock.lock()
            defer { lock.unlock() }
            outcomes[index] = outcome
            // Reported under the lock: one at a time, in order.
            while let ready = outcomes.removeValue(forKey: nextToReport) {
                summary.add(ready.verdict)
                report(ready)
                nextToReport += 1
            }
            if nextToReport == count { lock.broadcast() }
        }

        func waitForAll() -> ReplaySummary {
            lock.lock()
            defer { lock.unlock() }
            while nextToReport < count { lock.wait() }
            return summary
        }
    }
}
