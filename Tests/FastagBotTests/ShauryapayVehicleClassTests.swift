import FastagTestKit
import Foundation
import TestKit
import Testing

@testable import FastagBot

/// What the live client reads and sends of the vehicle class, against the fake Shauryapay:
/// the registry's class fields, the class list, each barcode's class, and the activation's
/// class, which the fake holds to the tag's and the vehicle's.
@Suite struct ShauryapayVehicleClassTests {
    static let agent = ShauryapayClientTests.agent

    @Test(arguments: [
        (FakeShauryapay.goodsCarrier, "5", "LGV", "Goods Carrier"), (FakeShauryapay.bus, "6", "HPV", "Bus"),
        ("MH12AB1234", "4", "LMV", "Motor Car"),
    ])
    func theRegistrysClassIsRead(_ vehicle: String, _ id: String, _ type: String, _ vehicleType: String) async throws {
        try await ShauryapayClientTests.withClient { _, client in
            let session = try await client.sendCustomerOTP(Self.agent, vehicleNumber: vehicle, mobile: "9123456780")
            let registry = try await client.validateCustomerOTP(
                Self.agent, session: session, vehicleNumber: vehicle, otp: FakeShauryapay.customerOTP)
            #expect(registry.tagClassID == id && registry.npciClassID == id)
            #expect(registry.classType == type && registry.vehicleType == vehicleType)
        }
    }

    @Test func aRegistryWithoutAClassSaysNothing() async throws {
        try await ShauryapayClientTests.withClient { _, client in
            let vehicle = FakeShauryapay.classless
            let session = try await client.sendCustomerOTP(Self.agent, vehicleNumber: vehicle, mobile: "9123456780")
            let registry = try await client.validateCustomerOTP(
                Self.agent, session: session, vehicleNumber: vehicle, otp: FakeShauryapay.customerOTP)
            #expect(registry.tagClassID == nil && registry.npciClassID == nil && registry.classType == nil)
            #expect(VehicleClass.usableID(registry.tagClassID) == nil)
        }
    }

    @Test func classListAndBarcodeClasses() async throws {
        try await ShauryapayClientTests.withClient { fake, client in
            #expect(
                try await client.vehicleClasses()
                    == FakeShauryapay.vehicleClasses.map { VehicleClass(id: $0.id, name: $0.name) })
            let list = try #require(fake.requests("get_vehicle_class_api").first)
            #expect(list.method == "GET" && list.body == nil)
            fake.barcodes += [FakeShauryapay.goodsBarcode, FakeShauryapay.busBarcode]
            let tags = try await client.availableBarcodes(Self.agent)
            #expect(tags.suffix(2).map(\.vehicleClass) == ["5", "6"])
            #expect(tags.prefix(4).allSatisfy { $0.vehicleClass == "4" })
        }
    }

    @Test func usableClassIDs() {
        for (text, id) in [("4", "4"), (" 6 ", "6"), ("05", "5"), ("12", "12")] as [(String, String)] {
            #expect(VehicleClass.usableID(text) == id, "\(text)")
        }
        for text in [nil, "", "0", "NA", "100", "-4", "4.5"] as [String?] {
            #expect(VehicleClass.usableID(text) == nil, "\(text ?? "nil")")
        }
    }

    /// The fake's check, shown once: a car's tag sent as a bus's is a broken request.
    @Test func theFakeRefusesAnActivationOfTheWrongClass() async throws {
        let fake = try FakeShauryapay()
        let client = ShauryapayClient(configuration: .init(baseURL: fake.baseURL), client: HTTPClient())
        try await tryFinally {
            let session = try await ShauryapayClientTests.validated(client, vehicle: FakeShauryapay.bus)
            try await client.createWallet(
                Self.agent, session: session,
                customer: ShauryapayClientTests.customer(.pan, "ABCPE1234F", vehicle: FakeShauryapay.bus))
            let image = try ImageData(ShauryapayClientTests.jpeg)
            for kind in Document.Kind.allCases.dropLast() {
                try await client.uploadDocument(Self.agent, session: session, kind: kind, image: image)
            }
            let bus = ClassSent(tagClassID: "6", npciClassID: "6", type: "HPV", vehicleType: "Bus")
            await #expect(throws: ProviderError.self) {
                try await client.activate(
                    Self.agent, session: session,
                    activation: ProviderActivation(
                        vehicleNumber: FakeShauryapay.bus, barcode: FakeShauryapay.initialBarcodes[0],
                        chassisNumber: nil, planID: "32", planAmountPaise: nil, vehicleClass: bus))
            }
            #expect(
                fake.problems == [
                    "update_vehicle_details: tagVehicleClassID '6' for \(FakeShauryapay.initialBarcodes[0]), a tag of class 4"
                ])
            #expect(fake.activations.isEmpty)
        } finally: {
            await fake.stop()
        }
    }
}
