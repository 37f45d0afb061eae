import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// Live mode with Shauryapay failing at the steps that call it: HTTP errors, broken JSON and
/// calls that never answer in time. The agent gets a plain message and the same question, the
/// session stays where it was, and the same request again succeeds.
@Suite(.onBothBackends) struct LiveProviderFailureTests {
    /// A provider call that never answers in time (the fake cuts it off when it stops).
    static let hangSeconds = 60.0
    static let hang = Duration.seconds(60)

    /// A failure at a provider step: HTTP 200, status error, the plain message, the session
    /// where it was; the same request again then succeeds.
    func expectFailureThenRetry(
        _ live: LiveBed, session: String, move: StepMove, before step: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        var body = move.body
        body["session_id"] = .string(session)
        let failed = try await live.driver.send(move.path, .object(body), sourceLocation: sourceLocation)
        #expect(failed.status == 200, "\(failed.text)", sourceLocation: sourceLocation)
        #expect(failed.body["status"] == "error", "\(failed.text)", sourceLocation: sourceLocation)
        #expect(failed.message.hasPrefix(Copy.providerDown), "\(failed.message)", sourceLocation: sourceLocation)
        #expect(failed.step == step, "\(failed.text)", sourceLocation: sourceLocation)
        #expect(failed.sessionID == session, sourceLocation: sourceLocation)
        // The deadline ended it, not the provider: a hung call would have taken far longer.
        #expect(
            failed.seconds < Self.hangSeconds, "\(move.path) took \(failed.seconds) s", sourceLocation: sourceLocation)
        let stored = try await live.server.fetch("/sessions/\(session)", sourceLocation: sourceLocation)
        #expect(stored["state"] == .string(step), "\(stored)", sourceLocation: sourceLocation)
        #expect(stored["status"] == "open", sourceLocation: sourceLocation)
        try await live.driver.run([move], session: session, sourceLocation: sourceLocation)
    }

    @Test(arguments: [
        ("generate_otp_by_vehicle", 2, FakeShauryapay.Behaviour.httpError(500)),
        ("generate_otp_by_vehicle", 2, .slow(Self.hang)),
        ("validate_otp_bajaj", 3, .httpError(500)),
        ("validate_otp_bajaj", 3, .slow(Self.hang)),
        ("validate_otp_bajaj", 3, .brokenJSON),
        ("get_agent_plan", 5, .slow(Self.hang)),
        ("update_customer_details", 6, .httpError(502)),
        ("uploadDocument", 8, .slow(Self.hang)),
        ("get_my_available_barcode", 12, .slow(Self.hang)),
        ("vehicleMakerList", 13, .slow(Self.hang)),
        ("set_manually_vehicle_details", 16, .httpError(500)),
        ("update_vehicle_details", 17, .httpError(500)),
        ("update_vehicle_details", 17, .slow(Self.hang)),
    ])
    func providerFailureKeepsTheStepAndTheRetrySucceeds(
        endpoint: String, index: Int, behaviour: FakeShauryapay.Behaviour
    ) async throws {
        try await LiveBed.run { live in
            let session = try await live.login()
            let moves = LiveModeTests.script.endpointMoves()
            _ = try await live.run(
                Array(moves[..<index]), calls: Array(LiveModeTests.assignCalls[..<index]), session: session)
            let before = try await live.server.fetch("/sessions/\(session)")
            let step = try #require(before["state"]?.stringValue)
            // The client retries a safe call once after a quick failure: make that attempt fail too.
            let safe = ["get_agent_plan", "get_my_available_barcode", "vehicleMakerList"].contains(endpoint)
            if case .slow = behaviour {
                live.fake.script(endpoint, behaviour)
            } else {
                live.fake.script(endpoint, behaviour)
                if safe { live.fake.script(endpoint, behaviour) }
            }
            try await expectFailureThenRetry(live, session: session, move: moves[index], before: step)
            _ = try await live.run(
                Array(moves[(index + 1)...]), calls: Array(LiveModeTests.assignCalls[(index + 1)...]), session: session)
            // A slow activation may have gone through at Shauryapay after the bot gave up: the
            // retry then finds the tag already assigned, so only the prompt failures are counted.
            #expect(live.fake.activations.count == 1)
        }
    }

    @Test func confirmationAnswersWithinTheDeadlineWhenTheFiguresAreSlow() async throws {
        // The activation and the wallet are slow but in time, and the list of barcodes never
        // answers: the confirmation still answers, with the last figures seen.
        try await LiveBed.run(timeout: .seconds(5)) { live in
            let session = try await live.login()
            let moves = LiveModeTests.script.endpointMoves()
            _ = try await live.run(Array(moves.dropLast()), calls: LiveModeTests.assignCalls, session: session)
            live.fake.script("update_vehicle_details", .slow(.milliseconds(500)))
            live.fake.script("wallet_total_amount_api", .slow(.milliseconds(500)))
            live.fake.always("get_my_available_barcode", .slow(Self.hang))
            let answer = try await live.driver.send(
                "/fastags/assign/confirm", ["session_id": .string(session), "confirm": "Yes"])
            #expect(answer.isSuccess, "\(answer.text)")
            #expect(answer.step == "menu")
            #expect(answer.seconds < Self.hangSeconds, "the confirmation took \(answer.seconds) s")
            // The last figures seen are shown.
            #expect(answer.message.contains("💼 Wallet Balance: ₹5,000\n🏷️ FASTags Left: 4"), "\(answer.message)")
            #expect(live.fake.activations.count == 1)
        }
    }

    @Test func twoConcurrentConfirmationsActivateOnce() async throws {
        try await LiveBed.run { live in
            let session = try await live.login()
            let moves = LiveModeTests.script.endpointMoves()
            _ = try await live.run(Array(moves.dropLast()), calls: LiveModeTests.assignCalls, session: session)
            // The provider takes its time, so both requests are in flight together.
            live.fake.script("update_vehicle_details", .slow(.milliseconds(300)))
            let body: JSONValue = ["session_id": .string(session), "confirm": "Yes"]
            async let first = live.driver.send("/fastags/assign/confirm", body)
            async let second = live.driver.send("/fastags/assign/confirm", body)
            let answers = try await [first, second]
            #expect(answers.filter(\.isSuccess).count == 1, "\(answers.map(\.text))")
            #expect(answers.filter { $0.status == 409 }.count == 1, "\(answers.map(\.text))")
            #expect(live.fake.requests("update_vehicle_details").count == 1)
            #expect(live.fake.activations.count == 1)
            let agent = try await live.server.fetch("/agents/\(live.agentID)")
            #expect(agent["wallet_balance_paise"] == 450_000 && agent["fastags_left"] == 3)
            let tag = try await live.server.fetch("/fastags/by-tag/\(LiveModeTests.script.barcode)")
            let history = try await live.server.fetch("/fastags/\(tag.id)/transactions")
            #expect(history["total"] == 1)
        }
    }
}
