import Primitives

/// A fixed set of dedicated threads taking jobs from one FIFO queue.
///
/// Dedicated threads rather than GCD: jobs block on SQLite (busy waits, long statements), and a
/// blocked GCD worker makes GCD start more threads; here the number of threads is the number of
/// jobs that can run at once, by construction.
/// A job is a closure (`WorkerPool<@Sendable () -> Void>`, run by calling it) or a value that
/// the pool's `perform` runs, which saves wrapping it in one more closure on every submit.
final class WorkerPool<Job: Sendable>: @unchecked Sendable {
    private let queue: JobQueue<Job>

    /// `worker` is called once on each thread for what that thread runs jobs with.
    init(name: String, threads: Int, finished: Job, worker: @escaping @Sendable () -> JobWorker<Job>) {
        let queue = JobQueue(finished: finished)
        self.queue = queue
        for index in 0..<max(1, threads) {
            // Threads hold the queue, not the pool, so releasing the pool lets them finish and end.
            startThread(name: threads == 1 ? name : "\(name)-\(index)") { queue.work(worker()) }
        }
    }

    convenience init(name: String, threads: Int, finished: Job, perform: @escaping @Sendable (Job) -> Void) {
        self.init(name: name, threads: threads, finished: finished) { JobWorker(perform: { job, _ in perform(job) }) }
    }

    deinit { queue.close() }

    func submit(_ job: Job) { queue.submit(job) }
}

extension WorkerPool where Job == @Sendable () -> Void {
    convenience init(name: String, threads: Int) {
        self.init(name: name, threads: threads, finished: {}, perform: { job in job() })
    }
}

/// What one thread of a pool runs jobs with: `perform` for each job, and `idle` whenever it
/// finds the queue empty after a job (before it waits for the next, and before it ends).
struct JobWorker<Job> {
    /// Gets the job itself (moved out of the queue, not copied: a copy would retain what it
    /// holds on this thread, to be released again at its end).
    var perform: (consuming Job, JobPlace) -> Void
    var idle: () -> Void = {}
}

/// Where a taken job stood: its place among every job submitted (0 for the first), and how many
/// had been submitted when it was taken (so every job placed below that was received before).
struct JobPlace {
    let index: UInt64
    let submittedWhenTaken: UInt64
}

/// A FIFO of jobs behind a condition variable; `work(_:)` runs jobs until the queue is closed and empty.
final class JobQueue<Job: Sendable>: @unchecked Sendable {
    /// What a taken job's place holds until the queue is compacted.
    private let finished: Job

    private let condition = ConditionLock()
    private var jobs: [Job] = []
    private var head = 0
    private var closed = false
    private var submitted: UInt64 = 0
    private var taken: UInt64 = 0

    init(finished: Job) { self.finished = finished }

    func submit(_ job: Job) {
        condition.lock()
        jobs.append(job)
        submitted += 1
        condition.signal()
        condition.unlock()
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    func work(_ worker: JobWorker<Job>) {
        var owesIdle = false
        while true {
            condition.lock()
            if head == jobs.count && owesIdle {
                condition.unlock()
                owesIdle = false
                worker.idle()
                continue
            }
            while head == jobs.count && !closed { condition.wait() }
            if head == jobs.count {
                condition.unlock()
                return
            }
            // Moved out, leaving `finished` in its place: a job holds its parsed request, and a
            // queue that never drains (a pipelined bulk load) would otherwise keep every one alive.
            var job = finished
            swap(&job, &jobs[head])
            let place = JobPlace(index: taken, submittedWhenTaken: submitted)
            taken += 1
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            } else if head > 1024 && head * 2 > jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            condition.unlock()
            worker.perform(consume job, place)
            owesIdle = true
        }
    }
}

/// Reads queued one after another that may share one snapshot run as a run on their reader
/// thread, between `begin` and `end` (a database connection kept with one read transaction
/// open, see `Store.beginReadRun`): each read otherwise pays for starting and ending a
/// transaction of its own. A read joins the run going on on its thread when it may see that
/// snapshot: its method allows it (`sharesSnapshot`), no write was received between the
/// run's first read and it, and it was received before the run's first read was taken from
/// the queue (so the snapshot, taken later, holds every commit finished before it arrived).
/// A run ends once the queue is empty, at a read that cannot join it, after `maxLength`
/// reads, or once `maxMillis` have passed since it began (it holds back checkpoints).
public struct ReadRuns: Sendable {
    public var begin: @Sendable () -> Void
    public var end: @Sendable () -> Void
    public var maxLength = 64
    public var maxMillis: Int64 = 10

    public init(begin: @escaping @Sendable () -> Void, end: @escaping @Sendable () -> Void) {
        self.begin = begin
        self.end = end
    }
}

