import PostgreSQL
import Testing

/// Server errors surface as typed, matchable SQLSTATEs that never carry bound values.
@Suite struct ErrorTests {
    /// A value that must never appear in an error's description.
    static let secret = "9876543210"
    let schema: TestSchema
    let db: Database

    init() throws {
        (schema, db) = try TestSchema.connected(
            creating:
                """
                CREATE TABLE agents (
                    id serial PRIMARY KEY,
                    mobile text NOT NULL CONSTRAINT agents_mobile_unique UNIQUE
                        CONSTRAINT agents_mobile_length CHECK (length(mobile) = 10),
                    balance integer NOT NULL DEFAULT 0 CHECK (balance >= 0)
                );
                CREATE TABLE tags (id serial PRIMARY KEY, agent_id integer NOT NULL REFERENCES agents(id));
                """)
    }

    func insertAgent(_ mobile: String?, balance: Int = 0) throws {
        try db.run("INSERT INTO agents (mobile, balance) VALUES ($1, $2)", mobile, balance)
    }

    /// Names the code family the way calling code would, through `switch`.
    static func family(_ code: SQLState) -> String {
        switch code {
        case .integrityConstraintViolation: "constraint"
        case .dataException: "data"
        case .connectionException: "connection"
        case .transactionRollback: "rollback"
        default: "other"
        }
    }

    /// Every printed form of `error` is free of `values`.
    static func expectRedacted(_ error: PostgresError?, _ values: [String] = [secret]) {
        guard let error else {
            Issue.record("no error")
            return
        }
        for value in values {
            for printed in ["\(error)", String(reflecting: error), error.message, error.sql ?? ""] {
                #expect(!printed.contains(value), "\(printed)")
            }
        }
    }

    @Test func unique() throws {
        try insertAgent(Self.secret)
        let error = #expect(throws: PostgresError.self) { try insertAgent(Self.secret) }
        #expect(error?.code == .uniqueViolation)
        #expect(error?.isConstraintViolation == true)
        #expect(error?.isConnectionLost == false)
        #expect(error?.constraint == "agents_mobile_unique")
        #expect(error?.table == "agents")
        #expect(error?.message.contains("duplicate key value violates unique constraint") == true)
        Self.expectRedacted(error)
        switch error?.code {
        case .checkViolation?, .notNullViolation?: Issue.record("matched the wrong condition")
        case .uniqueViolation?: break
        default: Issue.record("did not match .uniqueViolation")
        }
        #expect(error.map { Self.family($0.code) } == "constraint")
        #expect(error.map { SQLState.integrityConstraintViolation ~= $0.code } == true)
        #expect(error.map { !(SQLState.checkViolation ~= $0.code) } == true)
        #expect(try db.count("agents") == 1)
    }

    @Test func check() throws {
        let error = #expect(throws: PostgresError.self) { try insertAgent("98765") }
        #expect(error?.code == .checkViolation)
        #expect(error?.constraint == "agents_mobile_length")
        Self.expectRedacted(error, ["98765"])
        let negative = #expect(throws: PostgresError.self) { try insertAgent(Self.secret, balance: -1) }
        #expect(negative?.code == .checkViolation)
        Self.expectRedacted(negative)
    }

    @Test func notNull() throws {
        let error = #expect(throws: PostgresError.self) { try insertAgent(nil) }
        #expect(error?.code == .notNullViolation)
        #expect(error?.column == "mobile")
        #expect(error?.isConstraintViolation == true)
    }

    @Test func foreignKey() throws {
        let error = #expect(throws: PostgresError.self) {
            try db.run("INSERT INTO tags (agent_id) VALUES ($1)", 424_242)
        }
        #expect(error?.code == .foreignKeyViolation)
        #expect(error?.isConstraintViolation == true)
        Self.expectRedacted(error, ["424242"])

