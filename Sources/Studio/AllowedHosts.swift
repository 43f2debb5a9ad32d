/// The `Host` header values the studio answers: the loopback names with the bound port, and the
/// `--host` address when one was given.
struct AllowedHosts: Sendable {
    let extraHost: String?
    let port: BoundPort

    func allows(_ authority: String) -> Bool {
        let port = port.port
        guard port > 0 else { return false }
        let suffix = ":\(port)"
        guard authority.hasSuffix(suffix) else { return false }
        let host = authority.dropLast(suffix.count).lowercased()
        if host == "127.0.0.1" || host == "localhost" || host == "[::1]" { return true }
        if let extraHost, host == extraHost.lowercased() || "[" + extraHost.lowercased() + "]" == host { return true }
        return false
    }
}
