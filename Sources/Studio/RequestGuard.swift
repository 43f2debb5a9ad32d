import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Checks every request before it reaches a route, and gives every response the studio's
/// security headers.
///
/// - `Host` must name a loopback address (or the `--host` address) with the port we listen on:
///   a page of another site that a DNS rebinding points at 127.0.0.1 sends its own host name, and
///   gets 403.
/// - On `/rpc`, an `Origin` header (every browser sends one with a POST or a WebSocket) must be
///   this server's own origin (403 otherwise), and the token must come as `Authorization: Bearer`
///   (or, on a WebSocket handshake, where a browser cannot set headers, as the subprotocol
///   `bearer.<token>`); 401 otherwise, compared in constant time.
/// - Responses carry a strict Content-Security-Policy, `nosniff`, no caching, no framing and no
///   CORS headers (cross-origin pages can neither read them nor preflight a call).
struct RequestGuard<Context: RequestContext>: RouterMiddleware {
    let token: SessionToken
    let hosts: AllowedHosts
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        if let refusal = refusal(for: request) {
            logger.notice("refused \(request.method) \(request.uri.path): \(refusal.reason)")
            response = Self.plain(refusal.status, refusal.reason)
        } else {
            do {
                response = try await next(request, context)
            } catch let error as HTTPError {
                response = Self.plain(error.status, error.body ?? error.status.reasonPhrase)
            }
        }
        SecurityHeaders.apply(to: &response.headers)
        return response
    }

    struct Refusal {
        let status: HTTPResponse.Status
        let reason: String
    }

    /// Why a request may not go on, or nil when it may.
    func refusal(for request: Request) -> Refusal? {
        guard let authority = request.head.authority, hosts.allows(authority) else {
            return Refusal(status: .forbidden, reason: "the Host header must name this server's loopback address and port")
        }
        guard request.uri.path == "/rpc" else { return nil }
        if let origin = request.headers[.origin], origin != "http://" + authority {
            return Refusal(status: .forbidden, reason: "requests from another origin are refused")
        }
        guard hasToken(request) else {
            return Refusal(status: .unauthorized, reason: "a valid token is needed: Authorization: Bearer <token> (the token is in the URL wizdb studio printed)")
        }
        return nil
    }

    private func hasToken(_ request: Request) -> Bool {
        var found = false
        for value in request.headers[values: .authorization] {
            let prefix = "Bearer "
            if value.utf8.count > prefix.utf8.count, value.lowercased().hasPrefix("bearer ") {
                found = token.matches(value.utf8.dropFirst(prefix.utf8.count)) || found
            }
        }
        if request.headers[.upgrade]?.lowercased() == "websocket" {
            for offered in Self.offeredSubprotocols(request) where offered.hasPrefix("bearer.") {
                found = token.matches(offered.utf8.dropFirst("bearer.".utf8.count)) || found
            }
        }
        return found
    }

    static func offeredSubprotocols(_ request: Request) -> [Substring] {
        request.headers[values: .secWebSocketProtocol].flatMap { value in
            value.split(separator: ",").map { $0.trimmingCharacters(in: " \t") }
        }
    }

    static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n")))
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> Substring {
        var result = self
        while let first = result.first, set.contains(first) { result = result.dropFirst() }
        while let last = result.last, set.contains(last) { result = result.dropLast() }
        return result
    }
}
