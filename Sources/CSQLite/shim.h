#ifndef WIZDB_CSQLITE_SHIM_H
#define WIZDB_CSQLITE_SHIM_H

#include <sqlite3.h>

// Swift cannot call C variadic functions; these fixed-arity wrappers cover
// the configuration calls wizdb makes.

/// Turns SQLITE_DBCONFIG_DEFENSIVE on or off for one connection.
static inline int wizdb_db_config_defensive(sqlite3 *db, int on) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, on, (int *)0);
}

/// Turns the double-quoted string literal misfeature off (DML and DDL), so a
/// misspelt identifier is an error instead of a silent string.
static inline int wizdb_db_config_no_dqs(sqlite3 *db) {
    int rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, (int *)0);
    if (rc != SQLITE_OK) return rc;
    return sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)0);
}

/// Stops SQLite counting its memory use, which takes a process-wide mutex on every allocation
/// and free; nothing here reads the counts. Only takes effect before SQLite is initialized.
static inline int wizdb_config_no_memstatus(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/// SQLITE_TRANSIENT is a macro over a cast that Swift does not import.
static inline sqlite3_destructor_type wizdb_transient(void) {
    return SQLITE_TRANSIENT;
}

#endif
