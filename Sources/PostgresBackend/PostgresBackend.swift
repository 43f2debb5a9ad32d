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

    public init(url: PostgresURL, logger: Logger = Logger(label: "wizdb.postgres")) {
        self.url = url
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
