/// The funnel of a flow, read from `session_events` alone: each event carries its flow,
/// agent, marks (first arrival, entry, end of the flow) and, once its session moved on, how
/// long it stayed (migration 13 on SQLite, 9 on PostgreSQL). So a year is one grouped count
/// over one covering index in its own order, with no join, window, DISTINCT, sort or sum.
package struct FunnelStore: Sendable {
    let pool: StoragePool

    /// What the funnel asks: one flow's questions in order (the steps a session rests at;
    /// automatic steps and questions answered in the same input are passed through), the states that end it well, a
    /// range of event times (`[from, to)`, Unix ms) and optionally one agent.
    package struct Query: Sendable {
        package var flow: String
        package var steps: [String]
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
        // The agent's condition only when there is one: `(? IS NULL OR agent_id = ?)` keeps
        // both backends off its index. The range only filters (`SQLDialect.filterOnly`): the
        // index is read in its own order (flow, to_state, seconds, marks), not skip-scanned
        // on `at` with a sort after.
        let agent = query.agentID == nil ? "CAST(?4 AS BIGINT) IS NULL" : "agent_id = ?4"
        let at = db.dialect.filterOnly("at")
        let rows = try db.query(
            """
            SELECT to_state, seconds, marks, COUNT(*) AS visits FROM session_events
            WHERE flow = ?1 AND \(at) >= ?2 AND \(at) < ?3 AND \(agent)
            GROUP BY to_state, seconds, marks
            """, query.flow, query.from, query.to, query.agentID)
        var byStep: [String: (reached: Int, left: Int)] = [:]
        var histograms: [String: [(seconds: Int64, count: Int)]] = [:]
        var (started, completed) = (0, 0)
        for row in rows {
            let step: String = try row.get("to_state")
            let (marks, visits): (Int, Int) = (try row.get("marks"), try row.get("visits"))
            let seconds = try row.get("seconds", as: Int64?.self)
            // A session has one first arrival at a step (reached), one entry into the flow
            // (started), one last event in the flow (no seconds, or marks & 8).
            if marks & 1 != 0 { byStep[step, default: (0, 0)].reached += visits }
            if marks & 2 != 0 { started += visits }
            if marks & 4 != 0 { completed += visits }
            if let seconds { histograms[step, default: []].append((seconds, visits)) }
            // Left there: nothing followed (a stop), or it went on outside the flow unfinished.
            if (seconds == nil && step != StepName.completed.rawValue) || marks & 8 != 0 {
                byStep[step, default: (0, 0)].left += visits
            }
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
