import Foundation
@testable import Handlers
import JSONRPC
import Store
import Testing
import TestSupport
import JSON

/// Runs every golden session against the real binary, one test each, through the code that
/// `wizdb replay` runs (ReplayTests runs the folder through the command itself).
@Suite struct GoldenSessionTests {
    @Test(arguments: GoldenSession.all())
    func session(_ session: GoldenSession) throws {
        let outcome = session.run(sqliteVersion: SQLiteLibrary.version)
        #expect(outcome.verdict != .failed,
                "\(session):\n\(outcome.report)\n(WIZDB_RECORD=1 swift test, or wizdb replay protocol/golden --record=all, re-records; review the diff)")
    }

    @Test func theGoldenFolderHasSessions() {
        #expect(GoldenSession.all().count > 100, "protocol/golden/ should hold the protocol's sessions")
    }

    @Test func everyMethodHasGoldenSessions() throws {
        let server = try TestServer()
        let covered = Set(GoldenSession.all().map(\.method))
        for name in Registry.methodNames(for: server.server) {
            #expect(covered.contains(name), "no golden session under protocol/golden/\(GoldenSession.folderName(forMethod: name))/")
        }
    }
}

/// The registry, protocol/openrpc.json and the document embedded in the binary must agree.
@Suite struct OpenRPCTests {
    static var documentPath: String { GoldenSession.packageRoot + "/protocol/openrpc.json" }

    @Test func embeddedDocumentMatchesProtocolFolder() throws {
        let onDisk = try String(contentsOfFile: Self.documentPath, encoding: .utf8)
        #expect(OpenRPCDocument.text + "\n" == onDisk || OpenRPCDocument.text == onDisk,
                "Sources/Handlers/OpenRPCDocument.swift is stale: run scripts/embed-openrpc")
    }

    @Test func registryAndDocumentListTheSameMethods() throws {
        let document = try JSONReader.parse(String(contentsOfFile: Self.documentPath, encoding: .utf8))
        let documented = Set((document.objectValue?["methods"]?.arrayValue ?? []).compactMap { $0.objectValue?["name"]?.stringValue })
        let server = try TestServer()
        let registered = Set(Registry.methodNames(for: server.server))
        #expect(documented == registered,
                "only documented: \(documented.subtracting(registered).sorted()); only registered: \(registered.subtracting(documented).sorted())")
    }

    @Test func everyApplicationErrorCodeIsDocumented() throws {
        let document = try JSONReader.parse(String(contentsOfFile: Self.documentPath, encoding: .utf8))
        let errors = document.objectValue?["components"]?.objectValue?["errors"]?.objectValue
        let codes = Set((errors?.members ?? []).compactMap { $0.value.objectValue?["code"]?.int64Value })
        for code in [ErrorCode.parseError, ErrorCode.invalidRequest, ErrorCode.methodNotFound, ErrorCode.invalidParams,
                     ErrorCode.internalError, ErrorCode.requestCancelled, ErrorCode.constraint, ErrorCode.busy,
                     ErrorCode.readOnly, ErrorCode.rawSQLDisabled, ErrorCode.sqlError, ErrorCode.diskFull, ErrorCode.corrupt] {
            #expect(codes.contains(Int64(code)), "error code \(code) is not in components.errors")
        }
    }
}
