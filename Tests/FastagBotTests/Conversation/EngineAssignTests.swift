import Testing

@testable import FastagBot

/// The assign flow (CONVERSATION.md section 2) step by step, with exact texts.
@Suite("Engine: assign flow")
struct EngineAssignTests {
    static let askIDType =
        "Thanks Asha Patil 🙌\nChoose your ID Proof type:\n1. PAN\n2. Passport\n3. Driving License\n4. Voter Id"
    static let askPlan = "Select your Plan:\n1. 400 Plan\n2. 500 Plan"
    static let askSerial = "✅ All images received!\nEnter Last 4 digits of Serial Number(Barcode)"
    static let askMaker = "Who is your Vehicle Maker?\n1. MARUTI\n2. TOYOTA\n3. TATA\n4. HYUNDAI"
    static let askToyotaModel = "What is your Vehicle Model?\n1. CAMRY\n2. COROLLA\n3. INNOVA"
    static let askDescriptor = "What is your Vehicle Descriptor\n1. Petrol\n2. Diesel\n3. CNG\n4. Electric\n5. Hybrid"
    static let editOptions = [
        "Vehicle no", "Engine no", "Phone no", "ID proof", "Plan", "Barcode", "Vehicle Maker", "Vehicle Model",
        "Vehicle Descriptor",
    ]

    static func summary(
        vehicle: String = "MH12AB1234", mobile: String = "9123456789", engine: String = "AB123",
        id: String = "PAN No - ******234F", plan: String = "400 Plan", maker: String = "TOYOTA",
        model: String = "CAMRY", descriptor: String = "Petrol"
    ) -> String {
        "Checkout Details & edit if required\nVehicle no - \(vehicle)\nPhone no - \(mobile)\n"
            + "Last 5 digits of engine no - \(engine)\n\(id)\nPlan - \(plan)\nVehicle Maker - \(maker)\n"
            + "Vehicle Model - \(model)\nVehicle Descriptor - \(descriptor)\n"
            + "Confirm if entered details are correct with Yes or No?"
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
        let chat = try await EngineHarness()
        try await chat.login()
        var reply = try await chat.say("1")
        #expect(reply.text == Messages.askVehicleNumber && reply.flow == "assign")

        // 1. Vehicle number
        Self.expectRefusal(
            try await chat.say("XX12AB1234"), "XX is not an Indian state code. Example: MH12AB1234.",
            Messages.askVehicleNumber, step: "vehicle_number")
        Self.expectRefusal(
            try await chat.say("MH12AB"), "That is not a valid vehicle number. Example: MH12AB1234 or 22BH1234AB.",
            Messages.askVehicleNumber, step: "vehicle_number")
        reply = try await chat.say("mh 12 ab 1234")
        #expect(reply.messages == [BotMessage("Got it ✅Share the last 5 digits of engine no.")])
        #expect(try await chat.stored().data["vehicle_number"] == .string("MH12AB1234"))

        // 2. Engine number
        Self.expectRefusal(
            try await chat.say("AB12"), "Please send the last 5 characters (letters or digits) of the engine number.",
            Messages.askEngineNumber, step: "engine_number")
        reply = try await chat.say("ab123")
        #expect(reply.text == "Now send user's 10-digit Mobile Number:" && reply.step == "user_mobile")

        // 3. Customer mobile → generate_otp_by_vehicle
        Self.expectRefusal(
            try await chat.say("5123456789"), "Please send a 10-digit mobile number starting with 6, 7, 8 or 9.",
            Messages.askCustomerMobile, step: "user_mobile")
        #expect(chat.provider.calls("sendCustomerOTP").isEmpty)
        reply = try await chat.say("+91 91234 56789")
        let askOTP =
            "Sending OTP to your 9123456789 🔐\nPlease type the 6-digit OTP\n🔁 Didn't get the OTP? Reply Resend"
        #expect(reply.messages == [BotMessage(askOTP)] && reply.step == "user_otp")
        #expect(
            chat.provider.calls("sendCustomerOTP") == [
                ProviderCall("sendCustomerOTP", ["agent": "SP-1", "vehicle": "MH12AB1234", "mobile": "9123456789"])
            ])
        var session = try await chat.stored()
        #expect(session.providerRequestID == "REQ-1" && session.providerSessionID == "SES-1")

