/// A session file that could not be created.
public struct SessionRecorderError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String { "cannot record the session to \(path): \(reason)" }
}
