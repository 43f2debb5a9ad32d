import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Primitives
import Handlers
import JSONRPC
import JSON

/// `wizdb call METHOD [PARAMS]`: one request, in process, for shell users. The result is printed
/// as indented JSON; an error prints its message (and data) on stderr and exits with status 1.
struct Call: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send one request and print its result as indented JSON.",
        discussion: "Example: wizdb call query.sql '{\"sql\": \"SELECT 1 AS one\"}'"
    )

    @OptionGroup var options: ServerOptions

    @Argument(help: "The method to call, for example ping or query.sql.")
    var method: String

    @Argument(help: "The params as a JSON object (default {}).")
    var params: String = "{}"

    func run() throws {
        let parsedParams: JSONValue
        do {
            parsedParams = try JSONReader.parse(params)
        } catch {
            throw ValidationError("PARAMS is not valid JSON: \(error.message)")
        }
        print(JSONWriter.pretty(try options.callInProcess(method, parsedParams)))
    }
}

extension ServerOptions {
    /// Serves one request in process and returns its result. An error prints its message (and
    /// data) on stderr and exits with status 1. Shared by `call` and the maintenance shortcuts.
    func callInProcess(_ method: String, _ params: JSONValue) throws -> JSONValue {
        bootstrapLogging()
        let server: Server
        do {
            server = try makeServer()
        } catch {
            fail(describe(error))
        }
        let capture = CapturedOutput()
        let dispatcher = server.makeDispatcher(options: dispatcherOptions, output: capture)
        let request: JSONValue = ["jsonrpc": "2.0", "id": 1, "method": .string(method), "params": params]
        dispatcher.receive(line: JSONWriter.encode(request))
        dispatcher.waitUntilIdle()

        guard let line = capture.lines.last, case .object(let response)? = try? JSONReader.parse(line) else {
            fail("no response")
        }
        if let result = response["result"] { return result }
        let error = response["error"]?.objectValue
        var message = "wizdb: \(error?["message"]?.stringValue ?? "request failed")\n"
        if let data = error?["data"] { message += JSONWriter.pretty(data) + "\n" }
        printToStandardError(message)
        throw ExitCode(1)
    }
}

/// Keeps output lines in memory instead of writing them to stdout.
final class CapturedOutput: OutputSink, @unchecked Sendable {
    private let lock = ConditionLock()
    private var stored: [[UInt8]] = []

    func send(_ line: [UInt8]) {
        lock.lock()
        stored.append(line)
        lock.unlock()
    }

    var lines: [[UInt8]] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