        // 4. Customer OTP → validate_otp_bajaj
        Self.expectRefusal(try await chat.say("12345"), "Please type the 6-digit OTP.", askOTP, step: "user_otp")
        Self.expectRefusal(
            try await chat.say("654321"), "Invalid OTP. Please check and try again.", askOTP, step: "user_otp")
        #expect(
            try await chat.say("help").text
                == askOTP + "\n(The 6 digits the customer received; reply Resend for a new one.)")
        reply = try await chat.say("123456")
        #expect(reply.text == "Share your FirstName" && reply.step == "first_name")
        #expect(
            chat.provider.calls("validateCustomerOTP").last
                == ProviderCall(
                    "validateCustomerOTP",
                    ["agent": "SP-1", "session": "SES-1", "vehicle": "MH12AB1234", "otp": "123456"]
                ))

        // 5-7. Names and date of birth
        let nameRefusal = "Please send a name of up to 50 letters (spaces, dots, apostrophes and hyphens allowed)."
        Self.expectRefusal(try await chat.say("Asha1"), nameRefusal, "Share your FirstName", step: "first_name")
        reply = try await chat.say("Asha")
        #expect(reply.text == "Share your LastName")
        Self.expectRefusal(
            try await chat.say(String(repeating: "p", count: 51)), nameRefusal, "Share your LastName",
            step: "last_name")
        reply = try await chat.say("Patil")
        #expect(reply.text == "Share your DOB (DD-MM-YYYY)/(Date-Month-Year)" && reply.step == "dob")
        Self.expectRefusal(
            try await chat.say("31-04-1990"), "31-04-1990 is not a real date. Please send it as DD-MM-YYYY.",
            Messages.askDateOfBirth, step: "dob")
        Self.expectRefusal(
            try await chat.say("22-09-2008"),
            "The customer must be between 18 and 100 years old. Please check the date of birth.",
            Messages.askDateOfBirth, step: "dob")
        Self.expectRefusal(
            try await chat.say("1990-03-05"), "Please send the date as DD-MM-YYYY, for example 05-03-1990.",
            Messages.askDateOfBirth, step: "dob")

        // 8. ID proof type
        reply = try await chat.say("05/03/1990")
        #expect(reply.messages == [BotMessage(Self.askIDType, options: AssignFlow.idOptions)])
        #expect(try await chat.stored().data["dob"] == .string("05-03-1990"))
        Self.expectRefusal(
            try await chat.say("5"), "Please reply with one of the options (its number or its name).", Self.askIDType,
            step: "id_type")

        // 9. ID number (a Driving License also asks its expiry)
        reply = try await chat.say("driving license")
        #expect(reply.text == "Enter the Driving License number:" && reply.step == "id_number")
        Self.expectRefusal(
            try await chat.say("XX1220151234567"), "XX is not an Indian state code.",
            "Enter the Driving License number:", step: "id_number")
        reply = try await chat.say("MH12 2015 1234567")
        #expect(reply.text == "Enter the Driving License expiry date (DD-MM-YYYY):" && reply.step == "id_expiry")
        Self.expectRefusal(
            try await chat.say("21-09-2026"), "This document has expired. Please use a valid ID proof.",
            "Enter the Driving License expiry date (DD-MM-YYYY):", step: "id_expiry")
        #expect(chat.provider.calls("plans").isEmpty)

        // 10. Plan (fetched when the flow arrives)
        reply = try await chat.say("22-09-2026")
        let planOptions = [Option(id: "plan_P400", title: "400 Plan"), Option(id: "plan_P500", title: "500 Plan")]
        #expect(reply.messages == [BotMessage(Self.askPlan, options: planOptions)] && reply.step == "plan")
        #expect(chat.provider.calls("plans").count == 1)
        Self.expectRefusal(
            try await chat.say("3"), "Please reply with one of the options (its number or its name).", Self.askPlan,
            step: "plan")
        #expect(chat.provider.calls("createWallet").isEmpty)

        // 11. Wallet, then 12. documents
        reply = try await chat.say(" 500 plan ")
        #expect(
            reply.messages == [
                BotMessage("✅ Customer wallet created."),
                BotMessage("Now please send the following 5 images one by one:\n📄 RC Front"),
            ])
        #expect(
            chat.provider.calls("createWallet") == [
                ProviderCall(
                    "createWallet",
                    [
                        "agent": "SP-1", "session": "SES-1", "first": "Asha", "last": "Patil", "dob": "05-03-1990",
                        "idType": "Driving License", "idNumber": "MH1220151234567", "idExpiry": "22-09-2026",
                        "plan": "P500", "vehicle": "MH12AB1234", "mobile": "9123456789",
                    ])
            ])
        Self.expectRefusal(
            try await chat.say("here"), "Please send a photo (JPEG or PNG, up to 5 MB).", Messages.askPhoto(.rcFront),
            step: "doc_rc_front")
        Self.expectRefusal(
            try await chat.send(.image(ImageBytes.text)), "Please send a photo (JPEG or PNG, up to 5 MB).",
            Messages.askPhoto(.rcFront), step: "doc_rc_front")
        Self.expectRefusal(
            try await chat.send(.image([0xFF, 0xD8, 0xFF] + [UInt8](repeating: 0, count: ImageData.maxBytes))),
            "That photo is larger than 5 MB. Please send a photo (JPEG or PNG, up to 5 MB).",
            Messages.askPhoto(.rcFront),
            step: "doc_rc_front")
        Self.expectRefusal(
            try await chat.say("skip"), "Please send a photo (JPEG or PNG, up to 5 MB).", Messages.askPhoto(.rcFront),
            step: "doc_rc_front")
        #expect(try await chat.photo().text == "📄 RC Back")
        #expect(try await chat.send(.image(ImageBytes.png)).text == "📸 Vehicle Front")
        #expect(try await chat.photo().text == "📸 Vehicle Side")
        reply = try await chat.photo()
        #expect(
            reply.messages == [BotMessage("📸 Tag Fixed (If available)", options: [Option(id: "skip", title: "Skip")])])
        #expect(
            chat.provider.calls("uploadDocument").map { $0.arguments["kind"] } == [
                "rc_front", "rc_back", "vehicle_front", "vehicle_side",
            ])
        #expect(chat.provider.calls("uploadDocument").allSatisfy { $0.arguments["session"] == "SES-1" })

        // 13. Serial (Tag Fixed skipped)
        reply = try await chat.say("Skip")
        #expect(reply.text == Self.askSerial && reply.step == "serial")
        #expect(try await chat.stored().data["doc_tag_fixed"] == .string("skipped"))
        Self.expectRefusal(
            try await chat.say("12"), "Please send the last 4 digits of the serial number.", Self.askSerial,
            step: "serial")
        Self.expectRefusal(
            try await chat.say("9999"), "No available barcode ends with 9999. Please check the serial number.",
            Self.askSerial, step: "serial")

        // 14. Barcode
        reply = try await chat.say("6789")
        let askBarcode = "Available Barcodes:\n1. 608268-001-0016789\n2. 608268-001-0026789"
        #expect(
            reply.messages == [
                BotMessage(
                    askBarcode,
                    options: [
                        Option(id: "barcode_1", title: "608268-001-0016789"),
                        Option(id: "barcode_2", title: "608268-001-0026789"),
                    ])
            ])
        Self.expectRefusal(
            try await chat.say("608268-001-0012345"), "Please reply with one of the options (its number or its name).",
            askBarcode, step: "barcode")

        // 15-17. Maker, model, descriptor (the registry had nothing)
        reply = try await chat.say("608268 001 0026789")
        #expect(reply.text == Self.askMaker && reply.step == "vehicle_maker")
        #expect(try await chat.stored().data["barcode"] == .string("608268-001-0026789"))
        #expect(reply.options.map(\.title) == ["MARUTI", "TOYOTA", "TATA", "HYUNDAI"])
        Self.expectRefusal(
            try await chat.say("FERRARI"), "Please reply with one of the options (its number or its name).",
            Self.askMaker, step: "vehicle_maker")
        reply = try await chat.say("toyota")
        #expect(reply.text == Self.askToyotaModel && reply.step == "vehicle_model")
        #expect(
            chat.provider.calls("models") == [
                ProviderCall(
                    "models", ["agent": "SP-1", "session": "SES-1", "vehicle": "MH12AB1234", "maker": "TOYOTA"])
            ])
        reply = try await chat.say("2")
        #expect(reply.text == Self.askDescriptor && reply.step == "vehicle_descriptor")
        #expect(chat.provider.calls("setVehicleDetails").isEmpty)

        // 18. Confirmation (after set_manually_vehicle_details)
        reply = try await chat.send(.choice(id: "vehicle_descriptor_2", title: "Diesel"))
        let summary = Self.summary(
            id: "Driving License No - ***********4567", plan: "500 Plan", model: "COROLLA", descriptor: "Diesel")
        #expect(reply.messages == [BotMessage(summary, options: Messages.confirmOptions)] && reply.step == "confirm")
        #expect(
            chat.provider.calls("setVehicleDetails") == [
                ProviderCall(
                    "setVehicleDetails",
                    [
                        "agent": "SP-1", "session": "SES-1", "vehicle": "MH12AB1234", "maker": "TOYOTA",
                        "model": "COROLLA", "descriptor": "Diesel",
                    ])
            ])
        Self.expectRefusal(
            try await chat.say("maybe"), "Please reply with one of the options (its number or its name).", summary,
            step: "confirm")

        // 20-21. Activation
        chat.provider.script { $0.figures = AgentFigures(walletPaise: 75_050, fastagsLeft: 6) }
        let before = chat.sessionID
        reply = try await chat.say("yes")
        #expect(reply.sessionID != before && reply.flow == "menu" && reply.step == "menu")
        #expect(
            reply.messages == [
                BotMessage(
                    "🎉 Success! Your FASTag has been Activated ✅\n\nCustomer Name: Asha Patil\nVehicle No: MH12AB1234\n"
                        + "Barcode No: 608268-001-0026789\n\n📦 Your FASTag will be shipped shortly!\n"
                        + "Need help? Visit https://help.example\n\n💼 Wallet Balance: ₹750.50\n🏷️ FASTags Left: 6\n"
                        + "Let's continue with the next one. 🚗", options: Messages.menuOptions)
            ])
        #expect(
            chat.provider.calls("activate") == [
                ProviderCall(
                    "activate",
                    [
                        "agent": "SP-1", "session": "SES-1", "vehicle": "MH12AB1234", "barcode": "608268-001-0026789",
                        "plan": "P500", "amount": "50000",
                    ])
            ])
        #expect(await chat.store.completeCalls == 1)
        #expect(
            await chat.store.records == [
                .activation(
                    ActivationRecord(
                        agentID: 1, vehicleNumber: "MH12AB1234", engineLast5: "AB123", chassisNumber: nil,
                        maker: "TOYOTA", model: "COROLLA", descriptor: "Diesel", colour: nil, vehicleType: nil,
                        stateOfRegistration: nil, barcode: "608268-001-0026789", customerName: "Asha Patil",
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

    @Test func registryCompleteSkipsMakerModelDescriptor() async throws {
        let chat = try await EngineHarness()
        chat.provider.script { $0.registry["MH12AB1234"] = EngineFakeProvider.complete }
        try await chat.login()
        let reply = try await chat.assignToConfirmation()
        #expect(reply.text == Self.summary(maker: "TOYOTA", model: "INNOVA", descriptor: "Diesel"))
        for name in ["makers", "models", "descriptors", "setVehicleDetails"] {
            #expect(chat.provider.calls(name).isEmpty, "\(name)")
        }
        let done = try await chat.say("Yes")
        #expect(done.text.hasPrefix("🎉 Success! Your FASTag has been Activated ✅"))
        let record = try #require(await chat.store.records.first)
        guard case .activation(let activation) = record else {
            Issue.record("not an activation")
            return
        }
        #expect(activation.maker == "TOYOTA" && activation.model == "INNOVA" && activation.descriptor == "Diesel")
        #expect(activation.colour == "WHITE" && activation.vehicleType == "Motor Car")
        #expect(activation.chassisNumber == "MA3ERLF1S00123456" && activation.stateOfRegistration == "MH")
        #expect(chat.provider.calls("activate").first?.arguments["plan"] == "P400")
    }

    @Test func partialRegistryDataIsAskedInFull() async throws {
        let chat = try await EngineHarness()
        chat.provider.script { $0.registry["MH12AB1234"] = RegistryVehicle(maker: "TOYOTA", model: "INNOVA") }
        try await chat.login()
        try await chat.assignToConfirmation()
        #expect(chat.provider.calls("makers").count == 1)
        #expect(chat.provider.calls("setVehicleDetails").first?.arguments["model"] == "CAMRY")
    }

    @Test func walletRefusedGoesBackToTheIDProofType() async throws {
        let chat = try await EngineHarness()
        try await chat.login()
        for text in ["1", "MH12AB1234", "AB123", "9123456789", "123456", "Asha", "Patil", "05-03-1990", "1"] {
            try await chat.say(text)
        }
        try await chat.say("ABCPE0000F")
        chat.provider.fail("createWallet", with: .rejected("This ID proof is already linked to another mobile number."))
        let reply = try await chat.say("1")
        #expect(reply.step == "id_type" && !reply.isRefusal)
        #expect(
            reply.messages == [
                BotMessage(
                    "The customer's wallet could not be created: This ID proof is already linked to another mobile number.\nPlease check the ID proof."
                ),
                BotMessage(Self.askIDType, options: AssignFlow.idOptions),
            ])
        let session = try await chat.stored()
        #expect(session.data["id_type"] == nil && session.data["id_number"] == nil && session.data["wallet"] == nil)
        #expect(session.data["plan"] == .string("P400") && session.data["first_name"] == .string("Asha"))
        // Another ID proof: the plan is not asked again, the wallet is created.
        #expect(try await chat.say("2").text == "Enter the Passport number:")
        #expect(try await chat.say("A1234567").text == "Enter the Passport expiry date (DD-MM-YYYY):")
        let created = try await chat.say("01-01-2030")
        #expect(created.messages.map(\.text) == ["✅ Customer wallet created.", Messages.askPhoto(.rcFront)])
        #expect(chat.provider.calls("plans").count == 1)
        let calls = chat.provider.calls("createWallet")
        #expect(calls.count == 2)
        #expect(calls.last?.arguments["idType"] == "Passport" && calls.last?.arguments["idNumber"] == "A1234567")
        #expect(calls.last?.arguments["idExpiry"] == "01-01-2030")
    }

    @Test func insufficientWalletAtTheOTPKeepsTheStep() async throws {
        let chat = try await EngineHarness()
        try await chat.login()
        for text in ["1", "MH12AB1234", "AB123", "9123456789"] { try await chat.say(text) }
        let before = try await chat.stored()
        chat.provider.fail(
            "validateCustomerOTP", with: .rejected("Insufficient wallet balance. Please recharge to continue."))
        let reply = try await chat.say("123456")
        Self.expectRefusal(
            reply, "Insufficient wallet balance. Please recharge to continue.", Messages.askCustomerOTP("9123456789"),
            step: "user_otp")
        #expect(try await chat.stored() == before)
        // After a top-up the agent answers the same question again.
        #expect(try await chat.say("123456").step == "first_name")
    }

    @Test func insufficientWalletAtActivationKeepsTheConfirmation() async throws {
        let chat = try await EngineHarness()
        try await chat.login()
        let summary = try await chat.assignToConfirmation()
        let before = try await chat.stored()
        chat.provider.fail("activate", with: .rejected("Insufficient wallet balance. Please recharge to continue."))
        let reply = try await chat.say("Yes")
        Self.expectRefusal(
            reply, "Insufficient wallet balance. Please recharge to continue.", summary.text, step: "confirm")
        #expect(reply.options == Messages.confirmOptions)
        #expect(try await chat.stored() == before)
        #expect(await chat.store.completeCalls == 0)
        chat.provider.fail("activate", with: .rejected("No FASTags left. Please get more FASTags to continue."))
        #expect(try await chat.say("Yes").text.hasPrefix("No FASTags left. Please get more FASTags to continue.\n\n"))
        let done = try await chat.say("Yes")
        #expect(done.text.hasPrefix("🎉 Success!") && done.sessionID != before.id)
        #expect(chat.provider.calls("activate").count == 3)
        #expect(await chat.store.completeCalls == 1)
    }

    @Test func customerOTPResend() async throws {
        let chat = try await EngineHarness()
        try await chat.login()
        for text in ["1", "MH12AB1234", "AB123", "9123456789"] { try await chat.say(text) }
        let askOTP = Messages.askCustomerOTP("9123456789")
        chat.time.advance(seconds: 5)
        Self.expectRefusal(
            try await chat.say("resend"), "Please wait 25 seconds before asking for a new OTP.", askOTP,
            step: "user_otp")
        #expect(chat.provider.calls("sendCustomerOTP").count == 1)
        chat.time.advance(seconds: 25)
        let resent = try await chat.say("Resend")
        #expect(resent.messages.map(\.text) == ["A new OTP has been sent.", askOTP] && !resent.isRefusal)
        #expect(chat.provider.calls("sendCustomerOTP").count == 2)
        let session = try await chat.stored()
        #expect(session.providerSessionID == "SES-2" && session.state == "user_otp")
        try await chat.say("123456")
        #expect(chat.provider.calls("validateCustomerOTP").last?.arguments["session"] == "SES-2")
    }

    // MARK: - back and help

    @Test func backAtSeveralSteps() async throws {
        let chat = try await EngineHarness()
        try await chat.login()
        try await chat.say("1")
        try await chat.say("MH12AB1234")
        // engine_number → vehicle_number
        var reply = try await chat.say("back")
        #expect(reply.step == "vehicle_number" && reply.text == Messages.askVehicleNumber && !reply.isRefusal)
        #expect(try await chat.stored().data["vehicle_number"] == nil)
        try await chat.say("MH12AB1234")
        try await chat.say("AB123")
        try await chat.say("9123456789")
        // user_otp → user_mobile (past the automatic OTP call, which is asked again)
        reply = try await chat.say("Back")
        #expect(reply.step == "user_mobile" && reply.text == Messages.askCustomerMobile)
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
        #expect(reply.step == "id_type" && reply.text == Self.askIDType)
        try await chat.say("1")
        try await chat.say("ABCPE1234F")
        // plan → id_number (no expiry for a PAN)
        reply = try await chat.say("back")
        #expect(reply.step == "id_number" && reply.text == "Enter the PAN number:")
        session = try await chat.stored()
        #expect(session.data["id_number"] == nil && session.data["id_type"] == .string("PAN"))
        try await chat.say("ABCPE1234F")
        reply = try await chat.say("1")
        #expect(reply.step == "doc_rc_front")
        // Past the wallet creation: refused
        reply = try await chat.say("back")
        Self.expectRefusal(
            reply,
            "You can't go back from here: that step is already done with Shauryapay. Reply menu to start again.",
            Messages.askPhoto(.rcFront), step: "doc_rc_front")
        try await chat.photo()
        // doc_rc_back → doc_rc_front
        reply = try await chat.say("back")
        #expect(reply.step == "doc_rc_front" && reply.text == Messages.askPhoto(.rcFront))
        #expect(chat.provider.calls("createWallet").count == 1)
    }

    @Test func backAtTheFirstQuestionReturnsToTheMenu() async throws {
        let chat = try await EngineHarness()
        try await chat.login()
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
        #expect(reply.step == "barcode" && reply.text == "Available Barcodes:\n1. 608268-001-0012345")
        reply = try await known.say("1")
        #expect(reply.step == "confirm" && reply.text == Self.summary(model: "INNOVA", descriptor: "Diesel"))
        #expect(known.provider.calls("makers").isEmpty && known.provider.calls("setVehicleDetails").isEmpty)

        // Chosen by hand: back goes to the descriptor.
        let chosen = try await EngineHarness()
        try await chosen.login()
        try await chosen.assignToConfirmation()
        reply = try await chosen.say("back")
        #expect(reply.step == "vehicle_descriptor" && reply.text == Self.askDescriptor)
        reply = try await chosen.say("CNG")
        #expect(reply.step == "confirm" && reply.text == Self.summary(descriptor: "CNG"))
        #expect(chosen.provider.calls("setVehicleDetails").map { $0.arguments["descriptor"] } == ["Petrol", "CNG"])
    }

    @Test func helpAtEverySortOfStep() async throws {
        let chat = try await EngineHarness()
        try await chat.login()
        try await chat.say("1")
        var reply = try await chat.say("help")
        #expect(
            reply.text == Messages.askVehicleNumber
                + "\n(A registration number like MH12AB1234, DL1CAB1234 or 22BH1234AB.)")
        #expect(!reply.isRefusal && reply.step == "vehicle_number")
        try await chat.assignToConfirmationFromVehicle()
        reply = try await chat.say("HELP")
        #expect(reply.text == Self.summary() + "\n(Yes to activate the FASTag, No to change a detail.)")
        #expect(reply.options == Messages.confirmOptions)
    }

    // MARK: - Edit from the confirmation

    /// Opens the edit list and picks `field`.
    @discardableResult
    static func edit(_ chat: EngineHarness, _ field: String) async throws -> Reply {
        let list = try await chat.say("No")
        #expect(list.step == "edit" && list.text == "Which detail do you want to change?")
        #expect(list.options.map(\.title) == editOptions)
        return try await chat.say(field)
    }

    @Test func editVehicleNumber() async throws {
        let chat = try await EngineHarness()
        chat.provider.script { $0.registry["MH12AB1236"] = EngineFakeProvider.complete }
        try await chat.login()
        try await chat.assignToConfirmation()
        chat.provider.clearCalls()
        var reply = try await Self.edit(chat, "Vehicle no")
        #expect(reply.step == "vehicle_number" && reply.text == Messages.askVehicleNumber)
        reply = try await chat.say("MH12AB1236")
        #expect(reply.step == "user_otp" && reply.text == Messages.askCustomerOTP("9123456789"))
        #expect(
            chat.provider.calls == [
                ProviderCall("sendCustomerOTP", ["agent": "SP-1", "vehicle": "MH12AB1236", "mobile": "9123456789"])
            ])
        reply = try await chat.say("123456")
        // The new provider session gets the wallet and the stored photos again; nothing else is asked.
        #expect(
            reply.messages.map(\.text) == [
                "✅ Customer wallet created.",
                Self.summary(vehicle: "MH12AB1236", model: "INNOVA", descriptor: "Diesel"),
            ])
        #expect(reply.step == "confirm")
        #expect(chat.provider.calls("createWallet").map { $0.arguments["vehicle"] } == ["MH12AB1236"])
        let uploads = chat.provider.calls("uploadDocument")
        #expect(
            uploads.map { $0.arguments["kind"] } == [
                "rc_front", "rc_back", "vehicle_front", "vehicle_side", "tag_fixed",
            ])
        #expect(uploads.allSatisfy { $0.arguments["session"] == "SES-2" })
        #expect(chat.provider.calls("setVehicleDetails").isEmpty)
        try await chat.say("Yes")
        #expect(chat.provider.calls("activate").first?.arguments["vehicle"] == "MH12AB1236")
        #expect(chat.provider.calls("activate").first?.arguments["session"] == "SES-2")
    }

    @Test func editVehicleNumberWithoutRegistryData() async throws {
        let chat = try await EngineHarness()
        try await chat.login()
        try await chat.assignToConfirmation()
        chat.provider.clearCalls()
        _ = try await Self.edit(chat, "1")
        try await chat.say("MH12AB1237")
        // Another vehicle: its maker, model and descriptor are asked again.
        var reply = try await chat.say("123456")
        #expect(reply.messages.map(\.text) == ["✅ Customer wallet created.", Self.askMaker])
        reply = try await chat.say("MARUTI")
        reply = try await chat.say("SWIFT")
        reply = try await chat.say("Petrol")
        #expect(reply.text == Self.summary(vehicle: "MH12AB1237", maker: "MARUTI", model: "SWIFT"))
        #expect(chat.provider.calls("setVehicleDetails").map { $0.arguments["vehicle"] } == ["MH12AB1237"])
    }

    @Test func editEngineNumber() async throws {
        let chat = try await EngineHarness()
        try await chat.login()
        try await chat.assignToConfirmation()
        chat.provider.clearCalls()
        var reply = try await Self.edit(chat, "Engine no")
        #expect(reply.step == "engine_number" && reply.text == Messages.askEngineNumber)
        reply = try await chat.say("xy987")
        #expect(reply.messages == [BotMessage(Self.summary(engine: "XY987"), options: Messages.confirmOptions)])
        #expect(chat.provider.calls.isEmpty)
    }

    @Test func editPhoneNumber() async throws {
        let chat = try await EngineHarness()
        try await chat.login()
        try await chat.assignToConfirmation()
        chat.provider.clearCalls()
        var reply = try await Self.edit(chat, "Phone no")
        #expect(reply.step == "user_mobile" && reply.text == Messages.askCustomerMobile)
        reply = try await chat.say("9000000001")
        #expect(reply.text == Messages.askCustomerOTP("9000000001"))
        reply = try await chat.say("123456")
        #expect(reply.messages.map(\.text) == ["✅ Customer wallet created.", Self.summary(mobile: "9000000001")])
        #expect(chat.provider.calls("createWallet").map { $0.arguments["mobile"] } == ["9000000001"])
        #expect(chat.provider.calls("uploadDocument").count == 5)
        // The same vehicle: the choices are kept and reported in the new provider session.
        #expect(
            chat.provider.calls("setVehicleDetails").map { [$0.arguments["session"], $0.arguments["model"]] } == [
                ["SES-2", "CAMRY"]
            ])
        #expect(chat.provider.calls("makers").isEmpty)
    }

    @Test func editIDProofRecreatesTheWallet() async throws {
        let chat = try await EngineHarness()
        try await chat.login()
        try await chat.assignToConfirmation()
        chat.provider.clearCalls()
        var reply = try await Self.edit(chat, "ID proof")
        #expect(reply.step == "id_type" && reply.text == Self.askIDType)
        reply = try await chat.say("Voter Id")
        #expect(reply.text == "Enter the Voter Id number:")
        reply = try await chat.say("abc1234567")
        #expect(
            reply.messages.map(\.text) == ["✅ Customer wallet created.", Self.summary(id: "Voter Id No - ******4567")])
        #expect(chat.provider.calls.map(\.name) == ["createWallet"])
        #expect(chat.provider.calls.first?.arguments["idNumber"] == "ABC1234567")
    }

    @Test func editPlanRecreatesTheWallet() async throws {
        let chat = try await EngineHarness()
        try await chat.login()
        try await chat.assignToConfirmation()
        chat.provider.clearCalls()
        var reply = try await Self.edit(chat, "Plan")
        #expect(reply.step == "plan" && reply.text == Self.askPlan)
        reply = try await chat.say("2")
        #expect(reply.messages.map(\.text) == ["✅ Customer wallet created.", Self.summary(plan: "500 Plan")])
        #expect(chat.provider.calls.map(\.name) == ["plans", "createWallet"])
        #expect(chat.provider.calls.last?.arguments["plan"] == "P500")
    }

    @Test func editMakerAsksTheModelAgain() async throws {
        let chat = try await EngineHarness()
        chat.provider.script { $0.registry["MH12AB1234"] = EngineFakeProvider.complete }
        try await chat.login()
        try await chat.assignToConfirmation()
        chat.provider.clearCalls()
        var reply = try await Self.edit(chat, "Vehicle Maker")
        #expect(reply.step == "vehicle_maker" && reply.text == Self.askMaker)
        reply = try await chat.say("MARUTI")
        #expect(reply.step == "vehicle_model" && reply.text == "What is your Vehicle Model?\n1. SWIFT\n2. DZIRE")
        reply = try await chat.say("DZIRE")
        #expect(reply.text == Self.summary(maker: "MARUTI", model: "DZIRE", descriptor: "Diesel"))
        #expect(chat.provider.calls.map(\.name) == ["makers", "models", "setVehicleDetails"])
        #expect(chat.provider.calls.last?.arguments["descriptor"] == "Diesel")
    }

    @Test func editModel() async throws {
        let chat = try await EngineHarness()
        try await chat.login()
        try await chat.assignToConfirmation()
        chat.provider.clearCalls()
        var reply = try await Self.edit(chat, "Vehicle Model")
        #expect(reply.step == "vehicle_model" && reply.text == Self.askToyotaModel)
        reply = try await chat.say("INNOVA")
        #expect(reply.text == Self.summary(model: "INNOVA"))
        #expect(chat.provider.calls.map(\.name) == ["models", "setVehicleDetails"])
    }

    @Test func editDescriptor() async throws {
        let chat = try await EngineHarness()
        try await chat.login()
        try await chat.assignToConfirmation()
        chat.provider.clearCalls()
        var reply = try await Self.edit(chat, "Vehicle Descriptor")
        #expect(reply.step == "vehicle_descriptor" && reply.text == Self.askDescriptor)
        reply = try await chat.say("Electric")
        #expect(reply.text == Self.summary(descriptor: "Electric"))
        #expect(chat.provider.calls.map(\.name) == ["descriptors", "setVehicleDetails"])
    }

    @Test func editBarcode() async throws {
        let chat = try await EngineHarness()
        try await chat.login()
        try await chat.assignToConfirmation()
        chat.provider.clearCalls()
        var reply = try await Self.edit(chat, "Barcode")
        #expect(reply.step == "serial" && reply.text == Self.askSerial)
        reply = try await chat.say("6789")
        reply = try await chat.say("2")
        #expect(reply.step == "confirm" && reply.text == Self.summary())
        #expect(chat.provider.calls.map(\.name) == ["availableBarcodes"])
        try await chat.say("Yes")
        #expect(chat.provider.calls("activate").first?.arguments["barcode"] == "608268-001-0026789")
    }

    @Test func editListRefusalsAndHelp() async throws {
        let chat = try await EngineHarness()
        try await chat.login()
        try await chat.assignToConfirmation()
        try await chat.say("No")
        let reply = try await chat.say("Customer Name")
        #expect(reply.isRefusal && reply.step == "edit")
        #expect(reply.options.map(\.title) == Self.editOptions)
        let help = try await chat.say("help")
        #expect(
            help.text
                == "Which detail do you want to change?\n(Pick the detail to change; you will see the summary again afterwards.)"
        )
        // back at the edit list: the confirmation again, nothing cleared.
        let before = try await chat.stored().data.filter { !$0.key.hasPrefix("confirm") }
        let back = try await chat.say("back")
        #expect(
            back.step == "confirm" && back.messages == [BotMessage(Self.summary(), options: Messages.confirmOptions)])
        #expect(try await chat.stored().data == before)
        #expect(try await chat.say("Yes").text.hasPrefix("🎉 Success!"))
    }

    @Test func unreadableInputIsRefused() async throws {
        let chat = try await EngineHarness()
        try await chat.login()
        try await chat.say("1")
        let before = try await chat.stored()
        let reply = try await chat.send(.unsupported("voice"))
        Self.expectRefusal(
            reply, "Sorry, I can't read a voice message. Please reply with text, a button or a photo.",
            Messages.askVehicleNumber, step: "vehicle_number")
        #expect(try await chat.stored() == before)
    }
}

extension EngineHarness {
    /// From the vehicle number question to the confirmation, with the default answers.
    @discardableResult
    func assignToConfirmationFromVehicle() async throws -> Reply {
        var reply: Reply?
        for text in [
            "MH12AB1234", "AB123", "9123456789", "123456", "Asha", "Patil", "05-03-1990", "1", "ABCPE1234F", "1",
        ] {
            reply = try await say(text)
        }
        for _ in 0..<5 { reply = try await photo() }
        for text in ["2345", "1", "TOYOTA", "CAMRY", "Petrol"] { reply = try await say(text) }
        return try #require(reply)
    }
}
