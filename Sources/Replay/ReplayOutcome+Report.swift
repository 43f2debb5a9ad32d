import JSON

extension ReplayOutcome {
    /// The line a replay prints for the case: `ok`, `FAIL` or `rec` (its answers were written),
    /// the case's name and how long it took.
    public var summaryLine: String {
        let tag = switch verdict {
        case .passed: "ok  "
        case .failed: "FAIL"
        case .recorded: "rec "
        }
        let wrote = verdict == .recorded ? ", wrote \(replayCase.outputPath)" : ""
        return "\(tag)  \(replayCase.name)  (\(durationMs) ms\(wrote))"
    }

    /// What a person needs to see to fix a failing case, or to check a recorded one: lines that
    /// are not JSON, how the server ended, and a unified diff of the answers with the fields
    /// that changed. Empty for a case that passed cleanly.
    public var report: String {
        var lines: [String] = []
        switch verdict {
        case .passed:
            return ""
        case .recorded:
            // Recording a parse error as the expected answer is seldom meant; say so.
            lines += malformedLines.map { "warning: \($0) (its answer, a parse error, was recorded)" }
        case .failed:
            lines += malformedLines.map(\.description)
            lines += problems
            if problems.isEmpty {
                lines += differenceReport()
            }
            lines += notes.map { "note: \($0)" }
            let logLines = log.split(separator: "\n", omittingEmptySubsequences: true)
            if !logLines.isEmpty {
                lines.append("the server's log (stderr)\(logLines.count > 20 ? ", last 20 lines" : ""):")
                lines += logLines.suffix(20).map { "  " + $0 }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Past this many changed answers the rest are counted, not described: the diff has them all.
    static let maxChangesShown = 20

    private func differenceReport() -> [String] {
        guard let expected else {
            return ["no expected answers: \(replayCase.outputPath) does not exist (wizdb replay --record writes it)"]
        }
        let expectedLines = Self.lines(expected)
        let actualLines = Self.lines(actual)
        let diff = LineDiff(expected: expectedLines, actual: actualLines)
        guard diff.hasChanges else {
            return ["the answers differ only in line endings or the newline at the end of \(replayCase.outputPath)"]
        }
        var lines = [diff.unified(expectedName: "\(replayCase.outputPath) (expected)", actualName: "\(replayCase.name) (this run)")]
        let changes = diff.replacements.flatMap { describe($0, diff: diff) }
        if !changes.isEmpty {
            lines.append("what changed:")
            lines += changes.prefix(Self.maxChangesShown).map { "  " + $0 }
            if changes.count > Self.maxChangesShown { lines.append("  and \(changes.count - Self.maxChangesShown) more lines") }
        }
        return lines
    }

    /// Pairs removed and added lines one to one and says, for JSON answers, which fields differ
    /// and which request the answer belongs to.
    private func describe(_ replacement: LineDiff.Replacement, diff: LineDiff) -> [String] {
        var result: [String] = []
        for (offset, removed) in replacement.removed.enumerated() {
            let expectedText = diff.expected[removed]
            guard offset < replacement.added.count else {
                result.append("expected line \(removed + 1) is missing from this run\(request(for: expectedText))")
                continue
            }
            let actualText = diff.actual[replacement.added[offset]]
            guard let left = try? JSONReader.parse(String(expectedText)), let right = try? JSONReader.parse(String(actualText)) else {
                continue
            }
            let differences = JSONDifference.describe(expected: left, actual: right)
            result.append("line \(replacement.added[offset] + 1)\(request(for: actualText)): " + differences.joined(separator: "; "))
        }
        for added in replacement.added.dropFirst(replacement.removed.count) {
            result.append("line \(added + 1) of this run was not expected\(request(for: diff.actual[added]))")
        }
        return result
    }

    /// ", the answer to query.update (case.in.jsonl:4)" for an answer whose id names a request.
    private func request(for answer: Substring) -> String {
        guard let input, case .object(let object)? = try? JSONReader.parse(String(answer)), let id = object["id"],
              let request = input.requestsByID[JSONWriter.encodeString(id)] else { return "" }
        return ", the answer to \(request.method) (\(replayCase.inputPath):\(request.line))"
    }

    static func lines(_ text: String) -> [Substring] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
