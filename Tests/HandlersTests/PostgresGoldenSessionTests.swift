import Foundation
@testable import Handlers
import JSON
import PostgresBackend
import Replay
import Store
import Testing
import TestSupport

/// The golden sessions again, on PostgreSQL: `protocol/golden-postgres.json` lists the sessions
/// that run there and, per session, the parts of an answer that legitimately differ (the
/// server's own wording of an error, a SQLite-only field), compared with the same `.out.jsonl`
/// the SQLite run uses. Each case gets a new database with its declared schema pushed; its
/// setup runs without the CREATE statements written for SQLite.
@Suite(.enabled(if: PostgresTestCluster.available, "needs WIZDB_TEST_POSTGRES_URL (scripts/pg-cluster start)"), .serialized)
struct PostgresGoldenSessionTests {
    struct Entry: Sendable, CustomStringConvertible {
        var session: String
        /// Dotted paths removed from both answers before comparing, by request id ("*": every answer).
        var differences: [String: [String]]
        var description: String { session }
    }

    static let manifestPath = GoldenSession.packageRoot + "/protocol/golden-postgres.json"

    static func entries() -> [Entry] {
        guard let text = try? String(contentsOfFile: manifestPath, encoding: .utf8),
              let manifest = try? JSONReader.parse(text), let sessions = manifest["sessions"]?.arrayValue else { return [] }
        return sessions.compactMap { item in
            guard let name = item["session"]?.stringValue else { return nil }
            var differences: [String: [String]] = [:]
            for difference in item["differences"]?.arrayValue ?? [] {
                let id = difference["id"].map { $0.stringValue ?? JSONWriter.encodeString($0) } ?? "*"
                differences[id, default: []] += (difference["paths"]?.arrayValue ?? []).compactMap(\.stringValue)
            }
            return Entry(session: name, differences: differences)
        }
    }

    static var configuration: ReplayConfiguration {
        var configuration = ReplayConfiguration(serverPath: WizDBBinary.path, sqliteVersion: SQLiteLibrary.version)
        configuration.makeDatabase = { replayCase, _ in
            let location = try PostgresTestCluster.makeDatabase()
            if let text = try? String(contentsOfFile: replayCase.schemaPath, encoding: .utf8) {
                let store = try Store(Store.Configuration(path: location, remote: PostgresBackend(url: try PostgresURL(location))))
                _ = try store.withWriter { db in
                    try Migrator(folder: "migrations").push(db, declared: try DeclaredSchema.parse(text), confirmDataLoss: true,
                                                            dryRun: false, time: .fixed(seconds: 1_767_225_600))
                }
            }
            return location
        }
        configuration.dropDatabase = { PostgresTestCluster.drop($0) }
        configuration.rewriteSetup = { replayCase, bytes in
            // Only a case with a declared schema had its tables made by the push.
            guard FileManager.default.fileExists(atPath: replayCase.schemaPath) else { return bytes }
            let lines = bytes.split(separator: 0x0A).filter { line in
                guard let request = try? JSONReader.parse(Array(line)), request["method"] == "query.sql",
                      let sql = request["params"]?["sql"]?.stringValue else { return true }
                return !sql.hasPrefix("CREATE ")
            }
            return Array(lines.joined(separator: [0x0A])) + [0x0A]
        }
        return configuration
    }

    @Test(arguments: entries())
    func session(_ entry: Entry) throws {
        let replayCase = ReplayCase(inputPath: GoldenSession.goldenRoot + "/" + entry.session + ReplayCase.inputSuffix)
        let outcome = ReplayRunner(configuration: Self.configuration).run(replayCase)
        #expect(outcome.problems.isEmpty, "\(entry): \(outcome.problems) \(outcome.log)")
        let expected = (outcome.expected ?? "").split(separator: "\n").map(String.init)
        let actual = outcome.actual.split(separator: "\n").map(String.init)
        #expect(expected.count == actual.count, "\(entry): \(expected.count) answers expected, \(actual.count) came")
        for (want, got) in zip(expected, actual) {
            let wanted = try Self.comparable(want, entry)
            let came = try Self.comparable(got, entry)
            if wanted != came {
                Issue.record("\(entry):\nexpected \(JSONWriter.encodeString(wanted))\ncame     \(JSONWriter.encodeString(came))")
            }
        }
    }

    @Test func theManifestNamesExistingSessions() {
        for entry in Self.entries() {
            #expect(FileManager.default.fileExists(atPath: GoldenSession.goldenRoot + "/" + entry.session + ReplayCase.inputSuffix), "\(entry)")
        }
    }

    /// An answer without the paths its session declares different.
    static func comparable(_ line: String, _ entry: Entry) throws -> JSONValue {
        var value = try JSONReader.parse(line)
        let id = value["id"].map { $0.stringValue ?? JSONWriter.encodeString($0) } ?? "*"
        for path in (entry.differences["*"] ?? []) + (id == "*" ? [] : entry.differences[id] ?? []) {
            value = removing(path.split(separator: ".").map(String.init), from: value)
        }
        return value
    }

    static func removing(_ path: [String], from value: JSONValue) -> JSONValue {
        guard let first = path.first else { return value }
        switch value {
        case .object(var object):
            if path.count == 1 {
                object.members.removeAll { $0.key == first }
            } else if let index = object.members.firstIndex(where: { $0.key == first }) {
                object.members[index].value = removing(Array(path.dropFirst()), from: object.members[index].value)
            }
            return .object(object)
        case .array(let items):
            if first == "*" { return .array(items.map { removing(Array(path.dropFirst()), from: $0) }) }
            guard let index = Int(first), index < items.count else { return value }
            var copy = items
            if path.count == 1 { copy.remove(at: index) } else { copy[index] = removing(Array(path.dropFirst()), from: items[index]) }
            return .array(copy)
        default:
            return value
        }
    }
}
