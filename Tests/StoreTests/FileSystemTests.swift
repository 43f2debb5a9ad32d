import Foundation
@testable import Store
import Testing
import TestSupport

@Suite struct FileSystemTests {
    @Test func exclusiveCreationNeverGoesThroughWhatIsThere() throws {
        let directory = try TemporaryDirectory()
        #expect(try FileSystem.createExclusively(directory.file("a")))
        #expect(try !FileSystem.createExclusively(directory.file("a")))
        try FileManager.default.createSymbolicLink(atPath: directory.file("link"), withDestinationPath: directory.file("target"))
        #expect(try !FileSystem.createExclusively(directory.file("link")))
        #expect(!FileManager.default.fileExists(atPath: directory.file("target")), "the link was followed")
    }

    @Test func renameReplacesALinkNotItsTarget() throws {
        let directory = try TemporaryDirectory()
        try Data("target".utf8).write(to: URL(fileURLWithPath: directory.file("target")))
        try FileManager.default.createSymbolicLink(atPath: directory.file("name"), withDestinationPath: directory.file("target"))
        try Data("copy".utf8).write(to: URL(fileURLWithPath: directory.file(".partial")))
        try FileSystem.rename(directory.file(".partial"), to: directory.file("name"))
        #expect(FileSystem.kind(of: directory.file("name")) == .file)
        #expect(try String(contentsOfFile: directory.file("target"), encoding: .utf8) == "target")
    }

    @Test func foldersAndKinds() throws {
        let directory = try TemporaryDirectory()
        try FileSystem.createDirectories(directory.file("a/b/c"))
        try FileSystem.createDirectories(directory.file("a/b/c"))
        #expect(FileSystem.kind(of: directory.file("a/b/c")) == .directory)
        #expect(FileSystem.kind(of: directory.file("missing")) == nil)
        #expect(try FileSystem.contentsOfDirectory(directory.file("a")) == ["b"])
        try Data("x".utf8).write(to: URL(fileURLWithPath: directory.file("a/file")))
        #expect(throws: StoreError.self) { try FileSystem.createDirectories(directory.file("a/file")) }
        #expect(FileSystem.size(of: directory.file("a/file")) == 1)
        #expect(FileSystem.directory(of: "/x/y.sqlite") == "/x" && FileSystem.directory(of: "/y") == "/" && FileSystem.directory(of: "y") == ".")
    }
}

@Suite struct ForeignKeyGraphTests {
    @Test func edgesCarryColumnsActionsAndImplicitParentKeys() throws {
        let directory = try TemporaryDirectory()
        let db = try Database(path: directory.file("db.sqlite"))
        try db.execute("CREATE TABLE a (id TEXT PRIMARY KEY NOT NULL)")
        try db.execute("CREATE TABLE pairs (x INTEGER, y INTEGER, PRIMARY KEY (x, y))")
        try db.execute("CREATE TABLE b (id INTEGER PRIMARY KEY, a_id TEXT REFERENCES a ON DELETE CASCADE, px INTEGER, py INTEGER, "
                       + "FOREIGN KEY (px, py) REFERENCES pairs (x, y) ON DELETE SET NULL)")
        try db.execute("CREATE TABLE c (id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES b (id) ON DELETE CASCADE, "
                       + "a_id TEXT REFERENCES a ON DELETE RESTRICT)")
        try db.execute("CREATE TABLE d (a_id TEXT REFERENCES a)")
        let graph = try ForeignKeyGraph.load(from: db, tables: try db.userTableNames())
        #expect(graph.cascading(from: "a") == [.init(child: "b", parent: "a", childColumns: ["a_id"], parentColumns: ["id"], onDelete: .cascade)])
        #expect(graph.refusing(from: "a").map(\.child).sorted() == ["c", "d"])
        #expect(graph.edges.contains(.init(child: "b", parent: "pairs", childColumns: ["px", "py"], parentColumns: ["x", "y"], onDelete: .setNull)))
        #expect(graph.cascadeClosure(from: "a") == ["a", "b", "c"])
        #expect(graph.cascadeClosure(from: "pairs") == ["pairs"])
    }
}
