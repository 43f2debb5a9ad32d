import JSONRPC

/// How the studio listens and what it lets through.
public struct StudioConfiguration: Sendable {
    /// The address to bind: the loopback address unless `--host` says otherwise.
    public var host: String
    /// 0 picks a free port.
    public var port: Int
    public var token: SessionToken
    /// The largest `POST /rpc` body and the largest WebSocket message accepted.
    public var maxBodyBytes: Int
    /// Options of the dispatcher made for each request and each WebSocket connection.
    public var dispatcherOptions: Dispatcher.Options
    /// Serve the page's files from this folder instead of the copy compiled in (for working on
    /// the page without rebuilding); nil in normal use.
    public var pageDirectory: String?

    public init(host: String = "127.0.0.1", port: Int = 0, token: SessionToken = .random(), maxBodyBytes: Int = 16 << 20,
                dispatcherOptions: Dispatcher.Options = Dispatcher.Options()) {
        self.host = host
        self.port = port
        self.token = token
        self.maxBodyBytes = maxBodyBytes
        self.dispatcherOptions = dispatcherOptions
    }

    /// Addresses that reach only this machine.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}
