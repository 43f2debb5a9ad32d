import Foundation
import Testing
import TestSupport

/// The fault tests, short enough for every `swift test`; `scripts/fault-runs` runs the same
/// code for long (hundreds of kill rounds, half an hour of fuzzing).
@Suite(.serialized) struct FaultTests {
    @Test func acknowledgedWritesSurviveKillNine() throws {
        let directory = try TemporaryDirectory()
        let report = try KillRounds(seed: 20261204).run(rounds: 12, in: directory.path)
        #expect(report.failures.isEmpty, "\(report)")
        #expect(report.acknowledgedRequests > 0, "no write was acknowledged before the kills: \(report)")
    }

    /// On a small tmpfs when the tests run as root, and with the file capped by `--max-db-mb` always.
    @Test(arguments: [true, false])
    func aFullDiskIsAnsweredCleanlyAndRecoveredFrom(tmpfs: Bool) throws {
        let directory = try TemporaryDirectory()
        let report = try DiskFullRun(tryTmpfs: tmpfs).run(in: directory.path)
        #expect(report.failures.isEmpty, "\(report)")
        #expect(report.diskFullErrors > 0 && report.acknowledgedRows > 0, "\(report)")
    }

    @Test func fuzzedInputIsAnsweredWellFormedAndPingStaysQuick() throws {
        let directory = try TemporaryDirectory()
        var fuzzer = try ProtocolFuzzer(seed: 20261204, corpus: ProtocolFuzzer.goldenCorpus())
        // The tests run a debug build, which parses several times slower than a release build.
        fuzzer.maxHugeBytes = 256 << 10
        let report = try fuzzer.run(seconds: 20, in: directory.path)
        #expect(report.failures.isEmpty, "\(report)")
        #expect(report.pings > 10 && report.answers > report.pings, "\(report)")
    }
}
