import ArgumentParser

/// The studio's own flags (the database flags are the server's).
struct StudioOptions: ParsableArguments {
    @Option(name: .long, help: "The port to listen on (0: any free port).")
    var port: Int = 0

    @Option(name: .long, help: "The address to listen on. Anything but the loopback address makes the studio reachable from other machines (a warning is printed).")
    var host: String = "127.0.0.1"

    @Flag(name: .long, help: "Open the page in a browser (xdg-open or open).")
    var open = false

    @Flag(name: .long, help: "Apply pending migrations before serving (a new, empty database is always migrated).")
    var migrate = false

    @Option(name: .long, help: "The largest request body or WebSocket message accepted, in bytes.")
    var maxBodyBytes: Int = 16 << 20

    @Option(name: .long, help: ArgumentHelp("Serve the page from this folder (studio/page) instead of the copy compiled in, to work on it without rebuilding.", visibility: .hidden))
    var pageDir: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard maxBodyBytes > 0 else { throw ValidationError("--max-body-bytes must be positive") }
    }
}
