#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Crypto
import JSON

/// One numbered SQL file in the migrations folder (`0002_add_phone.sql`), with the directives
/// wizdb reads from its comments:
/// - `-- wizdb:foreign-keys off` runs the file with foreign keys off (table rebuilds), followed
///   by a foreign-key check before it commits;
/// - `-- wizdb:data-loss {"kind": "drop_column", "table": "users", "column": "phone"}` marks a
///   statement that can lose data, so the rows at stake are measured before it runs.
public struct MigrationFile: Sendable, Equatable {
    public var name: String
    public var number: Int
    public var path: String
    public var text: String
    /// Lowercase hex SHA-256 of the file's bytes.
    public var checksum: String

    public var foreignKeysOff: Bool {
        text.split(separator: "\n").contains { $0.trimmingCharacters(in: " ") == "-- wizdb:foreign-keys off" }
    }

    public var dataLoss: [MigrationPlan.DataLoss] {
        text.split(separator: "\n").compactMap { line in
            let prefix = "-- wizdb:data-loss "
            guard line.hasPrefix(prefix), case .object(let object)? = try? JSONReader.parse(String(line.dropFirst(prefix.count))),
                  case .string(let kindText)? = object["kind"], let kind = MigrationPlan.DataLoss.Kind(rawValue: kindText),
                  case .string(let table)? = object["table"] else { return nil }
            let column = object["column"]?.stringValue
            let description = kind == .dropTable ? "drops table \(SQL.quote(table)) and all its rows"
                : "drops column \(SQL.quote(table)).\(SQL.quote(column ?? "")) and its values"
            return MigrationPlan.DataLoss(kind: kind, table: table, column: column, description: description)
        }
    }

    public static func checksum(of bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
        }.joined()
    }

    /// The migration files of `folder`, in order. A missing folder has none.
    public static func load(from folder: String) throws -> [MigrationFile] {
        let manager = FileManager.default
        guard manager.fileExists(atPath: folder) else { return [] }
        let names: [String]
        do {
            names = try manager.contentsOfDirectory(atPath: folder)
        } catch {
            throw StoreError.fileSystem(path: folder, message: "cannot list the folder: \(error)")
        }
        var files: [MigrationFile] = []
        for entry in names where entry.hasSuffix(".sql") {
            let stem = String(entry.dropLast(4))
            let digits = stem.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let number = Int(digits) else { continue }
            let path = folder + "/" + entry
            guard let data = manager.contents(atPath: path) else {
                throw StoreError.fileSystem(path: path, message: "cannot read the file")
            }
            let bytes = [UInt8](data)
            files.append(MigrationFile(name: stem, number: number, path: path, text: String(decoding: bytes, as: UTF8.self),
                                       checksum: checksum(of: bytes)))
        }
        return files.sorted { ($0.number, $0.name) < ($1.number, $1.name) }
    }

    /// `Add Phone number!` -> `add_phone_number`: lowercase ASCII letters, digits and underscores.
    public static func sanitizedName(_ name: String) -> String {
        var result = ""
        for character in name.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber) {
                result.append(character)
            } else if result.last != "_" {
                result.append("_")
            }
        }
        let trimmed = String(result.trimmingCharacters(in: "_").prefix(60))
        return trimmed.isEmpty ? "migration" : trimmed
    }
}
