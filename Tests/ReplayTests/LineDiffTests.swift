@testable import Replay
import Testing

@Suite struct LineDiffTests {
    private func unified(_ expected: String, _ actual: String) -> String {
        LineDiff(expected: ReplayOutcome.lines(expected), actual: ReplayOutcome.lines(actual))
            .unified(expectedName: "a", actualName: "b")
    }

    @Test func oneChangedLineInTheMiddle() {
        let expected = (1...9).map { "line \($0)\n" }.joined()
        let actual = expected.replacing("line 5\n", with: "line five\n")
        #expect(unified(expected, actual) == """
            --- a
            +++ b
            @@ -2,7 +2,7 @@
             line 2
             line 3
             line 4
            -line 5
            +line five
             line 6
             line 7
             line 8
            """)
    }

    @Test func linesAddedAtTheEndAndRemovedAtTheStart() {
        #expect(unified("x\na\nb\n", "a\nb\nc\n") == """
            --- a
            +++ b
            @@ -1,3 +1,3 @@
            -x
             a
             b
            +c
            """)
    }

    @Test func distantChangesMakeSeparateHunks() {
        let expected = (1...20).map { "\($0)\n" }.joined()
        let actual = expected.replacing("2\n3\n", with: "2\nthree\n").replacing("18\n", with: "eighteen\n")
        let text = unified(expected, actual)
        #expect(text.contains("@@ -1,6 +1,6 @@"), "\(text)")
        #expect(text.contains("@@ -15,6 +15,6 @@"), "\(text)")
        #expect(text.split(separator: "\n").filter { $0.hasPrefix("@@") }.count == 2)
    }

    @Test func anEmptySideNamesTheLineBefore() {
        #expect(unified("", "a\n") == "--- a\n+++ b\n@@ -0,0 +1 @@\n+a")
        #expect(unified("a\nb\n", "a\n") == "--- a\n+++ b\n@@ -1,2 +1 @@\n a\n-b")
    }

    @Test func theShortestEditKeepsTheCommonLines() {
        let diff = LineDiff(expected: ["a", "b", "c", "a", "b", "b", "a"], actual: ["c", "b", "a", "b", "a", "c"])
        let kept = diff.edits.filter { if case .same = $0 { true } else { false } }.count
        // The longest common subsequence of these two (Myers' own example) has 4 lines.
        #expect(kept == 4)
        #expect(diff.edits.count == 7 + 6 - kept)
    }

    @Test func replacementsPairRemovedWithAddedLines() {
        let diff = LineDiff(expected: ["a", "b", "c", "d"], actual: ["a", "B", "c", "d", "e"])
        let replacements = diff.replacements
        #expect(replacements.count == 2)
        #expect(replacements[0].removed == [1] && replacements[0].added == [1])
        #expect(replacements[1].removed == [] && replacements[1].added == [4])
    }

    @Test func manyDifferencesStillGiveADiff() {
        let expected = (0..<3000).map { "e\($0)" }.map { Substring($0) }
        let actual = (0..<3000).map { "a\($0)" }.map { Substring($0) }
        let diff = LineDiff(expected: expected, actual: actual)
        #expect(diff.edits.count == 6000)
        #expect(diff.hasChanges)
    }
}
