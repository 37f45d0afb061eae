import FastagBot
import Foundation
import FoundationNetworking
import Testing

/// The bot in live mode against the fake Shauryapay and a fake bhashsms on loopback: the
/// whole assign and replace flows with every provider request checked, and provider
/// failures at the steps that call it.
@Suite struct LiveModeTests {
    typealias Move = StepAPITests.Move

    static let token = "live-step-token-0123456789"
    static let agentMobile = "9988776655"
    static let smsPassword = "p@ss+w rd&1"
    /// A provider call that never answers in time (the fake cuts it off when it stops).
    static let hangSeconds = 60.0
    static let hang = Duration.seconds(60)

    struct Live {
        let server: TestServer
        let driver: StepDriver
        let fake: FakeShauryapay
        let sms: FakeBhashSMS
        let agentID: Int64
    }

    /// A live-mode server (provider deadline `timeout`) with one registered agent. The deadline
    /// is roomy: calls that are not scripted to fail must never run past it, however busy the
    /// machine; a scripted hang (`hang`) outlasts it by far, so only the deadline can end it.
    func withLive(timeout: Duration = .seconds(10), _ body: (Live) async throws -> Void) async throws {
        let fake = try FakeShauryapay()
        let sms = try FakeBhashSMS()
        let server = try TestServer { settings in
            settings.shauryapayMode = .live
            settings.shauryapayBaseURL = fake.baseURL
            settings.shauryapayTimeout = timeout
            settings.smsURL = sms.url
            settings.smsUser = "fastag-user"
            settings.smsPassword = Self.smsPassword
            settings.smsSender = "SHRYPY"
            settings.secretKey = "live-secret-key-0123456789abcdef"
            settings.stepAPIToken = Self.token
        }
        #expect(server.app.settings.liveModeProblems.isEmpty, "\(server.app.settings.liveModeProblems)")
        do {
            let agent = try await server.post(
                "/agents/",
                [
                    "first_name": "Ravi", "last_name": "Kumar", "mobile": .string(Self.agentMobile),
                    "shauryapay_agent_id": .string(FakeShauryapay.agentID),
                ])
            let live = Live(
                server: server, driver: StepDriver(server: server, token: Self.token), fake: fake, sms: sms,
                agentID: try #require(agent["id"]?.intValue))
            try await body(live)
            #expect(fake.problems.isEmpty, "Shauryapay contract problems: \(fake.problems)")
        } catch {
            await server.stop()
            await fake.stop()
            await sms.stop()
            throw error
        }
        await server.stop()
        await fake.stop()
        await sms.stop()
    }

    /// Logs the agent in with the OTP the fake bhashsms received; returns the menu's session.
    static func login(_ live: Live, wallet: String = "₹5,000", fastags: Int = 4) async throws -> String {
        let before = live.sms.sent.count
        let menu = try await live.driver.login(
            mobile: agentMobile,
            otp: {
                let messages = live.sms.sent
                try #require(messages.count == before + 1, "one SMS per login, got \(messages.count - before)")
                return try #require(messages.last?.otp, "no OTP in \(messages.last?.text ?? "nothing")")
            },
            menu: Copy.menu("Ravi Kumar", wallet: wallet, fastags: fastags))
        return try #require(menu.sessionID)
    }

    static let barcode = FakeShauryapay.initialBarcodes[1]

    /// The assign flow for an odd vehicle number (unknown to the registry) against the fake.
    static func assignMoves(vehicle: String = "MH12AB1235") -> [Move] {
        let plans = FakeShauryapay.plans.map(\.name)
        let makers = FakeShauryapay.makers
        let models = FakeShauryapay.models["TOYOTA"]!
        let descriptors = FakeShauryapay.descriptors
        let image = StepAPITests.image
        let a = "/fastags/assign/"
        return [
            Move(
                a + "vehicle_number", ["vehicle_number": .string(vehicle)], says: Copy.askEngineNumber,
                step: "engine_number"),
            Move(a + "engine_number", ["engine_number": "K4321"], says: Copy.askCustomerMobile, step: "user_mobile"),
            Move(
                a + "user_mobile", ["user_mobile": "9123456780"], says: Copy.askCustomerOTP("9123456780"),
                step: "user_otp"),
            Move(
                a + "user_otp", ["otp": .string(FakeShauryapay.customerOTP)], says: Copy.askFirstName,
                step: "first_name"),
            Move(
                a + "user_info", ["first_name": "Asha", "last_name": "Patil", "dob": "05-03-1990"],
                says: Copy.askIDType("Asha Patil"), step: "id_type", options: Copy.idOptions),
            Move(
                a + "id_proof", ["id_type": "Passport", "id_number": "K1234567", "expiry": "09-01-2035"],
                says: Copy.askPlan(plans), step: "plan", options: plans),
            Move(
                a + "plan", ["plan": "500 Plan"], says: Copy.walletCreated + "\n\n" + Copy.askRCFront,
                step: "doc_rc_front"),
            Move(
                a + "upload_image", ["image_type": "rc_front", "image_base64": image(0)], says: Copy.askRCBack,
                step: "doc_rc_back"),
            Move(
                a + "upload_image", ["image_type": "rc_back", "image_base64": image(1)], says: Copy.askVehicleFront,
                step: "doc_vehicle_front"),
            Move(
                a + "upload_image", ["image_type": "vehicle_front", "image_base64": image(2)],
                says: Copy.askVehicleSide, step: "doc_vehicle_side"),
            Move(
                a + "upload_image", ["image_type": "vehicle_side", "image_base64": image(3)], says: Copy.askTagFixed,
                step: "doc_tag_fixed", options: ["Skip"]),
            Move(
                a + "upload_image", ["image_type": "tag_fixed", "image_base64": image(4)], says: Copy.askSerial,
                step: "serial"),
            Move(
                a + "serial_number", ["serial_number": "5432"], says: Copy.askBarcode([barcode]), step: "barcode",
                options: [barcode]),
            Move(
                a + "barcode", ["barcode": "1"], says: Copy.askMaker(makers), step: "vehicle_maker", options: makers),
            Move(
                a + "vehicle_maker", ["vehicle_maker": "TOYOTA"], says: Copy.askModel(models), step: "vehicle_model",
                options: models),
            Move(
                a + "vehicle_model", ["vehicle_model": "INNOVA"], says: Copy.askDescriptor(descriptors),
                step: "vehicle_descriptor", options: descriptors),
            Move(
                a + "vehicle_descriptor", ["vehicle_descriptor": "Diesel"],
                says: Copy.summary(
                    vehicle: vehicle, mobile: "9123456780", engine: "K4321", idLabel: "Passport No",
                    idMasked: "****4567",
                    plan: "500 Plan", maker: "TOYOTA", model: "INNOVA", descriptor: "Diesel"),
                step: "confirm", options: ["Yes", "No"]),
            Move(
                a + "confirm", ["confirm": "Yes"],
                says: Copy.activated(
                    customer: "Asha Patil", vehicle: vehicle, barcode: barcode, wallet: "₹4,500", fastags: 3),
                step: "menu", options: Copy.menuOptions),
        ]
    }

    /// The provider calls each move of `assignMoves` makes, in order.
    static let assignCalls: [[String]] = [
        [], [], ["generate_otp_by_vehicle"], ["validate_otp_bajaj"], [], ["get_agent_plan"],
        ["update_customer_details"], ["uploadDocument"], ["uploadDocument"], ["uploadDocument"], ["uploadDocument"],
        ["uploadDocument"], ["get_my_available_barcode"], ["vehicleMakerList"], ["vehicleModelList"],
        ["get_vehicleDescriptor"], ["set_manually_vehicle_details"],
        ["update_vehicle_details", "wallet_total_amount_api", "get_my_available_barcode"],
    ]

    /// Runs moves one at a time, checking the provider calls each one made.
    static func run(
        _ moves: [Move], calls: [[String]], session: String, _ live: Live,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> StepDriver.Answer? {
        var last: StepDriver.Answer?
        for (move, expected) in zip(moves, calls) {
            live.fake.clearRequests()
            last = try await StepAPITests.run([move], session: session, live.driver, sourceLocation: sourceLocation)
            #expect(
                live.fake.calls.sorted() == expected.sorted(), "\(move.path) \(move.body.keys.sorted())",
                sourceLocation: sourceLocation)
        }
        return last
    }

    // MARK: - Flows

    @Test func loginSendsTheOTPThroughBhashSMS() async throws {
        try await withLive { live in
            _ = try await Self.login(live)
            let message = try #require(live.sms.sent.last)
            #expect(message.method == "GET" && message.path == "/api/sendmsg.php")
            #expect(Set(message.parameters.keys) == ["user", "pass", "sender", "phone", "text", "priority", "stype"])
            #expect(message.parameters["user"] == "fastag-user")
            #expect(message.parameters["pass"] == Self.smsPassword)
            #expect(message.parameters["sender"] == "SHRYPY")
            #expect(message.phone == Self.agentMobile)
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
        try await withLive { live in
            let session = try await Self.login(live)
            let toPhotos = Self.assignMoves().prefix { $0.path != "/fastags/assign/upload_image" }
            _ = try await Self.run(Array(toPhotos), calls: Self.assignCalls, session: session, live)
            let photo = try await offTheTaskThreads { ImageFixtures.jpeg(bytes: 400_000, seed: 11) }
            live.fake.clearRequests()
            _ = try await StepAPITests.run(
                [
                    Move(
                        "/fastags/assign/upload_image",
                        ["image_type": "rc_front", "image_base64": .string(Data(photo).base64EncodedString())],
                        says: Copy.askRCBack, step: "doc_rc_back")
                ], session: session, live.driver)

            let upload = try #require(live.fake.requests("uploadDocument").first)
            let sent = try #require(upload["image"].flatMap { Data(base64Encoded: $0) })
            #expect(sent.count <= 200 * 1024 && sent.starts(with: [0xFF, 0xD8, 0xFF]), "\(sent.count) bytes")
            #expect(live.fake.problems.isEmpty, "\(live.fake.problems)")
            let documents = live.server.app.storage.documents
            let stored = try #require(try await documents.list(sessionID: session).first)
            #expect(try documents.read(stored) == photo)
            #expect(stored.uploadedToProviderAt != nil)
        }
    }

    @Test func assignFlowWithEveryProviderRequestChecked() async throws {
        try await withLive { live in
            let session = try await Self.login(live)
            let done = try #require(
                try await Self.run(Self.assignMoves(), calls: Self.assignCalls, session: session, live))
            let fake = live.fake
            let issued = try #require(fake.activations.first)
            #expect(fake.activations.count == 1)
            #expect(issued.serialNo == Self.barcode && issued.vehicle == "MH12AB1235" && issued.amountPaise == 50_000)
            let provider = try #require(fake.session(issued.sessionID))
            #expect(provider.uploads == FakeShauryapay.imageTypes)
            #expect(provider.planID == "32" && provider.manualDetails && provider.validated)
            #expect(done.body["data"]?["wallet_balance_paise"] == 450_000)

            // The books: the barcode from the provider's list is now a local, active, linked tag.
            let tag = try await live.server.fetch("/fastags/by-tag/\(Self.barcode)")
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
        try await withLive { live in
            let session = try await Self.login(live)
            var moves = Self.assignMoves(vehicle: "KA05M1236")
            // The registry knows an even number: after the barcode comes the confirmation.
            moves[13] = Move(
                "/fastags/assign/barcode", ["barcode": .string(Self.barcode)],
                says: Copy.summary(
                    vehicle: "KA05M1236", mobile: "9123456780", engine: "K4321", idLabel: "Passport No",
                    idMasked: "****4567", plan: "500 Plan", maker: "TOYOTA", model: "INNOVA", descriptor: "Diesel"),
                step: "confirm", options: ["Yes", "No"])
            moves.removeSubrange(14...16)
            var calls = Self.assignCalls
            calls[13] = []
            calls.removeSubrange(14...16)
            _ = try await Self.run(moves, calls: calls, session: session, live)
            #expect(live.fake.activations.map(\.vehicle) == ["KA05M1236"])
            let car = try await live.server.fetch("/vehicles/by-number/KA05M1236")
            #expect(car["maker"] == "TOYOTA" && car["state_of_registration"] == "KA")
            #expect(car["chassis_number"] == "MA3EWDE1S00123456")
        }
    }

    @Test func replaceFlowWithEveryProviderRequestChecked() async throws {
        try await withLive { live in
            let first = try await Self.login(live)
            let menu = try #require(
                try await Self.run(Self.assignMoves(), calls: Self.assignCalls, session: first, live)?.sessionID)
            let newTag = FakeShauryapay.initialBarcodes[2]
            let r = "/fastags/replace/"
            let moves: [Move] = [
                Move(
                    r + "vehicle_number", ["vehicle_number": "MH12AB1235"], says: Copy.askCustomerMobile,
                    step: "user_mobile"),
                Move(r + "user_mobile", ["user_mobile": "9123456780"], says: Copy.askReplaceSerial, step: "serial"),
                Move(
                    r + "serial_number", ["serial_number": "6543"], says: Copy.askBarcode([newTag]), step: "barcode",
                    options: [newTag]),
                Move(
                    r + "barcode", ["barcode": .string(newTag)], says: Copy.askReason, step: "reason",
                    options: Copy.reasonOptions),
                Move(
                    r + "reason", ["reason": "Tag Damaged"],
                    says: Copy.replaceSummary(
                        vehicle: "MH12AB1235", mobile: "9123456780", barcode: newTag, reason: "Tag Damaged"),
                    step: "confirm", options: ["Yes", "No"]),
                Move(r + "confirm", ["confirm": "Yes"], says: Copy.askCustomerOTP("9123456780"), step: "replace_otp"),
            ]
            let calls: [[String]] = [
                [], [], ["get_my_available_barcode"], [], [], ["rep_generate_otp_by_vehicle"],
            ]
            _ = try await Self.run(moves, calls: calls, session: menu, live)

            // A wrong OTP: Shauryapay's upstream result says failed; the agent may try again.
            let wrong = try await live.driver.refused(
                r + "user_otp", ["session_id": .string(menu), "otp": "111111"], step: "replace_otp")
            #expect(wrong.message.hasPrefix("Invalid OTP entered"), "\(wrong.message)")

            let generate = try #require(live.fake.requests("rep_generate_otp_by_vehicle").last)
            live.fake.clearRequests()
            try await StepAPITests.run(
                [
                    Move(
                        r + "user_otp", ["otp": .string(FakeShauryapay.customerOTP)],
                        says: Copy.replaced(vehicle: "MH12AB1235", barcode: newTag, wallet: "₹4,500", fastags: 2),
                        step: "menu", options: Copy.menuOptions)
                ], session: menu, live.driver)
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
            let old = try await live.server.fetch("/fastags/by-tag/\(Self.barcode)")
            let new = try await live.server.fetch("/fastags/by-tag/\(newTag)")
            #expect(old["status"] == "replaced")
            #expect(new["status"] == "active" && new["vehicle_id"] == old["vehicle_id"])
            let agent = try await live.server.fetch("/agents/\(live.agentID)")
            #expect(agent["fastags_left"] == 2)
        }
    }

    // MARK: - Provider failures

    /// A failure at a provider step: HTTP 200, status error, the plain message, the session
    /// where it was; the same request again then succeeds.
    func expectFailureThenRetry(
        _ live: Live, session: String, move: Move, before step: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        var body = move.body
        body["session_id"] = .string(session)
        let failed = try await live.driver.send(move.path, .object(body), sourceLocation: sourceLocation)
        #expect(failed.status == 200, "\(failed.text)", sourceLocation: sourceLocation)
        #expect(failed.body["status"] == "error", "\(failed.text)", sourceLocation: sourceLocation)
        #expect(failed.message.hasPrefix(Copy.providerDown), "\(failed.message)", sourceLocation: sourceLocation)
        #expect(failed.step == step, "\(failed.text)", sourceLocation: sourceLocation)
        #expect(failed.sessionID == session, sourceLocation: sourceLocation)
        // The deadline ended it, not the provider: a hung call would have taken far longer.
        #expect(
            failed.seconds < Self.hangSeconds, "\(move.path) took \(failed.seconds) s", sourceLocation: sourceLocation)
        let stored = try await live.server.fetch("/sessions/\(session)", sourceLocation: sourceLocation)
        #expect(stored["state"] == .string(step), "\(stored)", sourceLocation: sourceLocation)
        #expect(stored["status"] == "open", sourceLocation: sourceLocation)
        try await StepAPITests.run([move], session: session, live.driver, sourceLocation: sourceLocation)
    }

