import Foundation
import JSON
import Store
import Testing
@testable import Handlers

/// The host-type generator: exact text for a small schema in each language, names that are
/// not identifiers, and the errors.
@Suite struct HostTypesTests {
    static let notes = """
    {"tables":{"notes":{"base":false,"columns":{"id":{"type":"integer","primaryKey":true},"body":{"type":"text","notNull":true},
    "meta":{"type":"json"},"at":{"type":"timestamp","notNull":true,"default":0}}}}}
    """

    static func generate(_ language: HostTypes.Language, _ schema: String = notes,
                         origin: HostTypes.Origin = .file(name: "wizdb.schema.json", sha256: "abc123")) throws -> String {
        try HostTypes.generate(DeclaredSchema.parse(schema), language: language, origin: origin)
    }

    /// The text from the line starting with `start` up to (not including) the one starting with `end`.
    static func section(_ text: String, from start: String, to end: String? = nil) -> String {
        guard let lower = text.range(of: start) else { return "(no \(start) in:\n\(text))" }
        let upper = end.flatMap { text.range(of: $0, range: lower.upperBound..<text.endIndex)?.lowerBound } ?? text.endIndex
        return String(text[lower.lowerBound..<upper])
    }

    static let typeScriptNotes = #"""
    // notes

    /** A row of notes as reads return it. */
    export interface NotesRow {
      id: number;
      body: string;
      meta: JsonValue | null;
      at: string;
    }

    /** The values an insert into notes takes: fields with a default, nullable fields and the base fields may be left out. */
    export interface NotesInsert {
      id?: number | bigint;
      body: string;
      meta?: JsonValue | null;
      at?: string | number | Date;
    }

    /** The values an update of notes sets: any of the fields but the key. */
    export interface NotesUpdate {
      body?: string;
      meta?: JsonValue | null;
      at?: string | number | Date;
    }

    /** The field names of notes. */
    export type NotesField = "id" | "body" | "meta" | "at";

    /** A `where` filter on notes: a value (equality) or conditions per field, all of which must hold. */
    export interface NotesWhere extends Combinators<NotesWhere> {
      id?: number | bigint | OrderedCondition<number | bigint>;
      body?: string | TextCondition;
      meta?: string | number | boolean | null | EqualityCondition<JsonValue>;
      at?: string | number | Date | OrderedCondition<string | number | Date>;
    }

    /** Every table by name: its row, insert, update, where and field types (for `Wizdb.spawn<Tables>()`). */
    export interface Tables {
      notes: { row: NotesRow; insert: NotesInsert; update: NotesUpdate; where: NotesWhere; field: NotesField };
    }
    """#

    static let pythonNotes = #"""
    # notes
    class NotesRow(TypedDict):
        """A row of notes as reads return it."""
        id: int
        body: str
        meta: JsonValue
        at: str


    class _NotesInsertRequired(TypedDict):
        body: str


    class NotesInsert(_NotesInsertRequired, total=False):
        """The values an insert into notes takes: fields with a default, nullable fields and the base fields may be left out."""
        id: int
        meta: JsonValue
        at: TimestampInput


    class NotesUpdate(TypedDict, total=False):
        """The values an update of notes sets: any of the fields but the key."""
        body: str
        meta: JsonValue
        at: TimestampInput


    #: The field names of notes.
    NotesField = Literal["id", "body", "meta", "at"]

    #: A `where` filter on notes: a value (equality) or conditions per field, all of which must hold.
    NotesWhere = TypedDict("NotesWhere", {
        "id": Union[int, IntegerCondition],
        "body": Union[str, TextCondition],
        "meta": Union[None, bool, int, float, str, JsonCondition],
        "at": Union[TimestampInput, TimestampCondition],
        "and": Sequence["NotesWhere"],
        "or": Sequence["NotesWhere"],
        "not": "NotesWhere",
    }, total=False)
    """#

    static let swiftNotes = #"""
    // MARK: notes

    /// A row of notes as reads return it.
    public struct NotesRow: Codable, Sendable, Equatable {
        public var id: Int64
        public var body: String
        public var meta: WizdbJSON?
        public var at: String
    }

    /// The values an insert into notes takes: fields with a default, nullable fields and the base fields may be left out (nil).
    public struct NotesInsert: Encodable, Sendable, Equatable {
        public var id: Int64?
        public var body: String
        public var meta: WizdbJSON?
        public var at: String?

        public init(id: Int64? = nil, body: String, meta: WizdbJSON? = nil, at: String? = nil) {
            self.id = id
            self.body = body
            self.meta = meta
            self.at = at
        }
    }

    /// The values an update of notes sets: the fields that are not nil (so NULL is set with `query.update` params written by hand).
    public struct NotesUpdate: Encodable, Sendable, Equatable {
        public var body: String?
        public var meta: WizdbJSON?
        public var at: String?

        public init(body: String? = nil, meta: WizdbJSON? = nil, at: String? = nil) {
            self.body = body
            self.meta = meta
            self.at = at
        }
    }
    """#

    static func trimmed(_ text: String) -> String {
        var text = text
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    @Test func typeScriptForASmallSchema() throws {
        let text = try Self.generate(.typescript)
        #expect(text.hasPrefix("""
            // Generated by `wizdb types` from the schema file wizdb.schema.json
            // SHA-256 of wizdb.schema.json: abc123
            // Do not edit: change the schema, then run `wizdb types` again.

