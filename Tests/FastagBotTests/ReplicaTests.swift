import FastagBot
import FastagTestKit
import Foundation
import Synchronization
import TestKit
import Testing

/// Real replicas: the built binary started two or three times on one PostgreSQL database, with
/// requests spread over them as a load balancer would. Steps of one session land on different
/// replicas, chat messages too (some delivered twice, to two replicas), and a replica is
/// killed with SIGKILL in the middle: every acknowledged message is answered once, every
/// chat's replies arrive in order, and the money moves once.
@Suite struct ReplicaTests {
    static let adminToken = "replica-admin-token-0123456789"
    static let stepToken = "replica-step-token-0123456789"

    /// Replicas of the bot over one database.
    final class Replicas: Sendable {
        let database: TestDatabase
        let environment: [String: String]
        let bots: Mutex<[BotProcess]>

        init(_ count: Int, database: TestDatabase, environment extra: [String: String] = [:]) async throws {
            self.database = database
            var environment = database.environment
            environment.merge([
                "ADMIN_TOKEN": ReplicaTests.adminToken, "STEP_API_TOKEN": ReplicaTests.stepToken,
                "SHAURYAPAY_MODE": "sandbox", "DATABASE_POOL_SIZE": "4", "SECRET_KEY": "replica-secret-0123456789",
            ]) { $1 }
            environment.merge(extra) { $1 }
            self.environment = environment
            var bots: [BotProcess] = []
            for index in 0..<count {
                // Each its own data directory: nothing but the database is shared.
                var own = environment
                own["DATA_DIR"] = database.dataDirectory + "-\(index)"
                bots.append(try await BotProcess.serve(own, in: NSTemporaryDirectory()))
            }
            self.bots = Mutex(bots)
        }

        subscript(index: Int) -> BotProcess { bots.withLock { $0[index] } }

        var count: Int { bots.withLock { $0.count } }

        func client(_ index: Int) -> LoopbackClient { LoopbackClient(port: self[index].listeningPort ?? 0) }

        func stepDriver(_ index: Int) -> StepDriver { StepDriver(client: client(index), token: ReplicaTests.stepToken) }

        func poster(_ index: Int) -> WebhookPoster { WebhookPoster(client: client(index)) }

        /// Kills replica `index` with SIGKILL and waits until it is gone.
        func kill9(_ index: Int) async {
            let bot = self[index]
            kill(bot.process.processIdentifier, SIGKILL)
            _ = await bot.waitForExit()
        }

        /// Starts replica `index` again, on the same database.
        func restart(_ index: Int) async throws {
            var own = environment
            own["DATA_DIR"] = database.dataDirectory + "-\(index)"
            let bot = try await BotProcess.serve(own, in: NSTemporaryDirectory())
            bots.withLock { $0[index] = bot }
        }

        /// Stops every replica (SIGTERM: they give their leases back) and drops the database.
        func stop() async {
            for bot in bots.withLock({ $0 }) where bot.process.isRunning {
                bot.process.terminate()
                _ = await bot.waitForExit()
            }
            database.remove()
        }

        /// Everything the replicas printed, for failure messages.
        var logs: String {
            bots.withLock { bots in bots.enumerated().map { "--- replica \($0.offset)\n\($0.element.text)" } }
                .joined(separator: "\n")
        }
    }

    /// Runs `body` with `count` replicas over a PostgreSQL database of its own, and stops them
    /// (and drops the database) whatever happens.
    static func withReplicas(
        _ count: Int, _ environment: [String: String] = [:], _ body: (Replicas) async throws -> Void
    ) async throws {
        let replicas = try await Replicas(
            count, database: try TestDatabase("replicas", backend: .postgres), environment: environment)
        try await tryFinally {
            try await body(replicas)
        } finally: {
            await replicas.stop()
        }
    }

    /// An admin GET through replica `index`.
    static func fetch(_ replicas: Replicas, _ index: Int, _ path: String) async throws -> JSONValue {
        let answer = try await replicas.stepDriver(index).send(
            path, auth: .header("Authorization", "Bearer \(adminToken)"), method: "GET")
        try #require(answer.status == 200, "\(path): \(answer.text)")
        return answer.body
    }

    @Test func anAssignFlowWithItsStepsSpreadOverThreeReplicas() async throws {
        try await Self.withReplicas(3) { replicas in try await Self.assign(replicas) }
    }

