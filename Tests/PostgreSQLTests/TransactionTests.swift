import PostgreSQL
import Testing

/// `transaction` commits on return, rolls back on throw, and nests as savepoints.
@Suite struct TransactionTests {
    let schema: TestSchema
    let db: Database

    init() throws {
        (schema, db) = try TestSchema.connected(creating: "CREATE TABLE t (v text PRIMARY KEY)")
    }

    func values(_ connection: Database? = nil) throws -> [String] {
        try (connection ?? db).query("SELECT v FROM t ORDER BY v").map { try $0.get(0, as: String.self) }
    }

    @Test func commitsWhenTheBodyReturns() throws {
        #expect(!db.isInTransaction)
        let observer = try schema.connect()
        let result = try db.transaction { () throws -> Int in
            #expect(db.isInTransaction)
            try db.run("INSERT INTO t VALUES ('a')")
            try db.run("INSERT INTO t VALUES ($1)", "b")
            #expect(try values(observer) == [], "another session must not see uncommitted rows")
            return 42
        }
        #expect(result == 42)
        #expect(!db.isInTransaction)
        #expect(try values(observer) == ["a", "b"])
    }

    @Test(arguments: Database.IsolationLevel.allCases)
    func everyIsolationLevelCommits(_ isolation: Database.IsolationLevel) throws {
        let level = try db.transaction(isolation) {
            try db.run("INSERT INTO t VALUES ($1)", isolation.rawValue)
            return try db.scalar("SHOW transaction_isolation", as: String.self)
        }
        #expect(level == isolation.rawValue.lowercased())
        #expect(try values() == [isolation.rawValue])
    }

    @Test func rollsBackAndRethrowsTheOriginalError() throws {
        try db.run("INSERT INTO t VALUES ('kept')")
        #expect(throws: Boom(tag: 7)) {
            try db.transaction {
                try db.run("INSERT INTO t VALUES ('gone')")
                try db.run("UPDATE t SET v = 'changed' WHERE v = 'kept'")
                throw Boom(tag: 7)
            }
        }
        #expect(!db.isInTransaction)
        #expect(try values() == ["kept"])
    }

    @Test func sqlErrorInsideRollsBackEverything() throws {
        let error = #expect(throws: PostgresError.self) {
            try db.transaction {
                try db.run("INSERT INTO t VALUES ('a')")
                try db.run("INSERT INTO t VALUES ('a')")
            }
        }
        #expect(error?.code == .uniqueViolation)
        #expect(!db.isInTransaction)
        #expect(try values() == [])
    }

    /// PostgreSQL answers COMMIT of a failed transaction with a ROLLBACK, not an error: a body
    /// that swallowed a failed statement must not look committed.
    @Test func swallowedErrorDoesNotCommitSilently() throws {
        let error = #expect(throws: PostgresError.self) {
            try db.transaction {
                try db.run("INSERT INTO t VALUES ('a')")
                _ = try? db.run("INSERT INTO t VALUES ('a')")
            }
        }
        #expect(error?.code == .inFailedSQLTransaction)
        #expect(!db.isInTransaction)
        #expect(try values() == [])
    }

    @Test func nestedTransactionIsASavepoint() throws {
        try db.transaction {
            try db.run("INSERT INTO t VALUES ('outer')")
            #expect(throws: Boom()) {
                try db.transaction {
                    try db.run("INSERT INTO t VALUES ('inner')")
                    throw Boom()
                }
            }
            try db.transaction { try db.run("INSERT INTO t VALUES ('inner2')") }
        }
        #expect(try values() == ["inner2", "outer"])
    }

    /// A failed statement inside a savepoint is undone with it, and the transaction goes on.
    @Test func savepointRecoversFromAFailedStatement() throws {
        try db.transaction {
            try db.run("INSERT INTO t VALUES ('a')")
            let error = #expect(throws: PostgresError.self) {
                try db.savepoint {
                    try db.run("INSERT INTO t VALUES ('b')")
                    try db.run("INSERT INTO t VALUES ('a')")
                }
            }
            #expect(error?.code == .uniqueViolation)
            try db.run("INSERT INTO t VALUES ('c')")
        }
        #expect(try values() == ["a", "c"])
    }

    @Test func deeplyNestedSavepoints() throws {
        try db.transaction {
            try db.savepoint {
                try db.run("INSERT INTO t VALUES ('1')")
                try db.savepoint {
                    try db.run("INSERT INTO t VALUES ('2')")
                    _ = try? db.savepoint {
                        try db.run("INSERT INTO t VALUES ('3')")
                        throw Boom()
                    }
                }
            }
        }
        #expect(try values() == ["1", "2"])
    }

    @Test func savepointOutsideATransactionIsOne() throws {
        #expect(throws: Boom()) {
            try db.savepoint {
                #expect(db.isInTransaction)
                try db.run("INSERT INTO t VALUES ('x')")
                throw Boom()
            }
        }
        try db.savepoint { try db.run("INSERT INTO t VALUES ('y')") }
        #expect(!db.isInTransaction)
        #expect(try values() == ["y"])
    }

    @Test func readOnlyStatementsInATransactionSeeItsWrites() throws {
        let count = try db.transaction { () throws -> Int in
            try db.run("INSERT INTO t VALUES ('a'), ('b')")
            return try db.count("t")
        }
        #expect(count == 2)
    }
}
