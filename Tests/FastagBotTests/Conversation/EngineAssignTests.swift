import FastagTestKit
import Foundation
import Testing

@testable import FastagBot

/// The assign flow (CONVERSATION.md section 2) step by step, with exact texts. What happens
/// around the steps is in `EngineAssignOutcomeTests`, `back` and `help` in
/// `EngineAssignBackTests`, editing from the confirmation in `EngineAssignEditTests`.
@Suite("Engine: assign flow")
struct EngineAssignTests {
    static let script = EngineHarness.script
    static let askIDType = Copy.askIDType(script.customerName)
    static let askPlan = Copy.askPlan(script.plans)
    static let askSerial = Copy.askSerial
    static let askMaker = Copy.askMaker(script.makers)
    static let askToyotaModel = Copy.askModel(script.models)
    static let askDescriptor = Copy.askDescriptor(script.descriptors)
    static let editOptions = [
        "Vehicle no", "Engine no", "Phone no", "ID proof", "Plan", "Barcode", "Vehicle Maker", "Vehicle Model",
        "Vehicle Descriptor",
    ]

    /// The confirmation of the script's answers, with the changes given.
    static func summary(
        vehicle: String = "MH12AB1234", mobile: String = "9123456789", engine: String = "AB123",
        id: String = "PAN No - ******234F", plan: String = "400 Plan", maker: String = "TOYOTA",
        model: String = "CAMRY", descriptor: String = "Petrol"
    ) -> String {
        let label = id.components(separatedBy: " - ")
        return Copy.summary(
            vehicle: vehicle, mobile: mobile, engine: engine, idLabel: label[0], idMasked: label.last ?? "",
            plan: plan, maker: maker, model: model, descriptor: descriptor)
    }

    /// Expects a refusal: the reason, then the same question, in one message.
    static func expectRefusal(
        _ reply: Reply, _ reason: String, _ question: String, step: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(reply.isRefusal, sourceLocation: sourceLocation)
        #expect(reply.step == step, sourceLocation: sourceLocation)
        #expect(reply.messages.count == 1, sourceLocation: sourceLocation)
        #expect(reply.text == reason + "\n\n" + question, sourceLocation: sourceLocation)
    }

    @Test func everyStepWithItsRefusals() async throws {
        let chat = try await EngineHarness.loggedIn()
        var reply = try await chat.say("1")
        #expect(reply.text == Copy.askVehicleNumber && reply.flow == "assign")

        // 1. Vehicle number
        try await chat.refuses(
            [
                "XX12AB1234": "XX is not an Indian state code. Example: MH12AB1234.",
                "MH12AB": "That is not a valid vehicle number. Example: MH12AB1234 or 22BH1234AB.",
            ], then: Copy.askVehicleNumber, at: "vehicle_number")
        reply = try await chat.say("mh 12 ab 1234")
        #expect(reply.messages == [BotMessage(Copy.askEngineNumber)])
        #expect(try await chat.stored().data["vehicle_number"] == .string("MH12AB1234"))

        // 2. Engine number
        try await chat.refuses(
            "AB12", "Please send the last 5 characters (letters or digits) of the engine number.",
            then: Copy.askEngineNumber, at: "engine_number")
        reply = try await chat.say("ab123")
        #expect(reply.text == Copy.askCustomerMobile && reply.step == "user_mobile")

        // 3. Customer mobile → generate_otp_by_vehicle
        try await chat.refuses(
            "5123456789", "Please send a 10-digit mobile number starting with 6, 7, 8 or 9.",
            then: Copy.askCustomerMobile, at: "user_mobile")
        #expect(chat.provider.calls("sendCustomerOTP").isEmpty)
        reply = try await chat.say("+91 91234 56789")
        let askOTP =
            "Sending OTP to your 9123456789 🔐\nPlease type the 6-digit OTP\n🔁 Didn't get the OTP? Reply Resend"
        #expect(reply.messages == [BotMessage(askOTP)] && reply.step == "user_otp")
        #expect(
            chat.provider.arguments("sendCustomerOTP") == [
                ["agent": "SP-1", "vehicle": "MH12AB1234", "mobile": "9123456789"]
            ])
        var session = try await chat.stored()
        #expect(session.providerRequestID == "REQ-1" && session.providerSessionID == "SES-1")

