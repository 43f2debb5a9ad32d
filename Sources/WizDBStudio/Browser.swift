import Foundation
import Logging

/// Opens the page with the desktop's opener (`--open`), when there is one.
enum Browser {
    static func open(_ url: String, logger: Logger) {
        #if os(macOS)
        let candidates = ["/usr/bin/open"]
        #else
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let candidates = path.split(separator: ":").map { String($0) + "/xdg-open" }
        #endif
        guard let opener = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            logger.warning("--open: no xdg-open or open found; open the URL by hand")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opener)
        process.arguments = [url]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            logger.warning("--open: \(opener) failed: \(error)")
        }
    }
}
