import CommandOptions

extension ServerOptions {
    /// The flags this server runs with that change what it answers (limits, refusals, the clock
    /// and ids), as a recorded session's `<name>.args` keeps them so its replay answers alike.
    /// Paths (--db, --schema, --migrations, --backups) are the replay's to choose, and tuning
    /// (readers, caches, log level) changes no answer.
    var answerShapingArguments: [String] {
        let defaults = (try? ServerOptions.parse([])) ?? self
        var arguments: [String] = []
        if readOnly { arguments.append("--read-only") }
        if noRawSql { arguments.append("--no-raw-sql") }
        if busyTimeout != defaults.busyTimeout { arguments += ["--busy-timeout", String(busyTimeout)] }
        if maxLineBytes != defaults.maxLineBytes { arguments += ["--max-line-bytes", String(maxLineBytes)] }
        if maxDepth != defaults.maxDepth { arguments += ["--max-depth", String(maxDepth)] }
        if maxBatch != defaults.maxBatch { arguments += ["--max-batch", String(maxBatch)] }
        if maxRows != defaults.maxRows { arguments += ["--max-rows", String(maxRows)] }
        if statementTimeout != defaults.statementTimeout { arguments += ["--statement-timeout", String(statementTimeout)] }
        if maxDbMb != defaults.maxDbMb { arguments += ["--max-db-mb", String(maxDbMb)] }
        if let fixedClock { arguments += ["--fixed-clock", fixedClock] }
        if let idSeed { arguments += ["--id-seed", String(idSeed)] }
        return arguments
    }
}
