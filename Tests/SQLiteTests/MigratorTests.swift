import SQLite
import Synchronization
import Testing

/// Counts how often a migration closure ran.
final class Counter: Sendable {
    private let value = Mutex(0)
    func increment() { value.withLock { $0 += 1 } }
    var count: Int { value.withLock { $0 } }
}

/// Ordered migrations tracked in `PRAGMA user_version`.
@Suite struct MigratorTests {
    /// Four steps: two SQL scripts, a closure, and a script that adds a column.
    static func migrations(counter: Counter = Counter()) -> [Migration] {
        [
            Migration(1, "agents", sql: "CREATE TABLE agents (id INTEGER PRIMARY KEY, mobile TEXT NOT NULL)"),
            Migration(2, "agent names", sql: "ALTER TABLE agents ADD COLUMN name TEXT NOT NULL DEFAULT ''"),
            Migration(3, "tags and a seed row") { db in
                counter.increment()
                try db.execute("CREATE TABLE tags (id INTEGER PRIMARY KEY, agent_id INTEGER REFERENCES agents(id))")
                try db.run("INSERT INTO agents (mobile, name) VALUES (?, ?)", "9000000000", "seed")
            },
            Migration(
                4, "tag serials",
                sql: """
                    ALTER TABLE tags ADD COLUMN serial TEXT;
                    CREATE UNIQUE INDEX tags_serial ON tags(serial);
                    """),
        ]
    }

    /// What the schema looks like at each version.
    static let expected: [Int: [String: [String]]] = [
        0: [:],
        1: ["agents": ["id", "mobile"]],
        2: ["agents": ["id", "mobile", "name"]],
        3: ["agents": ["id", "mobile", "name"], "tags": ["id", "agent_id"]],
        4: ["agents": ["id", "mobile", "name"], "tags": ["id", "agent_id", "serial"]],
    ]

    /// Every table and its columns, in order.
    static func schema(_ db: Database) throws -> [String: [String]] {
        var schema: [String: [String]] = [:]
        for table in try db.query("SELECT name FROM sqlite_master WHERE type = 'table'") {
            let name = try table.get(0, as: String.self)
            schema[name] = try db.query("SELECT name FROM pragma_table_info(?) ORDER BY cid", name).map {
                try $0.get(0, as: String.self)
            }
        }
        return schema
    }

    @Test func fromZeroToLatest() throws {
        let db = try Database(path: ":memory:")
        let migrator = Migrator(Self.migrations())
        #expect(migrator.latestVersion == 4)
        #expect(try db.userVersion() == 0)
        let applied = try migrator.migrate(db)
        #expect(applied.map(\.version) == [1, 2, 3, 4])
        #expect(try db.userVersion() == 4)
        #expect(try Self.schema(db) == Self.expected[4])
        #expect(try db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'tags_serial'", as: Int.self) == 1)
        #expect(try db.count("agents") == 1)
    }

    @Test(arguments: 0...4)
    func fromEachEarlierVersionToLatest(_ start: Int) throws {
        let temp = TemporaryPath()
        defer { temp.remove() }
        let counter = Counter()
        let migrator = Migrator(Self.migrations(counter: counter))
        do {
            let db = try Database(path: temp.path)
            let applied = try migrator.migrate(db, upTo: start)
            #expect(applied.map(\.version) == Array(1..<start + 1))
            #expect(try db.userVersion() == start)
            #expect(try Self.schema(db) == Self.expected[start])
        }
        // A new connection (a restarted program) picks up where the first one stopped.
        let db = try Database(path: temp.path)
        #expect(try db.userVersion() == start)
        let applied = try migrator.migrate(db)
        #expect(applied.map(\.version) == Array(start + 1..<5))
        #expect(try db.userVersion() == 4)
        #expect(try Self.schema(db) == Self.expected[4])
        #expect(counter.count == 1)
        #expect(try db.count("agents") == 1)
    }

    @Test func stepByStep() throws {
        let db = try Database(path: ":memory:")
        let migrator = Migrator(Self.migrations())
        for version in 1...4 {
            #expect(try migrator.migrate(db, upTo: version).map(\.version) == [version])
            #expect(try db.userVersion() == version)
            #expect(try Self.schema(db) == Self.expected[version])
        }
    }

    @Test func rerunningIsANoOp() throws {
        let db = try Database(path: ":memory:")
        let counter = Counter()
        let migrator = Migrator(Self.migrations(counter: counter))
        try migrator.migrate(db)
        #expect(try migrator.migrate(db).isEmpty)
        #expect(try migrator.migrate(db, upTo: 2).isEmpty)
        #expect(try db.userVersion() == 4)
        #expect(counter.count == 1)
        #expect(try db.count("agents") == 1)
    }

    @Test func failingScriptLeavesThePreviousVersion() throws {
        let db = try Database(path: ":memory:")
        var migrations = Self.migrations()
        migrations[2] = Migration(
            3, "half-broken",
            sql: """
                CREATE TABLE tags (id INTEGER PRIMARY KEY);
                INSERT INTO agents (mobile) VALUES ('9111111111');
                INSERT INTO no_such_table VALUES (1);
                """)
        let error = #expect(throws: SQLiteError.self) { try Migrator(migrations).migrate(db) }
        #expect(error?.message.contains("no_such_table") == true)
        #expect(try db.userVersion() == 2)
        #expect(try Self.schema(db) == Self.expected[2])
        #expect(try db.count("agents") == 0)
        #expect(!db.isInTransaction)

        // The fixed program then migrates the rest.
        #expect(try Migrator(Self.migrations()).migrate(db).map(\.version) == [3, 4])
        #expect(try Self.schema(db) == Self.expected[4])
    }

    @Test func throwingClosureLeavesThePreviousVersion() throws {
        let db = try Database(path: ":memory:")
        var migrations = Self.migrations()
        migrations[1] = Migration(2, "throws halfway") { db in
            try db.execute("ALTER TABLE agents ADD COLUMN name TEXT NOT NULL DEFAULT ''")
            throw Boom(tag: 2)
        }
        #expect(throws: Boom(tag: 2)) { try Migrator(migrations).migrate(db) }
        #expect(try db.userVersion() == 1)
        #expect(try Self.schema(db) == Self.expected[1])
    }

    @Test func refusesADatabaseNewerThanTheProgram() throws {
        let db = try Database(path: ":memory:")
        try Migrator(Self.migrations()).migrate(db)
        try db.execute("PRAGMA user_version = 9")
        let migrator = Migrator(Array(Self.migrations().prefix(2)))
        let error = #expect(throws: SQLiteError.self) { try migrator.migrate(db) }
        #expect(error?.message.contains("newer") == true)
        #expect(error?.message.contains("9") == true)
        #expect(error?.message.contains("2") == true)
        #expect(try db.userVersion() == 9)
        #expect(try Self.schema(db) == Self.expected[4])
    }

    @Test func refusesEvenWhenOnlyOneVersionAhead() throws {
        let db = try Database(path: ":memory:")
        try Migrator(Self.migrations()).migrate(db)
        #expect(throws: SQLiteError.self) { try Migrator(Array(Self.migrations().prefix(3))).migrate(db) }
        #expect(try db.userVersion() == 4)
    }

    @Test func emptyMigrator() throws {
        let db = try Database(path: ":memory:")
        let migrator = Migrator([])
        #expect(migrator.latestVersion == 0)
        #expect(try migrator.migrate(db).isEmpty)
        #expect(try db.userVersion() == 0)
    }
}
