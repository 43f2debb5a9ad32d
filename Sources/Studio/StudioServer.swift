import Handlers
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore

/// The studio's HTTP server: the page's files (compiled into the binary) and `/rpc`, as a POST
/// for one request or batch and as a WebSocket for requests plus the server's notifications.
/// Everything else is 404. `RequestGuard` checks every request first.
public struct StudioServer: Sendable {
    public let configuration: StudioConfiguration
    let bridge: RPCBridge
    let logger: Logger
    let boundPort = BoundPort()

    public init(server: Server, configuration: StudioConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        bridge = RPCBridge(server: server, options: configuration.dispatcherOptions,
                           maxMessageBytes: configuration.maxBodyBytes, logger: logger)
    }

    /// Serves until SIGINT or SIGTERM. `onListening` gets the page's URL (with the token in its
    /// fragment) once the port is bound.
    public func run(onListening: @escaping @Sendable (String) async -> Void) async throws {
        let router = makeRouter()
        var webSocket = WebSocketServerConfiguration(maxFrameSize: configuration.maxBodyBytes)
        webSocket.autoPing = .enabled(timePeriod: .seconds(30))
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade(webSocketRouter: router, configuration: .init(ws: webSocket)),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port),
                                                    serverName: nil),
            onServerRunning: { [boundPort, configuration] channel in
                let port = channel.localAddress?.port ?? configuration.port
                boundPort.set(port)
                await onListening(Self.url(host: configuration.host, port: port, token: configuration.token))
            },
            logger: logger
        )
        try await app.runService()
    }

    /// `http://HOST:PORT/#token=...`: the fragment never leaves the browser.
    public static func url(host: String, port: Int, token: SessionToken) -> String {
        let shown = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "http://\(shown):\(port)/#token=\(token.text)"
    }

    func makeRouter() -> Router<BasicWebSocketRequestContext> {
        let router = Router(context: BasicWebSocketRequestContext.self)
        let extraHost = StudioConfiguration.isLoopback(configuration.host) ? nil : configuration.host
        router.middlewares.add(RequestGuard(token: configuration.token, hosts: AllowedHosts(extraHost: extraHost, port: boundPort),
                                            logger: logger))
        let bridge = bridge
        let maxBody = configuration.maxBodyBytes
        router.post("/rpc") { request, _ -> Response in
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: maxBody)
            } catch {
                return RequestGuard<BasicWebSocketRequestContext>.plain(.contentTooLarge, "request bodies are limited to \(maxBody) bytes")
            }
            guard let line = await bridge.answer(body) else { return Response(status: .noContent) }
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: line)))
        }
        router.ws("/rpc") { request, _ in
            // The page offers "wizdb" next to its token; the answer must name one it offered.
            let offered = RequestGuard<BasicWebSocketRequestContext>.offeredSubprotocols(request)
            return offered.contains("wizdb") ? .upgrade([.secWebSocketProtocol: "wizdb"]) : .upgrade([:])
        } onUpgrade: { inbound, outbound, _ in
            try await bridge.serve(inbound: inbound, outbound: outbound)
        }
        let pages = configuration.pageDirectory
        router.get("/") { _, _ in Self.asset("/index.html", from: pages) }
        router.get("**") { request, _ in
            let path = request.uri.path
            // /s/<version>/<file>: the page's files under the name of this set of files, cached for good.
            if path.hasPrefix("/s/"), let slash = path.dropFirst(3).firstIndex(of: "/") {
                let version = path[path.index(path.startIndex, offsetBy: 3)..<slash]
                var response = Self.asset(String(path[slash...]), from: pages)
                if version == StudioAssets.version, pages == nil, response.status == .ok {
                    response.headers[.cacheControl] = "public, max-age=31536000, immutable"
                }
                return response
            }
            return Self.asset(path, from: pages)
        }
        return router
    }

    static func asset(_ path: String, from directory: String?) -> Response {
        let found = directory.map { StudioAsset.read(path, in: $0) } ?? StudioAssets.files[path]
        guard let asset = found else {
            return RequestGuard<BasicWebSocketRequestContext>.plain(.notFound, "not found")
        }
        return Response(status: .ok, headers: [.contentType: asset.contentType],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: asset.text)))
    }
}
