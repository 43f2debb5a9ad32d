/// Why a case could not be run at all (as opposed to a case that ran and answered differently):
/// a file that cannot be read or written, a server that cannot be started.
public struct ReplayError: Error, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