        try insertAgent(Self.secret)
        try db.run("INSERT INTO tags (agent_id) SELECT id FROM agents")
        let delete = #expect(throws: PostgresError.self) {
            try db.run("DELETE FROM agents WHERE mobile = $1", Self.secret)
        }
        #expect(delete?.code == .foreignKeyViolation)
        Self.expectRedacted(delete)
    }

    /// Data exceptions quote the offending input in the server's message; it is withheld.
    @Test func invalidInputIsWithheldFromTheMessage() throws {
        let syntax = #expect(throws: PostgresError.self) {
            try db.run("UPDATE agents SET balance = $1 WHERE id = 1", "x\(Self.secret)")
        }
        #expect(syntax?.code == .invalidTextRepresentation)
        #expect(syntax.map { Self.family($0.code) } == "data")
        #expect(syntax?.message.contains("invalid input syntax for type integer") == true)
        Self.expectRedacted(syntax)

        let range = #expect(throws: PostgresError.self) {
            try db.run("UPDATE agents SET balance = $1::numeric WHERE id = 1", Self.secret + "0000")
        }
        #expect(range?.code == .numericValueOutOfRange)
        Self.expectRedacted(range)

        try db.execute(
            """
            CREATE FUNCTION refuse(mobile text) RETURNS void LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'customer "%" refused', mobile; END $$
            """)
        let raised = #expect(throws: PostgresError.self) { try db.query("SELECT refuse($1)", Self.secret) }
        #expect(raised?.code == .raiseException)
        Self.expectRedacted(raised)
    }

    @Test func descriptionHasTheSQLButNotTheBoundValues() throws {
        let sql = "INSERT INTO agents (mobile, balance) VALUES ($1, $2)"
        try db.run(sql, Self.secret, 5)
        let error = #expect(throws: PostgresError.self) { try db.run(sql, Self.secret, 5) }
        #expect(error?.sql == sql)
        #expect(error.map { "\($0)".contains(sql) } == true)
        #expect(error.map { "\($0)".hasPrefix("PostgreSQL error 23505 (unique_violation): duplicate key") } == true)
        Self.expectRedacted(error)
    }

    @Test func otherErrors() throws {
        let syntax = #expect(throws: PostgresError.self) { try db.execute("SELEC 1") }
        #expect(syntax?.code == .syntaxError)
        #expect(syntax?.sql == "SELEC 1")
        #expect(syntax?.isConstraintViolation == false)
        #expect(syntax.map { SQLState.syntaxErrorOrAccessRuleViolation ~= $0.code } == true)

        let noTable = #expect(throws: PostgresError.self) { try db.query("SELECT * FROM nowhere") }
        #expect(noTable?.code == .undefinedTable)
        #expect(noTable?.message.contains("\"nowhere\" does not exist") == true)

        let division = #expect(throws: PostgresError.self) { try db.query("SELECT 1 / $1::int", 0) }
        #expect(division?.code == SQLState("22012"))
        #expect(division.map { Self.family($0.code) } == "data")
    }

    @Test func lockTimeout() throws {
        let other = try schema.connect()
        try insertAgent(Self.secret)
        try other.execute("BEGIN; LOCK TABLE agents IN ACCESS EXCLUSIVE MODE")
        defer { try? other.execute("ROLLBACK") }
        try db.execute("SET lock_timeout = '50ms'")
        let error = #expect(throws: PostgresError.self) { try db.query("SELECT * FROM agents") }
        #expect(error?.code == .lockNotAvailable)
        #expect(error?.isConnectionLost == false)
    }

    /// Values from https://www.postgresql.org/docs/current/errcodes-appendix.html.
    @Test func sqlStates() {
        #expect(SQLState.uniqueViolation.rawValue == "23505")
        #expect(SQLState.foreignKeyViolation.rawValue == "23503")
        #expect(SQLState.checkViolation.rawValue == "23514")
        #expect(SQLState.notNullViolation.rawValue == "23502")
        #expect(SQLState.serializationFailure.rawValue == "40001")
        #expect(SQLState.deadlockDetected.rawValue == "40P01")
        #expect(SQLState.lockNotAvailable.rawValue == "55P03")
        #expect(SQLState.adminShutdown.rawValue == "57P01")
        #expect(SQLState.uniqueViolation.errorClass == .integrityConstraintViolation)
        #expect(SQLState.integrityConstraintViolation.isClass)
        #expect(!SQLState.uniqueViolation.isClass)
        #expect(SQLState.uniqueViolation.description == "23505 (unique_violation)")
        #expect(SQLState("22012").description == "22012")
        // A class pattern matches its class only; a condition pattern only itself.
        #expect(SQLState.connectionException ~= SQLState("08006"))
        #expect(SQLState.connectionException ~= .protocolViolation)
        #expect(!(SQLState.integrityConstraintViolation ~= .serializationFailure))
        #expect(!(SQLState.uniqueViolation ~= .integrityConstraintViolation))
        #expect(SQLState.transactionRollback ~= .deadlockDetected)
    }

    @Test func errorFlags() {
        #expect(PostgresError(code: .adminShutdown, message: "").isConnectionLost)
        #expect(PostgresError(code: .connectionFailure, message: "").isConnectionLost)
        #expect(PostgresError(code: .cannotConnectNow, message: "").isConnectionLost)
        #expect(!PostgresError(code: .protocolViolation, message: "").isConnectionLost)
        #expect(!PostgresError(code: .uniqueViolation, message: "").isConnectionLost)
        #expect(PostgresError(code: .serializationFailure, message: "").isTransactionConflict)
        #expect(PostgresError(code: .deadlockDetected, message: "").isTransactionConflict)
        #expect(!PostgresError(code: .lockNotAvailable, message: "").isTransactionConflict)
        #expect("\(PostgresError(code: .adminShutdown, message: "bye"))".contains("(connection lost)"))
    }
}
