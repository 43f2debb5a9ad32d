import ArgumentParser
import CommandOptions
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `wizdb studio`: runs `wizdb-studio`, the executable next to this one that holds the HTTP
/// server (kept apart so the stdio server never loads it), with the same arguments.
struct StudioLauncher: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "studio",
        abstract: "Inspect and edit the database in a browser (runs wizdb-studio, installed next to wizdb).",
        discussion: """
        Prints a URL like http://127.0.0.1:PORT/#token=...; open it in a browser. Only this \
        machine can connect, and every request needs the token in that URL.
        """
    )

    @OptionGroup var options: ServerOptions

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

    @Option(name: .long, help: ArgumentHelp("Serve the page from this folder instead of the copy compiled in.", visibility: .hidden))
    var pageDir: String?

    func run() throws {
        let studio = Self.siblingExecutable("wizdb-studio")
        guard access(studio, X_OK) == 0 else {
            fail("\(studio) was not found: wizdb studio runs the wizdb-studio executable installed next to wizdb (swift build --product wizdb-studio)")
        }
        // Everything after the word "studio" goes to wizdb-studio unchanged.
        var arguments = Array(CommandLine.arguments.dropFirst())
        if let index = arguments.firstIndex(of: "studio") { arguments.remove(at: index) }
        let argv = ([studio] + arguments).map { strdup($0) } + [nil]
        execv(studio, argv)
        fail("could not run \(studio): \(String(cString: strerror(errno)))")
    }

    /// `name` in the folder of the running executable.
    static func siblingExecutable(_ name: String) -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        #if os(Linux)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let own = count > 0 ? String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
        #else
        var size = UInt32(buffer.count)
        let own = _NSGetExecutablePath(&buffer, &size) == 0 ? String(cString: buffer) : CommandLine.arguments[0]
        #endif
        guard let slash = own.lastIndex(of: "/") else { return name }
        return String(own[...slash]) + name
    }
}