    static func assign(_ replicas: Replicas) async throws {
        let drivers = (0..<3).map(replicas.stepDriver)
        let script = AssignScript.sandbox()
        let moves = script.endpointMoves()

        // Logged in on replica 0 (its log has the OTP), the OTP checked on replica 1.
        let started = try await drivers[0].send("/agents/start", ["mobile_number": .string(SandboxCatalog.demoMobile)])
        try #require(started.isSuccess, "\(started.text)")
        let otp = try #require(await replicas[0].agentOTP(), "\(replicas.logs)")
        let menu = try await drivers[1].send(
            "/agents/verify_otp",
            [
                "mobile_number": .string(SandboxCatalog.demoMobile), "otp": .string(otp),
                "session_id": .string(started.sessionID ?? ""),
            ])
        try #require(menu.step == "menu", "\(menu.text)")
        let session = try #require(menu.sessionID)

        for (index, move) in moves.enumerated() {
            if index == 4 {
                // The same answer sent to two replicas at once: one applies it, the other finds
                // the session already past that step.
                var body = move.body
                if move.path.hasPrefix("/fastags/") { body["session_id"] = .string(session) }
                let path = move.path.replacingOccurrences(of: "{id}", with: session)
                let request = JSONValue.object(body)
                async let first = drivers[1].send(path, request)
                async let second = drivers[2].send(path, request)
                let answers: [StepDriver.Answer] = [try await first, try await second]
                let texts = answers.map { $0.text }
                #expect(answers.map { $0.status }.sorted() == [200, 409], "\(texts)")
                #expect(answers.allSatisfy { $0.step == move.step }, "\(texts)")
                continue
            }
            let last = try await drivers[index % 3].run(CollectionOfOne(move), session: session)
            if index == moves.count - 1 { #expect(last?.step == "menu", "\(last?.text ?? "")") }
        }

        // Any replica sees one activation, charged once.
        let tag = try await Self.fetch(replicas, 2, "/fastags/by-tag/\(script.barcode)")
        #expect(tag["status"] == "active" && tag["customer_name"] == "Asha Patil", "\(tag)")
        let agent = try await Self.fetch(replicas, 0, "/agents/\(tag["agent_id"]?.intValue ?? 0)")
        #expect(agent["wallet_balance_paise"] == 450_000 && agent["fastags_left"] == 9, "\(agent)")
        #expect(try await Self.fetch(replicas, 1, "/sessions/\(session)")["status"] == "completed")
        #expect(try await replicas.poster(0).get("/health/ready").status == 200)
    }

    /// The chats of `chats` each say "Hi", "help", "hello", one after the other (the chats at
    /// once); message `n` of a chat goes to replica `n % count`, and every other chat's second
    /// message is delivered again, with its id, to the next replica. `after` runs after each
    /// acknowledgement (the total so far); a message not acknowledged (its replica was
    /// killed) is sent again to the next replica.
    static func converse(
        _ chats: [ChatDriver], _ replicas: Replicas, after: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        final class Count: Sendable { let value = Mutex(0) }
        let acknowledged = Count()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (number, chat) in chats.enumerated() {
                group.addTask {
                    for (index, inbound) in [Inbound.text("Hi"), .text("help"), .text("hello")].enumerated() {
                        let payload = chat.payload(inbound, id: chat.nextMessageID())
                        var target = index % replicas.count
                        var delivered = false
                        for _ in 0..<replicas.count * 3 where !delivered {
                            let answer = try? await replicas.poster(target).whatsApp(payload)
                            delivered = answer?.status == 200
                            target = (target + 1) % replicas.count
                        }
                        try #require(delivered, "\(chat.chat) message \(index) was never acknowledged")
                        if index == 1 && number % 2 == 0 {
                            // A second delivery of the same message, to another replica.
                            _ = try? await replicas.poster(target).whatsApp(payload)
                        }
                        await after(
                            acknowledged.value.withLock {
                                $0 += 1
                                return $0
                            })
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    static let expected = [
        Copy.askAgentMobile, Copy.askAgentMobile + "\n(Your 10-digit mobile number, as registered with us.)",
        "Please send a 10-digit mobile number starting with 6, 7, 8 or 9.\n\n" + Copy.askAgentMobile,
    ]

    /// Every chat got the three answers in order; `allowingRepeats`: a reply may have gone out
    /// twice (it was in flight when its replica died), never out of order. Text replies due
    /// together may have gone as one message.
    static func expectAnsweredInOrder(
        _ chats: [ChatDriver], _ replicas: Replicas, watching live: Int, allowingRepeats: Bool, _ graph: FakeGraphAPI
    ) async throws {
        let answered = await eventually {
            chats.allSatisfy { covers($0.delivered, allowingRepeats: allowingRepeats) }
        }
        #expect(answered, "\(chats.map(\.delivered.count))\n\(replicas.logs)")
        let settled = try await eventually {
            let metrics = try await replicas.poster(live).get("/metrics").text
            return TestServer.metric("chat_inbox_backlog", in: metrics) == 0
                && TestServer.metric("chat_outbox_backlog", in: metrics) == 0
        }
        #expect(settled, "\(replicas.logs)")
        for chat in chats {
            #expect(
                covers(chat.delivered, allowingRepeats: allowingRepeats),
                "\(chat.chat): \(chat.delivered.map(\.jsonText))\n\(replicas.logs)")
        }
        #expect(graph.problems == [])
    }

    /// Whether the messages carry `expected` in order, each message one reply or several
    /// consecutive ones joined; with repeats, a message may carry again what came before.
    static func covers(_ delivered: [JSONValue], allowingRepeats: Bool) -> Bool {
        var next = 0
        for body in delivered {
            guard let text = body["text"]?["body"]?.stringValue,
                let range = expected.indices.lazy.compactMap({ start in
                    (start..<expected.count).first { expected[start...$0].joined(separator: "\n\n") == text }
                        .map { start...$0 }
                }).first
            else { return false }
            if range.lowerBound == next || (allowingRepeats && range.lowerBound < next && range.upperBound >= next - 1)
            {
                next = max(next, range.upperBound + 1)
            } else {
                return false
            }
        }
        return next == expected.count
    }

    static func whatsApp(_ graph: FakeGraphAPI) -> [String: String] {
        [
            "WHATSAPP_API_URL": graph.apiURL, "WHATSAPP_ACCESS_TOKEN": FakeGraphAPI.token,
            "WHATSAPP_PHONE_NUMBER_ID": FakeGraphAPI.phoneNumberID,
            "WHATSAPP_APP_SECRET": ChatSecrets.whatsappAppSecret, "WHATSAPP_VERIFY_TOKEN": ChatSecrets.verifyToken,
            "CHAT_MAX_ATTEMPTS": "100",
        ]
    }

    @Test func chatsSpreadOverReplicasAreAnsweredOnceInOrder() async throws {
        let graph = try FakeGraphAPI()
        try await Self.withReplicas(2, Self.whatsApp(graph)) { replicas in
            let chats = Self.chats(24, prefix: "91720000", graph, replicas)
            try await Self.converse(chats, replicas)
            try await Self.expectAnsweredInOrder(chats, replicas, watching: 0, allowingRepeats: false, graph)
        }
        await graph.stop()
    }

    @Test func aReplicaKilledInTheMiddleLosesNothing() async throws {
        let graph = try FakeGraphAPI()
        try await Self.withReplicas(2, Self.whatsApp(graph)) { replicas in try await Self.killOne(replicas, graph) }
        await graph.stop()
    }

    static func killOne(_ replicas: Replicas, _ graph: FakeGraphAPI) async throws {
        let chats = Self.chats(30, prefix: "91730000", graph, replicas)
        // Replies are slow to be accepted, so that the killed replica holds chats with replies
        // in flight and work waiting.
        graph.hold(true)
        let killed = Mutex(false)
        try await Self.converse(chats, replicas) { total in
            guard total == 40,
                killed.withLock({
                    let first = !$0; $0 = true; return first
                })
            else { return }
            await replicas.kill9(0)
            graph.hold(false)
        }
        #expect(killed.withLock { $0 })
        #expect(replicas[0].process.terminationStatus == SIGKILL)
        try await Self.expectAnsweredInOrder(chats, replicas, watching: 1, allowingRepeats: true, graph)

        // Started again, it joins the other on the same database; nothing is answered twice.
        try await replicas.restart(0)
        let more = Self.chats(4, prefix: "91739900", graph, replicas)
        try await Self.converse(more, replicas)
        try await Self.expectAnsweredInOrder(more, replicas, watching: 0, allowingRepeats: false, graph)
    }

    static func chats(_ count: Int, prefix: String, _ graph: FakeGraphAPI, _ replicas: Replicas) -> [ChatDriver] {
        (1...count).map {
            ChatDriver(.whatsapp(graph), chat: prefix + String(format: "%04d", $0), poster: replicas.poster(0))
        }
    }
}
