import Foundation
import Glibc
import Testing

@testable import FastagBot

/// `ShauryapayClient` against the fake Shauryapay on loopback: the shape of every call,
/// how each failure maps to a `ProviderError`, the deadline, and which calls are retried.
@Suite struct ShauryapayClientTests {
    static let agent = ProviderAgent(localID: 1, providerID: FakeShauryapay.agentID, mobile: "9876543210")

    /// Runs `body` with a fresh fake and a client of it (deadline `timeout`).
    func withClient(
        timeout: Duration = .seconds(10), _ body: (FakeShauryapay, ShauryapayClient) async throws -> Void
    ) async throws {
        let fake = try FakeShauryapay()
        let client = ShauryapayClient(
            configuration: .init(baseURL: fake.baseURL, timeout: timeout), client: HTTPClient())
        do {
            try await body(fake, client)
        } catch {
            await fake.stop()
            throw error
        }
        #expect(fake.problems.isEmpty, "contract problems: \(fake.problems)")
        await fake.stop()
    }

    /// An issuance through the customer OTP, as the flow does it.
    func validated(_ client: ShauryapayClient, vehicle: String = "MH12AB1235") async throws -> ProviderSession {
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

    // MARK: - Request shapes

    @Test func customerOTPCarriesRequestAndSessionIDs() async throws {
        try await withClient { fake, client in
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
        try await withClient { fake, client in
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
        try await withClient { fake, client in
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
        try await withClient { fake, client in
            let session = try await validated(client)
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
        try await withClient { fake, client in
            let session = try await validated(client)
            await #expect(throws: ProviderError.rejected("This ID proof is already linked with another mobile number."))
            {
                try await client.createWallet(Self.agent, session: session, customer: Self.customer(.pan, "ABCPE0000F"))
            }
        }
    }

    @Test func documentsUploadAsPlainBase64WithTheAppsImageTypes() async throws {
        try await withClient { fake, client in
            let session = try await validated(client)
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

    @Test func listsAndFigures() async throws {
        try await withClient { fake, client in
            let plans = try await client.plans(Self.agent)
            #expect(
                plans == [
                    Plan(id: "31", name: "400 Plan", amountPaise: nil),
                    Plan(id: "32", name: "500 Plan", amountPaise: nil),
                ])
            #expect(try await client.availableBarcodes(Self.agent) == FakeShauryapay.initialBarcodes)
            let session = try await validated(client, vehicle: "KA05M1237")
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
        try await withClient { fake, client in
            let session = try await validated(client, vehicle: "KA05M1237")
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
                    colour: "WHITE", stateOfRegistration: nil))
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
                    planAmountPaise: nil))
            #expect(
                fake.requests("update_vehicle_details").first?.body
                    == [
                        "sessionId": .string(session.sessionID), "vehicle_number": "KA05M1237", "chassisNo": "",
                        "serialNo": .string(barcode), "agent_id": .string(FakeShauryapay.agentID),
                    ])
            #expect(fake.activations.map(\.serialNo) == [barcode])
            #expect(fake.walletPaise == 450_000)
        }
    }

    @Test func replacement() async throws {
        try await withClient { fake, client in
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

    // MARK: - Failures

    /// Each call, with a fresh provider session where one is needed.
    struct Call: Sendable, CustomTestStringConvertible {
        let endpoint: String
        let safe: Bool
        let run: @Sendable (ShauryapayClient, ProviderSession) async throws(ProviderError) -> Void
        var testDescription: String { endpoint }
    }

    static let calls: [Call] = [
        Call(endpoint: "generate_otp_by_vehicle", safe: false) { client, _ throws(ProviderError) in
            _ = try await client.sendCustomerOTP(agent, vehicleNumber: "MH12AB1235", mobile: "9123456780")
        },
        Call(endpoint: "validate_otp_bajaj", safe: false) { client, session throws(ProviderError) in
            _ = try await client.validateCustomerOTP(
                agent, session: session, vehicleNumber: "MH12AB1235", otp: FakeShauryapay.customerOTP)
        },
        Call(endpoint: "get_agent_plan", safe: true) { client, _ throws(ProviderError) in
            _ = try await client.plans(agent)
        },
        Call(endpoint: "update_customer_details", safe: false) { client, session throws(ProviderError) in
            try await client.createWallet(agent, session: session, customer: customer(.pan, "ABCPE1234F"))
        },
        Call(endpoint: "uploadDocument", safe: false) { client, session throws(ProviderError) in
            try await client.uploadDocument(agent, session: session, kind: .rcFront, image: try! ImageData(jpeg))
        },
        Call(endpoint: "get_my_available_barcode", safe: true) { client, _ throws(ProviderError) in
            _ = try await client.availableBarcodes(agent)
        },
        Call(endpoint: "vehicleMakerList", safe: true) { client, session throws(ProviderError) in
            _ = try await client.makers(agent, session: session, vehicleNumber: "MH12AB1235")
        },
        Call(endpoint: "vehicleModelList", safe: true) { client, session throws(ProviderError) in
            _ = try await client.models(agent, session: session, vehicleNumber: "MH12AB1235", maker: "TATA")
        },
        Call(endpoint: "get_vehicleDescriptor", safe: true) { client, _ throws(ProviderError) in
            _ = try await client.descriptors()
        },
        Call(endpoint: "set_manually_vehicle_details", safe: false) { client, session throws(ProviderError) in
            try await client.setVehicleDetails(
                agent, session: session,
                vehicle: VehicleDetails(
                    vehicleNumber: "MH12AB1235", maker: "TATA", model: "NEXON", descriptor: "CNG", colour: nil,
                    stateOfRegistration: "MH"))
        },
        Call(endpoint: "update_vehicle_details", safe: false) { client, session throws(ProviderError) in
            try await client.activate(
                agent, session: session,
                activation: ProviderActivation(
                    vehicleNumber: "MH12AB1235", barcode: FakeShauryapay.initialBarcodes[0], chassisNumber: nil,
                    planID: "32", planAmountPaise: nil))
        },
        Call(endpoint: "rep_generate_otp_by_vehicle", safe: false) { client, _ throws(ProviderError) in
            _ = try await client.sendReplacementOTP(
                agent,
                replacement: Replacement(
                    vehicleNumber: "MH12AB1236", mobile: "9123456780", barcode: FakeShauryapay.initialBarcodes[3],
                    reason: .damaged, description: ""))
        },
        Call(endpoint: "rep_validate_otp_bajaj", safe: false) { client, session throws(ProviderError) in
            try await client.validateReplacementOTP(
                agent, session: session, vehicleNumber: "MH12AB1236", otp: FakeShauryapay.customerOTP)
        },
        Call(endpoint: "wallet_total_amount_api", safe: true) { client, _ throws(ProviderError) in
            _ = try await client.figures(agent)
        },
    ]

    /// Brings the fake to the point where `call` is legal: an issuance validated, KYC sent,
    /// the photos uploaded and the maker chosen by hand, or a replacement OTP requested.
    func prepare(_ call: Call, _ fake: FakeShauryapay, _ client: ShauryapayClient) async throws -> ProviderSession {
        if call.endpoint == "rep_validate_otp_bajaj" {
            return try await client.sendReplacementOTP(
                Self.agent,
                replacement: Replacement(
                    vehicleNumber: "MH12AB1236", mobile: "9123456780", barcode: FakeShauryapay.initialBarcodes[3],
                    reason: .damaged, description: ""))
        }
        if call.endpoint == "validate_otp_bajaj" {
            return try await client.sendCustomerOTP(Self.agent, vehicleNumber: "MH12AB1235", mobile: "9123456780")
        }
        let session = try await validated(client)
        if call.endpoint == "uploadDocument" || call.endpoint == "update_vehicle_details" {
            try await client.createWallet(Self.agent, session: session, customer: Self.customer(.pan, "ABCPE1234F"))
        }
        if call.endpoint == "update_vehicle_details" {
            for kind in Document.Kind.allCases.dropLast() {
                try await client.uploadDocument(
                    Self.agent, session: session, kind: kind, image: try ImageData(Self.jpeg))
            }
            try await client.setVehicleDetails(
                Self.agent, session: session,
                vehicle: VehicleDetails(
                    vehicleNumber: "MH12AB1235", maker: "TATA", model: "NEXON", descriptor: "CNG", colour: nil,
                    stateOfRegistration: "MH"))
        }
        return session
    }

    /// Runs `call` after `prepare`, with the fake scripted as given; returns the error and
    /// how many requests the call itself made.
    func failure(_ call: Call, _ behaviours: [FakeShauryapay.Behaviour], timeout: Duration = .seconds(10))
        async throws -> (error: ProviderError?, requests: Int, seconds: Double)
    {
        var outcome: (ProviderError?, Int, Double) = (nil, 0, 0)
        try await withClient(timeout: timeout) { fake, client in
            let session = try await prepare(call, fake, client)
            let before = fake.requests(call.endpoint).count
            for behaviour in behaviours { fake.script(call.endpoint, behaviour) }
            let clock = ContinuousClock()
            let start = clock.now
            var error: ProviderError?
            do throws(ProviderError) {
                try await call.run(client, session)
            } catch let caught {
                error = caught
            }
            let elapsed = start.duration(to: clock.now)
            outcome = (
                error, fake.requests(call.endpoint).count - before,
                Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            )
        }
        return outcome
    }

    static func isUnavailable(_ error: ProviderError?) -> Bool {
        if case .unavailable? = error { return true }
        return false
    }

    @Test(arguments: calls)
    func http500IsUnavailableAndRetriedOnceOnlyWhenSafe(_ call: Call) async throws {
        let (error, requests, _) = try await failure(call, [.httpError(500), .httpError(500), .httpError(500)])
        #expect(Self.isUnavailable(error), "\(String(describing: error))")
        #expect(error?.agentMessage == "Shauryapay did not answer, try again.")
        #expect(requests == (call.safe ? 2 : 1), "\(call.endpoint) was sent \(requests) times")
    }

    @Test(arguments: calls)
    func oneHTTP500IsHiddenByTheRetryOfASafeCall(_ call: Call) async throws {
        let (error, requests, _) = try await failure(call, [.httpError(500)])
        if call.safe {
            #expect(error == nil, "\(String(describing: error))")
            #expect(requests == 2)
        } else {
            #expect(Self.isUnavailable(error))
            #expect(requests == 1)
        }
    }

    @Test(arguments: calls)
    func brokenJSONIsUnavailable(_ call: Call) async throws {
        let (error, requests, _) = try await failure(call, [.brokenJSON, .brokenJSON])
        #expect(Self.isUnavailable(error), "\(String(describing: error))")
        #expect(requests == (call.safe ? 2 : 1))
    }

    @Test(arguments: calls)
    func statusFalseIsRejectedWithTheMessageAndNotRetried(_ call: Call) async throws {
        let (error, requests, _) = try await failure(call, [.refuse("Low wallet amount, please recharge to proceed")])
        #expect(error == .rejected("Low wallet amount, please recharge to proceed"))
        #expect(error?.agentMessage == "Low wallet amount, please recharge to proceed")
        #expect(requests == 1)
    }

    @Test(
        arguments: calls.filter {
            ["uploadDocument", "vehicleMakerList", "vehicleModelList", "rep_validate_otp_bajaj"].contains($0.endpoint)
        })
    func failedUpstreamResultIsRejected(_ call: Call) async throws {
        let (error, requests, _) = try await failure(call, [.upstreamFailed("Image quality is poor")])
        #expect(error == .rejected("Image quality is poor"))
        #expect(requests == 1)
    }

    @Test(arguments: calls.filter { ["uploadDocument", "rep_validate_otp_bajaj"].contains($0.endpoint) })
    func withoutAnUpstreamResultTheTopLevelMessageIsShown(_ call: Call) async throws {
        let (error, requests, _) = try await failure(call, [.emptyData("Session expired, please start again")])
        #expect(error == .rejected("Session expired, please start again"))
        #expect(requests == 1)
    }

    @Test func anUpstreamFailureWithoutMsgShowsItsErrorDescription() async throws {
        let upload = try #require(Self.calls.first { $0.endpoint == "uploadDocument" })
        let (error, _, _) = try await failure(upload, [.upstreamFailed("", errorDesc: "Image is not readable")])
        #expect(error == .rejected("Image is not readable"))
    }

    @Test(arguments: calls)
    func slowAnswerMissesTheDeadlineAndIsNotRetried(_ call: Call) async throws {
        let (error, requests, seconds) = try await failure(
            call, [.slow(.seconds(20)), .slow(.seconds(20))], timeout: .seconds(1))
        #expect(Self.isUnavailable(error), "\(String(describing: error))")
        #expect(requests == 1)
        // The deadline ended it (1 s), not the answer (20 s), however busy the machine.
        #expect(seconds < 20, "\(call.endpoint) took \(seconds) s with a 1 s deadline")
    }

    @Test func refusedConnectionIsUnavailable() async throws {
        // A loopback port bound but not listening: connections are refused, and no other
        // test's server can take the port meanwhile (as it could take one just released).
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(fd, generic, length) == 0 && getsockname(fd, generic, &length) == 0
            }
        }
        try #require(bound)
        let url = "http://127.0.0.1:\(UInt16(bigEndian: address.sin_port))"
        let client = ShauryapayClient(configuration: .init(baseURL: url, timeout: .seconds(2)), client: HTTPClient())
        await #expect {
            _ = try await client.plans(Self.agent)
        } throws: { error in
            Self.isUnavailable(error as? ProviderError)
        }
    }
}
