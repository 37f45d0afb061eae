import SQLite
import Testing

/// `transaction` commits on return, rolls back on throw, and nests as savepoints.
@Suite struct TransactionTests {
    let db: Database

    init() throws {
        db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (v TEXT PRIMARY KEY)")
    }

    func values() throws -> [String] {
        try db.query("SELECT v FROM t ORDER BY v").map { try $0.get(0, as: String.self) }
    }

    /// Inserts `value` within `scope` (a transaction or a savepoint) and fails there; the
    /// failure must come out of `scope`.
    func insertAndFail(_ value: String, within scope: (() throws -> Void) throws -> Void) {
        #expect(throws: Boom.self) {
            try scope {
                try db.run("INSERT INTO t VALUES (?)", value)
                throw Boom()
            }
        }
    }

    @Test func commitsWhenTheBodyReturns() throws {
        #expect(!db.isInTransaction)
        let result = try db.transaction { () throws -> Int in
            #expect(db.isInTransaction)
            try db.run("INSERT INTO t VALUES ('a')")
            try db.run("INSERT INTO t VALUES ('b')")
            return 42
        }
        #expect(result == 42)
        #expect(!db.isInTransaction)
        #expect(try values() == ["a", "b"])
    }

    @Test(arguments: [Database.TransactionKind.deferred, .immediate, .exclusive])
    func everyKindCommits(_ kind: Database.TransactionKind) throws {
        try db.transaction(kind) { try db.run("INSERT INTO t VALUES (?)", kind.rawValue) }
        #expect(try values() == [kind.rawValue])
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
        let error = #expect(throws: SQLiteError.self) {
            try db.transaction {
                try db.run("INSERT INTO t VALUES ('a')")
                try db.run("INSERT INTO t VALUES ('a')")
            }
        }
        #expect(error?.code == .constraintPrimaryKey)
        #expect(!db.isInTransaction)
        #expect(try values() == [])
    }

    @Test func innerFailureRollsBackTheInnerPartOnly() throws {
        try db.transaction {
            try db.run("INSERT INTO t VALUES ('outer-1')")
            insertAndFail("inner") { try db.transaction(.immediate, $0) }
            #expect(db.isInTransaction)
            try db.run("INSERT INTO t VALUES ('outer-2')")
        }
        #expect(try values() == ["outer-1", "outer-2"])
    }

    @Test func innerSuccessCommitsWithTheOuter() throws {
        try db.transaction {
            try db.run("INSERT INTO t VALUES ('outer')")
            try db.transaction {
                try db.run("INSERT INTO t VALUES ('inner')")
                try db.savepoint { try db.run("INSERT INTO t VALUES ('innermost')") }
            }
            #expect(db.isInTransaction)
        }
        #expect(try values() == ["inner", "innermost", "outer"])
    }

    @Test func outerFailureUndoesCommittedInnerParts() throws {
        #expect(throws: Boom.self) {
            try db.transaction {
                try db.transaction { try db.run("INSERT INTO t VALUES ('inner')") }
                throw Boom()
            }
        }
        #expect(try values() == [])
    }

    @Test func deeplyNestedFailuresUnwindOneLevelEach() throws {
        try db.transaction {
            try db.run("INSERT INTO t VALUES ('1')")
            try db.savepoint {
                try db.run("INSERT INTO t VALUES ('2')")
                insertAndFail("3") { try db.savepoint($0) }
                try db.savepoint { try db.run("INSERT INTO t VALUES ('4')") }
            }
        }
        #expect(try values() == ["1", "2", "4"])
    }

    @Test func savepointOutsideATransactionCommitsOrRollsBack() throws {
        try db.savepoint { try db.run("INSERT INTO t VALUES ('a')") }
        #expect(!db.isInTransaction)
        insertAndFail("b") { try db.savepoint($0) }
        #expect(!db.isInTransaction)
        #expect(try values() == ["a"])
    }

    @Test func fileTransactionIsDurableForANewConnection() throws {
        let temp = TemporaryPath()
        defer { temp.remove() }
        do {
            let first = try Database(path: temp.path)
            try first.execute("CREATE TABLE t (v)")
            try first.transaction { try first.run("INSERT INTO t VALUES (1)") }
            #expect(throws: Boom.self) {
                try first.transaction {
                    try first.run("INSERT INTO t VALUES (2)")
                    throw Boom()
                }
            }
        }
        let second = try Database(path: temp.path)
        #expect(try second.query("SELECT v FROM t").map { try $0.get(0, as: Int.self) } == [1])
    }
}
