import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// Live mode, the step API: what Shauryapay has done (a verified OTP, the customer's wallet,
/// uploaded photos) is not asked of it again when a later call of the same request fails.
@Suite(.onBothBackends) struct LiveFactTests {
    /// The mobile edited at the confirmation: the new OTP is verified and the wallet created,
    /// then the first photo's upload fails. The same OTP request again carries on with the
    /// uploads only.
    @Test func retryAfterAFailedUploadDoesNotRepeatTheWalletOrTheOTP() async throws {
        try await LiveBed.run { live in
            let session = try await live.login()
            let moves = LiveModeTests.script.endpointMoves()
            _ = try await live.run(Array(moves.dropLast()), calls: LiveModeTests.assignCalls, session: session)
            live.fake.clearRequests()
            let message = "/sessions/\(session)/message"
            try await live.driver.step(message, ["text": "No"], step: "edit")
            try await live.driver.step(message, ["text": "Phone no"], says: Copy.askCustomerMobile, step: "user_mobile")
            try await live.driver.step(message, ["text": "9000000001"], step: "user_otp")

            live.fake.script("uploadDocument", .httpError(500))
            let otp = try #require(moves.first { $0.step == "first_name" })
            var body = otp.body
            body["session_id"] = .string(session)
            let failed = try await live.driver.refused(otp.path, .object(body), step: "user_otp")
            #expect(failed.message.contains(Copy.providerDown) && failed.message.hasSuffix(Copy.carryOn))
            let stored = try await live.server.fetch("/sessions/\(session)")
            #expect(stored["state"] == "user_otp" && stored["status"] == "open")

            // The same request again: the OTP and the wallet stand, the photos are uploaded.
            try await live.driver.step(otp.path, .object(body), step: "confirm")
            #expect(live.fake.requests("generate_otp_by_vehicle").count == 1)
            #expect(live.fake.requests("validate_otp_bajaj").count == 1)
            #expect(live.fake.requests("update_customer_details").count == 1)
            #expect(live.fake.requests("uploadDocument").count == 6)
            try await live.driver.step(
                "/fastags/assign/confirm", ["session_id": .string(session), "confirm": "Yes"], step: "menu")
            #expect(live.fake.activations.count == 1)
            #expect(live.fake.problems.isEmpty, "\(live.fake.problems)")
        }
    }
}