/// Runs jobs by lane while keeping requests in arrival order as far as data goes: every request
/// starts only after the writing requests received before it have finished, and a writing
/// request starts only after every request received before it has finished. Reads between two
/// writes run concurrently; writes run one at a time on the writer thread. The calls of one
/// interactive transaction run in order on a serial lane of their own: they count as writing for
/// the requests received after them (a commit changes what later reads see), but they wait for
/// nothing outside their lane (the transaction owns the writer since it began).
final class Scheduler: @unchecked Sendable {
    private let writes: WorkerPool<@Sendable () -> Void>
    private let reads: WorkerPool<ReadJob>
    private let condition = ConditionLock()
    private var nextSequence: UInt64 = 0
    /// The newest writing request received so far.
    private var lastWrite: UInt64?
    /// Requests received but not finished, oldest first (sequence numbers only grow).
    private var unfinishedReads = SequenceList()
    private var unfinishedWrites = SequenceList()
    /// Serial lanes by key, each with a thread of its own while it has jobs.
    private var serialLanes: [String: (pool: WorkerPool<@Sendable () -> Void>, pending: Int)] = [:]
    /// Reads finished during a burst, let go by the thread that submits reads (the input
    /// thread) on its next submit rather than by the reader: what a call allocated on the input
    /// thread (its context, its params) is then freed there too. The allocator keeps freed memory
    /// per thread, so memory freed by readers never came back to the input thread, whose every
    /// allocation went to the shared heap under its lock, against the readers' frees. The last
    /// read to finish with nothing else unfinished lets go of them all itself.
    private var retired: [ReadJob] = []
    /// Writes (by sequence) waiting for the writer while an open transaction holds it.
    private var waitingForWriter: Set<UInt64> = []

    /// Whether reads may run as runs (see `ReadRuns`); each reader thread keeps its own copy of them.
    private let hasReadRuns: Bool

    init(readThreads: Int, readRuns: ReadRuns? = nil) {
        hasReadRuns = readRuns != nil
        writes = WorkerPool(name: "wizdb-writer", threads: 1)
        // A queued read holds the scheduler (as a job's closure did), not the threads: the
        // scheduler owns them through the pool, and they end once it is released.
        reads = WorkerPool(name: "wizdb-reader", threads: readThreads, finished: ReadJob.finished) {
            let run = ReadRunState(readRuns)
            return JobWorker(perform: { job, place in
                                 guard let scheduler = job.scheduler else { return }
                                 scheduler.runRead(job, place, run)
                             },
                             idle: { run.close() })
        }
    }

    /// The run of reads going on on one reader thread.
    final class ReadRunState {
        /// This thread's copy (nil: no runs), kept here so that a read does not copy it again.
        private let runs: ReadRuns?
        private var isOpen = false
        private var epoch: UInt64?
        private var horizon: UInt64 = 0
        private var length = 0
        private var startedMillis: Int64 = 0

        init(_ runs: ReadRuns?) { self.runs = runs }

        /// Lets `job` join the run going on, or ends it and begins another when `job` may share
        /// one; true when it began one (its time is counted from `started()`).
        func admit(_ job: borrowing ReadJob, _ place: JobPlace) -> Bool {
            guard let runs else { return false }
            if isOpen {
                if job.sharesSnapshot && job.epoch == epoch && place.index < horizon && length < runs.maxLength
                    && ConditionLock.nowMillis() - startedMillis < runs.maxMillis {
                    length += 1
                    return false
                }
                close()
            }
            guard job.sharesSnapshot else { return false }
            runs.begin()
            isOpen = true
            epoch = job.epoch
            horizon = place.submittedWhenTaken
            length = 1
            startedMillis = ConditionLock.nowMillis()
            return true
        }

        /// The run begun by `admit` starts now: after its first read's wait for earlier writes,
        /// which must not count against its time.
        func started() { startedMillis = ConditionLock.nowMillis() }

        func close() {
            guard isOpen else { return }
            isOpen = false
            runs?.end()
        }
    }

    /// A read as queued: the job, its place in arrival order, and the newest write it must wait
    /// for (nil when every write received before it had finished when it was queued).
    struct ReadJob: Sendable {
        let scheduler: Scheduler?
        let run: @Sendable (ReadRelease) -> Void
        let sequence: UInt64
        let after: UInt64?
        /// The newest write received before it (nil: none), whichever has finished.
        let epoch: UInt64?
        /// Whether it may share a snapshot with the reads around it (see `ReadRuns`).
        let sharesSnapshot: Bool

        static let finished = ReadJob(scheduler: nil, run: { _ in }, sequence: 0, after: nil, epoch: nil, sharesSnapshot: false)
    }

