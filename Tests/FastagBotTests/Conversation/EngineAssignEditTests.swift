import FastagTestKit
import Testing

@testable import FastagBot

/// Editing a detail from the assign flow's confirmation: the field's question again, what
/// depends on it cleared and asked or redone, then the confirmation again.
@Suite("Engine: assign flow, edits")
struct EngineAssignEditTests {
    /// Opens the edit list and picks `field`.
    @discardableResult
    static func edit(_ chat: EngineHarness, _ field: String) async throws -> Reply {
        let list = try await chat.say("No")
        #expect(list.step == "edit" && list.text == "Which detail do you want to change?")
        #expect(list.options.map(\.title) == EngineAssignTests.editOptions)
        return try await chat.say(field)
    }

    @Test func editVehicleNumber() async throws {
        let chat = try await EngineHarness.atConfirmation()
        chat.provider.script { $0.registry["MH12AB1236"] = EngineFakeProvider.complete }
        var reply = try await Self.edit(chat, "Vehicle no")
        #expect(reply.step == "vehicle_number" && reply.text == Copy.askVehicleNumber)
        reply = try await chat.say("MH12AB1236")
        #expect(reply.step == "user_otp" && reply.text == Copy.askCustomerOTP("9123456789"))
        #expect(
            chat.provider.calls == [
                ProviderCall("sendCustomerOTP", ["agent": "SP-1", "vehicle": "MH12AB1236", "mobile": "9123456789"])
            ])
        reply = try await chat.say("123456")
        // The new provider session gets the wallet and the stored photos again; nothing else is asked.
        #expect(
            reply.messages.map(\.text) == [
                Copy.walletCreated,
                EngineAssignTests.summary(vehicle: "MH12AB1236", model: "INNOVA", descriptor: "Diesel"),
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
        let chat = try await EngineHarness.atConfirmation()
        _ = try await Self.edit(chat, "1")
        try await chat.say("MH12AB1237")
        // Another vehicle: its maker, model and descriptor are asked again.
        var reply = try await chat.say("123456")
        #expect(reply.messages.map(\.text) == [Copy.walletCreated, EngineAssignTests.askMaker])
        reply = try await chat.say("MARUTI")
        reply = try await chat.say("SWIFT")
        reply = try await chat.say("Petrol")
        #expect(reply.text == EngineAssignTests.summary(vehicle: "MH12AB1237", maker: "MARUTI", model: "SWIFT"))
        #expect(chat.provider.calls("setVehicleDetails").map { $0.arguments["vehicle"] } == ["MH12AB1237"])
    }

