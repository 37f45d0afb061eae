import FastagTestKit
import Testing

@testable import FastagBot

/// The assign flow when the registry knows the vehicle, the wallet is refused or short, and
/// the customer asks for a new OTP.
@Suite("Engine: assign flow outcomes")
struct EngineAssignOutcomeTests {
    @Test func registryCompleteSkipsMakerModelDescriptor() async throws {
        let chat = try await EngineHarness()
        chat.provider.script { $0.registry["MH12AB1234"] = EngineFakeProvider.complete }
        try await chat.login()
        let reply = try await chat.assignToConfirmation()
        #expect(reply.text == EngineAssignTests.summary(maker: "TOYOTA", model: "INNOVA", descriptor: "Diesel"))
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
        chat.provider.script {
            $0.registry["MH12AB1234"] = RegistryVehicle(maker: "TOYOTA", model: "INNOVA", tagClassID: "4")
        }
        try await chat.login()
        try await chat.assignToConfirmation()
        #expect(chat.provider.calls("makers").count == 1)
        #expect(chat.provider.calls("setVehicleDetails").first?.arguments["model"] == "CAMRY")
    }

    @Test func walletRefusedGoesBackToTheIDProofType() async throws {
        let chat = try await EngineHarness.loggedIn()
        try await chat.assign(until: "id_number")
        try await chat.say("ABCPE0000F")
        chat.provider.fail("createWallet", with: .rejected("This ID proof is already linked to another mobile number."))
        let reply = try await chat.say("1")
        #expect(reply.step == "id_type" && !reply.isRefusal)
        #expect(
            reply.messages == [
                BotMessage(
                    "The customer's wallet could not be created: This ID proof is already linked to another mobile number.\nPlease check the ID proof."
                ),
                BotMessage(EngineAssignTests.askIDType, options: Copy.idOptions),
            ])
        let session = try await chat.stored()
        #expect(session.data["id_type"] == nil && session.data["id_number"] == nil && session.data["wallet"] == nil)
        #expect(session.data["plan"] == .string("P400") && session.data["first_name"] == .string("Asha"))
        // Another ID proof: the plan is not asked again, the wallet is created.
        #expect(try await chat.say("2").text == Copy.askIDNumber("Passport"))
        #expect(try await chat.say("A1234567").text == Copy.askIDExpiry("Passport"))
        let created = try await chat.say("01-01-2030")
        #expect(created.messages.map(\.text) == [Copy.walletCreated, Copy.askRCFront])
        #expect(chat.provider.calls("plans").count == 1)
        let calls = chat.provider.calls("createWallet")
        #expect(calls.count == 2)
        #expect(calls.last?.arguments["idType"] == "Passport" && calls.last?.arguments["idNumber"] == "A1234567")
        #expect(calls.last?.arguments["idExpiry"] == "01-01-2030")
    }

    @Test func insufficientWalletAtTheOTPKeepsTheStep() async throws {
        let chat = try await EngineHarness.loggedIn()
        try await chat.assign(until: "user_otp")
        let before = try await chat.stored()
        chat.provider.fail(
            "validateCustomerOTP", with: .rejected("Insufficient wallet balance. Please recharge to continue."))
        let reply = try await chat.say("123456")
        EngineAssignTests.expectRefusal(
            reply, "Insufficient wallet balance. Please recharge to continue.", Copy.askCustomerOTP("9123456789"),
            step: "user_otp")
        #expect(try await chat.stored() == before)
        // After a top-up the agent answers the same question again.
        #expect(try await chat.say("123456").step == "first_name")
    }

    @Test func insufficientWalletAtActivationKeepsTheConfirmation() async throws {
        let chat = try await EngineHarness.loggedIn()
        let summary = try await chat.assignToConfirmation()
        let before = try await chat.stored()
        chat.provider.fail("activate", with: .rejected("Insufficient wallet balance. Please recharge to continue."))
        let reply = try await chat.say("Yes")
        EngineAssignTests.expectRefusal(
            reply, "Insufficient wallet balance. Please recharge to continue.", summary.text, step: "confirm")
        #expect(reply.options == Copy.confirmOptions)
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
        let chat = try await EngineHarness.loggedIn()
        try await chat.assign(until: "user_otp")
        let askOTP = Copy.askCustomerOTP("9123456789")
        chat.time.advance(seconds: 5)
        try await chat.refuses(
            "resend", "Please wait 25 seconds before asking for a new OTP.", then: askOTP, at: "user_otp")
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
}
