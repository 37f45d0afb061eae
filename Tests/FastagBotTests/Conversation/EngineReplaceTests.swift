import FastagTestKit
import Testing

@testable import FastagBot

/// The replace flow (CONVERSATION.md section 3).
@Suite("Engine: replace flow")
struct EngineReplaceTests {
    static let askReason = Copy.askReason
    static let reasonOptions = [
        Option(id: "reason_1", title: "Tag Damaged"), Option(id: "reason_2", title: "Lost Tag"),
        Option(id: "reason_3", title: "Tag Not Working"), Option(id: "reason_99", title: "Others"),
    ]

    static func summary(
        vehicle: String = "MH12AB1234", mobile: String = "9123456789", barcode: String = "608268-001-0012345",
        reason: String
    ) -> String {
        Copy.replaceSummary(vehicle: vehicle, mobile: mobile, barcode: barcode, reason: reason)
    }

    @Test func wholeReplaceWithOthersAndEdits() async throws {
        let chat = try await EngineHarness.loggedIn()
        var reply = try await chat.say("2")
        #expect(reply.text == Copy.askReplaceVehicleNumber)
        #expect(reply.flow == "replace" && reply.step == "vehicle_number")
        try await chat.refuses(
            "XX12AB1234", "XX is not an Indian state code. Example: MH12AB1234.", then: Copy.askReplaceVehicleNumber,
            at: "vehicle_number")
        reply = try await chat.say("MH12AB1234")
        #expect(reply.text == Copy.askCustomerMobile && reply.step == "user_mobile")
        reply = try await chat.say("9123456789")
        #expect(
            reply.text == Copy.askReplaceSerial && reply.step == "serial")
        #expect(chat.provider.calls.map(\.name) == ["figures"])
        try await chat.refuses(
            "1111", "No available barcode ends with 1111. Please check the serial number.", then: Copy.askReplaceSerial,
            at: "serial")
        reply = try await chat.say("2345")
        #expect(reply.text == Copy.askBarcode(["608268-001-0012345"]) && reply.step == "barcode")
        reply = try await chat.say("1")
        #expect(reply.messages == [BotMessage(Self.askReason, options: Self.reasonOptions)] && reply.step == "reason")
        try await chat.refuses("5", Copy.pickAnOption, then: Self.askReason, at: "reason")
        reply = try await chat.say("4")
        #expect(reply.text == Copy.askReasonDescription && reply.step == "reason_description")
        try await chat.refuses(
            String(repeating: "x", count: 201), "Please keep the reason under 200 characters.",
            then: Copy.askReasonDescription, at: "reason_description")
        reply = try await chat.say("Windscreen replaced")
        #expect(
            reply.messages == [
                BotMessage(Self.summary(reason: "Others: Windscreen replaced"), options: Copy.confirmOptions)
            ])

        // Edit the reason to one without a description, then back to Others.
        reply = try await chat.say("No")
        #expect(reply.step == "edit" && reply.options.map(\.title) == ["Vehicle no", "Phone no", "Barcode", "Reason"])
        reply = try await chat.say("Reason")
        #expect(reply.step == "reason" && reply.text == Self.askReason)
        reply = try await chat.send(.choice(id: "reason_2", title: "Lost Tag"))
        #expect(reply.text == Self.summary(reason: "Lost Tag") && reply.step == "confirm")
        #expect(try await chat.stored().data["reason_description"] == nil)
        try await chat.say("No")
        try await chat.say("4")
        reply = try await chat.say("others")
        #expect(reply.step == "reason_description")
        reply = try await chat.say("Tag fell off")
        #expect(reply.text == Self.summary(reason: "Others: Tag fell off"))

        // back at the edit list returns to the confirmation.
        try await chat.say("No")
        reply = try await chat.say("back")
        #expect(reply.step == "confirm" && reply.text == Self.summary(reason: "Others: Tag fell off"))

        // Edit the vehicle number and the barcode.
        try await chat.say("No")
        reply = try await chat.say("Vehicle no")
        #expect(reply.step == "vehicle_number" && reply.text == Copy.askReplaceVehicleNumber)
        reply = try await chat.say("KA05M1234")
        #expect(reply.text == Self.summary(vehicle: "KA05M1234", reason: "Others: Tag fell off"))
        try await chat.say("No")
        try await chat.say("Barcode")
        try await chat.say("6789")
        reply = try await chat.say("608268-001-0026789")
        #expect(
            reply.text
                == Self.summary(vehicle: "KA05M1234", barcode: "608268-001-0026789", reason: "Others: Tag fell off"))
        #expect(chat.provider.calls("sendReplacementOTP").isEmpty)

        // Yes: the customer gets the replacement OTP.
        reply = try await chat.say("Yes")
        let askOTP = Copy.askCustomerOTP("9123456789")
        #expect(reply.messages == [BotMessage(askOTP)] && reply.step == "replace_otp")
        #expect(
            chat.provider.arguments("sendReplacementOTP") == [
                [
                    "agent": "SP-1", "vehicle": "KA05M1234", "mobile": "9123456789",
                    "barcode": "608268-001-0026789", "reason": "99", "description": "Tag fell off",
                ]
            ])
        try await chat.refuses(
            "resend", "Please wait 30 seconds before asking for a new OTP.", then: askOTP, at: "replace_otp")
        chat.time.advance(seconds: 30)
        reply = try await chat.say("resend")
        #expect(reply.messages.map(\.text) == ["A new OTP has been sent.", askOTP])
        #expect(chat.provider.calls("sendReplacementOTP").count == 2)
        try await chat.refuses(
            ["111111": "Invalid OTP. Please check and try again.", "1111": "Please type the 6-digit OTP."],
            then: askOTP, at: "replace_otp")

        // The right OTP: replaced, the session completes.
        let replaced = Copy.replaced(
            vehicle: "KA05M1234", barcode: "608268-001-0026789", wallet: "₹1,250.50", fastags: 6)
        let old = try await chat.completes(
            saying: "123456", figures: AgentFigures(walletPaise: 125_050, fastagsLeft: 6), with: replaced
        ).completed
        #expect(
            chat.provider.calls("validateReplacementOTP").last
                == ProviderCall(
                    "validateReplacementOTP",
                    ["agent": "SP-1", "session": "SES-2", "vehicle": "KA05M1234", "otp": "123456"]))
        #expect(await chat.store.completeCalls == 1)
        #expect(
            await chat.store.records == [
                .replacement(
                    ReplacementRecord(
                        agentID: 1, vehicleNumber: "KA05M1234", customerMobile: "9123456789",
                        barcode: "608268-001-0026789", reason: "Others: Tag fell off"))
            ])
        #expect(try await chat.store.session(old)?.status == .completed)
    }

    @Test func backFromTheOTPReturnsToTheConfirmation() async throws {
        let chat = try await EngineHarness.loggedIn()
        for text in ["2", "MH12AB1234", "9123456789", "2345", "1", "Tag Damaged"] { try await chat.say(text) }
        var reply = try await chat.say("Yes")
        #expect(reply.step == "replace_otp")
        reply = try await chat.say("back")
        #expect(reply.step == "confirm" && reply.text == Self.summary(reason: "Tag Damaged"))
        // Yes again sends a new OTP, once the resend interval has passed.
        #expect(try await chat.say("Yes").text.hasPrefix("Please wait "))
        chat.time.advance(seconds: 30)
        reply = try await chat.say("Yes")
        #expect(reply.step == "replace_otp" && chat.provider.calls("sendReplacementOTP").count == 2)
        reply = try await chat.say("help")
        #expect(
            reply.text
                == Copy.askCustomerOTP("9123456789")
                + "\n(The 6 digits the customer received; reply Resend for a new one.)")
    }

    @Test func backThroughTheReplaceFlow() async throws {
        let chat = try await EngineHarness.loggedIn()
        for text in ["2", "MH12AB1234", "9123456789", "2345", "1"] { try await chat.say(text) }
        var reply = try await chat.say("back")
        #expect(reply.step == "barcode")
        reply = try await chat.say("back")
        #expect(reply.step == "serial" && reply.text == Copy.askReplaceSerial)
        reply = try await chat.say("back")
        #expect(reply.step == "user_mobile")
        reply = try await chat.say("back")
        #expect(reply.step == "vehicle_number")
        let old = chat.sessionID
        reply = try await chat.say("back")
        #expect(reply.step == "menu" && reply.sessionID != old)
    }

    @Test func replaceTwiceAfterAnother() async throws {
        let chat = try await EngineHarness.loggedIn()
        for text in ["2", "MH12AB1234", "9123456789", "2345", "1", "3", "Yes"] { try await chat.say(text) }
        let first = try await chat.say("123456")
        #expect(first.step == "menu")
        for text in ["2", "MH12AB1236", "9123456789", "6789", "2", "1", "Yes"] { try await chat.say(text) }
        let second = try await chat.say("123456")
        #expect(second.text.contains("Barcode No: 608268-001-0026789"))
        #expect(await chat.store.completeCalls == 2)
        #expect(await chat.store.allSessions().filter { $0.status == .open }.count == 1)
    }
}
