import JSON

/// The id of a request, kept exactly as the host sent it so the response echoes it byte for byte.
public enum RequestID: Hashable, Sendable {
    /// A number id, as its literal text (9007199254740993 is not rounded).
    case number(String)
    case string(String)
    case null

    public var json: JSONValue {
        switch self {
        case .number(let text): .number(text)
        case .string(let text): .string(text)
        case .null: .null
        }
    }

    init?(_ value: JSONValue) {
        switch value {
        case .number(let text): self = .number(text)
        case .string(let text): self = .string(text)
        case .null: self = .null
        default: return nil
        }
    }
}

/// One JSON-RPC call after validation: a request when `id` is present, a notification otherwise.
public struct Request: Sendable {
    public var id: RequestID?
    public var method: String
    public var params: JSONValue?

    public init(id: RequestID?, method: String, params: JSONValue?) {
        self.id = id
        self.method = method
        self.params = params
    }

    public var isNotification: Bool { id == nil }

    /// Validates one member of the input against JSON-RPC 2.0's request object rules.
    /// On failure, returns the error and the id to answer it with (null when it could not be read).
    static func validate(_ value: JSONValue) -> Result<Request, InvalidRequest> {
        guard case .object(let object) = value else {
            return .failure(InvalidRequest(id: .null, error: .invalidRequest("expected a request object, got \(value.typeName)")))
        }
        var id: RequestID?
        if let rawID = object["id"] {
            guard let parsed = RequestID(rawID) else {
                return .failure(InvalidRequest(id: .null, error: .invalidRequest("\"id\" must be a string, a number or null, got \(rawID.typeName)",
                                                                                 details: ["field": "id"])))
            }
            id = parsed
        }
        let answerID = id ?? .null
        guard let version = object["jsonrpc"] else {
            return .failure(InvalidRequest(id: answerID, error: .invalidRequest("missing \"jsonrpc\": \"2.0\"", details: ["field": "jsonrpc"])))
        }
        guard version == .string("2.0") else {
            return .failure(InvalidRequest(id: answerID, error: .invalidRequest("\"jsonrpc\" must be exactly \"2.0\"", details: ["field": "jsonrpc"])))
        }
        guard let rawMethod = object["method"] else {
            return .failure(InvalidRequest(id: answerID, error: .invalidRequest("missing \"method\"", details: ["field": "method"])))
        }
        guard case .string(let method) = rawMethod else {
            return .failure(InvalidRequest(id: answerID, error: .invalidRequest("\"method\" must be a string, got \(rawMethod.typeName)",
                                                                               details: ["field": "method"])))
        }
        let params = object["params"]
        if let params {
            switch params {
            case .object, .array: break
            default:
                return .failure(InvalidRequest(id: answerID, error: .invalidRequest("\"params\" must be an object or an array, got \(params.typeName)",
                                                                                   details: ["field": "params"])))
            }
        }
        return .success(Request(id: id, method: method, params: params))
    }

    struct InvalidRequest: Error {
        /// The id to answer with; nil for a notification, which is never answered.
        var id: RequestID?
        var error: RPCError
    }
}
