import FastagTestKit
import Foundation
import Glibc
import TestKit
import Testing

@testable import FastagBot

/// `ShauryapayClient` when Shauryapay fails: how each failure maps to a `ProviderError`, the
/// deadline, and which calls are retried.
@Suite struct ShauryapayFailureTests {
    /// Each call, with a fresh provider session where one is needed.
    struct Call: Sendable, CustomTestStringConvertible {
        let endpoint: String
        let safe: Bool
        let run: @Sendable (ShauryapayClient, ProviderSession) async throws(ProviderError) -> Void
        var testDescription: String { endpoint }
    }

    static let calls: [Call] = [
        Call(endpoint: "generate_otp_by_vehicle", safe: false) { client, _ throws(ProviderError) in
            _ = try await client.sendCustomerOTP(
                ShauryapayClientTests.agent, vehicleNumber: "MH12AB1235", mobile: "9123456780")
        },
        Call(endpoint: "validate_otp_bajaj", safe: false) { client, session throws(ProviderError) in
            _ = try await client.validateCustomerOTP(
                ShauryapayClientTests.agent, session: session, vehicleNumber: "MH12AB1235",
                otp: FakeShauryapay.customerOTP)
        },
        Call(endpoint: "get_agent_plan", safe: true) { client, _ throws(ProviderError) in
            _ = try await client.plans(ShauryapayClientTests.agent)
        },
        Call(endpoint: "update_customer_details", safe: false) { client, session throws(ProviderError) in
            try await client.createWallet(
                ShauryapayClientTests.agent, session: session,
                customer: ShauryapayClientTests.customer(.pan, "ABCPE1234F"))
        },
        Call(endpoint: "uploadDocument", safe: false) { client, session throws(ProviderError) in
            try await client.uploadDocument(
                ShauryapayClientTests.agent, session: session, kind: .rcFront,
                image: try! ImageData(ShauryapayClientTests.jpeg))
        },
        Call(endpoint: "get_my_available_barcode", safe: true) { client, _ throws(ProviderError) in
            _ = try await client.availableBarcodes(ShauryapayClientTests.agent)
        },
        Call(endpoint: "vehicleMakerList", safe: true) { client, session throws(ProviderError) in
            _ = try await client.makers(ShauryapayClientTests.agent, session: session, vehicleNumber: "MH12AB1235")
        },
        Call(endpoint: "vehicleModelList", safe: true) { client, session throws(ProviderError) in
            _ = try await client.models(
                ShauryapayClientTests.agent, session: session, vehicleNumber: "MH12AB1235", maker: "TATA")
        },
        Call(endpoint: "get_vehicleDescriptor", safe: true) { client, _ throws(ProviderError) in
            _ = try await client.descriptors()
        },
        Call(endpoint: "set_manually_vehicle_details", safe: false) { client, session throws(ProviderError) in
            try await client.setVehicleDetails(
                ShauryapayClientTests.agent, session: session,
                vehicle: VehicleDetails(
                    vehicleNumber: "MH12AB1235", maker: "TATA", model: "NEXON", descriptor: "CNG", colour: nil,
                    stateOfRegistration: "MH", vehicleClass: ShauryapayClientTests.car))
        },
        Call(endpoint: "update_vehicle_details", safe: false) { client, session throws(ProviderError) in
            try await client.activate(
                ShauryapayClientTests.agent, session: session,
                activation: ProviderActivation(
                    vehicleNumber: "MH12AB1235", barcode: FakeShauryapay.initialBarcodes[0], chassisNumber: nil,
                    planID: "32", planAmountPaise: nil, vehicleClass: ShauryapayClientTests.car))
        },
        Call(endpoint: "rep_generate_otp_by_vehicle", safe: false) { client, _ throws(ProviderError) in
            _ = try await client.sendReplacementOTP(
                ShauryapayClientTests.agent,
                replacement: Replacement(
                    vehicleNumber: "MH12AB1236", mobile: "9123456780", barcode: FakeShauryapay.initialBarcodes[3],
                    reason: .damaged, description: ""))
        },
        Call(endpoint: "rep_validate_otp_bajaj", safe: false) { client, session throws(ProviderError) in
            try await client.validateReplacementOTP(
                ShauryapayClientTests.agent, session: session, vehicleNumber: "MH12AB1236",
                otp: FakeShauryapay.customerOTP)
        },
        Call(endpoint: "wallet_total_amount_api", safe: true) { client, _ throws(ProviderError) in
            _ = try await client.figures(ShauryapayClientTests.agent)
        },
    ]

    /// Brings the fake to the point where `call` is legal: an issuance validated, KYC sent,
    /// the photos uploaded and the maker chosen by hand, or a replacement OTP requested.
    func prepare(_ call: Call, _ fake: FakeShauryapay, _ client: ShauryapayClient) async throws -> ProviderSession {
        if call.endpoint == "rep_validate_otp_bajaj" {
            return try await client.sendReplacementOTP(
                ShauryapayClientTests.agent,
                replacement: Replacement(
                    vehicleNumber: "MH12AB1236", mobile: "9123456780", barcode: FakeShauryapay.initialBarcodes[3],
                    reason: .damaged, description: ""))
        }
        if call.endpoint == "validate_otp_bajaj" {
            return try await client.sendCustomerOTP(
                ShauryapayClientTests.agent, vehicleNumber: "MH12AB1235", mobile: "9123456780")
        }
        let session = try await ShauryapayClientTests.validated(client)
        if call.endpoint == "uploadDocument" || call.endpoint == "update_vehicle_details" {
            try await client.createWallet(
                ShauryapayClientTests.agent, session: session,
                customer: ShauryapayClientTests.customer(.pan, "ABCPE1234F"))
        }
        if call.endpoint == "update_vehicle_details" {
            for kind in Document.Kind.allCases.dropLast() {
                try await client.uploadDocument(
                    ShauryapayClientTests.agent, session: session, kind: kind,
                    image: try ImageData(ShauryapayClientTests.jpeg))
            }
            try await client.setVehicleDetails(
                ShauryapayClientTests.agent, session: session,
                vehicle: VehicleDetails(
                    vehicleNumber: "MH12AB1235", maker: "TATA", model: "NEXON", descriptor: "CNG", colour: nil,
                    stateOfRegistration: "MH", vehicleClass: ShauryapayClientTests.car))
        }
        return session
    }

    /// Runs `call` after `prepare`, with the fake scripted as given; returns the error and
    /// how many requests the call itself made.
    func failure(_ call: Call, _ behaviours: [FakeShauryapay.Behaviour], timeout: Duration = .seconds(10))
        async throws -> (error: ProviderError?, requests: Int, seconds: Double)
    {
        var outcome: (ProviderError?, Int, Double) = (nil, 0, 0)
        try await ShauryapayClientTests.withClient(timeout: timeout) { fake, client in
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
        let (error, requests, _) = try await failure(
            call, [.slow(.seconds(20)), .slow(.seconds(20))], timeout: .seconds(1))
        // The deadline (1 s) ended it: the late answer (20 s) is a success, which would have
        // been taken had the client waited for it. No bound on the time: the machine may be busy.
        #expect(Self.isUnavailable(error), "\(String(describing: error))")
        #expect(requests == 1)
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
            _ = try await client.plans(ShauryapayClientTests.agent)
        } throws: { error in
            Self.isUnavailable(error as? ProviderError)
        }
    }
}