    /// `job` gets a function that ends the read's hold on later writes before the job returns:
    /// a long read that has pinned its snapshot (a backup) calls it, so writes keep flowing.
    /// Lets the writes received after a read go before it has finished (see `submitRead`).
    struct ReadRelease: Sendable {
        let scheduler: Scheduler
        let sequence: UInt64

        func release() { scheduler.finishRead(sequence) }
    }

    /// `sharesSnapshot`: the read may run in a snapshot shared with the reads queued around it
    /// (see `ReadRuns`), which its method allows when it reads only through the store's `read`
    /// and `readStatement`.
    func submitRead(sharesSnapshot: Bool = false, _ job: @escaping @Sendable (_ releaseLaterWrites: ReadRelease) -> Void) {
        // The reads finished since the last submit are let go here, when this is done (see `retired`).
        var released: [ReadJob] = []
        let (sequence, after, epoch) = condition.withLock { () -> (UInt64, UInt64?, UInt64?) in
            if !retired.isEmpty { swap(&released, &retired) }
            let sequence = take()
            unfinishedReads.append(sequence)
            // With no write unfinished, every write received before this read is done: it need
            // not look again when it starts (which would take this lock on a reader).
            return (sequence, unfinishedWrites.isEmpty ? nil : lastWrite, lastWrite)
        }
        reads.submit(ReadJob(scheduler: self, run: job, sequence: sequence, after: after, epoch: epoch,
                             sharesSnapshot: sharesSnapshot && hasReadRuns))
        withExtendedLifetime(released) {}
    }

    private func runRead(_ job: consuming ReadJob, _ place: JobPlace, _ run: ReadRunState) {
        let began = run.admit(job, place)
        if let after = job.after {
            condition.withLock {
                // Wait for the writes received before this read.
                while let oldest = unfinishedWrites.first, oldest <= after { condition.wait() }
            }
            if began { run.started() }
        }
        // `finish` removes the sequence at most once, so an early release is harmless.
        job.run(ReadRelease(scheduler: self, sequence: job.sequence))
        let (idle, released) = finishRead(job.sequence, retiring: consume job)
        // With nothing unfinished, a quick read may start on the input thread and take a reader
        // connection: the run gives its own back first, before the finished reads are let go.
        if idle { run.close() }
        withExtendedLifetime(released) {}
    }

    /// `job` gets a function to call with `true` while it waits for the writer held by an open
    /// transaction, and `false` when that wait ends (see `runSerial`).
    func submitWrite(_ job: @escaping @Sendable (_ waitingForWriter: @escaping @Sendable (Bool) -> Void) -> Void) {
        let sequence = registerWrite()
        writes.submit { [self] in
            runWrite(sequence) {
                job { [self] waiting in setWaitingForWriter(sequence, waiting) }
            }
        }
    }

    private func setWaitingForWriter(_ sequence: UInt64, _ waiting: Bool) {
        condition.withLock {
            if waiting { waitingForWriter.insert(sequence) } else { waitingForWriter.remove(sequence) }
            condition.broadcast()
        }
    }

    func submitSerial(_ key: String, _ job: @escaping @Sendable () -> Void) {
        let sequence = registerWrite()
        let pool: WorkerPool = condition.withLock {
            var lane = serialLanes[key] ?? (WorkerPool(name: "wizdb-serial", threads: 1), 0)
            lane.pending += 1
            serialLanes[key] = lane
            return lane.pool
        }
        pool.submit { [self] in
            runSerial(sequence, job)
            condition.withLock {
                guard var lane = serialLanes[key] else { return }
                lane.pending -= 1
                // An idle lane is dropped; its thread ends once the pool is released.
                if lane.pending == 0 {
                    serialLanes[key] = nil
                    if serialLanes.isEmpty { condition.broadcast() }
                } else {
                    serialLanes[key] = lane
                }
            }
        }
    }

    /// Blocks until every call submitted to a serial lane has run (at the end of input, before
    /// the transactions left open are rolled back: a commit already received must not lose).
    func waitForSerialLanes() {
        condition.withLock {
            while !serialLanes.isEmpty { condition.wait() }
        }
    }

    /// A call of an interactive transaction waits for the requests received before it (its
    /// `transaction.begin` among them, when a host pipelines it with ids it can predict), except
    /// a write waiting for the writer and whatever was received after that write: the
    /// transaction holds the writer, so none of those can commit before it ends, and waiting for
    /// them would hold its commit behind the very write that waits for the commit.
    private func runSerial(_ sequence: UInt64, _ job: @Sendable () -> Void) {
        condition.withLock {
            while true {
                let horizon = min(sequence, waitingForWriter.min() ?? .max)
                let oldest = min(unfinishedReads.first ?? .max, unfinishedWrites.first ?? .max)
                if oldest >= horizon { break }
                condition.wait()
            }
        }
        job()
        finishWrite(sequence)
    }

