import Foundation
@testable import Handlers
import JSONRPC
import Store
import TestSupport
import JSON

/// A server on a temporary database with a dispatcher whose output is captured, for calling
/// methods in process.
final class TestServer: DispatchingTestServer, @unchecked Sendable {
    let directory: TemporaryDirectory
    let server: Server
    let output = CapturingOutput()
    let dispatcher: Dispatcher

    /// `backupsInDatabaseFolder` makes the database's own folder the backups folder, the
    /// harshest setting for name confinement. With `schema`, the declared schema is written next
    /// to the database and its tables are created (DDL from the schema model) before the server starts.
    init(settings: Server.Settings = Server.Settings(), readOnly: Bool = false, ordered: Bool = true,
         backupsInDatabaseFolder: Bool = false, schema: String? = nil) throws {
        directory = try TemporaryDirectory()
        var settings = settings
        if backupsInDatabaseFolder { settings.backupsPath = directory.path }
        // Never pick up the package's own wizdb.schema.json from the working directory.
        if settings.schemaPath == "wizdb.schema.json" { settings.schemaPath = directory.file("wizdb.schema.json") }
        if let schema {
            try schema.write(toFile: settings.schemaPath, atomically: true, encoding: .utf8)
            try Self.createTables(of: DeclaredSchema.parse(schema), at: directory.file("db.sqlite"))
        }
        let store = try Store(Store.Configuration(path: directory.file("db.sqlite"), readOnly: readOnly))
        server = try Server(store: store, settings: settings, time: .fixed(seconds: 1_767_225_600),
                        ids: IDGenerator(time: .fixed(seconds: 1_767_225_600), seed: 1))
        dispatcher = server.makeDispatcher(options: Dispatcher.Options(orderedResponses: ordered), output: output)
    }

    static func createTables(of schema: Schema, at path: String) throws {
        let db = try Database(path: path)
        for table in schema.tables {
            try db.execute(DDL.createTable(table))
            for index in table.indexes { try db.execute(DDL.createIndex(index, on: table.name)) }
        }
    }
}

/// A server driven through its dispatcher in process: one request in, its response out.
protocol DispatchingTestServer {
    var output: CapturingOutput { get }
    var dispatcher: Dispatcher { get }
}

extension DispatchingTestServer {
    /// Sends one request and returns its response object.
    @discardableResult
    func call(_ method: String, _ params: JSONValue = [:]) throws -> JSONObject {
        let before = output.lines.count
        let request: JSONValue = ["jsonrpc": "2.0", "id": 1, "method": .string(method), "params": params]
        dispatcher.receive(line: JSONWriter.encode(request))
        dispatcher.waitUntilIdle()
        let lines = output.lines
        guard lines.count == before + 1, case .object(let response) = try JSONReader.parse(lines[before]) else {
            throw TestFailure("expected one response to \(method), got \(lines.count - before)")
        }
        return response
    }

    func result(_ method: String, _ params: JSONValue = [:]) throws -> JSONValue {
        let response = try call(method, params)
        guard let result = response["result"] else {
            throw TestFailure("\(method) failed: \(JSONWriter.encodeString(.object(response)))")
        }
        return result
    }

    func error(_ method: String, _ params: JSONValue = [:]) throws -> JSONObject {
        let response = try call(method, params)
        guard let error = response["error"]?.objectValue else {
            throw TestFailure("\(method) succeeded but an error was expected: \(JSONWriter.encodeString(.object(response)))")
        }
        return error
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
