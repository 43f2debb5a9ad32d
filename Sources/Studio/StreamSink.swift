import JSONRPC

/// The output of one WebSocket connection: every line (answers and notifications) goes into a
/// stream that the connection's writer task sends, one text message per line.
final class StreamSink: OutputSink {
    private let continuation: AsyncStream<[UInt8]>.Continuation

    init(_ continuation: AsyncStream<[UInt8]>.Continuation) {
        self.continuation = continuation
    }

    func send(_ line: [UInt8]) { continuation.yield(line) }
}
