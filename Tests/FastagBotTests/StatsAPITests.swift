import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// `/stats/funnel` and `/stats/overview` after real flows through the step API in the
/// sandbox, on a clock the test moves: one assign completed, one left at its second
/// question, so every figure is known exactly.
@Suite(.onBothBackends) struct StatsAPITests {

    struct Bed {
        let server: TestServer
        let driver: StepDriver
        let time: ManualTime
        var today: String { CalendarDate(indiaTimeAt: time.nowMilliseconds()).iso }
    }

    static func run(_ body: (Bed) async throws -> Void) async throws {
        // Now: the sandbox's weekend plan follows the day, as `SandboxCatalog` expects.
        let time = ManualTime(Date())
        let server = try TestServer(time: time) { $0.stepAPIToken = SandboxBed.token }
        try await tryFinally {
            try await body(Bed(server: server, driver: StepDriver(server: server, token: SandboxBed.token), time: time))
        } finally: {
            await server.stop()
        }
    }

    /// Logs in, completes an assign with 10 s on every question, then in the next session
    /// picks assign again, waits 30 s at the vehicle number and 50 s at the engine number,
    /// and stops there. Returns the agent's id and the abandoned session.
    static func driveTwoAssigns(_ bed: Bed) async throws -> (agentID: Int64, abandoned: String) {
        let sandbox = SandboxBed(server: bed.server, driver: bed.driver)
        let first = try await sandbox.login()
        let moves = AssignScript.sandbox().messageMoves()
        for move in moves {
            bed.time.advance(seconds: 10)
            try await bed.driver.run([move], session: first)
        }
        let next = try #require(try await bed.server.fetch("/sessions/?status=open")["items"]?.arrayValue?.first)
        let abandoned = try #require(next["id"]?.stringValue)
        bed.time.advance(seconds: 5)
        try await bed.driver.run(moves.prefix(1), session: abandoned)
        bed.time.advance(seconds: 30)
        try await bed.driver.run(moves.dropFirst().prefix(1), session: abandoned)
        bed.time.advance(seconds: 50)
        return (try #require(next["agent_id"]?.intValue), abandoned)
    }

    @Test func funnelOfCompletedAndAbandonedAssigns() async throws {
        try await Self.run { try await Self.checkFunnel($0) }
    }

    static func checkFunnel(_ bed: Bed) async throws {
        do {
            let (agentID, _) = try await Self.driveTwoAssigns(bed)
            let moves = AssignScript.sandbox().messageMoves()
            #expect(moves.prefix(2).map(\.step) == ["vehicle_number", "engine_number"])
            let day = bed.today
            let funnel = try await bed.server.fetch("/stats/funnel?flow=assign&from=\(day)&to=\(day)")
            #expect(funnel["flow"] == "assign" && funnel["from"] == .string(day) && funnel["agent_id"] == .null)
            #expect(funnel["started"] == 2 && funnel["completed"] == 1, "\(funnel)")
            let steps = funnel["steps"]?.arrayValue ?? []
            let byName = Dictionary(steps.map { ($0["step"]?.stringValue ?? "", $0) }, uniquingKeysWith: { a, _ in a })
            // The vehicle number: 10 s in the first session, 30 s in the second.
            #expect(
                byName["vehicle_number"] == ["step": "vehicle_number", "reached": 2, "left": 0, "median_seconds": 20])
            // The engine number: 10 s in the first; the second stopped there.
            #expect(
                byName["engine_number"] == ["step": "engine_number", "reached": 2, "left": 1, "median_seconds": 10])
            // Every question the completed walk rested at was reached, in flow order, and
            // left by none; the others (passed through, or not asked) were reached by none.
            var rested: [String] = []
            for move in moves where move.step != "menu" && !rested.contains(move.step) { rested.append(move.step) }
            let reached = steps.filter { ($0["reached"]?.intValue ?? 0) > 0 }.map { $0["step"]?.stringValue ?? "" }
            #expect(reached == rested)
            for step in steps where step["step"] != "vehicle_number" && step["step"] != "engine_number" {
                let expected: JSONValue = reached.contains(step["step"]?.stringValue ?? "") ? 1 : 0
                #expect(step["reached"] == expected && step["left"] == 0, "\(step)")
                #expect(step["median_seconds"] == (expected == 1 ? 10 : .null), "\(step)")
            }

            // One agent: the same figures; another agent: none.
            let mine = try await bed.server.fetch("/stats/funnel?flow=assign&from=\(day)&to=\(day)&agent_id=\(agentID)")
            #expect(mine["agent_id"] == .int(agentID) && mine["steps"] == funnel["steps"])
            #expect(mine["started"] == 2 && mine["completed"] == 1)
            let other = try await bed.server.fetch(
                "/stats/funnel?flow=assign&from=\(day)&to=\(day)&agent_id=\(agentID + 1)")
            #expect(other["started"] == 0 && other["completed"] == 0)
            #expect(
                other["steps"]?.arrayValue?.allSatisfy { $0["reached"] == 0 && $0["median_seconds"] == .null } == true)