    @Test func editEngineNumber() async throws {
        let chat = try await EngineHarness.atConfirmation()
        var reply = try await Self.edit(chat, "Engine no")
        #expect(reply.step == "engine_number" && reply.text == Copy.askEngineNumber)
        reply = try await chat.say("xy987")
        #expect(
            reply.messages == [BotMessage(EngineAssignTests.summary(engine: "XY987"), options: Copy.confirmOptions)])
        #expect(chat.provider.calls.isEmpty)
    }

    @Test func editPhoneNumber() async throws {
        let chat = try await Self.expectEdit(
            "Phone no", asks: "user_mobile", Copy.askCustomerMobile,
            then: [
                "9000000001": [Copy.askCustomerOTP("9000000001")],
                "123456": [Copy.walletCreated, EngineAssignTests.summary(mobile: "9000000001")],
            ])
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
        let withVoterID = EngineAssignTests.summary(id: "Voter Id No - ******4567")
        let chat = try await Self.expectEdit(
            "ID proof", asks: "id_type", EngineAssignTests.askIDType,
            then: ["Voter Id": [Copy.askIDNumber("Voter Id")], "abc1234567": [Copy.walletCreated, withVoterID]])
        #expect(chat.provider.calls.map(\.name) == ["createWallet"])
        #expect(chat.provider.calls.first?.arguments["idNumber"] == "ABC1234567")
    }

    @Test func editPlanRecreatesTheWallet() async throws {
        let chat = try await Self.expectEdit(
            "Plan", asks: "plan", EngineAssignTests.askPlan,
            then: ["2": [Copy.walletCreated, EngineAssignTests.summary(plan: "500 Plan")]])
        #expect(chat.provider.calls.map(\.name) == ["plans", "createWallet"])
        #expect(chat.provider.calls.last?.arguments["plan"] == "P500")
    }

    @Test func editMakerAsksTheModelAgain() async throws {
        let chat = try await EngineHarness.atConfirmation(registry: EngineFakeProvider.complete)
        var reply = try await Self.edit(chat, "Vehicle Maker")
        #expect(reply.step == "vehicle_maker" && reply.text == EngineAssignTests.askMaker)
        reply = try await chat.say("MARUTI")
        #expect(reply.step == "vehicle_model" && reply.text == Copy.askModel(["SWIFT", "DZIRE"]))
        reply = try await chat.say("DZIRE")
        #expect(reply.text == EngineAssignTests.summary(maker: "MARUTI", model: "DZIRE", descriptor: "Diesel"))
        #expect(chat.provider.calls.map(\.name) == ["makers", "models", "setVehicleDetails"])
        #expect(chat.provider.calls.last?.arguments["descriptor"] == "Diesel")
    }

    /// Edits `field` from the confirmation of a fresh chat: its question is `question` at
    /// `step`; then each answer of `dialog` must get these texts back. Returns the chat, whose
    /// provider has seen the calls of the edit only.
    @discardableResult
    static func expectEdit(
        _ field: String, asks step: String, _ question: String, then dialog: KeyValuePairs<String, [String]>,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> EngineHarness {
        let chat = try await EngineHarness.atConfirmation()
        let asked = try await Self.edit(chat, field)
        #expect(asked.step == step && asked.text == question, "\(asked.text)", sourceLocation: sourceLocation)
        for (answer, texts) in dialog {
            let reply = try await chat.say(answer)
            #expect(reply.messages.map(\.text) == texts, "\(answer)", sourceLocation: sourceLocation)
        }
        return chat
    }

    @Test func editModel() async throws {
        let chat = try await Self.expectEdit(
            "Vehicle Model", asks: "vehicle_model", EngineAssignTests.askToyotaModel,
            then: ["INNOVA": [EngineAssignTests.summary(model: "INNOVA")]])
        #expect(chat.provider.calls.map(\.name) == ["models", "setVehicleDetails"])
    }

    @Test func editDescriptor() async throws {
        let chat = try await Self.expectEdit(
            "Vehicle Descriptor", asks: "vehicle_descriptor", EngineAssignTests.askDescriptor,
            then: ["Electric": [EngineAssignTests.summary(descriptor: "Electric")]])
        #expect(chat.provider.calls.map(\.name) == ["descriptors", "setVehicleDetails"])
    }

    @Test func editBarcode() async throws {
        let chat = try await EngineHarness.atConfirmation()
        var reply = try await Self.edit(chat, "Barcode")
        #expect(reply.step == "serial" && reply.text == EngineAssignTests.askSerial)
        reply = try await chat.say("6789")
        reply = try await chat.say("2")
        #expect(reply.step == "confirm" && reply.text == EngineAssignTests.summary())
        #expect(chat.provider.calls.map(\.name) == ["availableBarcodes"])
        try await chat.say("Yes")
        #expect(chat.provider.calls("activate").first?.arguments["barcode"] == "608268-001-0026789")
    }

    @Test func editListRefusalsAndHelp() async throws {
        let chat = try await EngineHarness.loggedIn()
        try await chat.assignToConfirmation()
        try await chat.say("No")
        let reply = try await chat.say("Customer Name")
        #expect(reply.isRefusal && reply.step == "edit")
        #expect(reply.options.map(\.title) == EngineAssignTests.editOptions)
        let help = try await chat.say("help")
        #expect(
            help.text
                == "Which detail do you want to change?\n(Pick the detail to change; you will see the summary again afterwards.)"
        )
        // back at the edit list: the confirmation again, nothing cleared.
        let before = try await chat.stored().data.filter { !$0.key.hasPrefix("confirm") }
        let back = try await chat.say("back")
        #expect(
            back.step == "confirm"
                && back.messages == [BotMessage(EngineAssignTests.summary(), options: Copy.confirmOptions)])
        #expect(try await chat.stored().data == before)
        #expect(try await chat.say("Yes").text.hasPrefix("🎉 Success!"))
    }
}
