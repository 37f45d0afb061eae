import PostgreSQL
import Synchronization
import Testing

/// Counts how often each migration closure ran.
final class RunCounter: Sendable {
    private let counts = Mutex<[Int: Int]>([:])
    func ran(_ version: Int) { counts.withLock { $0[version, default: 0] += 1 } }
    var all: [Int: Int] { counts.withLock { $0 } }
}

/// Ordered migrations recorded in a table, applied once even by migrators running together.
@Suite struct MigratorTests {
    let schema: TestSchema

    init() throws {
        schema = try TestSchema()
    }

    /// Four steps: two SQL scripts, a closure, and a script that adds a column and an index.
    static func migrations(counter: RunCounter = RunCounter()) -> [Migration] {
        [
            Migration(1, "agents") { db in
                counter.ran(1)
                try db.execute("CREATE TABLE agents (id bigserial PRIMARY KEY, mobile text NOT NULL)")
            },
            Migration(2, "agent names", sql: "ALTER TABLE agents ADD COLUMN name text NOT NULL DEFAULT ''"),
            Migration(3, "tags and a seed row") { db in
                counter.ran(3)
                try db.execute("CREATE TABLE tags (id bigserial PRIMARY KEY, agent_id bigint REFERENCES agents(id))")
                try db.run("INSERT INTO agents (mobile, name) VALUES ($1, $2)", "9000000000", "seed")
            },
            Migration(
                4, "tag serials",
                sql: """
                    ALTER TABLE tags ADD COLUMN serial text;
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

    /// Every table of the current schema but the migrator's own, and its columns in order.
    static func tables(_ db: Database) throws -> [String: [String]] {
        var tables: [String: [String]] = [:]
        let rows = try db.query(
            """
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name <> 'schema_migrations'
            ORDER BY table_name, ordinal_position
            """)
        for row in rows {
            tables[try row.get(0, as: String.self), default: []].append(try row.get(1, as: String.self))
        }
        return tables
    }

    @Test func fromZeroToLatest() throws {
        let db = try schema.connect()
        let migrator = Migrator(Self.migrations())
        #expect(migrator.latestVersion == 4)
        #expect(try migrator.currentVersion(db) == 0)
        #expect(try migrator.pendingMigrations(db).map(\.version) == [1, 2, 3, 4])
        let applied = try migrator.migrate(db)
        #expect(applied.map(\.version) == [1, 2, 3, 4])
        #expect(try migrator.currentVersion(db) == 4)
        #expect(try migrator.pendingMigrations(db).isEmpty)
        #expect(try Self.tables(db) == Self.expected[4])
        #expect(try db.count("agents") == 1)
        let names = try db.query("SELECT name FROM schema_migrations ORDER BY version").map {
            try $0.get(0, as: String.self)
        }
        #expect(names == ["agents", "agent names", "tags and a seed row", "tag serials"])
        #expect(try migrator.migrate(db).isEmpty)
    }

    @Test(arguments: 0...4)
    func fromEachEarlierVersionToLatest(_ start: Int) throws {
        let counter = RunCounter()
        let migrator = Migrator(Self.migrations(counter: counter))
        do {
            let db = try schema.connect()
            #expect(try migrator.migrate(db, upTo: start).map(\.version) == Array(1..<start + 1))
            #expect(try migrator.currentVersion(db) == start)
            #expect(try Self.tables(db) == Self.expected[start])
        }
        // A new connection (a restarted program) picks up where the first one stopped.
        let db = try schema.connect()
        #expect(try migrator.migrate(db).map(\.version) == Array(start + 1..<5))
        #expect(try Self.tables(db) == Self.expected[4])
        #expect(counter.all == [1: 1, 3: 1])
    }

    @Test func failingMigrationLeavesThePreviousVersion() throws {
        let db = try schema.connect()
        let migrator = Migrator([
            Migration(1, "good", sql: "CREATE TABLE a (v integer)"),
            Migration(2, "bad", sql: "CREATE TABLE b (v integer); INSERT INTO nowhere VALUES (1)"),
            Migration(3, "never", sql: "CREATE TABLE c (v integer)"),
        ])
        let error = #expect(throws: PostgresError.self) { try migrator.migrate(db) }
        #expect(error?.code == .undefinedTable)
        #expect(try migrator.currentVersion(db) == 1)
        #expect(try Self.tables(db) == ["a": ["v"]])
        #expect(!db.isInTransaction)
    }

    @Test func newerDatabaseIsRefused() throws {
        let db = try schema.connect()
        try Migrator(Self.migrations()).migrate(db)
        let older = Migrator(Array(Self.migrations().prefix(2)))
        let error = #expect(throws: PostgresError.self) { try older.migrate(db) }
        #expect(error?.code == .objectNotInPrerequisiteState)
        #expect(error?.message.contains("newer than this program knows") == true)
    }

    /// Replicas starting together: several pools migrate the same schema at once. Every
    /// migration runs exactly once; each is reported by the one migrator that applied it, and
    /// every migrator ends seeing the latest version.
    @Test func concurrentMigratorsApplyEachMigrationOnce() async throws {
        let counter = RunCounter()
        let slow = Self.migrations(counter: counter).map { migration in
            // Each migration holds its lock a moment, so that the others really wait on it.
            Migration(migration.version, migration.name) { db in
                try migration.apply(db)
                try db.run("SELECT pg_sleep(0.05)")
            }
        }
        let migrator = Migrator(slow)
        let pools = try (0..<4).map { _ in try DatabasePool(url: schema.url, size: 1) }
        defer { pools.forEach { $0.close() } }
        let reports = try await withThrowingTaskGroup(of: [Int].self) { group in
            for pool in pools {
                group.addTask { try await migrator.migrate(pool).map(\.version) }
            }
            var reports: [[Int]] = []
            for try await report in group { reports.append(report) }
            return reports
        }
        #expect(reports.flatMap { $0 }.sorted() == [1, 2, 3, 4], "\(reports)")
        #expect(counter.all == [1: 1, 3: 1])
        for pool in pools {
            #expect(try await pool.read { try migrator.currentVersion($0) } == 4)
        }
        let db = try schema.connect()
        #expect(try db.count("agents") == 1)
        #expect(try db.count("schema_migrations") == 4)
    }

    @Test func tableNameIsConfigurable() throws {
        let db = try schema.connect()
        let migrator = Migrator([Migration(1, "one", sql: "CREATE TABLE one (v integer)")], table: "Versions Table")
        #expect(try migrator.migrate(db).count == 1)
        #expect(try db.scalar(#"SELECT max(version) FROM "Versions Table""#, as: Int.self) == 1)
    }
}
