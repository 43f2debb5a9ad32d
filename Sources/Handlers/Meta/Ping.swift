import JSONRPC

/// `ping`: answers `{}` at once; a host uses it to check the process is alive and to measure latency.
enum Ping {
    static let name = "ping"
    private static let emptyObject: [UInt8] = Array("{}".utf8)

    static func method(_ server: Server) -> Method {
        Method(name, lane: .inline) { context in
            _ = try Params(context.params, allowed: [])
            return .encoded(emptyObject)
        }
    }
}
