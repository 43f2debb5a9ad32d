@testable import Replay
import Testing

@Suite struct PlaceholdersTests {
    @Test func temporaryFolderVersionAndDurations() {
        let answer = #"{"path":"/tmp/wizdb-replay-ab12/backups/x.sqlite","sqliteVersion":"3.40.1","durationMs":12,"n":"3.40.1.2","d":{"durationMs":0}}"#
        #expect(Placeholders.apply(to: answer, temporaryFolder: "/tmp/wizdb-replay-ab12", sqliteVersion: "3.40.1")
            == #"{"path":"$TMP/backups/x.sqlite","sqliteVersion":"$SQLITE_VERSION","durationMs":"$MS","n":"3.40.1.2","d":{"durationMs":"$MS"}}"#)
    }

    @Test(arguments: [
        (#"{"durationMs":"x"}"#, #"{"durationMs":"x"}"#),
        (#"{"durationMs":}"#, #"{"durationMs":}"#),
        (#"no key here"#, #"no key here"#),
        (#""durationMs":7"#, #""durationMs":"$MS""#),
        (#"{"durationMs":123456789,"durationMs":1}"#, #"{"durationMs":"$MS","durationMs":"$MS"}"#),
    ])
    func durations(input: String, output: String) {
        #expect(Placeholders.replacingDurations(in: input) == output)
    }
}
