import SQLite
import Testing

@testable import FastagBot

/// SQLite's migration 13 fills the funnel's columns of events stored before it: the flow
/// of a login or menu state by its name, the agent, where each event went and how long it
/// stayed, and the marks (1 first arrival, 2 entry into the flow, 4 ended the flow).
@Suite struct FunnelMigrationTests {
    @Test func existingEventsAreFilledIn() throws {
        let db = try Database(path: ":memory:")
        _ = try Schema.migrator.migrate(db, upTo: 12)
        try db.execute(
            """
            INSERT INTO agents (id, first_name, mobile, created_at, updated_at) VALUES (7, 'A', '9876500007', 0, 0);
            INSERT INTO sessions (id, agent_id, channel, flow, state, created_at, updated_at, last_activity_at)
            VALUES ('11111111-1111-4111-8111-111111111111', 7, 'api', 'assign', 'completed', 0, 0, 0);
            """)
        let session = "11111111-1111-4111-8111-111111111111"
        let path: [(String?, String, Int64)] = [
            (nil, "agent_otp", 0), ("agent_otp", "menu", 10_000), ("menu", "vehicle_number", 20_000),
            ("vehicle_number", "engine_number", 35_000), ("engine_number", "vehicle_number", 36_000),
            ("vehicle_number", "engine_number", 40_000), ("engine_number", "completed", 50_500),
        ]
        for (from, to, at) in path {
            _ = try db.run(
                "INSERT INTO session_events (session_id, from_state, to_state, at) VALUES (?, ?, ?, ?)", session, from,
                to, at)
        }
        _ = try Schema.migrator.migrate(db, upTo: 13)
        let rows = try db.query("SELECT flow, agent_id, marks, next_state, seconds FROM session_events ORDER BY id")
        let read = try rows.map { row in
            [
                try row.get("flow", as: String.self), "\(try row.get("agent_id", as: Int64.self))",
                "\(try row.get("marks", as: Int64.self))", try row.get("next_state", as: String?.self) ?? "-",
                (try row.get("seconds", as: Int64?.self)).map { "\($0)" } ?? "-",
            ]
        }
        #expect(
            read == [
                ["login", "7", "7", "menu", "10"], ["menu", "7", "7", "vehicle_number", "10"],
                ["assign", "7", "3", "engine_number", "15"], ["assign", "7", "1", "vehicle_number", "1"],
                ["assign", "7", "0", "engine_number", "4"], ["assign", "7", "4", "completed", "10"],
                ["assign", "7", "1", "-", "-"],
            ])
    }
}
