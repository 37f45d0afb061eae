import Foundation
import PostgreSQL
import Testing

/// Not a test: figures for the report, run on request only, as
/// `FASTAG_BENCH_POSTGRES=1 scripts/test-postgres swift test -c release --filter PipelineBenchmark`.
/// The same small INSERTs written several ways; each line prints rows/s, round trips and commits.
@Suite struct PipelineBenchmark {
    static let enabled = ProcessInfo.processInfo.environment["FASTAG_BENCH_POSTGRES"] != nil

    @Test(.enabled(if: enabled, "set FASTAG_BENCH_POSTGRES=1 to run the benchmark"))
    func singleRowInsertsSeveralWays() async throws {
        let (schema, db) = try TestSchema.connected(
            creating: "CREATE TABLE t (id bigserial PRIMARY KEY, chat text NOT NULL, body text NOT NULL, n bigint)")
        let sql = "INSERT INTO t (chat, body, n) VALUES ($1, $2, $3)"
        let rows = 4096  // divisible by every batch size below, and by 32 tasks × 16
        let body = String(repeating: "x", count: 200)
        func statement(_ index: Int) -> (sql: String, arguments: [any PostgresConvertible]) {
            (sql, ["chat-\(index % 50)", body, index])
        }
        func measure(_ name: String, roundTrips: Int, commits: Int, _ work: () throws -> Void) throws {
            try db.execute("TRUNCATE t")
            let start = ContinuousClock.now
            try work()
            let seconds = (ContinuousClock.now - start) / .seconds(1)
            #expect(try db.count("t") == rows)
            print(
                String(
                    format: "%-44@ %8.0f rows/s  %6.2f s  %5d round trips  %5d commits", name as NSString,
                    Double(rows) / seconds, seconds, roundTrips, commits))
        }
        try db.run(statement(0).sql, statement(0).arguments)  // prepared before timing
        try measure("autocommit, one statement at a time", roundTrips: rows, commits: rows) {
            for index in 0..<rows { try db.run(statement(index).sql, statement(index).arguments) }
        }
        try measure("a transaction per row (BEGIN, INSERT, COMMIT)", roundTrips: 3 * rows, commits: rows) {
            for index in 0..<rows {
                try db.transaction { try db.run(statement(index).sql, statement(index).arguments) }
            }
        }
        try measure("one transaction, one statement at a time", roundTrips: rows + 2, commits: 1) {
            try db.transaction {
                for index in 0..<rows { try db.run(statement(index).sql, statement(index).arguments) }
            }
        }
        for batch in [16, 64] {
            try measure("pipeline, batches of \(batch)", roundTrips: rows / batch, commits: rows / batch) {
                for start in stride(from: 0, to: rows, by: batch) {
                    try db.pipeline((start..<start + batch).map(statement))
                }
            }
        }
        try measure("pipeline, one batch (flush every 256)", roundTrips: rows / 256, commits: 1) {
            try db.pipeline((0..<rows).map(statement))
        }

        // 32 concurrent writers through a pool of 8: the server's own group commit at work.
        let pool = try DatabasePool(url: schema.url, size: 8)
        defer { pool.close() }
        for (name, perTask) in [("pool of 8, 32 tasks, write per row", 1), ("pool of 8, 32 tasks, pipeline of 16", 16)]
        {
            try db.execute("TRUNCATE t")
            let start = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<32 {
                    group.addTask {
                        for first in stride(from: task * rows / 32, to: (task + 1) * rows / 32, by: perTask) {
                            let batch = (first..<first + perTask).map(statement)
                            if perTask == 1 {
                                try await pool.write { try $0.run(batch[0].sql, batch[0].arguments) }
                            } else {
                                try await pool.pipeline(batch)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let seconds = (ContinuousClock.now - start) / .seconds(1)
            #expect(try db.count("t") == rows)
            print(String(format: "%-44@ %8.0f rows/s  %6.2f s", name as NSString, Double(rows) / seconds, seconds))
        }
    }
}
