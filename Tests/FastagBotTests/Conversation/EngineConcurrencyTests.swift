import Testing

@testable import FastagBot

/// One input at a time per session; different sessions in parallel.
@Suite("Engine: concurrency")
struct EngineConcurrencyTests {
    @Test func twoYesAtOnceActivateOnce() async throws {
        let chat = try await EngineHarness.loggedIn()
        try await chat.assignToConfirmation()
        let engine = chat.engine
        let id = chat.sessionID
        chat.provider.hold("activate")
        let first = Task { try await engine.handle(.text("Yes"), sessionID: id) }
        #expect(await chat.provider.waitUntilHeld("activate"))
        let second = Task { try await engine.handle(.text("Yes"), sessionID: id) }
        // The second input waits for the first; give it time to reach the lock.
        try await Task.sleep(for: .milliseconds(100))
        #expect(chat.provider.calls("activate").count == 1)
        chat.provider.release("activate")

        let reply = try await first.value
        #expect(reply.text.hasPrefix("🎉 Success! Your FASTag has been Activated ✅"))
        await #expect(
            throws: ConversationEngine.EngineError.closed(session: id, status: .completed, successor: reply.sessionID)
        ) {
            try await second.value
        }
        #expect(chat.provider.calls("activate").count == 1)
        #expect(await chat.store.completeCalls == 1)
        #expect(await chat.store.records.count == 1)
    }

    @Test func manyDuplicatesActivateOnce() async throws {
        let chat = try await EngineHarness.loggedIn()
        try await chat.assignToConfirmation()
        let engine = chat.engine
        let id = chat.sessionID
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<10 {
                group.addTask { (try? await engine.handle(.text("Yes"), sessionID: id)) != nil }
            }
            var successes = 0
            for await success in group where success { successes += 1 }
            return successes
        }
        #expect(outcomes == 1)
        #expect(chat.provider.calls("activate").count == 1)
        #expect(await chat.store.completeCalls == 1)
    }

    @Test func sessionsRunInParallel() async throws {
        let chat = try await EngineHarness(otherAgents: [
            .engineTest(id: 2, firstName: "Meena", mobile: "9876500000")
        ])
        try await chat.login()
        try await chat.assign(until: "user_mobile")
        let engine = chat.engine
        let sessionA = chat.sessionID

        // Session A waits inside its provider call...
        chat.provider.hold("sendCustomerOTP")
        let first = Task { try await engine.handle(.text("9123456789"), sessionID: sessionA) }
        #expect(await chat.provider.waitUntilHeld("sendCustomerOTP"))

        // ...while session B (another chat, another agent) logs in and reaches the menu.
        let sessionB = try await engine.session(channel: .whatsapp, chatID: "chat-2").session.id
        #expect(try await engine.handle(.text("9876500000"), sessionID: sessionB).step == "agent_otp")
        let code = try #require(chat.sms.lastCode)
        let menu = try await engine.handle(.text(code), sessionID: sessionB)
        #expect(menu.step == "menu" && menu.text.hasPrefix("Hi Meena 👋"))
        #expect(try await engine.handle(.text("2"), sessionID: sessionB).step == "vehicle_number")
        #expect(chat.provider.isWaiting("sendCustomerOTP"))

        // A prompt for A waits for A's input to finish; B's prompt does not.
        #expect(try await engine.prompt(sessionID: sessionB).step == "vehicle_number")

        chat.provider.release("sendCustomerOTP")
        let reply = try await first.value
        #expect(reply.step == "user_otp" && !reply.isRefusal)
    }

    @Test func sameSessionInputsRunInArrivalOrder() async throws {
        let chat = try await EngineHarness.loggedIn()
        try await chat.say("1")
        let engine = chat.engine
        let id = chat.sessionID
        try await chat.say("MH12AB1234")
        try await chat.say("AB123")
        chat.provider.hold("sendCustomerOTP")
        let first = Task { try await engine.handle(.text("9123456789"), sessionID: id) }
        #expect(await chat.provider.waitUntilHeld("sendCustomerOTP"))
        // The OTP arrives while the mobile is still being handled: it is applied after it.
        let second = Task { try await engine.handle(.text("123456"), sessionID: id) }
        try await Task.sleep(for: .milliseconds(50))
        #expect(chat.provider.calls("validateCustomerOTP").isEmpty)
        chat.provider.release("sendCustomerOTP")
        #expect(try await first.value.step == "user_otp")
        #expect(try await second.value.step == "first_name")
    }
}
