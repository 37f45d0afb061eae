import PostgreSQL
import SQLite

/// The stores' connections, of either backend: SQLite's one writer with group commit and its
/// readers, or a pool of PostgreSQL connections that several replicas share a server through.
/// A `write` runs in a transaction that has committed when it returns; a closure that throws
/// changes nothing.
package final class StoragePool: Sendable {
    typealias Backend = SQLBackend<SQLite.DatabasePool, PostgreSQL.DatabasePool>
    let backend: Backend

    init(_ backend: Backend) {
        self.backend = backend
    }

    package var dialect: SQLDialect { backend.dialect }

    package func read<T: Sendable>(_ body: @escaping @Sendable (SQLConnection) throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let pool): try await pool.read { try body(SQLConnection(.sqlite($0))) }
        case .postgres(let pool):
            try await Self.unavailableIfLost { try await pool.read { try body(SQLConnection(.postgres($0))) } }
        }
    }

    @discardableResult
    package func write<T: Sendable>(_ body: @escaping @Sendable (SQLConnection) throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let pool): try await pool.write { try body(SQLConnection(.sqlite($0))) }
        case .postgres(let pool):
            try await Self.unavailableIfLost { try await pool.write { try body(SQLConnection(.postgres($0))) } }
        }
    }

    /// A PostgreSQL connection lost in the middle (the server restarted, the network dropped)
    /// or not to be had: the work was not done, and the pool connects again for the next
    /// call. The client is told so (503), not given a 500. A transaction that lost a conflict
    /// (a deadlock, seen between replicas' leases and chat writes) was rolled back whole:
    /// trying again is safe, so it is transient too.
    private static func unavailableIfLost<T>(_ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch let error as PostgresError where error.isConnectionLost {
            throw DatabaseUnavailable(reason: error.code.description)
        } catch let error as PostgresError where error.isTransactionConflict {
            throw StorageConflict(reason: error.code.description)
        }
    }

    /// Blocking `read` on the calling thread, for start-up and the command line.
    package func readNow<T>(_ body: (SQLConnection) throws -> T) throws -> T {
        switch backend {
        case .sqlite(let pool): try pool.readNow { try body(SQLConnection(.sqlite($0))) }
        case .postgres(let pool): try pool.readNow { try body(SQLConnection(.postgres($0))) }
        }
    }

    /// Blocking `write` on the calling thread, for start-up and the command line.
    @discardableResult
    package func writeNow<T>(_ body: (SQLConnection) throws -> T) throws -> T {
        switch backend {
        case .sqlite(let pool): try pool.writeNow { try body(SQLConnection(.sqlite($0))) }
        case .postgres(let pool): try pool.writeNow { try body(SQLConnection(.postgres($0))) }
        }
    }

    /// Closes PostgreSQL's connections (SQLite's close with the pool).
    package func close() {
        if case .postgres(let pool) = backend { pool.close() }
    }
}
