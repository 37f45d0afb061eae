import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// The bot in live mode against the fake Shauryapay and a fake bhashsms on loopback: the
/// whole assign and replace flows with every provider request checked. Provider failures
/// are in `LiveProviderFailureTests`.
@Suite(.onBothBackends) struct LiveModeTests {
    static let script = AssignScript.fakeShauryapay()

    /// The provider calls each move of `script.endpointMoves()` makes, in order.
    static let assignCalls: [[String]] = [
        [], [], ["generate_otp_by_vehicle"], ["validate_otp_bajaj"], [], ["get_agent_plan"],
        ["update_customer_details"], ["uploadDocument"], ["uploadDocument"], ["uploadDocument"], ["uploadDocument"],
        ["uploadDocument"], ["get_my_available_barcode"], ["vehicleMakerList"], ["vehicleModelList"],
        ["get_vehicleDescriptor"], ["set_manually_vehicle_details"],
        ["update_vehicle_details", "wallet_total_amount_api", "get_my_available_barcode"],
    ]

    @Test func loginSendsTheOTPThroughBhashSMS() async throws {
        try await LiveBed.run { live in
            _ = try await live.login()
            let message = try #require(live.sms.sent.last)
            #expect(message.method == "GET" && message.path == "/api/sendmsg.php")
            #expect(Set(message.parameters.keys) == ["user", "pass", "sender", "phone", "text", "priority", "stype"])
            #expect(message.parameters["user"] == "fastag-user")
            #expect(message.parameters["pass"] == LiveBed.smsPassword)
            #expect(message.parameters["sender"] == "SHRYPY")
            #expect(message.phone == LiveBed.agentMobile)
            #expect(message.parameters["priority"] == "ndnd" && message.parameters["stype"] == "normal")
            let otp = try #require(message.otp)
            #expect(message.text == "Your ShauryaPay FASTag agent login OTP is \(otp). Do not share it with anyone.")
            // The menu's figures are the provider's: the wallet and the available barcodes.
            #expect(live.fake.calls.sorted() == ["get_my_available_barcode", "wallet_total_amount_api"])
            let agent = try await live.server.fetch("/agents/\(live.agentID)")
            #expect(agent["wallet_balance_paise"] == 500_000 && agent["fastags_left"] == 4)
        }
    }

    @Test func aLargePhotoReachesShauryapayWithin200KBAndIsStoredWhole() async throws {
        try await LiveBed.run { live in
            let session = try await live.login()
            let toPhotos = Self.script.endpointMoves().prefix { $0.path != "/fastags/assign/upload_image" }
            _ = try await live.run(Array(toPhotos), calls: Self.assignCalls, session: session)
            let photo = try await offTheTaskThreads { ImageFixtures.jpeg(bytes: 400_000, seed: 11) }
            live.fake.clearRequests()
            try await live.driver.run(
                [
                    StepMove(
                        "/fastags/assign/upload_image",
                        ["image_type": "rc_front", "image_base64": .string(Data(photo).base64EncodedString())],
                        says: Copy.askRCBack, step: "doc_rc_back")
                ], session: session)

            let upload = try #require(live.fake.requests("uploadDocument").first)
            let sent = try #require(upload["image"].flatMap { Data(base64Encoded: $0) })
            #expect(sent.count <= 200 * 1024 && sent.starts(with: [0xFF, 0xD8, 0xFF]), "\(sent.count) bytes")
            #expect(live.fake.problems.isEmpty, "\(live.fake.problems)")
            let documents = live.server.app.storage.documents
            let stored = try #require(try await documents.list(sessionID: session).first)
            #expect(try await documents.read(stored) == photo)
            #expect(stored.uploadedToProviderAt != nil)
        }
    }

    @Test func assignFlowWithEveryProviderRequestChecked() async throws {
        try await LiveBed.run { live in
            let session = try await live.login()
            let done = try #require(
                try await live.run(Self.script.endpointMoves(), calls: Self.assignCalls, session: session))
            let fake = live.fake
            let issued = try #require(fake.activations.first)
            #expect(fake.activations.count == 1)
            #expect(
                issued.serialNo == Self.script.barcode && issued.vehicle == "MH12AB1235" && issued.amountPaise == 50_000
            )
            let provider = try #require(fake.session(issued.sessionID))
            #expect(provider.uploads == FakeShauryapay.imageTypes)
            #expect(provider.planID == "32" && provider.manualDetails && provider.validated)
            #expect(done.body["data"]?["wallet_balance_paise"] == 450_000)

