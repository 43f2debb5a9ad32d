/// A `postgres://` or `postgresql://` location, as libpq reads one: user and password,
/// one or more `host:port` pairs (tried in order), the database name, and the query options
/// wizdb uses (`target_session_attrs`, `host` for a socket folder, `connect_timeout`).
public struct PostgresURL: Sendable, Equatable {
    public struct Endpoint: Sendable, Equatable {
        public var host: String
        public var port: Int
        /// A Unix socket folder (`?host=/run/postgresql` or a host starting with `/`): the
        /// connection goes to `<folder>/.s.PGSQL.<port>`.
        public var socketFolder: String?

        public var socketPath: String? { socketFolder.map { "\($0)/.s.PGSQL.\(port)" } }
    }

    public var user: String
    public var password: String?
    public var endpoints: [Endpoint]
    public var database: String
    /// Only a server that accepts writes will do (`read-write`), or any (`any`, the default).
    public var requiresPrimary: Bool
    public var connectTimeoutSeconds: Int

    /// Whether `text` names a server database rather than a SQLite file.
    public static func isServerURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public init(_ text: String) throws(PostgresURLError) {
        guard let schemeEnd = text.firstRange(of: "://"), Self.isServerURL(text) else {
            throw PostgresURLError(message: "a PostgreSQL location starts with postgres:// or postgresql://")
        }
        var rest = Substring(text[schemeEnd.upperBound...])
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var userInfo: Substring = ""
        if let at = rest.lastIndex(of: "@") {
            userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
        }
        if let colon = userInfo.firstIndex(of: ":") {
            user = try Self.decode(userInfo[..<colon])
            password = try Self.decode(userInfo[userInfo.index(after: colon)...])
        } else {
            user = try Self.decode(userInfo)
            password = nil
        }
        if user.isEmpty { user = "postgres" }
        database = path.isEmpty ? user : try Self.decode(path)

        var socketFolder: String?
        var hostOverride: String?
        var portOverride: Int?
        requiresPrimary = false
        connectTimeoutSeconds = 10
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1)
            let key = String(parts[0])
            let value = parts.count > 1 ? try Self.decode(parts[1]) : ""
            switch key {
            case "target_session_attrs":
                switch value {
                case "read-write", "primary": requiresPrimary = true
                case "any", "": requiresPrimary = false
                default: throw PostgresURLError(message: "target_session_attrs \(value) is not supported (read-write or any)")
                }
            case "host":
                if value.hasPrefix("/") { socketFolder = value } else { hostOverride = value }
            case "port":
                guard let port = Int(value) else { throw PostgresURLError(message: "port \(value) is not a number") }
                portOverride = port
            case "connect_timeout":
                guard let seconds = Int(value), seconds > 0 else { throw PostgresURLError(message: "connect_timeout \(value) is not a number of seconds") }
                connectTimeoutSeconds = seconds
            case "sslmode":
                guard ["disable", "allow", "prefer"].contains(value) else {
                    throw PostgresURLError(message: "sslmode \(value) is not supported; wizdb connects without TLS (sslmode=disable)")
                }
            case "application_name", "user", "password", "dbname":
                if key == "user" { user = value }
                if key == "password" { password = value }
                if key == "dbname" { database = value }
            default:
                throw PostgresURLError(message: "unknown option \(key)")
            }
        }

        var endpoints: [Endpoint] = []
        let hosts = rest.isEmpty ? [] : rest.split(separator: ",", omittingEmptySubsequences: false)
        for entry in hosts {
            var host = Substring(entry)
            var port = portOverride ?? 5432
            if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
                let after = host[host.index(after: close)...]
                if after.hasPrefix(":") {
                    guard let number = Int(after.dropFirst()) else { throw PostgresURLError(message: "port in \(entry) is not a number") }
                    port = number
                }
                host = host[host.index(after: host.startIndex)..<close]
            } else if let colon = host.lastIndex(of: ":") {
                guard let number = Int(host[host.index(after: colon)...]) else {
                    throw PostgresURLError(message: "port in \(entry) is not a number")
                }
                port = number
                host = host[..<colon]
            }
            let name = try Self.decode(host)
            if name.hasPrefix("/") {
                endpoints.append(Endpoint(host: "localhost", port: port, socketFolder: name))
            } else {
                endpoints.append(Endpoint(host: hostOverride ?? (name.isEmpty ? "localhost" : name), port: port, socketFolder: socketFolder))
            }
        }
        if endpoints.isEmpty {
            endpoints = [Endpoint(host: hostOverride ?? "localhost", port: portOverride ?? 5432, socketFolder: socketFolder)]
        }
        self.endpoints = endpoints
    }

    /// The location without its password, for messages and logs.
    public var redacted: String {
        let hosts = endpoints.map { endpoint in
            endpoint.socketFolder.map { "\($0):\(endpoint.port)" } ?? "\(endpoint.host):\(endpoint.port)"
        }
        return "postgres://\(user)@\(hosts.joined(separator: ","))/\(database)"
    }

    private static func decode(_ text: Substring) throws(PostgresURLError) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                      let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else {
                    throw PostgresURLError(message: "a % in the location must be followed by two hex digits")
                }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

public struct PostgresURLError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { "invalid PostgreSQL location: \(message)" }
}
