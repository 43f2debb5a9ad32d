#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A mutex with a condition variable (pthreads), for the few places where a thread must sleep
/// until another changes shared state: a job queue, a connection pool, in-flight accounting.
///
/// Written against pthreads directly so the server's modules need nothing from Foundation,
/// which would link ICU's tens of megabytes into the binary and its start-up. A value holding
/// one object that carries both pthread structures in itself: a request's context makes one of
/// these per call, and a class pointing to a separate block of them cost two allocations.
public struct ConditionLock: @unchecked Sendable {
    private let storage: ConditionLockStorage

    public init() {
        storage = ConditionLockStorage.create(minimumCapacity: 1) { _ in pthread_cond_t() } as! ConditionLockStorage
        storage.withUnsafeMutablePointers { condition, mutex in
            pthread_mutex_init(mutex, nil)
            pthread_cond_init(condition, nil)
        }
    }

    public func lock() { storage.withUnsafeMutablePointerToElements { _ = pthread_mutex_lock($0) } }
    public func unlock() { storage.withUnsafeMutablePointerToElements { _ = pthread_mutex_unlock($0) } }

    /// Releases the lock, sleeps until signalled, and takes the lock again. Call in a loop that
    /// re-checks its predicate: wake-ups may be spurious.
    public func wait() { storage.withUnsafeMutablePointers { _ = pthread_cond_wait($0, $1) } }

    /// Like `wait()`, but gives up at `deadline` (milliseconds on the realtime clock); returns
    /// false when it timed out.
    @discardableResult
    public func wait(untilMillis deadline: Int64) -> Bool {
        var time = timespec(tv_sec: Int(deadline / 1000), tv_nsec: Int(deadline % 1000) * 1_000_000)
        return storage.withUnsafeMutablePointers { pthread_cond_timedwait($0, $1, &time) == 0 }
    }

    /// Milliseconds since the epoch on the realtime clock (the clock `wait(untilMillis:)` uses).
    public static func nowMillis() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    public func signal() { storage.withUnsafeMutablePointerToHeader { _ = pthread_cond_signal($0) } }
    public func broadcast() { storage.withUnsafeMutablePointerToHeader { _ = pthread_cond_broadcast($0) } }

    @inline(__always)
    public func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock()
        defer { unlock() }
        return try body()
    }
}

/// The condition variable as the header and the mutex as the one element of a single object;
/// the object never moves, so the pointers pthreads keeps stay valid.
private final class ConditionLockStorage: ManagedBuffer<pthread_cond_t, pthread_mutex_t> {
    deinit {
        withUnsafeMutablePointers { condition, mutex in
            pthread_cond_destroy(condition)
            pthread_mutex_destroy(mutex)
        }
    }
}

/// Starts a detached thread running `body`, with a stack of `stackSize` bytes.
public func startThread(name: String, stackSize: Int = 4 << 20, _ body: @escaping @Sendable () -> Void) {
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    pthread_attr_setstacksize(&attributes, stackSize)
    pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
    defer { pthread_attr_destroy(&attributes) }
    let context = Unmanaged.passRetained(ThreadStart(name: name, body: body)).toOpaque()
    #if canImport(Glibc)
    var thread = pthread_t()
    #else
    var thread: pthread_t?
    #endif
    let rc = pthread_create(&thread, &attributes, { raw in
        ThreadStart.run(raw)
        return nil
    }, context)
    precondition(rc == 0, "pthread_create failed: \(rc)")
}

/// What a new thread needs, passed through pthread_create's single pointer.
private final class ThreadStart: @unchecked Sendable {
    let name: String
    let body: @Sendable () -> Void

    init(name: String, body: @escaping @Sendable () -> Void) {
        self.name = name
        self.body = body
    }

    static func run(_ raw: UnsafeMutableRawPointer?) {
        guard let raw else { return }
        let start = Unmanaged<ThreadStart>.fromOpaque(raw).takeRetainedValue()
        #if canImport(Darwin)
        // Names show up in debuggers (Glibc does not export pthread_setname_np to Swift).
        pthread_setname_np(String(start.name.prefix(15)))
        #endif
        start.body()
    }
}