            // Another day has nothing; the login flow ended once, at the menu.
            let yesterday = try #require(CalendarDate(iso: day)).adding(days: -1).iso
            let before = try await bed.server.fetch("/stats/funnel?flow=assign&from=\(yesterday)&to=\(yesterday)")
            #expect(before["started"] == 0 && before["steps"]?.arrayValue?.count == steps.count)
            let login = try await bed.server.fetch("/stats/funnel?flow=login&from=\(day)&to=\(day)")
            #expect(login["started"] == 1 && login["completed"] == 1, "\(login)")
            #expect(login["steps"]?.arrayValue?.map { $0["step"] } == ["agent_mobile", "agent_otp"], "\(login)")
        }
    }

    @Test func overviewAfterTheFlows() async throws {
        try await Self.run { bed in
            _ = try await Self.driveTwoAssigns(bed)
            let overview = try await bed.server.fetch("/stats/overview?days=7")
            let days = overview["days"]?.arrayValue ?? []
            #expect(days.count == 7 && days.last?["date"] == .string(bed.today) && overview["to"] == .string(bed.today))
            let figures: JSONValue = ["activations": 1, "replacements": 0, "flows_started": 2, "flows_completed": 1]
            #expect(overview["totals"] == figures, "\(overview)")
            let today: JSONValue = [
                "date": .string(bed.today), "activations": 1, "replacements": 0, "flows_started": 2,
                "flows_completed": 1,
            ]
            #expect(days.last == today)
            #expect(days.dropLast().allSatisfy { $0["activations"] == 0 && $0["flows_started"] == 0 })
            // The sandbox answered every call: latencies, and no failure.
            let latency = overview["shauryapay_latency_ms"] ?? [:]
            #expect((latency["calls"]?.intValue ?? 0) > 0 && latency["p50"] != .null && latency["p99"] != .null)
            #expect(overview["provider_failures_by_step"] == [] && overview["reply_failures_by_code"] == [])
            #expect(overview["inbox_backlog"] == 0 && overview["outbox_backlog"] == 0)
            let one = try await bed.server.fetch("/stats/overview?days=1")
            #expect(one["days"]?.arrayValue?.count == 1 && one["totals"] == figures)
        }
    }

    /// Live mode against the fake Shauryapay failing the customer's OTP once: the failed
    /// call is counted by its name, recorded against the session with its outcome.
    @Test func overviewCountsProviderFailuresByCall() async throws {
        try await LiveBed.run { live in
            let session = try await live.login()
            let moves = LiveModeTests.script.endpointMoves()
            _ = try await live.run(
                Array(moves[..<2]), calls: Array(LiveModeTests.assignCalls[..<2]), session: session)
            live.fake.script("generate_otp_by_vehicle", .httpError(500))
            var body = moves[2].body
            body["session_id"] = .string(session)
            let failed = try await live.driver.send(moves[2].path, .object(body))
            #expect(failed.body["status"] == "error", "\(failed.text)")
            let overview = try await live.server.fetch("/stats/overview?days=1")
            #expect(overview["provider_failures_by_step"] == [["step": "sendCustomerOTP", "count": 1]], "\(overview)")
            #expect((overview["shauryapay_latency_ms"]?["calls"]?.intValue ?? 0) >= 2)
            let timeline = try await live.server.fetch("/sessions/\(session)/timeline")
            let calls = timeline["entries"]?.arrayValue?.filter { $0["kind"] == "provider_call" } ?? []
            #expect(
                calls.contains {
                    $0["step"] == "sendCustomerOTP" && $0["outcome"] == "failed" && $0["error_code"] == "unavailable"
                }, "\(calls)")
        }
    }

    @Test func badQueriesAreRefused() async throws {
        try await Self.run { bed in
            for query in [
                "flow=nope", "from=2026-13-01", "from=2026-02-30", "to=26-01-01", "from=2026-05-02&to=2026-05-01",
                "from=2025-01-01&to=2026-02-05", "agent_id=abc", "agent_id=0",
            ] {
                let reply = try await bed.server.json(400, "GET", "/stats/funnel?\(query)")
                #expect(reply["status"] == "error", "\(query)")
            }
            for days in ["0", "5", "x"] { try await bed.server.json(400, "GET", "/stats/overview?days=\(days)") }
            // 400 days is the most one funnel reads.
            try await bed.server.json(200, "GET", "/stats/funnel?from=2025-01-01&to=2026-02-04")
            for path in ["/stats/funnel", "/stats/overview"] {
                let reply = try await bed.server.call("GET", path, credentials: .none)
                #expect(reply.status == 401, "\(path)")
            }
        }
    }
}
