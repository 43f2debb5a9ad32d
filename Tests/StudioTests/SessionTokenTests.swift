@testable import Studio
import Testing

@Suite struct SessionTokenTests {
    @Test func tokensAreFreshAndLongEnough() {
        let first = SessionToken.random()
        let second = SessionToken.random()
        #expect(first.text != second.text)
        #expect(first.text.utf8.count == 64)
        #expect(first.text.allSatisfy { $0.isHexDigit && !$0.isUppercase })
    }

    @Test(arguments: [("abcd", true), ("abce", false), ("abc", false), ("abcde", false), ("", false), ("ABCD", false)])
    func comparison(candidate: String, matches: Bool) {
        #expect(SessionToken(text: "abcd").matches(candidate.utf8) == matches, "candidate \(candidate)")
    }
}
