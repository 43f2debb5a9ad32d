import Primitives

/// A fixed set of dedicated threads taking jobs from one FIFO queue.
///
/// Dedicated threads rather than GCD: jobs block on SQLite (busy waits, long statements), and a
/// blocked GCD worker makes GCD start more threads; here the number of threads is the number of
/// jobs that can run at once, by construction.
final class WorkerPool: @unchecked Sendable {
    private let queue = JobQueue()

    init(name: String, threads: Int) {
        for index in 0..<max(1, threads) {
            // Threads hold the queue, not the pool, so releasing the pool lets them finish and end.
            startThread(name: threads == 1 ? name : "\(name)-\(index)") { [queue] in queue.work() }
        }
    }

    deinit { queue.close() }

    func submit(_ job: @escaping @Sendable () -> Void) { queue.submit(job) }
}

/// A FIFO of jobs behind a condition variable; `work()` runs jobs until the queue is closed and empty.
final class JobQueue: @unchecked Sendable {
    private static let finished: @Sendable () -> Void = {}

    private let condition = ConditionLock()
    private var jobs: [(@Sendable () -> Void)] = []
    private var head = 0
    private var closed = false

    func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    func work() {
        while true {
            condition.lock()
            while head == jobs.count && !closed { condition.wait() }
            if head == jobs.count {
                condition.unlock()
                return
            }
            let job = jobs[head]
            // Drop the queue's reference now: a job holds its parsed request, and a queue that
            // never drains (a pipelined bulk load) would otherwise keep every finished one alive.
            jobs[head] = JobQueue.finished
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            } else if head > 1024 && head * 2 > jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            condition.unlock()
            job()
        }
    }
}

/// Runs jobs by lane while keeping the ordering promise: a request observes exactly the writes
/// received before it. Writes run one at a time in arrival order; reads run concurrently, but a
/// read that arrives while writes are pending is routed through the write queue first, so it
/// starts only after those writes have finished; and a write starts only once the reads handed
/// to the readers before it have finished, so no read sees a write received after it.
final class Scheduler: @unchecked Sendable {
    private let writes: WorkerPool
    private let reads: WorkerPool
    private let lock = ConditionLock()
    private var pendingWrites = 0
    /// Reads handed to the reader threads and not finished yet.
    private var runningReads = 0

    init(readThreads: Int) {
        writes = WorkerPool(name: "wizdb-writer", threads: 1)
        reads = WorkerPool(name: "wizdb-reader", threads: readThreads)
    }

    func submitWrite(_ job: @escaping @Sendable () -> Void) {
        lock.lock()
        pendingWrites += 1
        lock.unlock()
        writes.submit { [self] in
            lock.lock()
            while runningReads > 0 { lock.wait() }
            lock.unlock()
            job()
            lock.lock()
            pendingWrites -= 1
            lock.unlock()
        }
    }

    func submitRead(_ job: @escaping @Sendable () -> Void) {
        lock.lock()
        let mustWait = pendingWrites > 0
        if !mustWait { runningReads += 1 }
        lock.unlock()
        if mustWait {
            writes.submit { [self] in
                lock.lock()
                runningReads += 1
                lock.unlock()
                dispatch(job)
            }
        } else {
            dispatch(job)
        }
    }

    private func dispatch(_ job: @escaping @Sendable () -> Void) {
        reads.submit { [self] in
            job()
            lock.lock()
            runningReads -= 1
            if runningReads == 0 { lock.broadcast() }
            lock.unlock()
        }
    }
}
