import SQLite
import Testing

/// Constraint violations surface as typed, matchable errors that never carry bound values.
@Suite struct ErrorTests {
    /// A value that must never appear in an error's description.
    static let secret = "9876543210"
    let db: Database

    init() throws {
        db = try Database(path: ":memory:")
        try db.execute(
            """
            CREATE TABLE agents (
                id INTEGER PRIMARY KEY,
                mobile TEXT NOT NULL UNIQUE CHECK (length(mobile) = 10),
                balance INTEGER NOT NULL DEFAULT 0 CHECK (balance >= 0)
            );
            CREATE TABLE tags (id INTEGER PRIMARY KEY, agent_id INTEGER NOT NULL REFERENCES agents(id));
            """)
    }

    func insertAgent(_ mobile: String?, balance: Int = 0) throws {
        try db.run("INSERT INTO agents (mobile, balance) VALUES (?, ?)", mobile, balance)
    }

    /// Names the code family the way calling code would, through `switch`.
    static func family(_ code: ResultCode) -> String {
        switch code {
        case .constraint: "constraint"
        case .error: "error"
        case .readOnly: "readOnly"
        default: "other"
        }
    }

    @Test func unique() throws {
        try insertAgent(Self.secret)
        let error = try #require(#expect(throws: SQLiteError.self) { try insertAgent(Self.secret) })
        #expect(error.code == .constraintUnique)
        #expect(error.code.primary == .constraint)
        #expect(error.isConstraintViolation)
        #expect(error.message.contains("UNIQUE"))

        switch error.code {
        case .constraintCheck, .constraintNotNull: Issue.record("matched the wrong extended code")
        case .constraintUnique: break
        default: Issue.record("did not match .constraintUnique")
        }
        #expect(Self.family(error.code) == "constraint")
        #expect(ResultCode.constraint ~= error.code)
        #expect(ResultCode.constraintUnique ~= error.code)
        #expect(!(ResultCode.constraintCheck ~= error.code))
        #expect(!(ResultCode.error ~= error.code))
        #expect(try db.count("agents") == 1)
    }

    @Test func check() throws {
        let error = try #require(#expect(throws: SQLiteError.self) { try insertAgent("98765") })
        #expect(error.code == .constraintCheck)
        #expect(error.isConstraintViolation)
        #expect(!error.description.contains("98765"))
        let negative = try #require(#expect(throws: SQLiteError.self) { try insertAgent(Self.secret, balance: -1) })
        #expect(negative.code == .constraintCheck)
        #expect(Self.family(negative.code) == "constraint")
    }

    @Test func notNull() throws {
        let error = try #require(#expect(throws: SQLiteError.self) { try insertAgent(nil) })
        #expect(error.code == .constraintNotNull)
        #expect(error.isConstraintViolation)
        #expect(error.message.contains("agents.mobile"))
    }

    @Test func primaryKey() throws {
        try db.run("INSERT INTO agents (id, mobile) VALUES (?, ?)", 1, Self.secret)
        let error = try #require(
            #expect(throws: SQLiteError.self) {
                try db.run("INSERT INTO agents (id, mobile) VALUES (?, ?)", 1, "9000000000")
            })
        #expect(error.code == .constraintPrimaryKey)
        #expect(error.isConstraintViolation)
    }

    @Test func foreignKeysAreEnforcedByDefault() throws {
        #expect(try db.scalar("PRAGMA foreign_keys", as: Int.self) == 1)
        let error = try #require(
            #expect(throws: SQLiteError.self) { try db.run("INSERT INTO tags (agent_id) VALUES (?)", 424_242) })
        #expect(error.code == .constraintForeignKey)
        #expect(error.isConstraintViolation)
        #expect(!error.description.contains("424242"))

        try insertAgent(Self.secret)
        try db.run("INSERT INTO tags (agent_id) VALUES (?)", db.lastInsertRowID)
        let delete = try #require(#expect(throws: SQLiteError.self) { try db.run("DELETE FROM agents") })
        #expect(delete.code == .constraintForeignKey)
    }

    @Test func descriptionHasTheSQLButNotTheBoundValues() throws {
        let sql = "INSERT INTO agents (mobile, balance) VALUES (?, ?)"
        try db.run(sql, Self.secret, 5)
        let error = try #require(#expect(throws: SQLiteError.self) { try db.run(sql, Self.secret, 5) })
        #expect(error.sql == sql)
        #expect(error.description.contains(sql))
        #expect(error.description.contains("UNIQUE constraint failed"))
        #expect(!error.description.contains(Self.secret))
        #expect(!String(describing: error).contains(Self.secret))
        #expect(!"\(error)".contains(Self.secret))
        #expect(!String(reflecting: error.code).contains(Self.secret))
    }

    @Test func otherErrorsAreNotConstraintViolations() throws {
        let syntax = try #require(#expect(throws: SQLiteError.self) { try db.execute("SELEC 1") })
        #expect(syntax.code == .error)
        #expect(!syntax.isConstraintViolation)
        #expect(syntax.sql == "SELEC 1")
        #expect(Self.family(syntax.code) == "error")

        let noTable = try #require(#expect(throws: SQLiteError.self) { try db.query("SELECT * FROM nowhere") })
        #expect(noTable.code == .error)
        #expect(noTable.message.contains("no such table"))
    }

    /// Values from https://sqlite.org/rescode.html (the extended-code macros are not imported into Swift).
    @Test func resultCodes() {
        #expect(ResultCode.constraintUnique.rawValue == 2067)
        #expect(ResultCode.constraintCheck.rawValue == 275)
        #expect(ResultCode.constraintForeignKey.rawValue == 787)
        #expect(ResultCode.constraintNotNull.rawValue == 1299)
        #expect(ResultCode.constraintPrimaryKey.rawValue == 1555)
        #expect(ResultCode.constraintTrigger.rawValue == 1811)
        #expect(ResultCode.constraintUnique.primary == .constraint)
        #expect(ResultCode.constraint.primary == .constraint)
        #expect(ResultCode.constraint.description.contains("constraint failed"))
        // A primary pattern matches only its own family; an extended pattern only itself.
        #expect(ResultCode.readOnly ~= ResultCode(1032))
        #expect(!(ResultCode.constraint ~= ResultCode(1032)))
        #expect(!(ResultCode.constraintUnique ~= ResultCode.constraint))
    }
}
