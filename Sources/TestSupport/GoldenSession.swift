import Foundation
import Replay

/// One golden protocol session, `protocol/golden/<method>/<case>.in.jsonl`, run by the same code
/// as `wizdb replay protocol/golden` (see `ReplayRunner` for the companion files and
/// placeholders): against the real binary, with a fixed clock, seeded ids and answers in request
/// order. With `WIZDB_RECORD=1` the `.out.jsonl` files are rewritten instead of compared, as
/// `wizdb replay protocol/golden --record=all` does; review the diff.
public struct GoldenSession: Sendable, CustomStringConvertible {
    public let method: String
    public let replayCase: ReplayCase

    public var name: String { String(replayCase.name.split(separator: "/").last ?? "") }
    public var description: String { "\(method)/\(name)" }
    public var inputPath: String { replayCase.inputPath }
    public var outputPath: String { replayCase.outputPath }

    /// The package's root folder, found from this source file's location.
    public static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    public static var goldenRoot: String { packageRoot + "/protocol/golden" }

    /// Every session on disk, found as `wizdb replay protocol/golden` finds them.
    public static func all() -> [GoldenSession] {
        let cases = (try? ReplayCase.discover([goldenRoot])) ?? []
        return cases.map { replayCase in
            let folder = replayCase.inputPath.dropFirst(goldenRoot.count + 1).split(separator: "/").first.map(String.init) ?? ""
            return GoldenSession(method: methodName(forFolder: folder), replayCase: replayCase)
        }
    }

    /// Method names may hold "/", which a folder name cannot: `$/cancelRequest` lives in `$_cancelRequest`.
    public static func folderName(forMethod method: String) -> String { method.replacingOccurrences(of: "/", with: "_") }
    static func methodName(forFolder folder: String) -> String { folder.replacingOccurrences(of: "$_", with: "$/") }

    /// How `swift test` replays: the binary built beside the tests, its SQLite version, and
    /// record mode when `WIZDB_RECORD=1`.
    public static func configuration(sqliteVersion: String) -> ReplayConfiguration {
        let record = ProcessInfo.processInfo.environment["WIZDB_RECORD"] == "1"
        return ReplayConfiguration(serverPath: WizDBBinary.path, sqliteVersion: sqliteVersion, record: record ? .all : .compare)
    }

    public func run(sqliteVersion: String) -> ReplayOutcome {
        ReplayRunner(configuration: Self.configuration(sqliteVersion: sqliteVersion)).run(replayCase)
    }
}