            /** Any JSON value: what a `json` column holds. */
            """))
        #expect(Self.trimmed(Self.section(text, from: "// notes")) == Self.typeScriptNotes)
        #expect(text.hasSuffix("}\n"))
    }

    @Test func pythonForASmallSchema() throws {
        let text = try Self.generate(.python)
        #expect(text.hasPrefix("# Generated by `wizdb types` from the schema file wizdb.schema.json\n# SHA-256 of wizdb.schema.json: abc123\n"))
        #expect(Self.trimmed(Self.section(text, from: "# notes", to: "\n\nclass Tables")) == Self.pythonNotes)
        // One table: a plain method, since @overload needs at least two.
        #expect(text.contains("""
                def table(self, name: Literal["notes"]) -> Table[NotesRow, NotesInsert, NotesUpdate, NotesWhere, NotesField]: ...
            """))
        #expect(!text.contains("@overload"))
        #expect(text.contains(#"    "notes": {"row": NotesRow, "insert": NotesInsert, "update": NotesUpdate, "where": NotesWhere, "fields": ("id", "body", "meta", "at")},"#))
    }

    @Test func swiftForASmallSchema() throws {
        let text = try Self.generate(.swift)
        #expect(Self.trimmed(Self.section(text, from: "// MARK: notes", to: "/// The field names")) == Self.swiftNotes)
        #expect(text.contains("public enum NotesField: String, CaseIterable, Codable, Sendable {\n    case id\n    case body\n    case meta\n    case at\n}"))
        #expect(text.contains("        public static let name = \"notes\"\n        public typealias Row = NotesRow"))
    }

    @Test func baseFieldsAreOptionalOnInsertAndTheKeyIsNotInUpdates() throws {
        let schema = #"{"tables":{"users":{"columns":{"email":{"type":"text","notNull":true},"bio":{"type":"text"}}}}}"#
        let text = try Self.generate(.typescript, schema)
        #expect(Self.section(text, from: "export interface UsersInsert", to: "}") == """
            export interface UsersInsert {
              id?: string;
              email: string;
              bio?: string | null;
              createdAt?: string | number | Date;
              updatedAt?: string | number | Date;
              deactivatedAt?: string | number | Date | null;
              deactivatedBy?: string | null;

            """)
        #expect(Self.section(text, from: "export interface UsersUpdate", to: "}").contains("id?") == false)
        #expect(text.contains("  deactivatedAt: string | null;\n"))
    }

    @Test func namesThatAreNotIdentifiersAreQuotedOrMapped() throws {
        let schema = #"{"tables":{"order-items":{"base":false,"columns":{"unit price":{"type":"real","notNull":true,"column":"unit_price"},"class":{"type":"text","primaryKey":true},"2nd":{"type":"integer","column":"second"}}}}}"#
        let typeScript = try Self.generate(.typescript, schema)
        #expect(typeScript.contains("export interface OrderItemsRow {\n  \"unit price\": number;\n  class: string;\n  \"2nd\": number | null;\n}"))
        #expect(typeScript.contains("  \"order-items\": { row: OrderItemsRow;"))
        let python = try Self.generate(.python, schema)
        #expect(python.contains(#"OrderItemsRow = TypedDict("OrderItemsRow", {"unit price": float, "class": str, "2nd": Optional[int]})"#))
        #expect(python.contains("class OrderItemsInsert(_OrderItemsInsertRequired, _OrderItemsInsertOptional):"))
        let swift = try Self.generate(.swift, schema)
        #expect(swift.contains("    public var unitPrice: Double\n    public var `class`: String\n    public var _2nd: Int64?\n"))
        #expect(swift.contains("        case unitPrice = \"unit price\"\n        case `class` = \"class\"\n        case _2nd = \"2nd\"\n"))
    }

    @Test(arguments: [
        ("users", "Users"), ("user_profiles", "UserProfiles"), ("user-profiles", "UserProfiles"), ("2fa codes", "T2faCodes"),
        ("café", "Café"), ("!!!", "Table"), ("HTTPLog", "HTTPLog"),
    ])
    func tableTypeNames(_ table: String, _ expected: String) {
        #expect(HostTypes.pascalCase(table) == expected, "for \(table)")
    }

    @Test func twoTablesWithOneTypeNameAreRefusedNamingBoth() throws {
        let schema = #"{"tables":{"user_profiles":{"columns":{}},"user-profiles":{"columns":{}}}}"#
        #expect {
            try Self.generate(.typescript, schema)
        } throws: { error in
            guard case StoreError.invalidSchema(let path, let message) = error else { return false }
            return path == "tables.user-profiles" && message.contains("\"user_profiles\"") && message.contains("\"user-profiles\"")
                && message.contains("UserProfiles")
        }
    }

    @Test func headersNameWhereTheSchemaCameFrom() throws {
        let inline = try Self.generate(.python, origin: .inline(sha256: "f00"))
        #expect(inline.hasPrefix("# Generated by `wizdb types` from a schema sent inline\n# SHA-256 of its compact JSON text: f00\n"))
        let database = try Self.generate(.swift, origin: .database(name: "app.sqlite"))
        #expect(database.hasPrefix("// Generated by `wizdb types` from the tables of the database app.sqlite (there is no schema file)\n"))
    }
}
