@testable import Replay
import Testing

@Suite struct CaseInputTests {
    @Test func malformedLinesAreNamedWithFileLineAndColumn() {
        let text = """
            {"jsonrpc":"2.0","id":1,"method":"ping"}

              {"jsonrpc":"2.0","id":2,"method":"ping",}
            {"jsonrpc":"2.0","id":3,"method":"ping"}
            not json
            """
        let input = CaseInput(bytes: Array(text.utf8), file: "cases/a.in.jsonl")
        #expect(input.malformedLines.map(\.line) == [3, 5])
        #expect(input.malformedLines.first?.column == 43)
        #expect(input.malformedLines.first?.description.hasPrefix("cases/a.in.jsonl:3:43: not valid JSON: ") == true)
    }

    @Test func deepAndLoneSurrogateLinesAreStillJSON() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        let surrogate = #"{"jsonrpc":"2.0","id":1,"method":"ping","params":{"s":"\ud800"}}"#
        let input = CaseInput(bytes: Array((deep + "\n" + surrogate + "\n").utf8), file: "x")
        #expect(input.malformedLines.isEmpty)
    }

    @Test func invalidUTF8IsMalformed() {
        let input = CaseInput(bytes: Array(#"{"a":""#.utf8) + [0xFF] + Array(#""}"#.utf8), file: "x")
        #expect(input.malformedLines.count == 1)
    }

    @Test func requestsAreFoundByTheirID() {
        let text = """
            {"jsonrpc":"2.0","id":1,"method":"ping"}
            [{"jsonrpc":"2.0","id":"b","method":"query.get","params":{}},{"jsonrpc":"2.0","method":"exit"}]
            {"jsonrpc":"2.0","id":1,"method":"shutdown"}
            """
        let input = CaseInput(bytes: Array(text.utf8), file: "x")
        #expect(input.requestsByID["1"]?.method == "ping")
        #expect(input.requestsByID["1"]?.line == 1)
        #expect(input.requestsByID[#""b""#]?.method == "query.get")
        #expect(input.requestsByID[#""b""#]?.line == 2)
        #expect(input.requestsByID.count == 2)
    }
}
