import Foundation
@testable import Replay
import Testing
import TestSupport

@Suite struct ReplayCaseTests {
    private func makeTree() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory(prefix: "wizdb-replay-cases")
        let manager = FileManager.default
        for folder in ["b", "a/deeper", ".hidden", "a/x.migrations"] {
            try manager.createDirectory(atPath: directory.file(folder), withIntermediateDirectories: true)
        }
        for file in ["b/two.in.jsonl", "b/two.out.jsonl", "b/two.setup.jsonl", "a/one.in.jsonl", "a/deeper/three.in.jsonl",
                     ".hidden/no.in.jsonl", "a/x.migrations/no.in.jsonl", "a/notes.txt", "a/.in.jsonl"] {
            _ = manager.createFile(atPath: directory.file(file), contents: Data("{}\n".utf8))
        }
        return directory
    }

    @Test func foldersAreSearchedRecursivelyInPathOrder() throws {
        let directory = try makeTree()
        let cases = try ReplayCase.discover([directory.path])
        #expect(cases.map { String($0.name.dropFirst(directory.path.count + 1)) } == ["a/deeper/three", "a/one", "b/two"])
        #expect(cases[2].outputPath == directory.path + "/b/two.out.jsonl")
    }

    @Test func filesNamesAndDuplicates() throws {
        let directory = try makeTree()
        let cases = try ReplayCase.discover([directory.file("b/two.in.jsonl"), directory.file("a/one"), directory.path + "/b/"])
        #expect(cases.map { String($0.name.dropFirst(directory.path.count + 1)) } == ["b/two", "a/one"])
    }

    @Test func whatIsNotACaseIsRefused() throws {
        let directory = try makeTree()
        #expect(throws: ReplayError.self) { try ReplayCase.discover([directory.file("a/notes.txt")]) }
        #expect(throws: ReplayError.self) { try ReplayCase.discover([directory.file("nothing")]) }
        let emptyFolder = try ReplayCase.discover([directory.file("a/x.migrations")])
        #expect(emptyFolder.count == 1, "a folder given by name is searched, whatever its name")
    }
}
