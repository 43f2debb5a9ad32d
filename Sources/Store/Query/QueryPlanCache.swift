import Primitives

/// Compiled SQL and row shapes by request shape, so that a repeated request (a point lookup, the
/// next page of a walk, the next batch of inserts) builds no SQL text: it binds its values to
/// the cached text, whose prepared statement each connection caches in turn.
///
/// Entries belong to one schema generation; a newer generation (after a migration) empties the
/// cache. Shared by every thread behind a lock, held only for the dictionary access.
public final class QueryPlanCache<Key: Hashable & Sendable, Plan: Sendable>: @unchecked Sendable {
    private let lock = ConditionLock()
    private var plans: [Key: Plan] = [:]
    private var generation: UInt64 = 0
    private let capacity: Int

    public init(capacity: Int = 1024) {
        self.capacity = max(1, capacity)
    }

    /// The plan cached for `key` in `generation`, or the one `build` makes (then cached).
    public func plan(for key: Key, generation: UInt64, build: () throws -> Plan) throws -> Plan {
        lock.lock()
        if generation > self.generation {
            plans.removeAll(keepingCapacity: true)
            self.generation = generation
        }
        if generation == self.generation, let plan = plans[key] {
            lock.unlock()
            return plan
        }
        lock.unlock()
        let plan = try build()
        lock.lock()
        if generation == self.generation {
            if plans.count >= capacity { plans.removeAll(keepingCapacity: true) }
            plans[key] = plan
        }
        lock.unlock()
        return plan
    }

    public var count: Int { lock.withLock { plans.count } }
}
