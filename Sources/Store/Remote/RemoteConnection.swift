/// A connection to a database server (PostgreSQL) as the store sees it: statements go out as
/// text with `$n` placeholders and bound values, rows come back as values. The store stays free
/// of any client library; a backend module conforms and hands a `RemoteBackend` to the store.
///
/// A connection is used by one thread at a time, like a `Database`; only `cancelRunning()` may
/// be called from another thread.
public protocol RemoteConnection: AnyObject, Sendable {
    /// Runs one statement with its values bound and collects what it returned.
    func run(_ sql: String, _ bindings: [SQLValue]) throws -> RemoteResult
    /// Runs trusted, server-written text that may hold several statements (no bound values).
    func runScript(_ sql: String) throws
    /// Stops the statement running on this connection now, if any (from any thread).
    func cancelRunning()
    /// Whether the connection is known to be gone; the store opens a new one instead.
    var isClosed: Bool { get }
    /// Closes the connection.
    func close()
}

/// What one statement returned: its column names, its rows and the rows it changed.
public struct RemoteResult: Sendable {
    public var columns: [String]
    public var rows: [[SQLValue]]
    /// Rows inserted, updated or deleted (from the command tag); 0 for reads.
    public var changes: Int

    public init(columns: [String], rows: [[SQLValue]], changes: Int) {
        self.columns = columns
        self.rows = rows
        self.changes = changes
    }
}

/// Where connections to a database server come from, and what the store reports about it.
public protocol RemoteBackend: Sendable {
    /// The backend's name in `initialize` (`postgres`).
    var name: String { get }
    /// The SQL spelling its statements use.
    var dialect: any SQLDialect { get }
    /// The server's version, as it reported it when the first connection opened.
    var serverVersion: String { get }
    /// Opens a connection (to the current primary when there are several hosts).
    func connect(readOnly: Bool) throws -> any RemoteConnection
    /// The location without its password, for messages.
    var displayName: String { get }
    /// Writes a consistent dump of the database to `path` with the server's own tool (one
    /// snapshot, while writes go on); `unsupported` when that tool is not installed.
    func dump(to path: String) throws
    /// Checks that the dump at `path` can be read back (lists its contents).
    func verifyDump(at path: String) throws
}
