import Store

/// Python `TypedDict`s for the Python client (Python 3.9 and later, `mypy --strict` clean): per
/// table the row, insert, update and where types and the field names, a `Tables` protocol whose
/// overloaded `table(name)` gives each table its types, and `TABLES`, the same map at run time.
struct PythonTypes {
    let tables: [HostTypes.TypedTable]
    let origin: HostTypes.Origin

    var text: String {
        var lines = origin.headerLines.map { "# " + HostTypes.commentSafe($0) }
        lines.append("# " + HostTypes.doNotEdit)
        lines += Self.prelude
        for table in tables { lines += declarations(table) }
        lines += tablesProtocol(name: "Tables", table: "Table", doc: "A client or transaction with typed tables: `db: Tables = client`, then `db.table(\"users\").insert({...})`.")
        lines += tablesProtocol(name: "AsyncTables", table: "AsyncTable", doc: "The same for the asyncio client: `db: AsyncTables = client`.")
        lines += ["", ""]
        lines.append("#: Every table by name, with its types at run time.")
        if tables.isEmpty {
            lines.append("TABLES: Dict[str, Dict[str, Any]] = {}")
        } else {
            lines.append("TABLES: Dict[str, Dict[str, Any]] = {")
            for table in tables {
                let name = table.typeName
                let fields = table.fields.map { HostTypes.quoted($0.name) }
                let fieldTuple = fields.count == 1 ? "(\(fields[0]),)" : "(\(fields.joined(separator: ", ")))"
                lines.append("    \(HostTypes.quoted(table.name)): {\"row\": \(name)Row, \"insert\": \(name)Insert, \"update\": \(name)Update, \"where\": \(name)Where, \"fields\": \(fieldTuple)},")
            }
            lines.append("}")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static let prelude = [
        "\"\"\"Row, insert, update and filter types of each table, for the wizdb Python client.\"\"\"",
        "from __future__ import annotations",
        "",
        "import datetime",
        "from typing import TYPE_CHECKING, Any, Dict, List, Literal, Optional, Protocol, Sequence, Tuple, TypedDict, Union, overload",
        "",
        "if TYPE_CHECKING:",
        "    from wizdb import AsyncTable, Table",
        "",
        "",
        "#: Any JSON value: what a `json` column holds.",
        "JsonValue = Union[None, bool, int, float, str, List[\"JsonValue\"], Dict[str, \"JsonValue\"]]",
        "#: A timestamp as the server accepts it: ISO 8601 text, unix seconds, or a datetime (naive means UTC).",
        "TimestampInput = Union[str, int, datetime.datetime]",
        "",
        "",
        "# Conditions per column type: the operators each type allows.",
        condition("TextCondition", value: "str", ordered: true, like: true),
        condition("IntegerCondition", value: "int", ordered: true, like: false),
        condition("RealCondition", value: "float", ordered: true, like: false),
        condition("TimestampCondition", value: "TimestampInput", ordered: true, like: false),
        condition("BooleanCondition", value: "bool", ordered: false, like: false),
        condition("JsonCondition", value: "JsonValue", ordered: false, like: false),
        condition("BlobCondition", value: "bytes", ordered: false, like: false),
    ]

    private static func condition(_ name: String, value: String, ordered: Bool, like: Bool) -> String {
        var keys = ["\"eq\": Optional[\(value)]", "\"ne\": Optional[\(value)]"]
        if ordered { keys += ["\"gt\": \(value)", "\"gte\": \(value)", "\"lt\": \(value)", "\"lte\": \(value)"] }
        keys += ["\"in\": Sequence[\(value)]", "\"notIn\": Sequence[\(value)]"]
        if ordered { keys.append("\"between\": Tuple[\(value), \(value)]") }
        if like { keys.append("\"like\": str") }
        keys.append("\"isNull\": bool")
        return "\(name) = TypedDict(\"\(name)\", {\(keys.joined(separator: ", "))}, total=False)"
    }

    private func declarations(_ table: HostTypes.TypedTable) -> [String] {
        let name = table.typeName
        let label = HostTypes.commentSafe(table.name)
        var lines = ["", "", "# \(label)"]
        lines += Self.typedDict("\(name)Row", doc: "A row of \(label) as reads return it.",
                                required: table.fields.map { ($0.name, Self.readType($0)) }, optional: [])
        lines += ["", ""]
        lines += Self.typedDict("\(name)Insert", doc: "The values an insert into \(label) takes: fields with a default, nullable fields and the base fields may be left out.",
                                required: table.fields.filter { !$0.optionalOnInsert }.map { ($0.name, Self.writeType($0)) },
                                optional: table.fields.filter(\.optionalOnInsert).map { ($0.name, Self.writeType($0)) })
        lines += ["", ""]
        lines += Self.typedDict("\(name)Update", doc: "The values an update of \(label) sets: any of the fields but the key.",
                                required: [], optional: table.updateFields.map { ($0.name, Self.writeType($0)) })
        lines += ["", ""]
        lines.append("#: The field names of \(label).")
        let names = table.fields.map { HostTypes.quoted($0.name) }.joined(separator: ", ")
        lines.append("\(name)Field = Literal[\(names)]")
        lines.append("")
        lines.append("#: A `where` filter on \(label): a value (equality) or conditions per field, all of which must hold.")
        var keys = table.filterFields.map { "\(HostTypes.quoted($0.name)): \(Self.filterType($0))" }
        keys += ["\"and\": Sequence[\"\(name)Where\"]", "\"or\": Sequence[\"\(name)Where\"]", "\"not\": \"\(name)Where\""]
        lines.append("\(name)Where = TypedDict(\"\(name)Where\", {")
        lines += keys.map { "    \($0)," }
        lines.append("}, total=False)")
        return lines
    }

    /// A TypedDict with required and optional keys. Class syntax reads best; keys that are not
    /// Python identifiers (or are keywords) need the functional syntax, and a mix of required and
    /// optional keys then takes two functional halves joined by a class.
    static func typedDict(_ name: String, doc: String, required: [(String, String)], optional: [(String, String)]) -> [String] {
        let docLine = "    \"\"\"\(doc.replacing("\\", with: "\\\\").replacing("\"\"\"", with: "\\\"\\\"\\\""))\"\"\""
        let identifiers = (required + optional).allSatisfy { isIdentifier($0.0) }
        if identifiers {
            func body(_ fields: [(String, String)]) -> [String] { fields.map { "    \($0.0): \($0.1)" } }
            switch (required.isEmpty, optional.isEmpty) {
            case (_, true):
                return ["class \(name)(TypedDict):", docLine] + body(required)
            case (true, false):
                return ["class \(name)(TypedDict, total=False):", docLine] + body(optional)
            case (false, false):
                return ["class _\(name)Required(TypedDict):"] + body(required) + ["", "",
                        "class \(name)(_\(name)Required, total=False):", docLine] + body(optional)
            }
        }
        func functional(_ typeName: String, _ fields: [(String, String)], total: Bool) -> String {
            let keys = fields.map { "\(HostTypes.quoted($0.0)): \($0.1)" }.joined(separator: ", ")
            return "\(typeName) = TypedDict(\(HostTypes.quoted(typeName)), {\(keys)}\(total ? "" : ", total=False"))"
        }
        switch (required.isEmpty, optional.isEmpty) {
        case (_, true):
            return ["#: " + doc, functional(name, required, total: true)]
        case (true, false):
            return ["#: " + doc, functional(name, optional, total: false)]
        case (false, false):
            return [functional("_\(name)Required", required, total: true), functional("_\(name)Optional", optional, total: false), "", "",
                    "class \(name)(_\(name)Required, _\(name)Optional):", docLine]
        }
    }

