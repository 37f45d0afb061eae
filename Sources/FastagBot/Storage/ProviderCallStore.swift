/// `provider_calls`: each Shauryapay call, written as it returns. A lost record is only a
/// gap in the statistics, so a failed write is dropped rather than failing the agent's step.
package struct ProviderCallStore: ProviderCallLog {
    let pool: StoragePool

    /// While the engine applies an input, the record waits for the input's own write
    /// (`SideWrites`): one commit fewer per call on the step's path.
    package func record(_ call: ProviderCall) async {
        let insert: SideWrites.Write = { db in
            try db.run(
                """
                INSERT INTO provider_calls (session_id, call, outcome, error, latency_ms, at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, call.sessionID, call.call, call.failed ? "failed" : "ok", call.error, call.latencyMilliseconds,
                call.at)
        }
        guard let side = SideWrites.current else {
            _ = try? await pool.write(insert)
            return
        }
        side.add(insert)
    }

    /// A session's calls, oldest first (its timeline).
    package func calls(session id: String) async throws -> [ProviderCall] {
        try await pool.read { db in
            try db.query(
                "SELECT call, outcome, error, latency_ms, at FROM provider_calls WHERE session_id = ? ORDER BY at, id",
                id
            ).map { row in
                ProviderCall(
                    sessionID: id, call: try row.get("call"),
                    failed: try row.get("outcome", as: String.self) == "failed",
                    error: try row.get("error"), latencyMilliseconds: try row.get("latency_ms"), at: try row.get("at"))
            }
        }
    }
}

extension Storage {
    package var providerCalls: ProviderCallStore { ProviderCallStore(pool: pool) }
}
