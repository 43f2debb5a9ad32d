import JSON

/// Every error code wizdb sends, grouped by range.
///
/// -32768...-32000 belong to JSON-RPC 2.0 (and -32800 to LSP's cancellation); application errors
/// start at 1000, one code per `data.kind`, so a host can switch on either.
public enum ErrorCode {
    // JSON-RPC 2.0
    public static let parseError = -32700
    public static let invalidRequest = -32600
    public static let methodNotFound = -32601
    public static let invalidParams = -32602
    public static let internalError = -32603
    // LSP
    public static let requestCancelled = -32800

    // Application errors (data.kind in parentheses)
    public static let notFound = 1000 // not_found
    public static let unknownTable = 1001 // unknown_table
    public static let unknownField = 1002 // unknown_field
    public static let invalidValue = 1003 // invalid_value
    public static let constraint = 1004 // constraint
    public static let busy = 1005 // busy
    public static let readOnly = 1006 // read_only
    public static let rawSQLDisabled = 1007 // raw_sql_disabled
    public static let unsafeOperation = 1008 // unsafe_operation
    public static let assertionFailed = 1009 // assertion_failed
    public static let transactionNotFound = 1010 // transaction_not_found
    public static let transactionTimeout = 1011 // transaction_timeout
    public static let migrationDrift = 1012 // migration_drift
    public static let migrationFailed = 1013 // migration_failed
    public static let dataLossUnconfirmed = 1014 // data_loss_unconfirmed
    public static let diskFull = 1015 // disk_full
    public static let corrupt = 1016 // corrupt
    public static let pathNotAllowed = 1017 // path_not_allowed
    public static let sqlError = 1018 // sql_error
    public static let unsupported = 1019 // unsupported (reserved for other backends)
    public static let unavailable = 1020 // unavailable (reserved for other backends, retryable)
    public static let invalidSchema = 1021 // invalid_schema
    public static let fileSystem = 1022 // file_system
    public static let schemaOutOfDate = 1023 // schema_out_of_date
    public static let limitExceeded = 1024 // limit_exceeded
}

/// A JSON-RPC error object: what the host receives when a request fails.
public struct RPCError: Error, Sendable, Equatable {
    public var code: Int
    public var message: String
    public var data: JSONValue?

    public init(code: Int, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    /// An error whose `data` is an object starting with `kind`, followed by `details`.
    public init(code: Int, kind: String, message: String, details: JSONObject = [:]) {
        var data = JSONObject([(key: "kind", value: .string(kind))])
        data.members.append(contentsOf: details.members)
        self.init(code: code, message: message, data: .object(data))
    }

    public static func parseError(_ message: String, offset: Int? = nil) -> RPCError {
        var details = JSONObject()
        if let offset { details["offset"] = .integer(offset) }
        return RPCError(code: ErrorCode.parseError, kind: "parse_error", message: "Parse error: \(message)", details: details)
    }

    public static func invalidRequest(_ message: String, kind: String = "invalid_request", details: JSONObject = [:]) -> RPCError {
        RPCError(code: ErrorCode.invalidRequest, kind: kind, message: "Invalid request: \(message)", details: details)
    }

    public static func methodNotFound(_ method: String) -> RPCError {
        RPCError(code: ErrorCode.methodNotFound, kind: "method_not_found", message: "Method not found: \(method)",
                 details: ["method": .string(method)])
    }

    public static func invalidParams(_ message: String, field: String? = nil, details: JSONObject = [:]) -> RPCError {
        var all = JSONObject()
        if let field { all["field"] = .string(field) }
        all.members.append(contentsOf: details.members)
        return RPCError(code: ErrorCode.invalidParams, kind: "invalid_params", message: "Invalid params: \(message)", details: all)
    }

    public static func internalError(_ message: String = "Internal error") -> RPCError {
        RPCError(code: ErrorCode.internalError, kind: "internal_error", message: message)
    }

    public static let cancelled = RPCError(code: ErrorCode.requestCancelled, kind: "cancelled", message: "Request cancelled")
}
