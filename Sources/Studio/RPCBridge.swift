import Handlers
import HummingbirdWebSocket
import JSONRPC
import Logging
import NIOCore

/// Hands HTTP bodies and WebSocket messages to the same dispatcher and handlers that serve stdio:
/// one dispatcher per `POST /rpc` and per WebSocket connection, all sharing one `Server` (one
/// store, one writer, one schema catalog).
struct RPCBridge: Sendable {
    let server: Server
    let options: Dispatcher.Options
    let maxMessageBytes: Int
    let logger: Logger

    /// The answer to one POST body (a request or a batch), exactly the line stdio would write;
    /// nil when nothing is answered (notifications only).
    func answer(_ body: ByteBuffer) async -> [UInt8]? {
        let sink = CollectingSink()
        let dispatcher = server.makeDispatcher(options: options, output: sink)
        body.withUnsafeReadableBytes { dispatcher.receive(line: $0) }
        await Self.idle(dispatcher)
        // One request, one session: a live query opened over POST has nobody to notify.
        dispatcher.endSession()
        return sink.line
    }

    /// Serves one WebSocket connection: each text message is one JSON-RPC message; answers and
    /// server notifications (`$/progress`, ...) go back as text messages.
    func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        let (lines, continuation) = AsyncStream<[UInt8]>.makeStream()
        let dispatcher = server.makeDispatcher(options: options, output: StreamSink(continuation))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await line in lines {
                    try await outbound.write(.text(String(decoding: line, as: UTF8.self)))
                }
            }
            defer { group.cancelAll() }
            do {
                for try await message in inbound.messages(maxSize: maxMessageBytes) {
                    // Never park lines: wait for answers to make room before taking the next message.
                    while !dispatcher.hasRoom { try await Task.sleep(for: .milliseconds(2)) }
                    switch message {
                    case .text(var text): text.withUTF8 { dispatcher.receive(line: UnsafeRawBufferPointer($0)) }
                    case .binary(let buffer): buffer.withUnsafeReadableBytes { dispatcher.receive(line: $0) }
                    }
                    if dispatcher.shouldExit { break }
                }
            } catch {
                logger.debug("WebSocket connection ended: \(error)")
            }
            await Self.idle(dispatcher)
            // The connection's live queries end with it.
            dispatcher.endSession()
            continuation.finish()
            try await group.next()
        }
    }

    private static func idle(_ dispatcher: Dispatcher) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            dispatcher.whenIdle { continuation.resume() }
        }
    }
}
