import ArgumentParser

/// `wizdb replay ...` parsed on its own: a root named wizdb with no options of its own, so
/// usage and errors read `wizdb replay` while every option reaches `ReplayCommand`.
struct ReplayCommandLine: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "wizdb", subcommands: [ReplayCommand.self])
}
