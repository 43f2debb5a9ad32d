/// A line of a `.in.jsonl` file that is not JSON: the server answers it with a parse error
/// (-32700), which is what a case testing the protocol wants and what a hand-edited session
/// does not. Reports name it with its file, line and column.
public struct MalformedLine: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    /// 1-based, like an editor's.
    public let line: Int
    /// 1-based byte column where the reader found the problem.
    public let column: Int
    public let message: String

    public var description: String { "\(file):\(line):\(column): not valid JSON: \(message)" }
}
