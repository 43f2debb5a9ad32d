import WizDBCLI

// The SQLite server and every command; a postgres:// location is handed to wizdb-postgres.
WizDB.main()
