import CommandOptions
import PostgresBackend
import WizDBCLI

// `wizdb` with the PostgreSQL backend linked in. `wizdb` runs it for postgres:// locations, so
// that SwiftNIO and the PostgreSQL driver stay out of the SQLite server's binary.
ServerOptions.installServerBackend(PostgresBackend.serverBackend)
WizDB.main()
