/// The counts a replay ends with.
public struct ReplaySummary: Sendable, Equatable {
    public var passed = 0
    public var failed = 0
    /// Cases whose expected answers were written (counted as passed as well).
    public var recorded = 0

    public init() {}

    mutating func add(_ verdict: ReplayOutcome.Verdict) {
        switch verdict {
        case .passed: passed += 1
        case .failed: failed += 1
        case .recorded:
            passed += 1
            recorded += 1
        }
    }

    /// `N passed, M failed`: the last line of a replay, the one CI logs are searched for.
    public var line: String { "\(passed) passed, \(failed) failed" }
}
