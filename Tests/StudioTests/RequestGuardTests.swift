@testable import Studio
import Testing

/// The Host rule in isolation (the browser tests check it end to end, with the token and Origin rules).
@Suite struct RequestGuardTests {
    @Test(arguments: [
        ("127.0.0.1:4000", true), ("localhost:4000", true), ("LOCALHOST:4000", true), ("[::1]:4000", true),
        ("127.0.0.1:4001", false), ("127.0.0.1", false), ("evil.example:4000", false), ("127.0.0.1.evil.example:4000", false),
        ("", false), (":4000", false), ("10.0.0.5:4000", false),
    ])
    func loopbackHostsWithOurPort(authority: String, allowed: Bool) {
        let port = BoundPort()
        port.set(4000)
        #expect(AllowedHosts(extraHost: nil, port: port).allows(authority) == allowed, "Host: \(authority)")
    }

    @Test func theHostAddressIsAllowedWhenGiven() {
        let port = BoundPort()
        port.set(4000)
        let hosts = AllowedHosts(extraHost: "10.0.0.5", port: port)
        #expect(hosts.allows("10.0.0.5:4000"))
        #expect(!hosts.allows("10.0.0.6:4000"))
        #expect(hosts.allows("localhost:4000"))
    }

    @Test func nothingIsAllowedBeforeThePortIsBound() {
        #expect(!AllowedHosts(extraHost: nil, port: BoundPort()).allows("127.0.0.1:0"))
    }

    @Test func theURLCarriesTheTokenInItsFragment() {
        let token = SessionToken(text: "ab12")
        #expect(StudioServer.url(host: "127.0.0.1", port: 8080, token: token) == "http://127.0.0.1:8080/#token=ab12")
        #expect(StudioServer.url(host: "::1", port: 8080, token: token) == "http://[::1]:8080/#token=ab12")
    }

    @Test func theContentSecurityPolicyAllowsOnlyTheStudioItself() {
        let policy = SecurityHeaders.contentSecurityPolicy
        #expect(policy.hasPrefix("default-src 'self';"))
        #expect(!policy.contains("unsafe") && !policy.contains("*"))
    }
}
