import FastagTestKit
import Testing

@testable import FastagBot

/// Facts: a verified customer OTP, a created wallet. `back` never undoes
/// one; an edit at the confirmation that invalidates one redoes it in a new provider session;
/// a failure later in the same input keeps it, and the retry resumes after it.
@Suite("Engine: assign flow, facts")
struct EngineFactTests {
    @Test func theTableMarksTheFacts() {
        let flow = AssignFlow.flow
        #expect(
            flow.steps.filter(\.isFact).map(\.name.rawValue) == [
                "user_otp", "wallet",
            ])
        // Facts are redone through the answers they rest on, never edited themselves.
        #expect(flow.steps.filter(\.isFact).allSatisfy { $0.editLabel == nil })
    }

    /// `back` at `step` would have to undo a fact: refused with `reason`, nothing cleared.
    struct BackAtFact: Sendable, CustomTestStringConvertible {
        var step: String
        var reason: String
        var question: String
        /// The provider calls made once each so far, and not again.
        var calls: [String: Int]
        /// The answer that then continues the flow, and the step it leads to.
        var answer: ConversationInput
        var next: String
        /// The photos uploaded once that answer is taken (it may be one).
        var uploadsAfter: Int? = nil

        var testDescription: String { "back at \(step)" }
    }

    static let backAtFacts: [BackAtFact] = [
        BackAtFact(
            step: "first_name", reason: Copy.otpVerified, question: Copy.askFirstName,
            calls: ["sendCustomerOTP": 1, "validateCustomerOTP": 1], answer: .text("Asha"), next: "last_name"),
        BackAtFact(
            step: "doc_rc_front", reason: Copy.walletExists, question: Copy.askRCFront,
            calls: ["validateCustomerOTP": 1, "createWallet": 1], answer: .image(ImageBytes.jpeg),
            next: "doc_rc_back"),
    ]

    @Test(arguments: backAtFacts)
    func backNeverUndoesAFact(_ fact: BackAtFact) async throws {
        let chat = try await EngineHarness.loggedIn()
        try await chat.assign(until: fact.step)
        let before = try await chat.stored()
        let reply = try await chat.say("back")
        EngineAssignTests.expectRefusal(reply, fact.reason, fact.question, step: fact.step)
        #expect(try await chat.stored().data == before.data)
        for (name, count) in fact.calls {
            #expect(chat.provider.calls(name).count == count, "\(name)")
        }
        #expect(try await chat.send(fact.answer).step.rawValue == fact.next)
        var after = fact.calls
        if let uploads = fact.uploadsAfter { after["uploadDocument"] = uploads }
        for (name, count) in after {
            #expect(chat.provider.calls(name).count == count, "\(name)")
        }
    }

    @Test func backToASkippedPhotoAsksItAgain() async throws {
        let chat = try await EngineHarness.loggedIn()
        try await chat.assign(until: "doc_tag_fixed")
        try await chat.say("Skip")
        // Nothing was uploaded for the fixed tag: its question is an answer like any other.
        let reply = try await chat.say("back")
        #expect(!reply.isRefusal && reply.step == "doc_tag_fixed" && reply.text == Copy.askTagFixed)
        #expect(chat.provider.calls("uploadDocument").count == 4)
    }

    /// An edit at the confirmation: the answers given, then the provider calls made.
    struct Edit: Sendable, CustomTestStringConvertible {
        var field: String
        var answers: [String]
        var calls: [String: Int]

        var testDescription: String { field }
    }

    /// The mobile and the vehicle rest on the OTP: a new one is sent and verified, and the
    /// wallet and the stored photos go to its provider session. The ID proof and the plan
    /// rest on the wallet only; the engine number on nothing.
    static let edits: [Edit] = [
        Edit(
            field: "Phone no", answers: ["9000000001", "123456"],
            calls: ["sendCustomerOTP": 1, "validateCustomerOTP": 1, "createWallet": 1, "uploadDocument": 5]),
        Edit(
            field: "Vehicle no", answers: ["MH12AB1237", "123456", "MARUTI", "SWIFT", "Petrol"],
            calls: ["sendCustomerOTP": 1, "validateCustomerOTP": 1, "createWallet": 1, "uploadDocument": 5]),
        Edit(
            field: "ID proof", answers: ["Voter Id", "abc1234567"],
            calls: ["sendCustomerOTP": 0, "validateCustomerOTP": 0, "createWallet": 1, "uploadDocument": 0]),
        Edit(
            field: "Plan", answers: ["2"],
            calls: ["sendCustomerOTP": 0, "validateCustomerOTP": 0, "createWallet": 1, "uploadDocument": 0]),
        Edit(
            field: "Engine no", answers: ["xy987"],
            calls: ["sendCustomerOTP": 0, "validateCustomerOTP": 0, "createWallet": 0, "uploadDocument": 0]),
    ]

    @Test(arguments: edits)
    func editsRedoTheFactsTheyRestOn(_ edit: Edit) async throws {
        let chat = try await EngineHarness.atConfirmation()
        try await EngineAssignEditTests.edit(chat, edit.field)
        var reply: Reply?
        for answer in edit.answers { reply = try await chat.say(answer) }
        #expect(reply?.step.rawValue == "confirm", "\(reply?.text ?? "")")
        for (name, count) in edit.calls {
            #expect(chat.provider.calls(name).count == count, "\(name)")
        }
        #expect(try await chat.say("Yes").text.hasPrefix("🎉 Success!"))
    }

    /// A call that fails after the edited mobile's OTP was verified, and what the agent then
    /// reads before the retry prompt.
    struct FailurePartWay: Sendable, CustomTestStringConvertible {
        var call: String
        var notes: [String]
        /// What the retry's reply says before the confirmation.
        var retryNotes: [String]

        var testDescription: String { call }
    }

    static let failuresPartWay: [FailurePartWay] = [
        FailurePartWay(call: "createWallet", notes: [Copy.providerDown], retryNotes: [Copy.walletCreated]),
        FailurePartWay(call: "uploadDocument", notes: [Copy.walletCreated, Copy.providerDown], retryNotes: []),
        FailurePartWay(call: "setVehicleDetails", notes: [Copy.walletCreated, Copy.providerDown], retryNotes: []),
    ]

    /// The verified OTP and what succeeded after it are saved with the failure; `back` does
    /// not undo them, and the retry makes only the calls not yet made.
    @Test(arguments: failuresPartWay)
    func retryResumesAfterWhatSucceeded(_ failure: FailurePartWay) async throws {
        let chat = try await EngineHarness.atConfirmation()
        try await EngineAssignEditTests.edit(chat, "Phone no")
        try await chat.say("9000000001")
        chat.provider.fail(failure.call, with: .unavailable("timeout"))
        let reply = try await chat.say("123456")
        #expect(reply.isRefusal && reply.step == "user_otp")
        #expect(
            reply.messages == [
                BotMessage((failure.notes + [Copy.carryOn]).joined(separator: "\n\n"), options: Copy.retryOptions)
            ])
        let kept = try await chat.stored()
        #expect(kept.data["user_otp"] == .string("verified"))
        #expect((kept.data["wallet"] != nil) == (failure.call != "createWallet"))

        EngineAssignTests.expectRefusal(try await chat.say("back"), Copy.otpVerified, Copy.carryOn, step: "user_otp")
        let help = try await chat.say("help")
        #expect(help.step == "user_otp" && help.text.hasPrefix(Copy.carryOn + "\n("))
        EngineAssignTests.expectRefusal(
            try await chat.say("resend"), "Resend works only when you are asked for an OTP.", Copy.carryOn,
            step: "user_otp")

        let retry = try await chat.say("Retry")
        #expect(retry.step == "confirm")
        #expect(retry.messages.map(\.text) == failure.retryNotes + [EngineAssignTests.summary(mobile: "9000000001")])
        #expect(chat.provider.calls("sendCustomerOTP").count == 1)
        #expect(chat.provider.calls("validateCustomerOTP").count == 1)
        // The failed call is made again; the wallet is created once in all.
        let walletCalls = failure.call == "createWallet" ? 2 : 1
        #expect(chat.provider.calls("createWallet").count == walletCalls)
        #expect(chat.provider.calls("uploadDocument").count == (failure.call == "uploadDocument" ? 6 : 5))
        #expect(chat.provider.calls("setVehicleDetails").count == (failure.call == "setVehicleDetails" ? 2 : 1))
        #expect(try await chat.say("Yes").text.hasPrefix("🎉 Success!"))
        #expect(chat.provider.calls("activate").count == 1)
    }
}
