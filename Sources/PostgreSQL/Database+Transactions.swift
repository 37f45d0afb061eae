import CPostgres

extension Database {
    /// PostgreSQL's isolation levels (https://www.postgresql.org/docs/current/transaction-iso.html).
    public enum IsolationLevel: String, Sendable, CaseIterable {
        /// Each statement sees what was committed before it began (PostgreSQL's default).
        case readCommitted = "READ COMMITTED"
        /// Every statement sees one snapshot; a write that conflicts with a concurrent commit
        /// fails with `.serializationFailure`.
        case repeatableRead = "REPEATABLE READ"
        /// As if the transactions ran one after another; one that cannot be ordered fails with
        /// `.serializationFailure`, and the caller runs it again.
        case serializable = "SERIALIZABLE"
    }

    /// Runs `body` in a transaction that commits when it returns and rolls back when it throws
    /// (rethrowing the first error). Inside another transaction it becomes a savepoint, so
    /// nesting is safe (the isolation level is then the outer transaction's).
    ///
    /// A connection lost inside `body` is not replaced until the transaction is over: the
    /// statements after it fail too, instead of running outside the transaction.
    ///
    /// - Throws: what `body` throws, or a `PostgresError` from BEGIN or COMMIT. When a
    ///   statement failed inside `body` and `body` went on (the error caught and dropped), the
    ///   server rolls back at COMMIT; that surfaces as `.inFailedSQLTransaction`, never as success.
    @discardableResult
    public func transaction<T>(_ isolation: IsolationLevel = .readCommitted, _ body: () throws -> T) throws -> T {
        if isInTransaction {
            return try savepoint(body)
        }
        try execute(isolation == .readCommitted ? "BEGIN" : "BEGIN ISOLATION LEVEL \(isolation.rawValue)")
        transactionDepth += 1
        defer { transactionDepth -= 1 }
        do {
            let result = try body()
            try commit()
            return result
        } catch {
            if isConnected && isInTransaction { _ = try? exec("ROLLBACK") }
            throw error
        }
    }

    /// COMMIT, refusing the silent rollback PostgreSQL answers for a failed transaction.
    private func commit() throws(PostgresError) {
        let tag = try exec("COMMIT").commandStatus
        guard tag == "COMMIT" else {
            throw PostgresError(
                code: .inFailedSQLTransaction,
                message: "the transaction was rolled back: a statement in it failed and its error was not rethrown")
        }
    }

    /// Runs `body` inside a savepoint: its changes are undone if it throws, while the enclosing
    /// transaction goes on (also after a failed statement, which otherwise aborts it). Outside
    /// a transaction it is one (PostgreSQL has savepoints only inside transactions).
    ///
    /// - Throws: what `body` throws, or a `PostgresError` from SAVEPOINT or RELEASE.
    @discardableResult
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        guard isInTransaction else { return try transaction(.readCommitted, body) }
        savepointDepth += 1
        transactionDepth += 1
        defer {
            savepointDepth -= 1
            transactionDepth -= 1
        }
        let name = "sp\(savepointDepth)"
        try execute("SAVEPOINT \(name)")
        do {
            let result = try body()
            try execute("RELEASE \(name)")
            return result
        } catch {
            if isConnected {
                _ = try? exec("ROLLBACK TO \(name)")
                _ = try? exec("RELEASE \(name)")
            }
            throw error
        }
    }
}
