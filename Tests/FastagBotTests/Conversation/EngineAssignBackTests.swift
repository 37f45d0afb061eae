import FastagTestKit
import Testing

@testable import FastagBot

/// `back` and `help` in the assign flow.
@Suite("Engine: assign flow, back and help")
struct EngineAssignBackTests {
    @Test func backAtSeveralSteps() async throws {
        let chat = try await EngineHarness.loggedIn()
        try await chat.say("1")
        try await chat.say("MH12AB1234")
        // engine_number → vehicle_number
        var reply = try await chat.say("back")
        #expect(reply.step == "vehicle_number" && reply.text == Copy.askVehicleNumber && !reply.isRefusal)
        #expect(try await chat.stored().data["vehicle_number"] == nil)
        try await chat.say("MH12AB1234")
        try await chat.say("AB123")
        try await chat.say("9123456789")
        // user_otp → user_mobile (past the automatic OTP call, which is asked again)
        reply = try await chat.say("Back")
        #expect(reply.step == "user_mobile" && reply.text == Copy.askCustomerMobile)
        var session = try await chat.stored()
        #expect(session.data["user_mobile"] == nil && session.data["customer_otp"] == nil)
        #expect(session.data["engine_number"] == .string("AB123"))
        // The same customer gets a new OTP only after the resend interval.
        #expect(try await chat.say("9123456789").text.hasPrefix("Please wait "))
        chat.time.advance(seconds: 30)
        try await chat.say("9123456789")
        #expect(chat.provider.calls("sendCustomerOTP").count == 2)
        for text in ["123456", "Asha", "Patil", "05-03-1990", "1"] { try await chat.say(text) }
        // id_number → id_type
        reply = try await chat.say("back")
        #expect(reply.step == "id_type" && reply.text == EngineAssignTests.askIDType)
        try await chat.say("1")
        try await chat.say("ABCPE1234F")
        // plan → id_number (no expiry for a PAN)
        reply = try await chat.say("back")
        #expect(reply.step == "id_number" && reply.text == Copy.askIDNumber("PAN"))
        session = try await chat.stored()
        #expect(session.data["id_number"] == nil && session.data["id_type"] == .string("PAN"))
        try await chat.say("ABCPE1234F")
        reply = try await chat.say("1")
        #expect(reply.step == "doc_rc_front")
        // Past the wallet creation: refused
        reply = try await chat.say("back")
        EngineAssignTests.expectRefusal(reply, Copy.walletExists, Copy.askRCFront, step: "doc_rc_front")
        try await chat.photo()
        // doc_rc_back → doc_rc_front: a wrong photo is sent again, and uploaded again.
        reply = try await chat.say("back")
        #expect(reply.step == "doc_rc_front" && reply.text == Copy.askRCFront)
        #expect(try await chat.stored().data["upload_rc_front"] == nil)
        try await chat.photo()
        #expect(chat.provider.calls("createWallet").count == 1)
        #expect(chat.provider.calls("uploadDocument").count == 2)
    }

    @Test func backAtTheFirstQuestionReturnsToTheMenu() async throws {
        let chat = try await EngineHarness.loggedIn()
        try await chat.say("1")
        let old = chat.sessionID
        let reply = try await chat.say("back")
        #expect(reply.sessionID != old && reply.step == "menu" && reply.text == EngineLoginTests.menuText)
        #expect(try await chat.store.session(old)?.status == .cancelled)
    }

    @Test func backAtTheConfirmation() async throws {
        // Registry data was not asked, so back goes to the barcode.
        let known = try await EngineHarness()
        known.provider.script { $0.registry["MH12AB1234"] = EngineFakeProvider.complete }
        try await known.login()
        try await known.assignToConfirmation()
        var reply = try await known.say("back")
        #expect(reply.step == "barcode" && reply.text == Copy.askBarcode(["608268-001-0012345"]))
        reply = try await known.say("1")
        #expect(
            reply.step == "confirm" && reply.text == EngineAssignTests.summary(model: "INNOVA", descriptor: "Diesel"))
        #expect(known.provider.calls("makers").isEmpty && known.provider.calls("setVehicleDetails").isEmpty)

        // Chosen by hand: back goes to the descriptor.
        let chosen = try await EngineHarness()
        try await chosen.login()
        try await chosen.assignToConfirmation()
        reply = try await chosen.say("back")
        #expect(reply.step == "vehicle_descriptor" && reply.text == EngineAssignTests.askDescriptor)
        reply = try await chosen.say("CNG")
        #expect(reply.step == "confirm" && reply.text == EngineAssignTests.summary(descriptor: "CNG"))
        #expect(chosen.provider.calls("setVehicleDetails").map { $0.arguments["descriptor"] } == ["Petrol", "CNG"])
    }

    @Test func helpAtEverySortOfStep() async throws {
        let chat = try await EngineHarness.loggedIn()
        try await chat.say("1")
        var reply = try await chat.say("help")
        #expect(
            reply.text == Copy.askVehicleNumber
                + "\n(A registration number like MH12AB1234, DL1CAB1234 or 22BH1234AB.)")
        #expect(!reply.isRefusal && reply.step == "vehicle_number")
        try await chat.assignToConfirmation()
        reply = try await chat.say("HELP")
        #expect(reply.text == EngineAssignTests.summary() + "\n(Yes to activate the FASTag, No to change a detail.)")
        #expect(reply.options == Copy.confirmOptions)
    }
}