    private func tablesProtocol(name: String, table: String, doc: String) -> [String] {
        var lines = ["", "", "class \(name)(Protocol):", "    \"\"\"\(doc)\"\"\"", ""]
        if tables.isEmpty {
            lines.append("    def table(self, name: str) -> \(table)[Dict[str, Any], Dict[str, Any], Dict[str, Any], Dict[str, Any], str]: ...")
            return lines
        }
        for (offset, typed) in tables.enumerated() {
            let type = typed.typeName
            if tables.count > 1 { lines.append("    @overload") }
            lines.append("    def table(self, name: Literal[\(HostTypes.quoted(typed.name))]) -> \(table)[\(type)Row, \(type)Insert, \(type)Update, \(type)Where, \(type)Field]: ...")
            if offset < tables.count - 1 { lines.append("") }
        }
        return lines
    }

    static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
        "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or",
        "pass", "raise", "return", "try", "while", "with", "yield",
    ]

    static func isIdentifier(_ name: String) -> Bool {
        HostTypes.isPlainIdentifier(name) && !keywords.contains(name)
    }

    static func readType(_ field: HostTypes.TypedField) -> String {
        let base: String = switch field.type {
        case .text, .timestamp: "str"
        case .integer: "int"
        case .real: "float"
        case .boolean: "bool"
        case .json: "JsonValue"
        case .blob: "bytes"
        }
        return field.nullable && field.type != .json ? "Optional[\(base)]" : base
    }

    static func writeType(_ field: HostTypes.TypedField) -> String {
        guard field.type == .timestamp else { return readType(field) }
        return field.nullable ? "Optional[TimestampInput]" : "TimestampInput"
    }

    /// A field's filter: the value itself (not for blobs, whose wire form is an object the
    /// server would read as operators) or the operators its type allows.
    static func filterType(_ field: HostTypes.TypedField) -> String {
        let value = writeType(field)
        switch field.type {
        case .text: return "Union[\(value), TextCondition]"
        case .integer: return "Union[\(value), IntegerCondition]"
        case .real: return "Union[\(value), RealCondition]"
        case .timestamp: return "Union[\(value), TimestampCondition]"
        case .boolean: return "Union[\(value), BooleanCondition]"
        case .json: return "Union[None, bool, int, float, str, JsonCondition]"
        case .blob: return "BlobCondition"
        }
    }
}
