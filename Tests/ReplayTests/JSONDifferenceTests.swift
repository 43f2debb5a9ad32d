import JSON
@testable import Replay
import Testing

@Suite struct JSONDifferenceTests {
    @Test(arguments: [
        (#"{"id":4,"result":{"rows":[{"credits":70}],"changes":1}}"#, #"{"id":4,"result":{"rows":[{"credits":40}],"changes":1}}"#,
         ["result.rows[0].credits: expected 70, got 40"]),
        (#"{"result":{"rows":[1,2]}}"#, #"{"result":{"rows":[1]}}"#,
         ["result.rows: expected 2 items, this run has 1"]),
        (#"{"result":{"a":1}}"#, #"{"result":{"a":1,"b":null}}"#,
         ["result.b: not expected, this run has null"]),
        (#"{"error":{"code":1004,"data":{"kind":"constraint"}}}"#, #"{"result":{}}"#,
         ["error: expected {\"code\":1004,\"data\":{\"kind\":\"constraint\"}}, missing in this run", "result: not expected, this run has {}"]),
        (#"{"result":{"a b":"x"}}"#, #"{"result":{"a b":"y"}}"#,
         [#"result["a b"]: expected "x", got "y""#]),
        (#"{"a":1,"b":2}"#, #"{"b":2,"a":1}"#,
         ["the answer: the members come in another order"]),
        (#"[1,2,3,4,5]"#, #"[6,7,8,9,10]"#,
         ["[0]: expected 1, got 6", "[1]: expected 2, got 7", "[2]: expected 3, got 8", "and 2 more"]),
    ])
    func differences(expected: String, actual: String, described: [String]) throws {
        let found = JSONDifference.describe(expected: try JSONReader.parse(expected), actual: try JSONReader.parse(actual))
        #expect(found == described, "for \(expected) vs \(actual)")
    }

    @Test func longValuesAreCut() throws {
        let long = String(repeating: "x", count: 200)
        let found = JSONDifference.describe(expected: try JSONReader.parse(#"{"a":"\#(long)"}"#), actual: try JSONReader.parse(#"{"a":1}"#))
        #expect(found.count == 1)
        #expect(found[0].hasSuffix("..., got 1"), "\(found)")
        #expect(found[0].count < 120)
    }
}
