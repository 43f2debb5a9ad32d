import Primitives
import JSON

/// One host connection served by a dispatcher (stdio, or one WebSocket of the studio): where
/// notifications that belong to no request go (`watch/changed` after another process wrote),
/// and what must be let go when it ends (its live queries).
public final class Session: @unchecked Sendable {
    public let id: UInt64
    private let send: @Sendable ([UInt8]) -> Void
    private let lock = ConditionLock()
    private var endHandlers: [@Sendable () -> Void] = []
    private var ended = false

    private static let counter = ConditionLock()
    nonisolated(unsafe) private static var lastID: UInt64 = 0

    init(send: @escaping @Sendable ([UInt8]) -> Void) {
        id = Self.counter.withLock {
            Self.lastID += 1
            return Self.lastID
        }
        self.send = send
    }

    /// Sends a notification whose params are already encoded JSON.
    public func notify(method: String, encodedParams: [UInt8]) {
        guard !isEnded else { return }
        send(ResponseEncoder.notification(method: method, encodedParams: encodedParams))
    }

    public var isEnded: Bool { lock.withLock { ended } }

    /// Runs `handler` when the session ends (at once when it already has).
    public func onEnd(_ handler: @escaping @Sendable () -> Void) {
        let runNow = lock.withLock {
            if ended { return true }
            endHandlers.append(handler)
            return false
        }
        if runNow { handler() }
    }

    func end() {
        let handlers = lock.withLock {
            ended = true
            defer { endHandlers = [] }
            return endHandlers
        }
        for handler in handlers { handler() }
    }
}
