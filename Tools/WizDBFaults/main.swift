import ArgumentParser
import Foundation
import TestSupport

/// Long runs of the fault tests that `swift test` runs briefly: kill -9 rounds, a full disk,
/// protocol fuzzing. Each prints what it did and what it found, and exits non-zero on a finding.
@main
struct WizDBFaults: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wizdb-faults",
        abstract: "Run wizdb's fault tests for longer: kill rounds, disk full, protocol fuzzing.",
        discussion: "Uses the wizdb binary next to this one (or WIZDB_BINARY).",
        subcommands: [Kill.self, DiskFull.self, Fuzz.self])
}

struct Kill: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Two processes writing to one file, killed with SIGKILL at random moments.")
    @Option(help: "Rounds to run.") var rounds = 500
    @Option(help: "Seed of the random kill times.") var seed: UInt64 = 1

    func run() throws {
        let directory = try TemporaryDirectory(prefix: "wizdb-kill")
        let started = Date()
        let report = try KillRounds(seed: seed).run(rounds: rounds, in: directory.path) { print($0) }
        print("kill: \(report) in \(Int(Date().timeIntervalSince(started))) s")
        if !report.failures.isEmpty { throw ExitCode(1) }
    }
}

struct DiskFull: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Fill the disk under a serving process, check its answers, give the space back.")
    @Option(help: "Rounds to run.") var rounds = 5
    @Flag(help: "Cap the file with --max-db-mb instead of filling a tmpfs.") var cap = false

    func run() throws {
        var failures = 0
        for round in 0..<rounds {
            let directory = try TemporaryDirectory(prefix: "wizdb-full")
            let report = try DiskFullRun(tryTmpfs: !cap).run(in: directory.path)
            print("disk full, round \(round + 1): \(report)")
            failures += report.failures.count
        }
        if failures > 0 { throw ExitCode(1) }
    }
}

struct Fuzz: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Mutated requests, batches, huge and deep values and invalid UTF-8 at a serving process.")
    @Option(help: "How long to fuzz, in seconds.") var seconds = 1800
    @Option(help: "Seed of the mutations.") var seed: UInt64 = 1

    func run() throws {
        let directory = try TemporaryDirectory(prefix: "wizdb-fuzz")
        var fuzzer = try ProtocolFuzzer(seed: seed, corpus: ProtocolFuzzer.goldenCorpus())
        let report = try fuzzer.run(seconds: Double(seconds), in: directory.path) { print($0) }
        print("fuzz: \(report)")
        if !report.failures.isEmpty { throw ExitCode(1) }
    }
}
