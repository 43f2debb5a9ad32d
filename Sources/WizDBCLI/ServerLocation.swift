import CommandOptions
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// PostgreSQL locations are served by `wizdb-postgres`, installed next to `wizdb`: the
/// PostgreSQL driver and SwiftNIO it needs would otherwise be loaded by every SQLite server too
/// (measured: a binary of 148 MB instead of 49 MB, 3 MiB more resident memory, a slower start).
enum ServerLocation {
    /// When this process has no server backend and its command line (or `WIZDB_DATABASE_URL`)
    /// names a postgres:// location, runs `wizdb-postgres` in its place with the same arguments.
    static func handOverIfNeeded() {
        guard !ServerOptions.hasServerBackend else { return }
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard namesServer(arguments, environment: getenv("WIZDB_DATABASE_URL").map { String(cString: $0) }) else { return }
        let binary = StudioLauncher.siblingExecutable("wizdb-postgres")
        guard access(binary, X_OK) == 0 else {
            fail("\(binary) was not found: postgres:// locations are served by the wizdb-postgres executable installed next to wizdb (swift build --product wizdb-postgres)")
        }
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        execv(binary, argv)
        fail("could not run \(binary): \(String(cString: strerror(errno)))")
    }

    /// Whether `--db` (or, without it, the environment's URL) is a database server's location.
    static func namesServer(_ arguments: [String], environment: String?) -> Bool {
        var location: String?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" { break }
            if argument == "--db", index + 1 < arguments.count {
                location = arguments[index + 1]
                index += 1
            } else if argument.hasPrefix("--db=") {
                location = String(argument.dropFirst(5))
            }
            index += 1
        }
        if let location, location != ServerOptions.defaultDatabase { return ServerOptions.isServerLocation(location) }
        return environment.map(ServerOptions.isServerLocation) ?? false
    }
}
