import Store

/// Reading the server's options straight from the command line, for the plain `wizdb --db ...`
/// start: building swift-argument-parser's command tree (every subcommand, its help, the
/// completion check) took about three quarters of the instructions a server spends from exec to
/// its first answer. Anything this reader does not know for certain (a subcommand, `--help`, a
/// malformed or repeated option, a value that does not validate) makes it answer nil, and the
/// argument parser then does the work, with its messages.
extension ServerOptions {
    /// The flags the plain server command adds to these options (`wizdb --migrate`).
    package struct ServeFlags: Equatable {
        package var migrate = false
    }

    /// Options and flags read from `arguments` (without the program name), or nil when the
    /// argument parser must read them.
    package static func parsePlain(_ arguments: [String]) -> (options: ServerOptions, flags: ServeFlags)? {
        var values = PlainValues()
        var flags = ServeFlags()
        var seen = Set<String>()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("--"), argument.count > 2 else { return nil }
            var name = String(argument.dropFirst(2))
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard seen.insert(name).inserted else { return nil }
            if let flag = Self.plainFlags[name] {
                guard value == nil else { return nil }
                if name == "migrate" { flags.migrate = true } else { values.flags.insert(flag) }
                index += 1
                continue
            }
            guard Self.plainOptions.contains(name) else { return nil }
            if value == nil {
                guard index + 1 < arguments.count, !arguments[index + 1].hasPrefix("-") else { return nil }
                value = arguments[index + 1]
                index += 1
            }
            guard let value, values.set(name, value) else { return nil }
            index += 1
        }
        let options = values.options
        do {
            try options.validate()
        } catch {
            return nil
        }
        return (options, flags)
    }

    private static let plainFlags: [String: String] = [
        "read-only": "read-only", "no-raw-sql": "no-raw-sql", "ordered-responses": "ordered-responses", "migrate": "migrate",
    ]

    private static let plainOptions: Set<String> = [
        "db", "schema", "migrations", "backups", "busy-timeout", "log-level", "max-line-bytes", "max-depth", "max-batch", "max-rows",
        "readers", "mmap-size", "cache-mb", "max-watches", "watch-poll-ms", "statement-timeout", "max-db-mb", "fixed-clock", "id-seed",
        "idle-spin-us",
    ]

    /// Every option's value, starting from the declared defaults of `ServerOptions`.
    private struct PlainValues {
        var flags = Set<String>()
        var text: [String: String] = [:]

        mutating func set(_ name: String, _ value: String) -> Bool {
            switch name {
            case "busy-timeout": guard Int32(value) != nil else { return false }
            case "max-line-bytes", "max-depth", "max-batch", "max-rows", "readers", "cache-mb", "max-watches", "max-db-mb", "idle-spin-us":
                guard Int(value) != nil else { return false }
            case "mmap-size", "watch-poll-ms", "statement-timeout": guard Int64(value) != nil else { return false }
            case "id-seed": guard UInt64(value) != nil else { return false }
            default: break
            }
            text[name] = value
            return true
        }

        var options: ServerOptions {
            // Property wrappers of a ParsableArguments type hold their definition until a value
            // is set: every property is set here, from the same defaults the declarations give.
            var options = ServerOptions()
            options.db = text["db"] ?? "wizdb.sqlite"
            options.schema = text["schema"]
            options.migrations = text["migrations"] ?? "migrations"
            options.backups = text["backups"] ?? "backups"
            options.readOnly = flags.contains("read-only")
            options.noRawSql = flags.contains("no-raw-sql")
            options.busyTimeout = text["busy-timeout"].flatMap { Int32($0) } ?? 5000
            options.logLevel = text["log-level"] ?? "warning"
            options.maxLineBytes = text["max-line-bytes"].flatMap { Int($0) } ?? 64 << 20
            options.maxDepth = text["max-depth"].flatMap { Int($0) } ?? 512
            options.maxBatch = text["max-batch"].flatMap { Int($0) } ?? 1000
            options.maxRows = text["max-rows"].flatMap { Int($0) } ?? 10_000
            options.readers = text["readers"].flatMap { Int($0) } ?? 2
            options.idleSpinUs = text["idle-spin-us"].flatMap { Int($0) } ?? 50
            options.mmapSize = text["mmap-size"].flatMap { Int64($0) } ?? 0
            options.cacheMb = text["cache-mb"].flatMap { Int($0) } ?? Store.Configuration.defaultCacheMiB
            options.maxWatches = text["max-watches"].flatMap { Int($0) } ?? 1000
            options.watchPollMs = text["watch-poll-ms"].flatMap { Int64($0) } ?? 5
            options.statementTimeout = text["statement-timeout"].flatMap { Int64($0) } ?? 0
            options.maxDbMb = text["max-db-mb"].flatMap { Int($0) } ?? 0
            options.orderedResponses = flags.contains("ordered-responses")
            options.fixedClock = text["fixed-clock"]
            options.idSeed = text["id-seed"].flatMap { UInt64($0) }
            return options
        }
    }
}
