import JSON
import JSONRPC
import Store

/// `transaction.run`: several calls applied all or nothing, in one write transaction on the
/// writer. A step may name itself (`as`) so later steps can use `{"$ref": "name.path"}` to take
/// values from its result, and may state what it must produce (`expect`); when a step fails or
/// its expectation does not hold, everything rolls back and the error names the step.
enum TransactionRun {
    static let name = "transaction.run"

    struct Step {
        var method: String
        var params: JSONValue
        var name: String?
        var expect: JSONObject?
    }

    static func method(_ server: Server) -> Method {
        Method(name, lane: .write) { context in
            let params = try JSONRPC.Params(context.params, allowed: ["steps"])
            guard let items = try params.optionalArray("steps"), !items.isEmpty else {
                throw RPCError.invalidParams("\"steps\" must be a non-empty array of {method, params, as?, expect?}", field: "steps")
            }
            let steps = try parse(items, server: server)
            let results = try server.store.writeRetryingConflicts { db -> [JSONValue] in
                var results: [JSONValue] = []
                var named: [String: JSONValue] = [:]
                for (index, step) in steps.enumerated() {
                    try context.checkCancellation()
                    let result = try run(step, index: index, named: named, server: server, context: context, db: db)
                    if let expect = step.expect { try check(expect, result, step: step, index: index) }
                    if let name = step.name { named[name] = result }
                    results.append(result)
                }
                return results
            }
            return .value(["results": .array(results)])
        }
    }

    private static func parse(_ items: [JSONValue], server: Server) throws -> [Step] {
        var names: Set<String> = []
        return try items.enumerated().map { index, item in
            let path = "steps[\(index)]"
            guard case .object(let object) = item else { throw RPCError.invalidParams("\(path) must be an object", field: path) }
            for (key, _) in object.members where !["method", "params", "as", "expect"].contains(key) {
                throw RPCError.invalidParams("\(path): unknown key \"\(key)\"", field: "\(path).\(key)")
            }
            guard case .string(let method)? = object["method"] else {
                throw RPCError.invalidParams("\(path).method must name a method", field: "\(path).method")
            }
            guard Registry.stepMethods[method] != nil else {
                throw RPCError.invalidParams("\(path).method: \"\(method)\" cannot be a step; steps are \(Registry.stepMethods.keys.sorted().joined(separator: ", "))",
                                             field: "\(path).method")
            }
            let params = object["params"] ?? .object([:])
            guard case .object(let paramObject) = params else {
                throw RPCError.invalidParams("\(path).params must be an object", field: "\(path).params")
            }
            if paramObject["tx"] != nil {
                throw RPCError.invalidParams("\(path).params: steps run in the transaction of transaction.run; \"tx\" does not apply", field: "\(path).params.tx")
            }
            // Every reference must name an earlier step, checked before anything runs.
            for reference in references(in: params) {
                let target = String(reference.prefix { $0 != "." })
                guard names.contains(target) else {
                    throw StoreError.invalidValue(field: "\(path).params", expected: "a $ref to an earlier step's \"as\" name (\(names.sorted().joined(separator: ", ")))",
                                                  got: "\"\(reference)\"")
                }
            }
            var name: String?
            if let value = object["as"] {
                guard case .string(let text) = value, !text.isEmpty, !text.contains(".") else {
                    throw RPCError.invalidParams("\(path).as must be a name without dots", field: "\(path).as")
                }
                guard names.insert(text).inserted else {
                    throw RPCError.invalidParams("\(path).as: the name \"\(text)\" is used twice", field: "\(path).as")
                }
                name = text
            }
            var expect: JSONObject?
            if let value = object["expect"] {
                guard case .object(let expectation) = value else {
                    throw RPCError.invalidParams("\(path).expect must be an object", field: "\(path).expect")
                }
                for (key, _) in expectation.members where !["changes", "rows", "minRows", "maxRows", "equals", "message"].contains(key) {
                    throw RPCError.invalidParams("\(path).expect: unknown key \"\(key)\"; keys are changes, rows, minRows, maxRows, equals, message",
                                                 field: "\(path).expect.\(key)")
                }
                expect = expectation
            }
            return Step(method: method, params: params, name: name, expect: expect)
        }
    }

