import JSONRPC
import JSON

/// `rpc.discover`: the OpenRPC document describing every method, embedded in the binary from
/// `protocol/openrpc.json`, so the spec a host reads is the spec the tests check.
enum RPCDiscover {
    static let name = "rpc.discover"

    /// The document re-encoded compactly once (the embedded text is pretty-printed, and a response
    /// must fit on one line).
    static let encodedDocument: Result<[UInt8], RPCError> = {
        do {
            let document = try JSONReader.parse(OpenRPCDocument.text, maxDepth: 512)
            return .success(JSONWriter.encode(document))
        } catch {
            return .failure(.internalError("the embedded OpenRPC document does not parse: \(String(describing: error))"))
        }
    }()

    static func method(_ server: Server) -> Method {
        Method(name, lane: .inline) { context in
            _ = try Params(context.params, allowed: [])
            return .encoded(try encodedDocument.get())
        }
    }
}
