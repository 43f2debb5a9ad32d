import Testing
@testable import Store
import JSON

/// Names and literals that would produce statements SQLite cannot run (or runs differently) are
/// refused when the schema is read, with the path of the offending part.
@Suite struct DeclaredSchemaValidationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let schema: JSONValue
        let path: String
        var testDescription: String { path }
    }

    static func table(_ name: String, columns: JSONValue = ["title": ["type": "text"]], extra: JSONObject = [:]) -> JSONValue {
        var object: JSONObject = ["columns": columns]
        object.members.append(contentsOf: extra.members)
        return ["tables": .object(JSONObject([(key: name, value: .object(object))]))]
    }

    static let cases: [Case] = [
        Case(schema: table("a\u{0}b"), path: "tables.a\u{0}b"),
        Case(schema: table("line\nbreak"), path: "tables.line\nbreak"),
        Case(schema: table("tab\tname"), path: "tables.tab\tname"),
        Case(schema: table("sqlite_stuff"), path: "tables.sqlite_stuff"),
        Case(schema: table("SQLITE_master2"), path: "tables.SQLITE_master2"),
        Case(schema: table("_wizdb_migrations"), path: "tables._wizdb_migrations"),
        Case(schema: table("_wizdb_anything"), path: "tables._wizdb_anything"),
        Case(schema: table("notes", columns: ["ti\u{0}tle": ["type": "text"]]), path: "tables.notes.columns.ti\u{0}tle"),
        Case(schema: table("notes", columns: ["title": ["type": "text", "column": "a\u{7F}b"]]), path: "tables.notes.columns.title.column"),
        Case(schema: table("notes", columns: ["title": ["type": "text", "column": "sqlite_x"]]), path: "tables.notes.columns.title.column"),
        Case(schema: table("notes", columns: ["title": ["type": "text", "renamedFrom": "old\u{1}"]]), path: "tables.notes.columns.title.renamedFrom"),
        Case(schema: table("notes", extra: ["renamedFrom": "_wizdb_old"]), path: "tables.notes.renamedFrom"),
        Case(schema: table("notes", extra: ["indexes": [["name": "_wizdb_migrations", "columns": ["title"]]]]), path: "tables.notes.indexes[0].name"),
        Case(schema: table("notes", extra: ["indexes": [["name": "i\u{0}x", "columns": ["title"]]]]), path: "tables.notes.indexes[0].name"),
        Case(schema: table("notes", extra: ["indexes": [["name": "sqlite_autoindex_x", "columns": ["title"]]]]), path: "tables.notes.indexes[0].name"),
        Case(schema: table("notes", columns: ["title": ["type": "text", "default": "a\u{0}b"]]), path: "tables.notes.columns.title.default"),
        Case(schema: table("notes", columns: ["title": ["type": "text", "default": ["sql": "'a\u{0}'"]]]), path: "tables.notes.columns.title.default"),
        Case(schema: table("notes", columns: ["title": ["type": "text", "check": ["title": ["ne": "x\u{0}"]]]]), path: "tables.notes.columns.title.check"),
        Case(schema: table("notes", extra: ["indexes": [["columns": ["title"], "where": ["title": ["eq": "\u{0}"]]]]]), path: "tables.notes.indexes[0].where"),
    ]

    @Test(arguments: cases)
    func refusedWithItsPath(_ item: Case) {
        do {
            _ = try DeclaredSchema.parse(item.schema)
            Issue.record("accepted: \(item.path)")
        } catch let StoreError.invalidSchema(path, message) {
            #expect(path == item.path, "message: \(message)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func ordinaryNamesStillPass() throws {
        let schema = try DeclaredSchema.parse(Self.table("café_名前", columns: ["user name": ["type": "text", "default": "ok"], "order": ["type": "integer"]],
                                                         extra: ["indexes": [["name": "wizdb_like_name", "columns": ["order"]]]]))
        #expect(schema.tables.map(\.name) == ["café_名前"])
    }
}
