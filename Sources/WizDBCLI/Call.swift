import CommandOptions
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
        options.bootstrapLogging()
        let parsedParams: JSONValue
        do {
            parsedParams = try JSONReader.parse(params)
        } catch {
            throw ValidationError("PARAMS is not valid JSON: \(error.message)")
        }
        print(JSONWriter.pretty(try InProcessCall(options: options).result(method, parsedParams)))
    }
}
