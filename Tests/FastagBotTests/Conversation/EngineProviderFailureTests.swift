import FastagTestKit
import TestKit
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

    /// The script's answers from the menu to the activation.
    static let assignInputs = EngineHarness.script.turns.map { AssignScript.input($0.answer) }

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
            chat.provider.script { $0.registry[EngineHarness.script.vehicle] = EngineFakeProvider.complete }
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

    /// `resend` at an OTP step while `call` fails: the provider's failure and the question
    /// again, the session exactly as it was (but for its last activity).
    static func resendFails(
        _ chat: EngineHarness, calling call: String, at step: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let before = try await chat.stored()
        chat.provider.fail(call, with: .unavailable("HTTP 502"))
        let reply = try await chat.say("resend")
        #expect(reply.isRefusal && reply.step == step, sourceLocation: sourceLocation)
        #expect(
            reply.text == Copy.providerDown + "\n\n" + Copy.askCustomerOTP("9123456789"),
            sourceLocation: sourceLocation)
        var after = try await chat.stored()
        after.lastActivityAt = before.lastActivityAt
        #expect(after == before, sourceLocation: sourceLocation)
    }

    @Test func customerOTPResendFailure() async throws {
        let chat = try await EngineHarness.loggedIn()
        try await chat.assign(until: "user_otp")
        chat.time.advance(seconds: 30)
        try await Self.resendFails(chat, calling: "sendCustomerOTP", at: "user_otp")
        #expect(try await chat.say("resend").messages.first?.text == "A new OTP has been sent.")
    }

    @Test func replacementOTPResendFailure() async throws {
        let chat = try await EngineHarness.loggedIn()
        for input in Self.replaceInputs[..<7] { try await chat.send(input) }
        chat.time.advance(seconds: 31)
        try await Self.resendFails(chat, calling: "sendReplacementOTP", at: "replace_otp")
    }

    /// After an edit, the automatic calls the answer leads to (wallet, photo uploads,
    /// vehicle details) follow the verified OTP, a fact: one failing keeps the OTP and what
    /// succeeded, and the same answer again resumes without verifying the OTP again
    /// (EngineFactTests has the rest).
    @Test(arguments: ["createWallet", "uploadDocument", "setVehicleDetails"])
    func failureAfterAnEditKeepsWhatSucceeded(_ call: String) async throws {
        let chat = try await EngineHarness.loggedIn()
        try await chat.assignToConfirmation()
        try await chat.say("No")
        try await chat.say("Phone no")
        try await chat.say("9000000001")
        chat.provider.fail(call, with: .unavailable("timeout"))
        let reply = try await chat.say("123456")
        #expect(reply.isRefusal && reply.step == "user_otp")
        #expect(reply.reason == "Shauryapay did not answer, try again.")
        #expect(reply.text.hasSuffix("Shauryapay did not answer, try again.\n\n" + Copy.carryOn))
        #expect(try await chat.stored().data["user_otp"] == .string("verified"))
        let retry = try await chat.say("123456")
        #expect(retry.step == "confirm")
        #expect(retry.messages.last?.text == EngineAssignTests.summary(mobile: "9000000001"))
        #expect(chat.provider.calls("validateCustomerOTP").map { $0.arguments["otp"] } == ["123456", "123456"])
        #expect(chat.provider.calls("createWallet").count == (call == "createWallet" ? 3 : 2))
    }

    @Test func figuresAfterActivationMayFail() async throws {
        let chat = try await EngineHarness.loggedIn()
        try await chat.assignToConfirmation()
        chat.provider.fail("figures", with: .unavailable("timeout"))
        let reply = try await chat.say("Yes")
        // The activation stands; the last figures seen are shown.
        #expect(reply.text.contains("💼 Wallet Balance: ₹1,250.50\n🏷️ FASTags Left: 7"))
        #expect(await chat.store.completeCalls == 1 && reply.step == "menu")
    }

    @Test func emptyPlanListIsSaid() async throws {
        let chat = try await EngineHarness.loggedIn()
        try await chat.assign(until: "id_number")
        chat.provider.script { $0.plans = [] }
        let before = try await chat.stored()
        let reply = try await chat.say("ABCPE1234F")
        #expect(
            reply.text
                == "No plan is available for you right now. Please contact support.\n\n" + Copy.askIDNumber("PAN"))
        #expect(try await chat.stored() == before)
    }
}
