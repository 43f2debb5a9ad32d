import CommandOptions
import ArgumentParser
import Handlers
import JSON
import JSONRPC
import Primitives

/// Sends one request to a server in this process, exactly as a host's request would travel
/// (dispatcher, handler, error mapping), for the command-line shortcuts.
struct InProcessCall {
    let options: ServerOptions

    /// The result, or the error object's message and data printed on stderr and exit status 1.
    func result(_ method: String, _ params: JSONValue) throws -> JSONValue {
        let server: Server
        do {
            server = try options.makeServer()
        } catch {
            fail(describe(error))
        }
        let capture = CapturedOutput()
        let dispatcher = server.makeDispatcher(options: options.dispatcherOptions, output: capture)
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
        lock.withLock { stored.append(line) }
    }

    var lines: [[UInt8]] { lock.withLock { stored } }
}

extension ServerOptions {
    /// Serves one request in process and returns its result (see `InProcessCall`); shared by
    /// the command-line shortcuts.
    func callInProcess(_ method: String, _ params: JSONValue) throws -> JSONValue {
        bootstrapLogging()
        return try InProcessCall(options: self).result(method, params)
    }
}
