import FastagTestKit
import Testing

@testable import FastagBot

/// The vehicle class in the assign flow: taken from the registry (or asked when it gave
/// none), the barcodes offered only of that class, shown at the confirmation, sent on
/// activation and kept with the vehicle and the tag.
@Suite("Engine: the vehicle class")
struct EngineVehicleClassTests {
    /// One vehicle: what the registry says of its class, what the agent picks when asked, and
    /// the class the flow must then use.
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let tagClassID: String?
        let npciClassID: String?
        let classType: String?
        let vehicleType: String?
        /// The class's title picked from the list, when the class is asked.
        let picked: String?
        let expected: String
        let label: String
        /// `type` and `vehicleType` sent with the class.
        let sentType: String
        let sentVehicleType: String
        /// The barcodes ending in 6789 offered for that class.
        let offered: [String]

        var testDescription: String { name }

        var registry: RegistryVehicle {
            var vehicle = EngineFakeProvider.complete
            vehicle.tagClassID = tagClassID
            vehicle.npciClassID = npciClassID
            vehicle.classType = classType
            vehicle.vehicleType = vehicleType
            return vehicle
        }
    }

    static let carTags = ["608268-001-0016789", "608268-001-0026789"]
    static let goodsTag = "608268-005-0036789"
    static let busTags = ["608268-006-0046789", "608268-006-0056789"]

    static let cases = [
        Case(
            name: "car", tagClassID: "4", npciClassID: "4", classType: "LMV", vehicleType: "Motor Car", picked: nil,
            expected: "4", label: "4 (Car / Jeep / Van)", sentType: "LMV", sentVehicleType: "Motor Car",
            offered: carTags),
        Case(
            name: "goods carrier", tagClassID: "5", npciClassID: "5", classType: "LGV", vehicleType: "Goods Carrier",
            picked: nil, expected: "5", label: "5 (Light Commercial Vehicle)", sentType: "LGV",
            sentVehicleType: "Goods Carrier", offered: [goodsTag]),
        Case(
            name: "bus", tagClassID: "6", npciClassID: "6", classType: "HPV", vehicleType: "Bus", picked: nil,
            expected: "6", label: "6 (Bus (2 axles))", sentType: "HPV", sentVehicleType: "Bus", offered: busTags),
        Case(
            name: "missing, asked", tagClassID: nil, npciClassID: nil, classType: nil, vehicleType: nil,
            picked: "Bus (2 axles)", expected: "6", label: "6 (Bus (2 axles))", sentType: "HPV",
            sentVehicleType: "Bus", offered: busTags),
        Case(
            name: "unusable (NA), asked", tagClassID: "NA", npciClassID: "", classType: "", vehicleType: nil,
            picked: "Light Commercial Vehicle", expected: "5", label: "5 (Light Commercial Vehicle)", sentType: "LGV",
            sentVehicleType: "Goods Carrier", offered: [goodsTag]),
        Case(
            name: "zero, asked", tagClassID: "0", npciClassID: "0", classType: "LMV", vehicleType: "Motor Car",
            picked: "Car / Jeep / Van", expected: "4", label: "4 (Car / Jeep / Van)", sentType: "LMV",
            sentVehicleType: "Motor Car", offered: carTags),
    ]

    /// A logged-in chat whose provider has tags of three classes and says `registry` of the
    /// script's vehicle.
    static func chat(registry: RegistryVehicle) async throws -> EngineHarness {
        let chat = try await EngineHarness()
        chat.provider.script {
            $0.registry[EngineHarness.script.vehicle] = registry
            $0.barcodes += [goodsTag] + busTags
            $0.barcodeClasses = [goodsTag: "5", busTags[0]: "6", busTags[1]: "6"]
        }
        try await chat.login()
        return chat
    }

    @Test(arguments: cases) func theClassDecidesTagsSummaryActivationAndBooks(_ vehicle: Case) async throws {
        let chat = try await Self.chat(registry: vehicle.registry)
        try await chat.assign(until: "user_otp")
        var reply = try await chat.say(EngineFakeProvider.customerOTP)
        if let picked = vehicle.picked {
            let names = Copy.sandboxClasses.map(\.name)
            #expect(reply.step == "vehicle_class")
            #expect(
                reply.messages == [
                    BotMessage(Copy.askVehicleClass(names), options: Copy.classOptions(Copy.sandboxClasses))
                ])
            try await chat.refuses("9", Copy.pickAnOption, then: Copy.askVehicleClass(names), at: "vehicle_class")
            reply = try await chat.say(picked.lowercased())
        }
        #expect(reply.step == "first_name" && reply.text == Copy.askFirstName)
        #expect(chat.provider.calls("vehicleClasses").count == (vehicle.picked == nil ? 0 : 1))

        try await chat.assign(until: "serial")
        reply = try await chat.say("6789")
        #expect(reply.step == "barcode" && reply.text == Copy.askBarcode(vehicle.offered))
        reply = try await chat.say("1")
        #expect(reply.step == "confirm")
        #expect(
            reply.text
                == Copy.summary(
                    vehicle: "MH12AB1234", mobile: "9123456789", engine: "AB123", idLabel: "PAN No",
                    idMasked: "******234F", plan: "400 Plan", maker: "TOYOTA", model: "INNOVA", descriptor: "Diesel",
                    vehicleClass: vehicle.label))
        // The registry gave the model: the class is reported by hand only when it was asked.
        let manual = chat.provider.calls("setVehicleDetails")
        if vehicle.picked == nil {
            #expect(manual.isEmpty)
        } else {
            #expect(manual.count == 1)
            #expect(manual.first?.arguments["class"] == vehicle.expected)
            #expect(manual.first?.arguments["type"] == vehicle.sentType)
            #expect(manual.first?.arguments["vehicleType"] == vehicle.sentVehicleType)
        }

        try await chat.say("Yes")
        let activation = try #require(chat.provider.calls("activate").first)
        #expect(activation.arguments["barcode"] == vehicle.offered[0])
        #expect(activation.arguments["class"] == vehicle.expected)
        #expect(activation.arguments["npci"] == vehicle.expected)
        guard case .activation(let record)? = await chat.store.records.first else {
            Issue.record("no activation recorded")
            return
        }
        #expect(record.vehicleClass == vehicle.expected && record.barcode == vehicle.offered[0])
    }

    @Test func noTagOfTheClassIsSaidPlainly() async throws {
        var truck = EngineFakeProvider.complete
        truck.tagClassID = "7"
        let chat = try await Self.chat(registry: truck)
        try await chat.assign(until: "serial")
        try await chat.refuses(
            "6789", Copy.noTagOfClass("7 (Truck (2 axles))"), then: Copy.askSerial, at: "serial")
    }

    @Test func aTagOfAnotherClassIsNotOffered() async throws {
        var goods = EngineFakeProvider.complete
        goods.tagClassID = "5"
        let chat = try await Self.chat(registry: goods)
        try await chat.assign(until: "serial")
        try await chat.refuses(
            "2345",
            Copy.barcodeOfOtherClass(
                "608268-001-0012345", tagClass: "4 (Car / Jeep / Van)", wanted: "5 (Light Commercial Vehicle)"),
            then: Copy.askSerial, at: "serial")
        // A tag whose class the provider did not say is not offered either.
        chat.provider.script { $0.barcodeClasses[Self.goodsTag] = .some(nil) }
        try await chat.refuses(
            "6789", Copy.noTagOfClass("5 (Light Commercial Vehicle)"), then: Copy.askSerial, at: "serial")
    }

    @Test func anAskedClassCanBeEditedAndTheTagIsChosenAgain() async throws {
        var classless = EngineFakeProvider.complete
        classless.tagClassID = nil
        let chat = try await Self.chat(registry: classless)
        try await chat.assign(until: "user_otp")
        try await chat.say(EngineFakeProvider.customerOTP)
        try await chat.say("Car / Jeep / Van")
        try await chat.assign(until: "serial")
        try await chat.say("6789")
        try await chat.say("2")
        try await chat.say("No")
        let list = try await chat.say("Vehicle Class")
        #expect(list.step == "vehicle_class")
        let reply = try await chat.say("3")
        // Another class: the car's tag no longer fits, so the serial is asked again.
        #expect(reply.step == "serial" && reply.text == Copy.askSerial)
        #expect(try await chat.say("6789").text == Copy.askBarcode(Self.busTags))
    }
}