        // 4. Customer OTP → validate_otp_bajaj
        try await chat.refuses("12345", "Please type the 6-digit OTP.", then: askOTP, at: "user_otp")
        try await chat.refuses("654321", "Invalid OTP. Please check and try again.", then: askOTP, at: "user_otp")
        #expect(
            try await chat.say("help").text
                == askOTP + "\n(The 6 digits the customer received; reply Resend for a new one.)")
        reply = try await chat.say("123456")
        #expect(reply.text == Copy.askFirstName && reply.step == "first_name")
        #expect(
            chat.provider.calls("validateCustomerOTP").last
                == ProviderCall(
                    "validateCustomerOTP",
                    ["agent": "SP-1", "session": "SES-1", "vehicle": "MH12AB1234", "otp": "123456"]
                ))

        // 5-7. Names and date of birth
        let nameRefusal = "Please send a name of up to 50 letters (spaces, dots, apostrophes and hyphens allowed)."
        try await chat.refuses("Asha1", nameRefusal, then: Copy.askFirstName, at: "first_name")
        reply = try await chat.say("Asha")
        #expect(reply.text == Copy.askLastName)
        try await chat.refuses(
            String(repeating: "p", count: 51), nameRefusal, then: Copy.askLastName, at: "last_name")
        reply = try await chat.say("Patil")
        #expect(reply.text == Copy.askDateOfBirth && reply.step == "dob")
        try await chat.refuses(
            [
                "31-04-1990": "31-04-1990 is not a real date. Please send it as DD-MM-YYYY.",
                "22-09-2008": "The customer must be between 18 and 100 years old. Please check the date of birth.",
                "05031990": "Please send the date as DD-MM-YYYY, for example 05-03-1990.",
            ], then: Copy.askDateOfBirth, at: "dob")

        // 8. ID proof type
        reply = try await chat.say("05/03/1990")
        #expect(reply.messages == [BotMessage(Self.askIDType, options: Copy.idOptions)])
        #expect(try await chat.stored().data["dob"] == .string("05-03-1990"))
        try await chat.refuses("5", Copy.pickAnOption, then: Self.askIDType, at: "id_type")

        // 9. ID number (a Driving License also asks its expiry)
        reply = try await chat.say("driving license")
        #expect(reply.text == Copy.askIDNumber("Driving License") && reply.step == "id_number")
        try await chat.refuses(
            "XX1220151234567", "XX is not an Indian state code.", then: Copy.askIDNumber("Driving License"),
            at: "id_number")
        reply = try await chat.say("MH12 2015 1234567")
        #expect(reply.text == Copy.askIDExpiry("Driving License") && reply.step == "id_expiry")
        try await chat.refuses(
            "21-09-2026", "This document has expired. Please use a valid ID proof.",
            then: Copy.askIDExpiry("Driving License"), at: "id_expiry")
        #expect(chat.provider.calls("plans").isEmpty)

        // 10. Plan (fetched when the flow arrives)
        reply = try await chat.say("22-09-2026")
        let planOptions = [Option(id: "plan_P400", title: "400 Plan"), Option(id: "plan_P500", title: "500 Plan")]
        #expect(reply.messages == [BotMessage(Self.askPlan, options: planOptions)] && reply.step == "plan")
        #expect(chat.provider.calls("plans").count == 1)
        try await chat.refuses("3", Copy.pickAnOption, then: Self.askPlan, at: "plan")
        #expect(chat.provider.calls("createWallet").isEmpty)

        // 11. Wallet, then 12. documents
        reply = try await chat.say(" 500 plan ")
        #expect(
            reply.messages == [
                BotMessage(Copy.walletCreated),
                BotMessage(Copy.askRCFront),
            ])
        #expect(
            chat.provider.arguments("createWallet") == [
                [
                    "agent": "SP-1", "session": "SES-1", "first": "Asha", "last": "Patil", "dob": "05-03-1990",
                    "idType": "Driving License", "idNumber": "MH1220151234567", "idExpiry": "22-09-2026",
                    "plan": "P500", "vehicle": "MH12AB1234", "mobile": "9123456789",
                ]
            ])
        try await chat.refuses(
            "here", "Please send a photo (JPEG or PNG, up to 5 MB).", then: Copy.askRCFront, at: "doc_rc_front")
        Self.expectRefusal(
            try await chat.send(.image(ImageBytes.text)), "Please send a photo (JPEG or PNG, up to 5 MB).",
            Copy.askRCFront, step: "doc_rc_front")
        Self.expectRefusal(
            try await chat.send(.image([0xFF, 0xD8, 0xFF] + [UInt8](repeating: 0, count: ImageData.maxBytes))),
            "That photo is larger than 5 MB. Please send a photo (JPEG or PNG, up to 5 MB).",
            Copy.askRCFront,
            step: "doc_rc_front")
        try await chat.refuses(
            "skip", "Please send a photo (JPEG or PNG, up to 5 MB).", then: Copy.askRCFront, at: "doc_rc_front")
        #expect(try await chat.photo().text == Copy.askRCBack)
        #expect(try await chat.send(.image(ImageBytes.png)).text == Copy.askVehicleFront)
        #expect(try await chat.photo().text == Copy.askVehicleSide)
        reply = try await chat.photo()
        #expect(
            reply.messages == [BotMessage(Copy.askTagFixed, options: [Option(id: "skip", title: "Skip")])])
        #expect(
            chat.provider.calls("uploadDocument").map { $0.arguments["kind"] } == [
                "rc_front", "rc_back", "vehicle_front", "vehicle_side",
            ])
        #expect(chat.provider.calls("uploadDocument").allSatisfy { $0.arguments["session"] == "SES-1" })

        // 13. Serial (Tag Fixed skipped)
        reply = try await chat.say("Skip")
        #expect(reply.text == Self.askSerial && reply.step == "serial")
        #expect(try await chat.stored().data["doc_tag_fixed"] == .string("skipped"))
        try await chat.refuses(
            "12", "Please send the last 4 digits of the serial number.", then: Self.askSerial, at: "serial")
        try await chat.refuses(
            "9999", "No available barcode ends with 9999. Please check the serial number.", then: Self.askSerial,
            at: "serial")

        // 14. Barcode
        reply = try await chat.say("6789")
        let askBarcode = Copy.askBarcode(["608268-001-0016789", "608268-001-0026789"])
        #expect(
            reply.messages == [
                BotMessage(
                    askBarcode,
                    options: [
                        Option(id: "barcode_1", title: "608268-001-0016789"),
                        Option(id: "barcode_2", title: "608268-001-0026789"),
                    ])
            ])
        try await chat.refuses("608268-001-0012345", Copy.pickAnOption, then: askBarcode, at: "barcode")

        // 15-17. Maker, model, descriptor (the registry had nothing)
        reply = try await chat.say("608268 001 0026789")
        #expect(reply.text == Self.askMaker && reply.step == "vehicle_maker")
        #expect(try await chat.stored().data["barcode"] == .string("608268-001-0026789"))
        #expect(reply.options.map(\.title) == ["MARUTI", "TOYOTA", "TATA", "HYUNDAI"])
        try await chat.refuses("FERRARI", Copy.pickAnOption, then: Self.askMaker, at: "vehicle_maker")
        reply = try await chat.say("toyota")
        #expect(reply.text == Self.askToyotaModel && reply.step == "vehicle_model")
        #expect(
            chat.provider.arguments("models") == [
                ["agent": "SP-1", "session": "SES-1", "vehicle": "MH12AB1234", "maker": "TOYOTA"]
            ])
        reply = try await chat.say("2")
        #expect(reply.text == Self.askDescriptor && reply.step == "vehicle_descriptor")
        #expect(chat.provider.calls("setVehicleDetails").isEmpty)

        // 18. Confirmation (after set_manually_vehicle_details)
        reply = try await chat.send(.choice(id: "vehicle_descriptor_2", title: "Diesel"))
        let summary = Self.summary(
            id: "Driving License No - ***********4567", plan: "500 Plan", model: "COROLLA", descriptor: "Diesel")
        #expect(reply.messages == [BotMessage(summary, options: Copy.confirmOptions)] && reply.step == "confirm")
        #expect(
            chat.provider.arguments("setVehicleDetails") == [
                [
                    "agent": "SP-1", "session": "SES-1", "vehicle": "MH12AB1234", "maker": "TOYOTA",
                    "model": "COROLLA", "descriptor": "Diesel", "class": "4", "npci": "4", "type": "LMV",
                    "vehicleType": "Motor Car",
                ]
            ])
        try await chat.refuses("maybe", Copy.pickAnOption, then: summary, at: "confirm")

        // 20-21. Activation
        let activated = Copy.activated(
            customer: "Asha Patil", vehicle: "MH12AB1234", barcode: "608268-001-0026789",
            helpLink: "https://help.example", wallet: "₹750.50", fastags: 6)
        let before = try await chat.completes(
            saying: "yes", figures: AgentFigures(walletPaise: 75_050, fastagsLeft: 6), with: activated
        ).completed
        #expect(
            chat.provider.arguments("activate") == [
                [
                    "agent": "SP-1", "session": "SES-1", "vehicle": "MH12AB1234", "barcode": "608268-001-0026789",
                    "plan": "P500", "amount": "50000", "class": "4", "npci": "4",
                ]
            ])
        #expect(await chat.store.completeCalls == 1)
        #expect(
            await chat.store.records == [
                .activation(
                    ActivationRecord(
                        agentID: 1, vehicleNumber: "MH12AB1234", engineLast5: "AB123", chassisNumber: nil,
                        maker: "TOYOTA", model: "COROLLA", descriptor: "Diesel", colour: nil, vehicleType: nil,
                        stateOfRegistration: nil, vehicleClass: "4", barcode: "608268-001-0026789",
                        customerName: "Asha Patil",
                        customerMobile: "9123456789", plan: "500 Plan", amountPaise: 50_000))
            ])
        let completed = try #require(try await chat.store.session(before))
        #expect(completed.status == .completed && completed.state == "completed" && completed.completedAt != nil)
        session = try await chat.stored()
        #expect(session.flow == "menu" && session.status == .open && session.agentID == 1)
        #expect(session.data["menu.wallet"] == .int(75_050) && session.data["menu.fastags"] == .int(6))
        let agent = try #require(try await chat.store.agent(id: 1))
        #expect(agent.walletBalancePaise == 75_050 && agent.fastagsLeft == 6)
        // The old session is closed; the next one goes on from the menu.
        await #expect(
            throws: ConversationEngine.EngineError.closed(session: before, status: .completed, successor: session.id)
        ) {
            try await chat.engine.handle(.text("yes"), sessionID: before)
        }
        #expect(try await chat.say("1").step == "vehicle_number")
        // Documents were stored and marked uploaded.
        let documents = await chat.store.documents.values.map(\.document)
        #expect(documents.count == 4 && documents.allSatisfy { $0.uploadedToProviderAt != nil })
    }

    @Test func unreadableInputIsRefused() async throws {
        let chat = try await EngineHarness.loggedIn()
        try await chat.say("1")
        let before = try await chat.stored()
        let reply = try await chat.send(.unsupported("voice"))
        Self.expectRefusal(
            reply, "Sorry, I can't read a voice message. Please reply with text, a button or a photo.",
            Copy.askVehicleNumber, step: "vehicle_number")
        #expect(try await chat.stored() == before)
    }
}
