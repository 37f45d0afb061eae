/// The funnel of a flow, read from `session_events` alone: each event carries its flow and
/// agent, and once its session moved on, when it left and to which state (migration 13
/// on SQLite, 9 on PostgreSQL). So a year is two grouped scans of one covering index range,
/// with no join and no window.
package struct FunnelStore: Sendable {
    let pool: StoragePool

    /// What the funnel asks: one flow's questions in order (the steps a session rests at;
    /// automatic steps and questions answered in the same input are passed through), the states that end it well, a
    /// range of event times (`[from, to)`, Unix ms) and optionally one agent.
    package struct Query: Sendable {
        package var flow: String
        package var steps: [String]
        package var ends: [String]
        package var from: Int64
        package var to: Int64
        package var agentID: Int64?
    }

    package struct Step: Sendable, Equatable {
        package var step: String
        package var reached: Int
        package var left: Int
        package var medianSeconds: Double?
    }

    package struct Funnel: Sendable, Equatable {
        package var started: Int
        package var completed: Int
        package var steps: [Step]
    }

    package func funnel(_ query: Query) async throws -> Funnel {
        try await pool.read { db in try db.snapshot { try Self.funnel(query, in: db) } }
    }

    static func funnel(_ query: Query, in db: SQLConnection) throws -> Funnel {
        // ?1 flow, ?2 from, ?3 to, ?4 agent (NULL: all), then the ends.
        // The agent's condition only when there is one: `(? IS NULL OR agent_id = ?)` would
        // keep both backends off the agent's index.
        let range =
            "flow = ?1 AND at >= ?2 AND at < ?3"
            + (query.agentID == nil ? " AND CAST(?4 AS BIGINT) IS NULL" : " AND agent_id = ?4")
        let ends = query.ends.indices.map { "?\($0 + 5)" }.joined(separator: ", ")
        let arguments: [any SQLBindable] = [query.flow, query.from, query.to, query.agentID] + query.ends
        // Sessions that stopped at a step: nothing followed there (`left_at` still NULL).
        let counts = try db.query(
            """
            SELECT to_state, COUNT(DISTINCT session_id) AS reached,
                COUNT(DISTINCT CASE WHEN left_at IS NULL THEN session_id END) AS stopped,
                COUNT(DISTINCT CASE WHEN next_state IN (\(ends.isEmpty ? "NULL" : ends)) THEN session_id END)
                    AS completed
            FROM session_events WHERE \(range) GROUP BY to_state
            UNION ALL SELECT NULL, COUNT(DISTINCT session_id), 0, 0 FROM session_events WHERE \(range)
            """, arguments)
        // The time spent on each step, counted per whole second: the median is exact to
        // the second and the answer has a row per distinct duration, not per event.
        let durations = try db.query(
            """
            SELECT to_state, (left_at - at) / 1000 AS seconds, COUNT(*) AS visits
            FROM session_events WHERE \(range) AND left_at IS NOT NULL GROUP BY to_state, (left_at - at) / 1000
            """, Array(arguments.prefix(4)))
        var byStep: [String: (reached: Int, left: Int)] = [:]
        var (started, completed) = (0, 0)
        for row in counts {
            guard let step = try row.get("to_state", as: String?.self) else {
                started = try row.get("reached")
                continue
            }
            byStep[step] = (try row.get("reached"), try row.get("stopped"))
            completed += try row.get("completed", as: Int.self)
        }
        var histograms: [String: [(seconds: Int64, count: Int)]] = [:]
        for row in durations {
            histograms[try row.get("to_state"), default: []].append((try row.get("seconds"), try row.get("visits")))
        }
        let steps = query.steps.map { name in
            Step(
                step: name, reached: byStep[name]?.reached ?? 0, left: byStep[name]?.left ?? 0,
                medianSeconds: histograms[name].flatMap(Self.median))
        }
        return Funnel(started: started, completed: completed, steps: steps)
    }

    /// The median of a histogram of whole seconds (the mean of the two middle values when
    /// the count is even).
    static func median(_ histogram: [(seconds: Int64, count: Int)]) -> Double? {
        let sorted = histogram.sorted { $0.seconds < $1.seconds }
        let total = sorted.reduce(0) { $0 + $1.count }
        guard total > 0 else { return nil }
        func value(at index: Int) -> Int64 {
            var seen = 0
            for bucket in sorted {
                seen += bucket.count
                if index < seen { return bucket.seconds }
            }
            return sorted.last!.seconds
        }
        let low = value(at: (total - 1) / 2)
        let high = value(at: total / 2)
        return Double(low + high) / 2
    }
}

extension Storage {
    package var funnel: FunnelStore { FunnelStore(pool: pool) }
}
