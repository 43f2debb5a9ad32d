/// What replaying one case came to.
public struct ReplayOutcome: Sendable {
    public enum Verdict: Sendable, Equatable {
        /// The answers were the expected ones.
        case passed
        /// They were not, or the case could not run; `report` says why.
        case failed
        /// The expected answers were written (new, or changed with `--record=all`).
        case recorded
    }

    public let replayCase: ReplayCase
    public let verdict: Verdict
    /// The content of `<case>.out.jsonl` before this run; nil when there was none.
    public let expected: String?
    /// This run's answers, placeholders applied.
    public let actual: String
    /// Why the case failed besides its answers: the server's exit, a setup that failed, a file
    /// that could not be read.
    public let problems: [String]
    /// Remarks that matter only when something went wrong (the setup's own errors).
    public let notes: [String]
    public let malformedLines: [MalformedLine]
    /// What the server wrote on stderr (its log).
    public let log: String
    public let durationMs: Int64
    let input: CaseInput?

    init(replayCase: ReplayCase, verdict: Verdict, expected: String?, actual: String, problems: [String] = [],
         notes: [String] = [], input: CaseInput?, log: String = "", durationMs: Int64) {
        self.replayCase = replayCase
        self.verdict = verdict
        self.expected = expected
        self.actual = actual
        self.problems = problems
        self.notes = notes
        self.malformedLines = input?.malformedLines ?? []
        self.input = input
        self.log = log
        self.durationMs = durationMs
    }
}
