import FastagTestKit
import Foundation
import Glibc
import TestKit
import Testing

@testable import FastagBot

/// `ShauryapayClient` against the fake Shauryapay on loopback: the shape of every call and
/// what it reads from the answers. How failures map to errors is in `ShauryapayFailureTests`.
@Suite struct ShauryapayClientTests {
    static let agent = ProviderAgent(localID: 1, providerID: FakeShauryapay.agentID, mobile: "9876543210")
    static let car = ClassSent(tagClassID: "4", npciClassID: "4", type: "LMV", vehicleType: "Motor Car")

    /// Runs `body` with a fresh fake and a client of it (deadline `timeout`).
    static func withClient(
        timeout: Duration = .seconds(10), _ body: (FakeShauryapay, ShauryapayClient) async throws -> Void
    ) async throws {
        let fake = try FakeShauryapay()
        let client = ShauryapayClient(
            configuration: .init(baseURL: fake.baseURL, timeout: timeout), client: HTTPClient())
        try await tryFinally {
            try await body(fake, client)
            #expect(fake.problems.isEmpty, "contract problems: \(fake.problems)")
        } finally: {
            await fake.stop()
        }
    }

    /// An issuance through the customer OTP, as the flow does it.
    static func validated(_ client: ShauryapayClient, vehicle: String = "MH12AB1235") async throws -> ProviderSession {
        let session = try await client.sendCustomerOTP(Self.agent, vehicleNumber: vehicle, mobile: "9123456780")
        _ = try await client.validateCustomerOTP(
            Self.agent, session: session, vehicleNumber: vehicle, otp: FakeShauryapay.customerOTP)
        return session
    }

    static func customer(
        _ type: IDProofType, _ number: String, expiry: CalendarDate? = nil, vehicle: String = "MH12AB1235"
    ) -> CustomerDetails {
        CustomerDetails(
            firstName: "Asha", lastName: "Patil", dateOfBirth: CalendarDate(year: 1990, month: 3, day: 5)!,
            idType: type, idNumber: number, idExpiry: expiry, planID: "32", vehicleNumber: vehicle,
            mobile: "9123456780")
    }

    static let jpeg = ImageFixtures.jpeg(bytes: 150_000, seed: 1)