            // The books: the barcode from the provider's list is now a local, active, linked tag.
            let tag = try await live.server.fetch("/fastags/by-tag/\(Self.script.barcode)")
            let car = try await live.server.fetch("/vehicles/by-number/MH12AB1235")
            #expect(tag["status"] == "active" && tag["vehicle_id"] == car["id"])
            #expect(tag["agent_id"] == .int(live.agentID) && tag["customer_name"] == "Asha Patil")
            #expect(car["maker"] == "TOYOTA" && car["model"] == "INNOVA" && car["descriptor"] == "Diesel")
            let history = try await live.server.fetch("/fastags/\(tag.id)/transactions")
            #expect(history["items"]?.arrayValue?.map { $0["kind"] } == ["activation"])
            #expect(history["items"]?.arrayValue?.first?["session_id"] == .string(session))
            let agent = try await live.server.fetch("/agents/\(live.agentID)")
            #expect(agent["wallet_balance_paise"] == 450_000 && agent["fastags_left"] == 3)
        }
    }

    @Test func knownVehicleSkipsMakerModelAndDescriptor() async throws {
        try await LiveBed.run { live in
            let session = try await live.login()
            // The registry knows an even number: after the barcode comes the confirmation, with
            // the registry's maker, model and descriptor.
            let known = AssignScript.fakeShauryapay(vehicle: "KA05M1236")
            let moves = known.endpointMoves()
            #expect(moves[13].step == "confirm" && moves.count == Self.assignCalls.count - 3)
            var calls = Self.assignCalls
            calls[13] = []
            calls.removeSubrange(14...16)
            _ = try await live.run(moves, calls: calls, session: session)
            #expect(live.fake.activations.map(\.vehicle) == ["KA05M1236"])
            let car = try await live.server.fetch("/vehicles/by-number/KA05M1236")
            #expect(car["maker"] == "TOYOTA" && car["state_of_registration"] == "KA")
            #expect(car["chassis_number"] == "MA3EWDE1S00123456")
        }
    }

    @Test func replaceFlowWithEveryProviderRequestChecked() async throws {
        try await LiveBed.run { live in
            let first = try await live.login()
            let menu = try #require(
                try await live.run(Self.script.endpointMoves(), calls: Self.assignCalls, session: first)?.sessionID)
            let newTag = FakeShauryapay.initialBarcodes[2]
            var replace = ReplaceScript(
                barcode: newTag, customerOTP: FakeShauryapay.customerOTP, wallet: "₹4,500", fastags: 2)
            (replace.barcodeAnswer, replace.reason, replace.description) = (.string(newTag), "Tag Damaged", nil)
            let moves = replace.endpointMoves()
            let calls: [[String]] = [
                [], [], ["get_my_available_barcode"], [], [], ["rep_generate_otp_by_vehicle"],
            ]
            _ = try await live.run(moves.dropLast(), calls: calls, session: menu)

            // A wrong OTP: Shauryapay's upstream result says failed; the agent may try again.
            let wrong = try await live.driver.refused(
                "/fastags/replace/user_otp", ["session_id": .string(menu), "otp": "111111"], step: "replace_otp")
            #expect(wrong.message.hasPrefix("Invalid OTP entered"), "\(wrong.message)")

            let generate = try #require(live.fake.requests("rep_generate_otp_by_vehicle").last)
            live.fake.clearRequests()
            try await live.driver.run(moves.suffix(1), session: menu)
            #expect(
                live.fake.calls.sorted()
                    == ["get_my_available_barcode", "rep_validate_otp_bajaj", "wallet_total_amount_api"])

            #expect(
                generate.body
                    == [
                        "vehicle_number": "MH12AB1235", "agent_id": .string(FakeShauryapay.agentID),
                        "mobile_number": "9123456780", "serialNo": .string(newTag), "reason": "1", "reasonDesc": "",
                        "isChassis": "0", "chassisNo": "",
                    ])
            #expect(live.fake.replacements.map(\.serialNo) == [newTag])
            let old = try await live.server.fetch("/fastags/by-tag/\(Self.script.barcode)")
            let new = try await live.server.fetch("/fastags/by-tag/\(newTag)")
            #expect(old["status"] == "replaced")
            #expect(new["status"] == "active" && new["vehicle_id"] == old["vehicle_id"])
            let agent = try await live.server.fetch("/agents/\(live.agentID)")
            #expect(agent["fastags_left"] == 2)
        }
    }
}
