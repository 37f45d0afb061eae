import Testing

@testable import FastagBot

/// A provider that does not answer, at every step that calls it: the stored session is
/// exactly as it was, the agent reads "Shauryapay did not answer, try again." and the same
/// question, and answering again works.
@Suite("Engine: provider failures")
struct EngineProviderFailureTests {
    /// Where a call fails: the flow's inputs from the menu, the index of the input that
    /// makes the call, and the call.
    struct Point: Sendable, CustomTestStringConvertible {
        var replace = false
        var index: Int
        var call: String
        var registryComplete = false

        var testDescription: String { "\(call) at input \(index)\(replace ? " (replace)" : "")" }
    }

    static let assignInputs: [ConversationInput] =
        ["1", "MH12AB1235", "AB123", "9123456789", "123456", "Asha", "Patil", "05-03-1990", "1", "ABCPE1234F", "1"]
        .map(ConversationInput.text) + Array(repeating: .image(ImageBytes.jpeg), count: 5)
        + ["2345", "1", "TOYOTA", "CAMRY", "Petrol", "Yes"].map(ConversationInput.text)

    static let replaceInputs: [ConversationInput] =
        ["2", "MH12AB1234", "9123456789", "2345", "1", "1", "Yes", "123456"].map(ConversationInput.text)

    static let points: [Point] = [
        Point(index: 3, call: "sendCustomerOTP"),
        Point(index: 4, call: "validateCustomerOTP"),
        Point(index: 9, call: "plans"),
        Point(index: 10, call: "createWallet"),
        Point(index: 11, call: "uploadDocument"),
        Point(index: 12, call: "uploadDocument"),
        Point(index: 13, call: "uploadDocument"),
        Point(index: 14, call: "uploadDocument"),
        Point(index: 15, call: "uploadDocument"),
        Point(index: 16, call: "availableBarcodes"),
        Point(index: 17, call: "makers"),
        Point(index: 18, call: "models"),
        Point(index: 19, call: "descriptors"),
        Point(index: 20, call: "setVehicleDetails"),
        Point(index: 21, call: "activate"),
        Point(index: 18, call: "activate", registryComplete: true),
        Point(replace: true, index: 3, call: "availableBarcodes"),
        Point(replace: true, index: 6, call: "sendReplacementOTP"),
        Point(replace: true, index: 7, call: "validateReplacementOTP"),
    ]

    @Test(arguments: points)
    func failureLeavesTheSessionAsItWas(_ point: Point) async throws {
        let chat = try await EngineHarness()
        if point.registryComplete {
            chat.provider.script { $0.registry["MH12AB1235"] = EngineFakeProvider.complete }
        }
        try await chat.login()
        var inputs = point.replace ? Self.replaceInputs : Self.assignInputs
        if point.registryComplete { inputs.removeSubrange(18..<21) }
        var last: Reply?
        for input in inputs[..<point.index] {
            last = try await chat.send(input)
            try #require(last?.isRefusal == false, "\(input): \(last?.text ?? "")")
        }
        let question = try #require(last?.messages.last)
        let before = try await chat.stored()
        let calls = chat.provider.calls(point.call).count
        let completions = await chat.store.completeCalls

        chat.provider.fail(point.call, with: .unavailable("timed out after 8 s"))
        let reply = try await chat.send(inputs[point.index])
        #expect(chat.provider.calls(point.call).count == calls + 1)
        #expect(reply.isRefusal && reply.sessionID == before.id)
        #expect(reply.flow == before.flow && reply.step == before.state)
        #expect(
            reply.messages == [
                BotMessage("Shauryapay did not answer, try again.\n\n" + question.text, options: question.options)
            ])
        #expect(try await chat.stored() == before)
        #expect(await chat.store.completeCalls == completions)

        // The same answer again goes through.
        let retry = try await chat.send(inputs[point.index])
        #expect(!retry.isRefusal && retry.step != before.state, "\(retry.text)")
    }

    @Test func customerOTPResendFailure() async throws {
        let chat = try await EngineHarness()
        try await chat.login()
        for text in ["1", "MH12AB1234", "AB123", "9123456789"] { try await chat.say(text) }
        chat.time.advance(seconds: 30)
        let before = try await chat.stored()
        chat.provider.fail("sendCustomerOTP", with: .unavailable("HTTP 502"))
        let reply = try await chat.say("resend")
        #expect(reply.isRefusal && reply.step == "user_otp")
        #expect(reply.text == "Shauryapay did not answer, try again.\n\n" + Messages.askCustomerOTP("9123456789"))
        var after = try await chat.stored()
        after.lastActivityAt = before.lastActivityAt
        #expect(after == before)
        #expect(try await chat.say("resend").messages.first?.text == "A new OTP has been sent.")
    }

    @Test func replacementOTPResendFailure() async throws {
        let chat = try await EngineHarness()
        try await chat.login()
        for input in Self.replaceInputs[..<7] { try await chat.send(input) }
        chat.time.advance(seconds: 31)
        let before = try await chat.stored()
        chat.provider.fail("sendReplacementOTP", with: .unavailable("HTTP 502"))
        let reply = try await chat.say("resend")
        #expect(reply.isRefusal && reply.step == "replace_otp")
        #expect(reply.text == "Shauryapay did not answer, try again.\n\n" + Messages.askCustomerOTP("9123456789"))
        var after = try await chat.stored()
        after.lastActivityAt = before.lastActivityAt
        #expect(after == before)
    }

    /// After an edit, the automatic calls the answer leads to (wallet, photo uploads,
    /// vehicle details) are part of that answer: one failing keeps the session as it was.
    @Test(arguments: ["createWallet", "uploadDocument", "setVehicleDetails"])
    func failureAfterAnEditKeepsTheSession(_ call: String) async throws {
        let chat = try await EngineHarness()
        try await chat.login()
        try await chat.assignToConfirmation()
        try await chat.say("No")
        try await chat.say("Phone no")
        let question = try await chat.say("9000000001")
        let before = try await chat.stored()
        chat.provider.fail(call, with: .unavailable("timeout"))
        let reply = try await chat.say("123456")
        #expect(reply.isRefusal && reply.step == "user_otp")
        #expect(reply.text == "Shauryapay did not answer, try again.\n\n" + question.text)
        #expect(try await chat.stored() == before)
        let retry = try await chat.say("123456")
        #expect(retry.step == "confirm")
        #expect(
            retry.messages.map(\.text) == [
                "✅ Customer wallet created.", EngineAssignTests.summary(mobile: "9000000001"),
            ])
    }

    @Test func figuresAfterActivationMayFail() async throws {
        let chat = try await EngineHarness()
        try await chat.login()
        try await chat.assignToConfirmation()
        chat.provider.fail("figures", with: .unavailable("timeout"))
        let reply = try await chat.say("Yes")
        // The activation stands; the last figures seen are shown.
        #expect(reply.text.contains("💼 Wallet Balance: ₹1,250.50\n🏷️ FASTags Left: 7"))
        #expect(await chat.store.completeCalls == 1 && reply.step == "menu")
    }

    @Test func emptyPlanListIsSaid() async throws {
        let chat = try await EngineHarness()
        try await chat.login()
        for text in ["1", "MH12AB1234", "AB123", "9123456789", "123456", "Asha", "Patil", "05-03-1990", "1"] {
            try await chat.say(text)
        }
        chat.provider.script { $0.plans = [] }
        let before = try await chat.stored()
        let reply = try await chat.say("ABCPE1234F")
        #expect(
            reply.text
                == "No plan is available for you right now. Please contact support.\n\nEnter the PAN number:")
        #expect(try await chat.stored() == before)
    }
}