    @Test(arguments: [
        ("generate_otp_by_vehicle", 2, FakeShauryapay.Behaviour.httpError(500)),
        ("generate_otp_by_vehicle", 2, .slow(LiveModeTests.hang)),
        ("validate_otp_bajaj", 3, .httpError(500)),
        ("validate_otp_bajaj", 3, .slow(LiveModeTests.hang)),
        ("validate_otp_bajaj", 3, .brokenJSON),
        ("get_agent_plan", 5, .slow(LiveModeTests.hang)),
        ("update_customer_details", 6, .httpError(502)),
        ("uploadDocument", 8, .slow(LiveModeTests.hang)),
        ("get_my_available_barcode", 12, .slow(LiveModeTests.hang)),
        ("vehicleMakerList", 13, .slow(LiveModeTests.hang)),
        ("set_manually_vehicle_details", 16, .httpError(500)),
        ("update_vehicle_details", 17, .httpError(500)),
        ("update_vehicle_details", 17, .slow(LiveModeTests.hang)),
    ])
    func providerFailureKeepsTheStepAndTheRetrySucceeds(
        endpoint: String, index: Int, behaviour: FakeShauryapay.Behaviour
    ) async throws {
        try await withLive { live in
            let session = try await Self.login(live)
            let moves = Self.assignMoves()
            _ = try await Self.run(
                Array(moves[..<index]), calls: Array(Self.assignCalls[..<index]), session: session, live)
            let before = try await live.server.fetch("/sessions/\(session)")
            let step = try #require(before["state"]?.stringValue)
            // The client retries a safe call once after a quick failure: make that attempt fail too.
            let safe = ["get_agent_plan", "get_my_available_barcode", "vehicleMakerList"].contains(endpoint)
            if case .slow = behaviour {
                live.fake.script(endpoint, behaviour)
            } else {
                live.fake.script(endpoint, behaviour)
                if safe { live.fake.script(endpoint, behaviour) }
            }
            try await expectFailureThenRetry(live, session: session, move: moves[index], before: step)
            _ = try await Self.run(
                Array(moves[(index + 1)...]), calls: Array(Self.assignCalls[(index + 1)...]), session: session, live)
            // A slow activation may have gone through at Shauryapay after the bot gave up: the
            // retry then finds the tag already assigned, so only the prompt failures are counted.
            #expect(live.fake.activations.count == 1)
        }
    }