    @Test func customerOTPCarriesRequestAndSessionIDs() async throws {
        try await Self.withClient { fake, client in
            let first = try await client.sendCustomerOTP(Self.agent, vehicleNumber: "MH12AB1234", mobile: "9123456780")
            let generate = try #require(fake.requests("generate_otp_by_vehicle").first)
            #expect(generate.method == "POST")
            #expect(generate.path == "/testing/generate_otp_by_vehicle")
            #expect(generate.contentType == "application/json")
            #expect(
                generate.body
                    == [
                        "vehicle_number": "MH12AB1234", "agent_id": .string(FakeShauryapay.agentID),
                        "mobile_number": "9123456780", "isChassis": "0", "chassisNo": "",
                    ])
            #expect(first.requestID.hasPrefix("REQ") && first.sessionID.hasPrefix("SES"))

            // A resend replaces both ids; validation carries the new ones.
            let second = try await client.sendCustomerOTP(
                Self.agent, vehicleNumber: "MH12AB1234", mobile: "9123456780")
            #expect(second != first)
            let registry = try await client.validateCustomerOTP(
                Self.agent, session: second, vehicleNumber: "MH12AB1234", otp: FakeShauryapay.customerOTP)
            let validate = try #require(fake.requests("validate_otp_bajaj").first)
            #expect(
                validate.body
                    == [
                        "otp": .string(FakeShauryapay.customerOTP), "requestId": .string(second.requestID),
                        "sessionId": .string(second.sessionID), "agent_id": .string(FakeShauryapay.agentID),
                        "vehicle_number": "MH12AB1234",
                    ])
            // An even last digit: the registry knows the vehicle.
            #expect(registry.maker == "TOYOTA" && registry.model == "INNOVA" && registry.descriptor == "Diesel")
            #expect(registry.colour == "WHITE" && registry.stateOfRegistration == "MH")
            #expect(registry.chassisNumber == "MA3EWDE1S00123456")
            #expect(registry.isComplete)
        }
    }

    @Test func unknownVehicleComesBackIncomplete() async throws {
        try await Self.withClient { fake, client in
            let session = try await client.sendCustomerOTP(
                Self.agent, vehicleNumber: "KA05M1237", mobile: "9123456780")
            let registry = try await client.validateCustomerOTP(
                Self.agent, session: session, vehicleNumber: "KA05M1237", otp: FakeShauryapay.customerOTP)
            #expect(!registry.isComplete)
            #expect(registry.maker == nil && registry.model == nil && registry.descriptor == nil)
            #expect(registry.chassisNumber == nil && registry.colour == "WHITE")
        }
    }

    @Test func wrongCustomerOTPIsRejectedWithTheProvidersMessage() async throws {
        try await Self.withClient { fake, client in
            let session = try await client.sendCustomerOTP(
                Self.agent, vehicleNumber: "MH12AB1234", mobile: "9123456780")
            await #expect(throws: ProviderError.rejected("Invalid OTP")) {
                try await client.validateCustomerOTP(
                    Self.agent, session: session, vehicleNumber: "MH12AB1234", otp: "000000")
            }
        }
    }

    @Test(arguments: [
        (IDProofType.pan, "ABCPE1234F", nil, "1", ""),
        (.drivingLicense, "MH1220151234567", CalendarDate(year: 2031, month: 1, day: 9), "2", "9/1/2031"),
        (.voterID, "ABC1234567", nil, "3", ""),
        (.passport, "K1234567", CalendarDate(year: 2030, month: 12, day: 31), "4", "31/12/2030"),
    ])
    func customerDetailsUseTheAppsCodesAndDates(
        type: IDProofType, number: String, expiry: CalendarDate?, docType: String, expiryText: String
    ) async throws {
        try await Self.withClient { fake, client in
            let session = try await Self.validated(client)
            try await client.createWallet(
                Self.agent, session: session, customer: Self.customer(type, number, expiry: expiry))
            let request = try #require(fake.requests("update_customer_details").first)
            #expect(
                request.body
                    == [
                        "name": "Asha", "lastName": "Patil", "dob": "5/3/1990", "docType": .string(docType),
                        "docNo": .string(number), "expiryDate": .string(expiryText), "plan_id": "32",
                        "vehicle_number": "MH12AB1235", "sessionId": .string(session.sessionID),
                        "agent_id": .string(FakeShauryapay.agentID),
                    ])
        }
    }

    @Test func walletRefusalKeepsTheProvidersReason() async throws {
        try await Self.withClient { fake, client in
            let session = try await Self.validated(client)
            await #expect(throws: ProviderError.rejected("This ID proof is already linked with another mobile number."))
            {
                try await client.createWallet(Self.agent, session: session, customer: Self.customer(.pan, "ABCPE0000F"))
            }
        }
    }

    @Test func documentsUploadAsPlainBase64WithTheAppsImageTypes() async throws {
        try await Self.withClient { fake, client in
            let session = try await Self.validated(client)
            try await client.createWallet(Self.agent, session: session, customer: Self.customer(.pan, "ABCPE1234F"))
            let image = try ImageData(Self.jpeg)
            for kind in Document.Kind.allCases {
                try await client.uploadDocument(Self.agent, session: session, kind: kind, image: image)
            }
            let uploads = fake.requests("uploadDocument")
            #expect(uploads.map { $0["imageType"] } == FakeShauryapay.imageTypes)
            for upload in uploads {
                #expect(upload.keys == ["agent_id", "sessionId", "imageType", "image"])
                #expect(upload["sessionId"] == session.sessionID)
                #expect(upload["image"].flatMap { Data(base64Encoded: $0) }.map(Array.init) == Self.jpeg)
            }
        }
    }

    /// A PNG (as an agent's document photo may be kept) reaches Shauryapay as a JPEG within
    /// 200 KB, the picture itself: decoded, its colours are the PNG's.
    @Test func aPNGIsUploadedAsAJPEGWithinTheLimit() async throws {
        let png = try await offTheTaskThreads {
            PNGFixtures.png(width: 1200, height: 900, type: .rgba, depth: 8) { x, y in
                x < 600 ? [30, 90, 200, 255] : [((x * 7) ^ (y * 13)) & 0xFF, (x + y) & 0xFF, (x * y) & 0xFF, 255]
            }
        }
        try await Self.withClient { fake, client in
            let session = try await Self.validated(client)
            try await client.createWallet(Self.agent, session: session, customer: Self.customer(.pan, "ABCPE1234F"))
            try await client.uploadDocument(Self.agent, session: session, kind: .rcFront, image: try ImageData(png))
            let upload = try #require(fake.requests("uploadDocument").first)
            let sent = try #require(upload["image"].flatMap { Data(base64Encoded: $0) }.map(Array.init))
            #expect(sent.starts(with: [0xFF, 0xD8, 0xFF]))
            #expect(sent.count <= UploadPhoto.maxBytes, "\(sent.count) bytes")
            let decoded = try #require(UploadPhoto.pixels(sent))
            #expect(decoded.width * 900 == decoded.height * 1200, "the picture's proportions")
            let offset = (decoded.height / 2 * decoded.width + decoded.width / 8) * 3
            let left = decoded.rgb[offset..<(offset + 3)].map(Int.init)
            #expect(zip(left, [30, 90, 200]).allSatisfy { abs($0 - $1) <= 10 }, "\(left)")
        }
    }

    @Test func listsAndFigures() async throws {
        try await Self.withClient { fake, client in
            let plans = try await client.plans(Self.agent)
            #expect(
                plans == [
                    Plan(id: "31", name: "400 Plan", amountPaise: nil),
                    Plan(id: "32", name: "500 Plan", amountPaise: nil),
                ])
            #expect(
                try await client.availableBarcodes(Self.agent)
                    == FakeShauryapay.initialBarcodes.map { AvailableTag(barcode: $0, vehicleClass: "4") })
            let session = try await Self.validated(client, vehicle: "KA05M1237")
            #expect(
                try await client.makers(Self.agent, session: session, vehicleNumber: "KA05M1237")
                    == FakeShauryapay.makers)
            #expect(
                try await client.models(Self.agent, session: session, vehicleNumber: "KA05M1237", maker: "HYUNDAI")
                    == ["I20", "VENUE", "CRETA"])
            #expect(try await client.descriptors() == FakeShauryapay.descriptors)
            fake.walletPaise = 123_450
            #expect(try await client.figures(Self.agent) == AgentFigures(walletPaise: 123_450, fastagsLeft: 4))

            #expect(fake.requests("get_agent_plan").first?.body == ["agent_id": .string(FakeShauryapay.agentID)])
            #expect(
                fake.requests("vehicleMakerList").first?.body
                    == [
                        "sessionId": .string(session.sessionID), "agent_id": .string(FakeShauryapay.agentID),
                        "vehicle_number": "KA05M1237",
                    ])
            #expect(
                fake.requests("vehicleModelList").first?.body
                    == [
                        "sessionId": .string(session.sessionID), "vehicleMake": "HYUNDAI",
                        "agent_id": .string(FakeShauryapay.agentID), "vehicle_number": "KA05M1237",
                    ])
            let descriptor = try #require(fake.requests("get_vehicleDescriptor").first)
            #expect(descriptor.method == "GET" && descriptor.body == nil)
            #expect(
                fake.requests("wallet_total_amount_api").first?.body == ["agent_id": .string(FakeShauryapay.agentID)])
        }
    }

    @Test func manualVehicleDetailsAndActivation() async throws {
        try await Self.withClient { fake, client in
            let session = try await Self.validated(client, vehicle: "KA05M1237")
            try await client.createWallet(
                Self.agent, session: session, customer: Self.customer(.pan, "ABCPE1234F", vehicle: "KA05M1237"))
            let image = try ImageData(Self.jpeg)
            for kind in Document.Kind.allCases.dropLast() {
                try await client.uploadDocument(Self.agent, session: session, kind: kind, image: image)
            }
            try await client.setVehicleDetails(
                Self.agent, session: session,
                vehicle: VehicleDetails(
                    vehicleNumber: "KA05M1237", maker: "HYUNDAI", model: "CRETA", descriptor: "Petrol",
                    colour: "WHITE", stateOfRegistration: nil, vehicleClass: Self.car))
            #expect(
                fake.requests("set_manually_vehicle_details").first?.body
                    == [
                        "vehicleManuf": "HYUNDAI", "model": "CRETA", "vehicleColour": "WHITE", "NPCIstatus": "Active",
                        "type": "LMV", "vehicleType": "Motor Car", "npciVehicleClassID": "4", "tagVehicleClassID": "4",
                        "agent_id": .string(FakeShauryapay.agentID), "vehicle_number": "KA05M1237",
                        "vehicleDescriptor": "Petrol", "isNationalPermit": "0", "permitExpiryDate": "",
                        "stateOfRegistration": "KA",
                    ])
            let barcode = FakeShauryapay.initialBarcodes[1]
            try await client.activate(
                Self.agent, session: session,
                activation: ProviderActivation(
                    vehicleNumber: "KA05M1237", barcode: barcode, chassisNumber: nil, planID: "32",
                    planAmountPaise: nil, vehicleClass: Self.car))
            #expect(
                fake.requests("update_vehicle_details").first?.body
                    == [
                        "sessionId": .string(session.sessionID), "vehicle_number": "KA05M1237", "chassisNo": "",
                        "serialNo": .string(barcode), "agent_id": .string(FakeShauryapay.agentID),
                        "tagVehicleClassID": "4", "npciVehicleClassID": "4",
                    ])
            #expect(fake.activations.map(\.serialNo) == [barcode])
            #expect(fake.walletPaise == 450_000)
        }
    }

    @Test func replacement() async throws {
        try await Self.withClient { fake, client in
            let barcode = FakeShauryapay.initialBarcodes[2]
            let replacement = Replacement(
                vehicleNumber: "MH12AB1234", mobile: "9123456780", barcode: barcode, reason: .other,
                description: "Windscreen changed")
            let session = try await client.sendReplacementOTP(Self.agent, replacement: replacement)
            #expect(
                fake.requests("rep_generate_otp_by_vehicle").first?.body
                    == [
                        "vehicle_number": "MH12AB1234", "agent_id": .string(FakeShauryapay.agentID),
                        "mobile_number": "9123456780", "serialNo": .string(barcode), "reason": "99",
                        "reasonDesc": "Windscreen changed", "isChassis": "0", "chassisNo": "",
                    ])
            // A wrong OTP: HTTP 200, status "true", but the upstream result failed.
            await #expect(throws: ProviderError.rejected("Invalid OTP entered")) {
                try await client.validateReplacementOTP(
                    Self.agent, session: session, vehicleNumber: "MH12AB1234", otp: "111111")
            }
            try await client.validateReplacementOTP(
                Self.agent, session: session, vehicleNumber: "MH12AB1234", otp: FakeShauryapay.customerOTP)
            #expect(
                fake.requests("rep_validate_otp_bajaj").last?.body
                    == [
                        "otp": .string(FakeShauryapay.customerOTP), "requestId": .string(session.requestID),
                        "sessionId": .string(session.sessionID), "agent_id": .string(FakeShauryapay.agentID),
                        "vehicle_number": "MH12AB1234",
                    ])
            #expect(fake.replacements.map(\.serialNo) == [barcode])
        }
    }
}
