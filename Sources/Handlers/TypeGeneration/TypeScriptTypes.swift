import Store

/// TypeScript declarations for the TypeScript client: `interface Tables` maps each table name to
/// its row, insert, update, where and field types, so `Wizdb.spawn<Tables>()` types
/// `db.table(name)`. Types only: the file compiles to nothing at run time.
struct TypeScriptTypes {
    let tables: [HostTypes.TypedTable]
    let origin: HostTypes.Origin

    var text: String {
        var lines = origin.headerLines.map { "// " + HostTypes.commentSafe($0) }
        lines.append("// " + HostTypes.doNotEdit)
        lines.append("")
        lines += Self.prelude
        for table in tables { lines += declarations(table) }
        lines.append("/** Every table by name: its row, insert, update, where and field types (for `Wizdb.spawn<Tables>()`). */")
        if tables.isEmpty {
            lines.append("export interface Tables {}")
        } else {
            lines.append("export interface Tables {")
            for table in tables {
                let name = table.typeName
                lines.append("  \(Self.key(table.name)): { row: \(name)Row; insert: \(name)Insert; update: \(name)Update; where: \(name)Where; field: \(name)Field };")
            }
            lines.append("}")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static let prelude = [
        "/** Any JSON value: what a `json` column holds. */",
        "export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };",
        "",
        "/** Conditions on a column whose values have an order (numbers, timestamps). */",
        "export interface OrderedCondition<T> {",
        "  eq?: T | null;",
        "  ne?: T | null;",
        "  gt?: T;",
        "  gte?: T;",
        "  lt?: T;",
        "  lte?: T;",
        "  in?: readonly T[];",
        "  notIn?: readonly T[];",
        "  between?: readonly [T, T];",
        "  isNull?: boolean;",
        "}",
        "",
        "/** Conditions on a text column: the ordered ones and `like` (`%` and `_`, ASCII case ignored). */",
        "export interface TextCondition extends OrderedCondition<string> {",
        "  like?: string;",
        "}",
        "",
        "/** Conditions on a column compared for equality only (booleans, json, blobs). */",
        "export interface EqualityCondition<T> {",
        "  eq?: T | null;",
        "  ne?: T | null;",
        "  in?: readonly T[];",
        "  notIn?: readonly T[];",
        "  isNull?: boolean;",
        "}",
        "",
        "/** Filters combined: all of `and`, any of `or`, `not` one. */",
        "export interface Combinators<W> {",
        "  and?: readonly W[];",
        "  or?: readonly W[];",
        "  not?: W;",
        "}",
        "",
    ]

    private func declarations(_ table: HostTypes.TypedTable) -> [String] {
        let name = table.typeName
        let quotedTable = HostTypes.commentSafe(table.name)
        var lines = ["// \(quotedTable)", ""]

        lines.append("/** A row of \(quotedTable) as reads return it. */")
        lines.append("export interface \(name)Row {")
        for field in table.fields {
            lines.append("  \(Self.key(field.name)): \(Self.readType(field.type))\(field.nullable ? " | null" : "");")
        }
        lines += ["}", ""]

        lines.append("/** The values an insert into \(quotedTable) takes: fields with a default, nullable fields and the base fields may be left out. */")
        lines.append("export interface \(name)Insert {")
        for field in table.fields {
            lines.append("  \(Self.key(field.name))\(field.optionalOnInsert ? "?" : ""): \(Self.writeType(field.type))\(field.nullable ? " | null" : "");")
        }
        lines += ["}", ""]

        lines.append("/** The values an update of \(quotedTable) sets: any of the fields but the key. */")
        lines.append("export interface \(name)Update {")
        for field in table.updateFields {
            lines.append("  \(Self.key(field.name))?: \(Self.writeType(field.type))\(field.nullable ? " | null" : "");")
        }
        lines += ["}", ""]

        lines.append("/** The field names of \(quotedTable). */")
        let names = table.fields.map { HostTypes.quoted($0.name) }
        lines.append("export type \(name)Field = \(names.isEmpty ? "never" : names.joined(separator: " | "));")
        lines.append("")

        lines.append("/** A `where` filter on \(quotedTable): a value (equality) or conditions per field, all of which must hold. */")
        lines.append("export interface \(name)Where extends Combinators<\(name)Where> {")
        for field in table.filterFields {
            lines.append("  \(Self.key(field.name))?: \(Self.filterType(field));")
        }
        lines += ["}", ""]
        return lines
    }

    /// A property name as written in an interface: bare when it is an identifier, quoted otherwise.
    static func key(_ name: String) -> String {
        HostTypes.isPlainIdentifier(name, dollar: true) ? name : HostTypes.quoted(name)
    }

    /// The type of a value as the server sends it.
    static func readType(_ type: ColumnType) -> String {
        switch type {
        case .text, .timestamp: "string"
        case .integer, .real: "number"
        case .boolean: "boolean"
        case .json: "JsonValue"
        case .blob: "Uint8Array"
        }
    }

    /// The type of a value the server accepts: integers as bigint too (exact beyond 2^53),
    /// timestamps as unix seconds or a Date too.
    static func writeType(_ type: ColumnType) -> String {
        switch type {
        case .integer: "number | bigint"
        case .timestamp: "string | number | Date"
        default: readType(type)
        }
    }

    /// A field's filter: the value itself (not for blobs, whose wire form is an object the
    /// server would read as operators) or the operators its type allows.
    static func filterType(_ field: HostTypes.TypedField) -> String {
        let null = field.nullable ? " | null" : ""
        switch field.type {
        case .text: return "string\(null) | TextCondition"
        case .integer, .real, .timestamp:
            let value = writeType(field.type)
            return "\(value)\(null) | OrderedCondition<\(value)>"
        case .boolean: return "boolean\(null) | EqualityCondition<boolean>"
        case .json: return "string | number | boolean | null | EqualityCondition<JsonValue>"
        case .blob: return "EqualityCondition<Uint8Array>"
        }
    }
}
