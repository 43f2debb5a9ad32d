import Foundation

/// A fresh directory under the system's temp folder, removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
    public let path: String

    public init(prefix: String = "wizdb-test") throws {
        let base = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        // Resolve symlinks (/tmp on some systems) so paths printed by the server match.
        path = URL(fileURLWithPath: base).resolvingSymlinksInPath().path
    }

    public func file(_ name: String) -> String { path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
