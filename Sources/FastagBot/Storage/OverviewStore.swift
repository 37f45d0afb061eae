/// The console's overview: per India day of a range, activations, replacements and flows
/// started and completed; over the range, provider failures by call, reply failures by
/// the channel's code and Shauryapay's latency; now, the chat backlogs. One snapshot.
package struct OverviewStore: Sendable {
    let pool: StoragePool

    package struct Day: Sendable, Equatable {
        package var activations = 0
        package var replacements = 0
        package var flowsStarted = 0
        package var flowsCompleted = 0
    }

    package struct Overview: Sendable, Equatable {
        /// Keyed by the day's number since 1970-01-01 in India time.
        package var days: [Int64: Day] = [:]
        package var providerFailures: [(call: String, count: Int)] = []
        package var replyFailures: [(code: String, count: Int)] = []
        package var inboxBacklog = 0
        package var outboxBacklog = 0
        package var latencies: [Int64] = []

        package static func == (a: Overview, b: Overview) -> Bool {
            a.days == b.days && a.providerFailures.map(\.call) == b.providerFailures.map(\.call)
                && a.providerFailures.map(\.count) == b.providerFailures.map(\.count)
                && a.replyFailures.map(\.code) == b.replyFailures.map(\.code)
                && a.replyFailures.map(\.count) == b.replyFailures.map(\.count) && a.inboxBacklog == b.inboxBacklog
                && a.outboxBacklog == b.outboxBacklog && a.latencies == b.latencies
        }
    }

    /// India time is UTC+05:30 all year: a day number is `(ms + offset) / day`.
    static let indiaOffset: Int64 = 19_800_000
    static let dayLength: Int64 = 86_400_000

    /// `[from, to)` in Unix ms; `counted` are the flows whose starts and completions count
    /// (assign and replace: the menu and the login are only the way there).
    package func overview(from: Int64, to: Int64, counted: [String]) async throws
        -> Overview
    {
        try await pool.read { db in
            try db.snapshot { try Self.overview(from: from, to: to, counted: counted, in: db) }
        }
    }

    static func overview(from: Int64, to: Int64, counted: [String], in db: SQLConnection)
        throws -> Overview
    {
        var overview = Overview()
        let day = "(at + \(indiaOffset)) / \(dayLength)"
        for row in try db.query(
            """
            SELECT (created_at + \(indiaOffset)) / \(dayLength) AS day, kind, COUNT(*) AS n FROM fastag_transactions
            WHERE created_at >= ? AND created_at < ? AND (kind = 'activation' OR kind = 'replacement')
            GROUP BY (created_at + \(indiaOffset)) / \(dayLength), kind
            """, from, to)
        {
            let count: Int = try row.get("n")
            if try row.get("kind", as: String.self) == "activation" {
                overview.days[try row.get("day"), default: Day()].activations = count
            } else {
                overview.days[try row.get("day"), default: Day()].replacements = count
            }
        }
        // Flows entered (a small partial index), then completions (the funnel index).
        let flows = counted.indices.map { "?\($0 + 3)" }.joined(separator: ", ")
        let flowArguments: [any SQLBindable] = [from, to] + counted
        for (column, condition) in [
            ("started", "(marks & 2) = 2"), ("completed", "to_state = 'completed'"),
        ] {
            for row in try db.query(
                """
                SELECT \(day) AS day, COUNT(*) AS n FROM session_events
                WHERE \(condition) AND flow IN (\(flows.isEmpty ? "NULL" : flows)) AND at >= ?1 AND at < ?2
                GROUP BY \(day)
                """, flowArguments)
            {
                let count: Int = try row.get("n")
                if column == "started" {
                    overview.days[try row.get("day"), default: Day()].flowsStarted = count
                } else {
                    overview.days[try row.get("day"), default: Day()].flowsCompleted = count
                }
            }
        }
        overview.providerFailures = try db.query(
            """
            SELECT call, COUNT(*) AS n FROM provider_calls WHERE at >= ? AND at < ? AND outcome = 'failed'
            GROUP BY call ORDER BY COUNT(*) DESC, call
            """, from, to
        ).map { (try $0.get("call"), try $0.get("n")) }
        overview.replyFailures = try db.query(
            """
            SELECT error_code, COUNT(*) AS n FROM outbox WHERE status = 'failed' AND updated_at >= ? AND updated_at < ?
            GROUP BY error_code ORDER BY COUNT(*) DESC, error_code
            """, from, to
        ).map { row in
            let code = try row.get("error_code", as: Int64?.self)
            return (code.map(String.init) ?? "unknown", try row.get("n"))
        }
        overview.inboxBacklog = try db.scalar("SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL")
        overview.outboxBacklog = try db.scalar("SELECT COUNT(*) FROM outbox WHERE status = 'pending'")
        overview.latencies = try db.query(
            "SELECT latency_ms FROM provider_calls WHERE at >= ? AND at < ? ORDER BY latency_ms", from, to
        ).map { try $0.get(0) }
        return overview
    }

    /// The nearest-rank percentile of sorted values.
    package static func percentile(_ p: Double, of sorted: [Int64]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return Double(sorted[min(max(rank, 1), sorted.count) - 1])
    }
}

extension Storage {
    package var overview: OverviewStore { OverviewStore(pool: pool) }
}
