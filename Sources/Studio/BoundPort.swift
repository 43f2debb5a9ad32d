import Synchronization

/// The port the server listens on, known only once it is bound (`--port 0` picks one); the
/// request guard compares `Host` headers with it.
final class BoundPort: Sendable {
    private let value = Atomic<Int>(0)

    var port: Int { value.load(ordering: .acquiring) }

    func set(_ port: Int) { value.store(port, ordering: .releasing) }
}
