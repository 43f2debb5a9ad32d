import Foundation
import Testing
import TestSupport
@testable import WizDBCLI

/// `wizdb` leaves postgres:// locations to `wizdb-postgres`, so the SQLite server's binary
/// carries no PostgreSQL driver.
@Suite struct ServerLocationTests {
    @Test func theCommandLineOrTheEnvironmentNamesTheLocation() {
        #expect(ServerLocation.namesServer(["--db", "postgres://u@h/db"], environment: nil))
        #expect(ServerLocation.namesServer(["migrate", "--db=postgresql://u@h/db"], environment: nil))
        #expect(!ServerLocation.namesServer(["--db", "app.sqlite"], environment: "postgres://u@h/db"))
        #expect(ServerLocation.namesServer(["status"], environment: "postgres://u@h/db"))
        // --db left at its default: the environment's URL counts, as for the server's options.
        #expect(ServerLocation.namesServer(["--db", "wizdb.sqlite"], environment: "postgres://u@h/db"))
        #expect(!ServerLocation.namesServer(["--db", "app.sqlite"], environment: nil))
        #expect(!ServerLocation.namesServer(["call", "--", "--db", "postgres://u@h/db"], environment: nil))
        #expect(!ServerLocation.namesServer([], environment: ""))
    }

    /// The handover is real: wizdb-postgres answers (here: no server listens on port 1).
    @Test func wizdbHandsAServerLocationToWizDBPostgres() throws {
        let directory = try TemporaryDirectory()
        let outcome = try WizDBBinary.run(["--db", "postgres://nobody@127.0.0.1:1/none?connect_timeout=2"], input: [], in: directory.path)
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("the database server is unavailable"), "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("wizdb-postgres was not found"))
    }
}
