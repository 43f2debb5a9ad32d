import JSONRPC
import Synchronization

/// The output of one `POST /rpc`: keeps the answer line, drops notifications (progress goes to
/// WebSocket clients only; an HTTP answer has nowhere to put it before the answer itself).
final class CollectingSink: OutputSink {
    private let answer = Mutex<[UInt8]?>(nil)

    func send(_ line: [UInt8]) {
        if Self.isNotification(line) { return }
        answer.withLock { $0 = line }
    }

    var line: [UInt8]? { answer.withLock { $0 } }

    /// Server notifications start `{"jsonrpc":"2.0","method"`; answers carry an id first.
    static func isNotification(_ line: [UInt8]) -> Bool {
        let prefix = #"{"jsonrpc":"2.0","method""#.utf8
        return line.count > prefix.count && line.prefix(prefix.count).elementsEqual(prefix)
    }
}