    @Test func confirmationAnswersWithinTheDeadlineWhenTheFiguresAreSlow() async throws {
        // The activation and the wallet are slow but in time, and the list of barcodes never
        // answers: the confirmation still answers, with the last figures seen.
        try await withLive(timeout: .seconds(5)) { live in
            let session = try await Self.login(live)
            let moves = Self.assignMoves()
            _ = try await Self.run(Array(moves.dropLast()), calls: Self.assignCalls, session: session, live)
            live.fake.script("update_vehicle_details", .slow(.milliseconds(500)))
            live.fake.script("wallet_total_amount_api", .slow(.milliseconds(500)))
            live.fake.always("get_my_available_barcode", .slow(Self.hang))
            let answer = try await live.driver.send(
                "/fastags/assign/confirm", ["session_id": .string(session), "confirm": "Yes"])
            #expect(answer.isSuccess, "\(answer.text)")
            #expect(answer.step == "menu")
            #expect(answer.seconds < Self.hangSeconds, "the confirmation took \(answer.seconds) s")
            // The last figures seen are shown.
            #expect(answer.message.contains("💼 Wallet Balance: ₹5,000\n🏷️ FASTags Left: 4"), "\(answer.message)")
            #expect(live.fake.activations.count == 1)
        }
    }

    @Test func twoConcurrentConfirmationsActivateOnce() async throws {
        try await withLive { live in
            let session = try await Self.login(live)
            let moves = Self.assignMoves()
            _ = try await Self.run(Array(moves.dropLast()), calls: Self.assignCalls, session: session, live)
            // The provider takes its time, so both requests are in flight together.
            live.fake.script("update_vehicle_details", .slow(.milliseconds(300)))
            let body: JSONValue = ["session_id": .string(session), "confirm": "Yes"]
            async let first = live.driver.send("/fastags/assign/confirm", body)
            async let second = live.driver.send("/fastags/assign/confirm", body)
            let answers = try await [first, second]
            #expect(answers.filter(\.isSuccess).count == 1, "\(answers.map(\.text))")
            #expect(answers.filter { $0.status == 409 }.count == 1, "\(answers.map(\.text))")
            #expect(live.fake.requests("update_vehicle_details").count == 1)
            #expect(live.fake.activations.count == 1)
            let agent = try await live.server.fetch("/agents/\(live.agentID)")
            #expect(agent["wallet_balance_paise"] == 450_000 && agent["fastags_left"] == 3)
            let tag = try await live.server.fetch("/fastags/by-tag/\(Self.barcode)")
            let history = try await live.server.fetch("/fastags/\(tag.id)/transactions")
            #expect(history["total"] == 1)
        }
    }
}
