import CommandOptions
import ArgumentParser
import Handlers
import JSON

/// `wizdb generate NAME`: writes the next migration file from the declared schema.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the next numbered migration file from the changes to the declared schema.",
        discussion: "Compares wizdb.schema.json with the schema the existing migration files build, and writes the SQL to review.")

    @OptionGroup var options: ServerOptions

    @Argument(help: "What the migration does, for its file name (for example \"add phone number\").")
    var name: String

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
        options.bootstrapLogging()
        let result = try InProcessCall(options: options).result("schema.generate", ["name": .string(name)])
        if json { return print(JSONWriter.pretty(result)) }
        guard case .string(let file)? = result.objectValue?["file"] else {
            print("No changes: the existing migrations already build the declared schema.")
            return
        }
        let statements = result.objectValue?["statements"]?.arrayValue?.count ?? 0
        print("Wrote \(file) (\(statements) statement\(statements == 1 ? "" : "s")). Review it, then run `wizdb migrate`.")
        for warning in result.objectValue?["warnings"]?.arrayValue ?? [] {
            print("  warning: \(warning.stringValue ?? "")")
        }
        for loss in result.objectValue?["dataLoss"]?.arrayValue ?? [] {
            print("  data loss: \(loss.objectValue?["description"]?.stringValue ?? "")")
        }
    }
}

/// `wizdb migrate`: applies pending migration files.
struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply pending migration files, each in its own transaction.")

    @OptionGroup var options: ServerOptions

    @Flag(help: "Apply to a copy of the database and report what would happen.")
    var dryRun = false

    @Flag(help: "Apply migrations that drop tables or columns holding data.")
    var confirmDataLoss = false

    @Option(help: "Stop after this migration (its name without .sql).")
    var to: String?

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
        options.bootstrapLogging()
        var params: JSONObject = ["dryRun": .bool(dryRun), "confirmDataLoss": .bool(confirmDataLoss)]
        if let to { params["to"] = .string(to) }
        let result = try InProcessCall(options: options).result("schema.migrate", .object(params))
        if json { return print(JSONWriter.pretty(result)) }
        let applied = result.objectValue?["applied"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let pending = result.objectValue?["pending"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let prefix = dryRun ? "Dry run (nothing was changed): would apply" : "Applied"
        print(applied.isEmpty ? "Nothing to apply." : "\(prefix): \(applied.joined(separator: ", "))")
        if !pending.isEmpty { print("Still pending: \(pending.joined(separator: ", "))") }
    }
}

/// `wizdb push`: applies the declared schema directly, without a migration file.
struct Push: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply the declared schema to the database directly, without writing a migration file (for prototyping).",
        discussion: """
        The same changes `generate` would write, applied at once in one transaction; statements that \
        would drop data are refused unless confirmed. Switch to `generate` and `migrate` once the model \
        settles: the next generated file carries what the pushes did, and `migrate` records it as \
        applied on this database without running it again.
        """)

    @OptionGroup var options: ServerOptions

    @Flag(help: "Show the statements without applying them.")
    var dryRun = false

    @Flag(help: "Apply changes that drop tables or columns holding data.")
    var confirmDataLoss = false

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
        options.bootstrapLogging()
        let params: JSONObject = ["dryRun": .bool(dryRun), "confirmDataLoss": .bool(confirmDataLoss)]
        let result = try InProcessCall(options: options).result("schema.push", .object(params))
        if json { return print(JSONWriter.pretty(result)) }
        let statements = result.objectValue?["statements"]?.arrayValue?.compactMap(\.stringValue) ?? []
        guard !statements.isEmpty else { return print("Nothing to push: the database already has the declared schema.") }
        print(dryRun ? "Dry run (nothing was changed); would run:" : "Pushed:")
        for statement in statements { print("  " + statement.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n  ") + ";") }
        for warning in result.objectValue?["warnings"]?.arrayValue ?? [] { print("  warning: \(warning.stringValue ?? "")") }
    }
}

/// `wizdb status`: applied, pending and changed migrations.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show applied, pending and changed migration files.")

    @OptionGroup var options: ServerOptions

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
        options.bootstrapLogging()
        let result = try InProcessCall(options: options).result("schema.status", [:])
        if json { return print(JSONWriter.pretty(result)) }
        let object = result.objectValue
        for record in object?["applied"]?.arrayValue ?? [] {
            let fields = record.objectValue
            print("applied  \(fields?["name"]?.stringValue ?? "")  \(fields?["appliedAt"]?.stringValue ?? "")")
        }
        for name in object?["pending"]?.arrayValue ?? [] { print("pending  \(name.stringValue ?? "")") }
        for name in object?["drift"]?.arrayValue ?? [] { print("CHANGED  \(name.stringValue ?? "") (applied, but the file differs now)") }
        for name in object?["missing"]?.arrayValue ?? [] { print("MISSING  \(name.stringValue ?? "") (applied, but the file is gone)") }
        if let pushes = object?["pushes"]?.int64Value, pushes > 0 {
            print("PUSHED   \(pushes) push(es) changed the database since its migration files; `wizdb generate NAME` writes them down")
        }
        if (object?["applied"]?.arrayValue ?? []).isEmpty && (object?["pending"]?.arrayValue ?? []).isEmpty {
            print("No migrations.")
        }
    }
}
