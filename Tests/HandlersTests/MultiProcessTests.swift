import Foundation
import JSON
import Testing
import TestSupport

/// Several wizdb processes on one database file: two windows of an app on first run, a
/// migration run by one process while another serves.
@Suite struct MultiProcessTests {
    static let people = #"{"tables":{"people":{"columns":{"name":{"type":"text","notNull":true},"nickname":{"type":"text"}}}}}"#
    static let peopleWithPhone = #"{"tables":{"people":{"columns":{"name":{"type":"text","notNull":true},"phone":{"type":"text"}}}}}"#

    private func cli(_ arguments: [String], in directory: TemporaryDirectory) throws -> WizDBBinary.Outcome {
        try WizDBBinary.run(arguments, input: [], in: directory.path)
    }

    @Test func eightProcessesStartTogetherOnANewDatabase() throws {
        let root = GoldenSession.packageRoot
        for round in 0..<3 {
            let directory = try TemporaryDirectory()
            try FileManager.default.copyItem(atPath: root + "/wizdb.schema.json", toPath: directory.file("wizdb.schema.json"))
            try FileManager.default.copyItem(atPath: root + "/migrations", toPath: directory.file("migrations"))
            let outcomes = Outcomes()
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                outcomes.append(Result {
                    try WizDBBinary.run(["--db", "db.sqlite"],
                                        input: Array(#"{"jsonrpc":"2.0","id":1,"method":"query.count","params":{"table":"users"}}"#.utf8) + [0x0A],
                                        in: directory.path)
                })
            }
            for result in outcomes.all {
                let outcome = try result.get()
                #expect(outcome.status == 0 && outcome.stdoutLines == [#"{"jsonrpc":"2.0","id":1,"result":{"count":0}}"#],
                        "round \(round): \(outcome.stdoutText) \(outcome.stderr)")
            }
            let status = try cli(["status", "--db", "db.sqlite", "--json"], in: directory)
            #expect(status.stdoutText.contains("0001_init") && status.status == 0, "\(status.stdoutText) \(status.stderr)")
        }
    }

    @Test func severalMigrateCommandsAtOnceApplyEachFileOnce() throws {
        let directory = try TemporaryDirectory()
        try Self.people.write(toFile: directory.file("wizdb.schema.json"), atomically: true, encoding: .utf8)
        #expect(try cli(["generate", "people", "--db", "db.sqlite"], in: directory).status == 0)
        try Self.peopleWithPhone.write(toFile: directory.file("wizdb.schema.json"), atomically: true, encoding: .utf8)
        #expect(try cli(["generate", "phone", "--db", "db.sqlite"], in: directory).status == 0)
        let outcomes = Outcomes()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            outcomes.append(Result { try WizDBBinary.run(["migrate", "--db", "db.sqlite", "--confirm-data-loss", "--json"], input: [], in: directory.path) })
        }
        var applied: [String] = []
        for item in outcomes.all {
            let outcome = try item.get()
            #expect(outcome.status == 0, "\(outcome.stdoutText) \(outcome.stderr)")
            let result = try JSONReader.parse(outcome.stdoutText)
            applied += result.objectValue?["applied"]?.arrayValue?.compactMap(\.stringValue) ?? []
        }
        #expect(applied.sorted() == ["0001_people", "0002_phone"], "each file applied by exactly one process: \(applied)")
    }

    /// Process A serves while B migrates: A picks up the new column and the dropped one before
    /// its next request that uses them, without a restart.
    @Test func aServingProcessFollowsAMigrationByAnother() throws {
        let directory = try TemporaryDirectory()
        try Self.people.write(toFile: directory.file("wizdb.schema.json"), atomically: true, encoding: .utf8)
        #expect(try cli(["generate", "people", "--db", "db.sqlite"], in: directory).status == 0)
        let serving = try LiveProcess(arguments: ["--migrate"], in: directory)
        try serving.send(#"{"jsonrpc":"2.0","id":1,"method":"query.insert","params":{"table":"people","values":{"id":"p1","name":"Ann","nickname":"A"},"returning":["name","nickname"]}}"#)
        #expect(serving.readLine()?.contains(#""rows":[{"name":"Ann","nickname":"A"}]"#) == true)

        try Self.peopleWithPhone.write(toFile: directory.file("wizdb.schema.json"), atomically: true, encoding: .utf8)
        #expect(try cli(["generate", "phone instead of nickname", "--db", "db.sqlite"], in: directory).status == 0)
        let migrate = try cli(["migrate", "--db", "db.sqlite", "--confirm-data-loss"], in: directory)
        #expect(migrate.status == 0, "\(migrate.stdoutText) \(migrate.stderr)")

        try serving.send(#"{"jsonrpc":"2.0","id":2,"method":"query.insert","params":{"table":"people","values":{"id":"p2","name":"Bob","phone":"555"},"returning":["name","phone"]}}"#)
        #expect(serving.readLine() == #"{"jsonrpc":"2.0","id":2,"result":{"rows":[{"name":"Bob","phone":"555"}],"changes":1}}"#)
        try serving.send(#"{"jsonrpc":"2.0","id":3,"method":"query.select","params":{"table":"people","fields":["id","name","phone"],"orderBy":[{"field":"id"}]}}"#)
        #expect(serving.readLine() == #"{"jsonrpc":"2.0","id":3,"result":{"rows":[{"id":"p1","name":"Ann","phone":null},{"id":"p2","name":"Bob","phone":"555"}]}}"#)
        try serving.send(#"{"jsonrpc":"2.0","id":4,"method":"query.get","params":{"table":"people","id":"p1"}}"#)
        let row = serving.readLine() ?? ""
        #expect(row.contains(#""phone":null"#) && !row.contains("nickname"), "got \(row)")
        try serving.stdin.fileHandleForWriting.close()
        #expect(serving.waitForExit() == 0)
    }
}