    private static func run(_ step: Step, index: Int, named: [String: JSONValue], server: Server, context: RequestContext,
                            db: Database) throws -> JSONValue {
        do {
            let params = try resolve(step.params, named: named, index: index)
            guard let handler = Registry.stepMethods[step.method] else { throw RPCError.methodNotFound(step.method) }
            let call = Call(context, params: params, database: db)
            switch try handler(server, call) {
            case .value(let value): return value
            case let result: return try JSONReader.parse(result.encodedResult)
            }
        } catch {
            // The step's own error, told which step it was.
            var rpcError = server.rpcError(for: error)
            var data = rpcError.data?.objectValue ?? JSONObject()
            data["step"] = .integer(index)
            if let name = step.name { data["as"] = .string(name) }
            rpcError.data = .object(data)
            rpcError.message = "step \(index) (\(step.method)) failed: \(rpcError.message)"
            throw rpcError
        }
    }

    // MARK: References

    private static func references(in value: JSONValue) -> [String] {
        switch value {
        case .object(let object):
            if object.count == 1, case .string(let reference)? = object["$ref"] { return [reference] }
            return object.members.flatMap { references(in: $0.value) }
        case .array(let items): return items.flatMap(references)
        default: return []
        }
    }

    private static func resolve(_ value: JSONValue, named: [String: JSONValue], index: Int) throws -> JSONValue {
        switch value {
        case .object(let object):
            if object.count == 1, case .string(let reference)? = object["$ref"] {
                return try lookup(reference, named: named, index: index)
            }
            return .object(JSONObject(try object.members.map { (key: $0.key, value: try resolve($0.value, named: named, index: index)) }))
        case .array(let items):
            return .array(try items.map { try resolve($0, named: named, index: index) })
        default:
            return value
        }
    }

    private static func lookup(_ reference: String, named: [String: JSONValue], index: Int) throws -> JSONValue {
        let parts = reference.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard var current = named[parts[0]] else {
            throw StoreError.invalidValue(field: "steps[\(index)].params", expected: "a reference to an earlier step", got: "\"\(reference)\"")
        }
        for part in parts.dropFirst() {
            switch current {
            case .object(let object) where object[part] != nil:
                current = object[part] ?? .null
            case .array(let items) where Int(part).map { items.indices.contains($0) } == true:
                current = items[Int(part) ?? 0]
            default:
                throw StoreError.invalidValue(field: "steps[\(index)].params",
                                              expected: "\"\(reference)\" to lead to a value in the earlier step's result", got: "nothing at \"\(part)\"")
            }
        }
        return current
    }

    static func value(at path: String, in result: JSONValue) -> JSONValue? {
        var current = result
        for part in path.split(separator: ".").map(String.init) {
            switch current {
            case .object(let object): guard let next = object[part] else { return nil }; current = next
            case .array(let items): guard let offset = Int(part), items.indices.contains(offset) else { return nil }; current = items[offset]
            default: return nil
            }
        }
        return current
    }

    // MARK: Expectations

    private static func check(_ expect: JSONObject, _ result: JSONValue, step: Step, index: Int) throws {
        let object = result.objectValue
        let changes = object?["changes"]?.int64Value
        let rowCount = object?["rows"]?.arrayValue.map { Int64($0.count) } ?? (object?["row"].map { $0.isNull ? 0 : 1 })
        var failures: [(String, JSONValue, JSONValue)] = []
        func expectNumber(_ key: String, _ actual: Int64?, _ holds: (Int64, Int64) -> Bool) {
            guard let wanted = expect[key]?.int64Value else { return }
            if actual.map({ holds($0, wanted) }) != true { failures.append((key, .integer(wanted), actual.map { .integer($0) } ?? .null)) }
        }
        expectNumber("changes", changes) { $0 == $1 }
        expectNumber("rows", rowCount) { $0 == $1 }
        expectNumber("minRows", rowCount) { $0 >= $1 }
        expectNumber("maxRows", rowCount) { $0 <= $1 }
        if case .object(let equals)? = expect["equals"] {
            for (path, wanted) in equals.members {
                let actual = value(at: path, in: result) ?? .null
                if actual != wanted { failures.append(("equals." + path, wanted, actual)) }
            }
        }
        guard let (what, wanted, actual) = failures.first else { return }
        let message = expect["message"]?.stringValue ?? "step \(index) (\(step.method)) expected \(what) \(JSONWriter.encodeString(wanted)), got \(JSONWriter.encodeString(actual))"
        var details: JSONObject = ["step": .integer(index)]
        if let name = step.name { details["as"] = .string(name) }
        details["expected"] = .object(JSONObject([(key: what, value: wanted)]))
        details["actual"] = .object(JSONObject([(key: what, value: actual)]))
        throw RPCError(code: ErrorCode.assertionFailed, kind: "assertion_failed", message: message, details: details)
    }
}
