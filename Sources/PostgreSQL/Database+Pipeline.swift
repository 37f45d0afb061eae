import CPostgres

extension Database {
    /// Statements sent before their results are read, at most: enough to fill a round trip,
    /// few enough that their results (tens of bytes each) never fill the socket buffers, which
    /// would leave libpq blocked sending while the server is blocked sending back.
    static let pipelineChunk = 256

    /// Runs `statements` in one round trip (or one per 256), with libpq's pipeline mode
    /// (https://www.postgresql.org/docs/current/libpq-pipeline-mode.html), and returns the
    /// number of rows each changed.
    ///
    /// For batches of independent writes (outbox rows, acknowledgements): no statement may need
    /// another's result, since none is read before all are sent. The batch is atomic: outside a
    /// transaction the statements up to the closing Sync form one implicit transaction, so when
    /// one fails the ones before it are rolled back and the ones after it never run. Inside a
    /// transaction they are part of it, and a failure aborts it as any failed statement does.
    /// It costs one round trip and, outside a transaction, one commit (one WAL flush) for the
    /// whole batch instead of one of each per statement.
    ///
    /// - Throws: `PostgresError` of the first statement that failed (naming its SQL, never its
    ///   arguments), or `isConnectionLost` when the connection broke.
    @discardableResult
    public func pipeline(_ statements: [(sql: String, arguments: [any PostgresConvertible])]) throws(PostgresError)
        -> [Int]
    {
        guard !statements.isEmpty else { return [] }
        var bindings: [Bindings] = []
        for statement in statements {
            bindings.append(try Bindings(statement.arguments.map { $0.postgresValue }, sql: statement.sql))
        }
        let connection = try connected()
        var run = PipelineRun(database: self, connection: connection, count: statements.count)
        guard PQenterPipelineMode(connection) == 1 else { throw run.broken() }
        for start in stride(from: 0, to: statements.count, by: Self.pipelineChunk) where run.error == nil {
            let end = min(start + Self.pipelineChunk, statements.count)
            for index in start..<end {
                try run.send(statements[index].sql, bindings[index], index: index)
            }
            if end < statements.count {
                // Ask the server to send what it has so far, and read it before sending more.
                guard PQsendFlushRequest(connection) == 1, PQflush(connection) == 0 else { throw run.broken() }
                try run.readPending()
            }
        }
        guard PQpipelineSync(connection) == 1 else { throw run.broken() }
        try run.readPending()
        guard let sync = PQgetResult(connection) else { throw run.broken() }
        let status = PQresultStatus(sync)
        PQclear(sync)
        guard status == PGRES_PIPELINE_SYNC, PQexitPipelineMode(connection) == 1 else { throw run.broken() }
        if let error = run.error { throw error }
        return run.changes
    }
}

/// The bookkeeping of one `pipeline` call: what was sent, in order, and what came back.
private struct PipelineRun {
    enum Operation {
        case prepare(sql: String, name: String)
        case execute(index: Int, sql: String)
    }

    let database: Database
    let connection: OpaquePointer
    var pending: [Operation] = []
    /// Statements prepared in this pipeline, usable by its later statements before they are cached.
    var preparing: [String: String] = [:]
    var changes: [Int]
    var error: PostgresError?

    init(database: Database, connection: OpaquePointer, count: Int) {
        self.database = database
        self.connection = connection
        self.changes = Array(repeating: 0, count: count)
    }

    mutating func send(_ sql: String, _ bindings: Bindings, index: Int) throws(PostgresError) {
        var name = database.statements[sql] ?? preparing[sql]
        if name == nil && database.statements.count + preparing.count < database.options.statementCacheLimit {
            let newName = database.nextStatementName()
            guard PQsendPrepare(connection, newName, sql, 0, nil) == 1 else { throw broken() }
            preparing[sql] = newName
            pending.append(.prepare(sql: sql, name: newName))
            name = newName
        }
        let sent =
            if let name {
                PQsendQueryPrepared(
                    connection, name, bindings.count, bindings.values, bindings.lengths, bindings.formats, 0)
            } else {
                PQsendQueryParams(
                    connection, sql, bindings.count, nil, bindings.values, bindings.lengths, bindings.formats, 0)
            }
        guard sent == 1 else { throw broken() }
        pending.append(.execute(index: index, sql: sql))
    }

    /// Reads the result of every operation sent so far (each one's results end with a NULL).
    mutating func readPending() throws(PostgresError) {
        for operation in pending {
            guard let result = PQgetResult(connection) else { throw broken() }
            let status = PQresultStatus(result)
            switch (operation, status) {
            case (.prepare(let sql, let name), PGRES_COMMAND_OK):
                // Prepared statements are not transactional: it exists even if the batch fails.
                database.statements[sql] = name
            case (.execute(let index, _), PGRES_COMMAND_OK), (.execute(let index, _), PGRES_TUPLES_OK):
                changes[index] = Int(String(cString: PQcmdTuples(result))) ?? 0
            case (_, PGRES_PIPELINE_ABORTED):
                break
            case (.prepare(let sql, _), _), (.execute(_, let sql), _):
                if error == nil { error = PostgresError(result: result, connection: connection, sql: sql) }
            }
            PQclear(result)
            while let extra = PQgetResult(connection) { PQclear(extra) }
            if PQstatus(connection) != CONNECTION_OK { throw broken() }
        }
        pending.removeAll()
    }

    /// The error for a pipeline that could not go on. The connection may be left mid-pipeline,
    /// so it is dropped either way, and replaced on the next call.
    func broken() -> PostgresError {
        let error = PostgresError(result: nil, connection: connection, sql: nil)
        database.disconnect()
        return PostgresError(
            code: error.isConnectionLost ? error.code : .connectionFailure, message: error.message,
            isConnectionLost: true)
    }
}
