import CSQLite

/// The version of the SQLite library linked at run time, e.g. "3.40.1".
public let sqliteVersion = String(cString: sqlite3_libversion())
