import Synchronization

/// The tables a piece of work read, collected while it runs under `Store.readTracker` (a live
/// query's first run: its re-runs are needed only after commits that touched these tables).
public final class ReadTracker: Sendable {
    private let names = Mutex<Set<String>>([])

    public init() {}

    public var tables: Set<String> { names.withLock { $0 } }

    func add(_ table: String) { _ = names.withLock { $0.insert(table) } }
}
