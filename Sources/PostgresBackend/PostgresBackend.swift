import Foundation
import Logging
import PostgresNIO
import Store
import Synchronization

/// The PostgreSQL backend: where connections come from (the hosts of a `postgres://` location,
/// tried in order, the first primary when `target_session_attrs=read-write`), and what
/// `initialize` reports about the server.
public final class PostgresBackend: RemoteBackend {
    public let url: PostgresURL
    public let dialect: any SQLDialect = PostgresDialect()
    public var name: String { "postgres" }
    public var displayName: String { url.redacted }
    let logger: Logger
    private let version = Mutex<String>("")
    private let nextID = Atomic<Int>(1)

    /// Each connection's `statement_timeout` in milliseconds (`--statement-timeout`; 0: the server's own).
    let statementTimeoutMs: Int64

    /// The backend for a postgres:// location, and its name for messages (without the password).
    @Sendable
    public static func serverBackend(location: String, statementTimeoutMs: Int64) throws -> (name: String, backend: any RemoteBackend) {
        let url = try PostgresURL(location)
        return (url.redacted, PostgresBackend(url: url, statementTimeoutMs: statementTimeoutMs))
    }

    public init(url: PostgresURL, statementTimeoutMs: Int64 = 0, logger: Logger = Logger(label: "wizdb.postgres")) {
        self.url = url
        self.statementTimeoutMs = max(0, statementTimeoutMs)
        self.logger = logger
    }

    public var serverVersion: String { version.withLock { $0 } }

    public func connect(readOnly: Bool) throws -> any RemoteConnection {
        let connection = PostgresRemoteConnection(backend: self, readOnly: readOnly)
        // Opening now turns a wrong location or password into a start-up error.
        try connection.open()
        return connection
    }

    func noteServerVersion(_ text: String) { version.withLock { $0 = text } }

    func makeID() -> Int { nextID.add(1, ordering: .relaxed).oldValue }

    /// A new connection to the first host that answers (and accepts writes, when required).
    func openConnection() throws -> (PostgresConnection, backendPID: Int32) {
        var failures: [String] = []
        for endpoint in url.endpoints {
            var configuration: PostgresConnection.Configuration
            if let socket = endpoint.socketPath {
                configuration = .init(unixSocketPath: socket, username: url.user, password: url.password, database: url.database)
            } else {
                configuration = .init(host: endpoint.host, port: endpoint.port, username: url.user, password: url.password,
                                      database: url.database, tls: .disable)
            }
            configuration.options.connectTimeout = .seconds(Int64(url.connectTimeoutSeconds))
            let place = endpoint.socketPath ?? "\(endpoint.host):\(endpoint.port)"
            let connection: PostgresConnection
            do {
                connection = try PostgresConnection.connect(on: PostgresConnection.defaultEventLoopGroup.any(), configuration: configuration,
                                                            id: makeID(), logger: logger).wait()
            } catch {
                failures.append("\(place): \(PostgresErrors.describe(error))")
                continue
            }
            do {
                let facts = try connection.query("SELECT pg_backend_pid(), current_setting('server_version'), pg_is_in_recovery()",
                                                 logger: logger).wait()
                guard let row = facts.rows.first else { throw PostgresErrors.unexpected("no answer to the connection check") }
                let (pid, version, inRecovery) = try row.decode((Int32, String, Bool).self)
                if url.requiresPrimary && inRecovery {
                    failures.append("\(place): a standby (read-only), and the location asks for read-write")
                    try? connection.close().wait()
                    continue
                }
                noteServerVersion(version)
                return (connection, pid)
            } catch {
                try? connection.close().wait()
                failures.append("\(place): \(PostgresErrors.describe(error))")
            }
        }
        throw StoreError.unavailable(message: "no server of \(url.redacted) could be used (\(failures.joined(separator: "; ")))")
    }

    /// Asks the server, over a connection of its own, to stop what the backend `pid` runs now.
    func cancelBackend(_ pid: Int32) {
        guard let (connection, _) = try? openConnection() else { return }
        _ = try? connection.query("SELECT pg_cancel_backend(\(pid))", logger: logger).wait()
        try? connection.close().wait()
    }
}

extension PostgresBackend {
    /// `pg_dump --format=custom` of the database (one snapshot, taken while writes go on), to
    /// the current primary when the location lists several hosts.
    public func dump(to path: String) throws {
        try runTool("pg_dump", ["--format=custom", "--no-owner", "--file=\(path)", "--dbname=\(connectionString)"])
    }

    /// `pg_restore --list`: the dump's table of contents can be read.
    public func verifyDump(at path: String) throws {
        try runTool("pg_restore", ["--list", path])
    }

    /// libpq's key-value form of the location (the password goes in the environment instead).
    var connectionString: String {
        func quoted(_ value: String) -> String { "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'" }
        let hosts = url.endpoints.map { $0.socketFolder ?? $0.host }.joined(separator: ",")
        let ports = url.endpoints.map { String($0.port) }.joined(separator: ",")
        var parts = ["host=\(quoted(hosts))", "port=\(quoted(ports))", "user=\(quoted(url.user))", "dbname=\(quoted(url.database))"]
        if url.requiresPrimary { parts.append("target_session_attrs=read-write") }
        return parts.joined(separator: " ")
    }

    private func runTool(_ name: String, _ arguments: [String]) throws {
        guard let executable = Self.findTool(name) else {
            throw StoreError.unsupported(feature: "maintenance.backup (\(name) is not installed)", backend: self.name)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        if let password = url.password { environment["PGPASSWORD"] = password }
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw StoreError.fileSystem(path: executable, message: "cannot run \(name): \(error)")
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw StoreError.server(sqlState: "", message: "\(name) failed: \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }

    /// The tool on PATH, or in Debian's folders for the server's major version.
    public static func findTool(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        var candidates = path.split(separator: ":").map { "\($0)/\(name)" }
        candidates += ["17", "16", "15", "14"].map { "/usr/lib/postgresql/\($0)/bin/\(name)" }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