    /// How many finished reads wait to be let go (see `retired`).
    var retiredCount: Int { condition.withLock { retired.count } }

    /// Nothing received is unfinished: a call run right now on the caller's thread keeps order.
    var isIdle: Bool { condition.withLock { unfinishedReads.isEmpty && unfinishedWrites.isEmpty } }

    private func registerWrite() -> UInt64 {
        condition.withLock {
            let sequence = take()
            unfinishedWrites.append(sequence)
            lastWrite = sequence
            return sequence
        }
    }

    private func runWrite(_ sequence: UInt64, _ job: @Sendable () -> Void) {
        condition.withLock {
            // Wait for every request received before this one.
            while (unfinishedReads.first.map { $0 < sequence } ?? false) || (unfinishedWrites.first.map { $0 < sequence } ?? false) {
                condition.wait()
            }
        }
        job()
        finishWrite(sequence)
    }

    private func take() -> UInt64 {
        defer { nextSequence += 1 }
        return nextSequence
    }

    /// A read's end: `job` is kept in `retired` while other reads are unfinished. Returns whether
    /// no read is unfinished now, and the finished reads for the caller to let go of (after the
    /// lock, not inside it).
    private func finishRead(_ sequence: UInt64, retiring job: consuming ReadJob) -> (idle: Bool, released: [ReadJob]) {
        var released: [ReadJob] = []
        condition.lock()
        // Only the oldest finishing can let a waiting request go.
        if unfinishedReads.remove(sequence) == true { condition.broadcast() }
        let idle = unfinishedReads.isEmpty
        if idle {
            swap(&released, &retired)
        } else {
            retired.append(job)
        }
        condition.unlock()
        return (idle, released)
    }

    // Two functions rather than one taking a key path: a key path is looked up and applied
    // through the runtime, on every request.
    fileprivate func finishRead(_ sequence: UInt64) {
        condition.lock()
        // Only the oldest finishing can let a waiting request go.
        if unfinishedReads.remove(sequence) == true { condition.broadcast() }
        condition.unlock()
    }

    private func finishWrite(_ sequence: UInt64) {
        condition.lock()
        if unfinishedWrites.remove(sequence) == true { condition.broadcast() }
        condition.unlock()
    }
}

/// Sequence numbers in the order they were added (which is increasing), removed in any order:
/// a removal finds its number by binary search and only marks it, and the oldest ones marked
/// are dropped from the front, so neither end costs a move of the rest.
struct SequenceList {
    private var sequences: [UInt64] = []
    private var removed: [Bool] = []
    private var head = 0
    /// Numbers marked removed at or after `head`.
    private var markedBehindHead = 0

    var first: UInt64? { head < sequences.count ? sequences[head] : nil }
    var isEmpty: Bool { head == sequences.count }
    /// How many numbers are kept, removed ones not yet dropped included.
    var count: Int { sequences.count - head }

    /// `sequence` must be greater than every number added before.
    mutating func append(_ sequence: UInt64) {
        sequences.append(sequence)
        removed.append(false)
    }

    /// Removes `sequence`; true when it was the oldest, false when another was, nil when it is
    /// not in the list (any more).
    mutating func remove(_ sequence: UInt64) -> Bool? {
        var low = head
        var high = sequences.count
        while low < high {
            let middle = (low + high) / 2
            if sequences[middle] < sequence { low = middle + 1 } else { high = middle }
        }
        guard low < sequences.count, sequences[low] == sequence, !removed[low] else { return nil }
        removed[low] = true
        markedBehindHead += 1
        guard low == head else {
            // A long call at the front keeps the ones finished after it: drop them now and
            // then, so the list stays as long as what is unfinished, not what ran meanwhile.
            if markedBehindHead >= 1024, markedBehindHead * 2 >= sequences.count - head { compact() }
            return false
        }
        while head < sequences.count, removed[head] {
            head += 1
            markedBehindHead -= 1
        }
        if head == sequences.count {
            sequences.removeAll(keepingCapacity: true)
            removed.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024, head * 2 >= sequences.count {
            sequences.removeFirst(head)
            removed.removeFirst(head)
            head = 0
        }
        return true
    }

    private mutating func compact() {
        var kept: [UInt64] = []
        kept.reserveCapacity(sequences.count - head - markedBehindHead)
        for index in head..<sequences.count where !removed[index] { kept.append(sequences[index]) }
        sequences = kept
        removed = Array(repeating: false, count: kept.count)
        head = 0
        markedBehindHead = 0
    }
}
