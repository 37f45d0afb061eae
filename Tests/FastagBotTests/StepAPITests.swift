import FastagBot
import Foundation
import FoundationNetworking
import Testing

/// The bot end to end in sandbox mode: a real server, the step API as Interakt workflows call
/// it (and `/sessions/{id}/message` alone), the exact copy of CONVERSATION.md at every
/// answer, and the books behind the REST API afterwards.
@Suite struct StepAPITests {
    static let token = "step-api-test-token-0123456789"
    static let demoMobile = "9876543210"
    static let images = (1...5).map { ImageFixtures.jpeg(bytes: 150_000, seed: UInt64($0)) }

    /// A sandbox server with a step token, and a driver for it.
    func withSandbox(_ body: (TestServer, StepDriver) async throws -> Void) async throws {
        let server = try TestServer { $0.stepAPIToken = Self.token }
        let driver = StepDriver(server: server, token: Self.token)
        do {
            try await body(server, driver)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    /// Logs the demo agent in, reading the OTP the sandbox wrote to the log.
    static func login(_ server: TestServer, _ driver: StepDriver, wallet: String = "₹5,000", fastags: Int = 10)
        async throws -> String
    {
        let menu = try await driver.login(
            mobile: demoMobile,
            otp: {
                try #require(StepDriver.sandboxOTP(in: server.logs.lines.joined()), "no OTP in the log")
            },
            menu: Copy.menu("Demo Agent", wallet: wallet, fastags: fastags))
        #expect(menu.body["data"]?["agent_name"] == "Demo Agent")
        #expect(menu.body["data"]?["wallet_balance"] == .string(wallet))
        #expect(menu.body["data"]?["fastags_left"] == .int(Int64(fastags)))
        return try #require(menu.sessionID)
    }

    /// The sandbox's plans today (the weekend offer on Saturday and Sunday, India time).
    static var sandboxPlans: [String] {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let weekend = [0, 6].contains(CalendarDate(indiaTimeAt: now).weekday)
        return ["400 Plan", "500 Plan"] + (weekend ? ["Weekend Offer 350 Plan"] : [])
    }

    static let makers = [
        "MARUTI", "TOYOTA", "TATA", "HYUNDAI", "KIA MOTORS", "MAHINDRA & MAHINDRA", "MAHINDRA RENAULT", "MAHINDRA REVA",
        "MAHINDRA SSANGYONG", "HONDA", "FOTON", "JAYEM AUTOMOTIVE", "NISSAN MOTORS", "ASTON MARTIN",
    ]
    static let toyotaModels = [
        "ALPHARD", "CAMRY", "COROLLA", "COROLLA ALTIS", "ETIOS", "ETIOS CROSS", "ETIOS LIVA", "FORTUNER", "GLANZA",
        "INNOVA",
    ]
    static let descriptors = ["Petrol", "Diesel", "CNG", "Electric", "Hybrid"]

    /// One request of a flow and what the bot must answer. `{id}` in the path is the session.
    struct Move: Sendable {
        var path: String
        var body: [String: JSONValue]
        var says: String?
        var step: String
        var options: [String]?

        init(
            _ path: String, _ body: [String: JSONValue], says: String?, step: String, options: [String]? = []
        ) {
            self.path = path
            self.body = body
            self.says = says
            self.step = step
            self.options = options
        }
    }

    /// Runs moves in order; step endpoints get the session in the body, messages in the path.
    @discardableResult
    static func run(
        _ moves: some Sequence<Move>, session: String, _ driver: StepDriver,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> StepDriver.Answer? {
        var last: StepDriver.Answer?
        for move in moves {
            var body = move.body
            if move.path.hasPrefix("/fastags/") { body["session_id"] = .string(session) }
            last = try await driver.step(
                move.path.replacingOccurrences(of: "{id}", with: session), .object(body), says: move.says,
                step: move.step, options: move.options, sourceLocation: sourceLocation)
            if move.step != "menu" {
                #expect(
                    last?.sessionID == session, "the session changed at \(move.path)", sourceLocation: sourceLocation)
            }
        }
        return last
    }

    static func image(_ index: Int) -> JSONValue { .string(Data(images[index]).base64EncodedString()) }

    /// The whole assign flow through the step endpoints, for an odd vehicle number (the
    /// registry does not know it, so maker, model and descriptor are asked).
    static func assignMoves(
        vehicle: String = "MH12AB1235", typed: String = "MH 12 AB 1235", serial: String = "3456",
        barcode: String = "608268-001-0023456", wallet: String = "₹4,500", fastags: Int = 9
    ) -> [Move] {
        let plans = sandboxPlans
        let a = "/fastags/assign/"
        return [
            Move(
                a + "vehicle_number", ["vehicle_number": .string(typed)], says: Copy.askEngineNumber,
                step: "engine_number"),
            Move(a + "engine_number", ["engine_number": "k4321"], says: Copy.askCustomerMobile, step: "user_mobile"),
            Move(
                a + "user_mobile", ["user_mobile": "+91 91234 56780"], says: Copy.askCustomerOTP("9123456780"),
                step: "user_otp"),
            Move(a + "user_otp", ["otp": "123456"], says: Copy.askFirstName, step: "first_name"),
            Move(
                a + "user_info", ["first_name": "Asha", "last_name": "Patil", "dob": "05-03-1990"],
                says: Copy.askIDType("Asha Patil"), step: "id_type", options: Copy.idOptions),
            Move(
                a + "id_proof", ["id_type": "Passport", "id_number": "K1234567", "expiry": "31-12-2035"],
                says: Copy.askPlan(plans), step: "plan", options: plans),
            Move(
                a + "plan", ["plan": "500 Plan"], says: Copy.walletCreated + "\n\n" + Copy.askRCFront,
                step: "doc_rc_front"),
            Move(
                a + "upload_image", ["image_type": "rc_front", "image_base64": image(0)], says: Copy.askRCBack,
                step: "doc_rc_back"),
            Move(
                a + "upload_image", ["image_type": "RCBACK", "image_base64": image(1)], says: Copy.askVehicleFront,
                step: "doc_vehicle_front"),
            Move(
                a + "upload_image", ["image_type": "vehicle_front", "image_base64": image(2)],
                says: Copy.askVehicleSide, step: "doc_vehicle_side"),
            Move(
                a + "upload_image", ["image_type": "vehicle_side", "image_base64": image(3)], says: Copy.askTagFixed,
                step: "doc_tag_fixed", options: ["Skip"]),
            Move(a + "upload_image", ["image_type": "tag_fixed", "skip": true], says: Copy.askSerial, step: "serial"),
            Move(
                a + "serial_number", ["serial_number": .string(serial)], says: Copy.askBarcode([barcode]),
                step: "barcode", options: [barcode]),
            Move(
                a + "barcode", ["barcode": .string(barcode)], says: Copy.askMaker(makers), step: "vehicle_maker",
                options: makers),
            Move(
                a + "vehicle_maker", ["vehicle_maker": "toyota"], says: Copy.askModel(toyotaModels),
                step: "vehicle_model", options: toyotaModels),
            Move(
                a + "vehicle_model", ["vehicle_model": "10"], says: Copy.askDescriptor(descriptors),
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
                    customer: "Asha Patil", vehicle: vehicle, barcode: barcode, wallet: wallet, fastags: fastags),
                step: "menu", options: Copy.menuOptions),
        ]
    }

    /// Checks the books after an activation through the REST API.
    static func expectActivated(
        _ server: TestServer, vehicle: String, barcode: String, session: String, walletPaise: Int64, fastags: Int64,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let tag = try await server.fetch("/fastags/by-tag/\(barcode)", sourceLocation: sourceLocation)
        let car = try await server.fetch("/vehicles/by-number/\(vehicle)", sourceLocation: sourceLocation)
        #expect(tag["status"] == "active", sourceLocation: sourceLocation)
        #expect(tag["vehicle_id"] == car["id"], sourceLocation: sourceLocation)
        #expect(tag["customer_name"] == "Asha Patil", sourceLocation: sourceLocation)
        #expect(tag["customer_mobile"] == "9123456780", sourceLocation: sourceLocation)
        #expect(tag["plan"] == "500 Plan", sourceLocation: sourceLocation)
        #expect(tag["activated_at"] != .null, sourceLocation: sourceLocation)
        #expect(car["maker"] == "TOYOTA" && car["model"] == "INNOVA", sourceLocation: sourceLocation)
        #expect(car["descriptor"] == "Diesel" && car["engine_last5"] == "K4321", sourceLocation: sourceLocation)
        let transactions = try await server.fetch("/fastags/\(tag.id)/transactions", sourceLocation: sourceLocation)
        let activations = (transactions["items"]?.arrayValue ?? []).filter { $0["kind"] == "activation" }
        #expect(activations.count == 1, "\(transactions)", sourceLocation: sourceLocation)
        #expect(activations.first?["amount_paise"] == 50_000, sourceLocation: sourceLocation)
        #expect(activations.first?["session_id"] == .string(session), sourceLocation: sourceLocation)
        let agent = try #require(tag["agent_id"]?.intValue, sourceLocation: sourceLocation)
        let books = try await server.fetch("/agents/\(agent)", sourceLocation: sourceLocation)
        #expect(books["mobile"] == .string(demoMobile), sourceLocation: sourceLocation)
        #expect(books["wallet_balance_paise"] == .int(walletPaise), sourceLocation: sourceLocation)
        #expect(books["fastags_left"] == .int(fastags), sourceLocation: sourceLocation)
        let closed = try await server.fetch("/sessions/\(session)", sourceLocation: sourceLocation)
        #expect(closed["status"] == "completed" && closed["state"] == "completed", sourceLocation: sourceLocation)
        let data = closed["data"] ?? [:]
        for kind in ["rc_front", "rc_back", "vehicle_front", "vehicle_side"] {
            #expect(data["doc_\(kind)"]?.intValue != nil, "doc_\(kind): \(data)", sourceLocation: sourceLocation)
        }
        #expect(data["doc_tag_fixed"] == "skipped", sourceLocation: sourceLocation)
    }

    // MARK: - Assign and replace

    @Test func assignThroughTheStepEndpoints() async throws {
        try await withSandbox { server, driver in
            let menu = try await Self.login(server, driver)
            let done = try #require(try await Self.run(Self.assignMoves(), session: menu, driver))
            let next = try #require(done.sessionID)
            #expect(next != menu)
            #expect(done.body["data"]?["wallet_balance"] == "₹4,500")
            #expect(done.body["data"]?["fastags_left"] == 9)
            try await Self.expectActivated(
                server, vehicle: "MH12AB1235", barcode: "608268-001-0023456", session: menu, walletPaise: 450_000,
                fastags: 9)
            // The next session is at the menu and takes the next assignment.
            try await driver.step(
                "/fastags/assign/vehicle_number", ["session_id": .string(next), "vehicle_number": "KA05M1236"],
                says: Copy.askEngineNumber, step: "engine_number")
        }
    }

    @Test func assignThroughMessagesOnly() async throws {
        try await withSandbox { server, driver in
            let menu = try await Self.login(server, driver)
            let plans = Self.sandboxPlans
            let m = "/sessions/{id}/message"
            let moves: [Move] = [
                Move(m, ["option_id": "menu_assign"], says: Copy.askVehicleNumber, step: "vehicle_number"),
                Move(m, ["text": "MH12AB1235"], says: Copy.askEngineNumber, step: "engine_number"),
                Move(m, ["text": "K4321"], says: Copy.askCustomerMobile, step: "user_mobile"),
                Move(m, ["text": "9123456780"], says: Copy.askCustomerOTP("9123456780"), step: "user_otp"),
                Move(m, ["text": "123456"], says: Copy.askFirstName, step: "first_name"),
                Move(m, ["text": "Asha"], says: Copy.askLastName, step: "last_name"),
                Move(m, ["text": "Patil"], says: Copy.askDateOfBirth, step: "dob"),
                Move(
                    m, ["text": "05/03/1990"], says: Copy.askIDType("Asha Patil"), step: "id_type",
                    options: Copy.idOptions),
                Move(m, ["text": "2"], says: Copy.askIDNumber("Passport"), step: "id_number"),
                Move(m, ["text": "K1234567"], says: Copy.askIDExpiry("Passport"), step: "id_expiry"),
                Move(m, ["text": "31.12.2035"], says: Copy.askPlan(plans), step: "plan", options: plans),
                Move(m, ["text": "2"], says: Copy.walletCreated + "\n\n" + Copy.askRCFront, step: "doc_rc_front"),
                Move(m, ["image_base64": Self.image(0)], says: Copy.askRCBack, step: "doc_rc_back"),
                Move(m, ["image_base64": Self.image(1)], says: Copy.askVehicleFront, step: "doc_vehicle_front"),
                Move(m, ["image_base64": Self.image(2)], says: Copy.askVehicleSide, step: "doc_vehicle_side"),
                Move(
                    m, ["image_base64": Self.image(3)], says: Copy.askTagFixed, step: "doc_tag_fixed",
                    options: ["Skip"]),
                Move(m, ["text": "Skip"], says: Copy.askSerial, step: "serial"),
                Move(
                    m, ["text": "3456"], says: Copy.askBarcode(["608268-001-0023456"]), step: "barcode",
                    options: ["608268-001-0023456"]),
                Move(m, ["text": "1"], says: Copy.askMaker(Self.makers), step: "vehicle_maker", options: Self.makers),
                Move(
                    m, ["text": "2"], says: Copy.askModel(Self.toyotaModels), step: "vehicle_model",
                    options: Self.toyotaModels),
                Move(
                    m, ["text": "INNOVA"], says: Copy.askDescriptor(Self.descriptors), step: "vehicle_descriptor",
                    options: Self.descriptors),
                Move(
                    m, ["text": " diesel "],
                    says: Copy.summary(
                        vehicle: "MH12AB1235", mobile: "9123456780", engine: "K4321", idLabel: "Passport No",
                        idMasked: "****4567", plan: "500 Plan", maker: "TOYOTA", model: "INNOVA", descriptor: "Diesel"),
                    step: "confirm", options: ["Yes", "No"]),
                Move(
                    m, ["option_id": "confirm_yes"],
                    says: Copy.activated(
                        customer: "Asha Patil", vehicle: "MH12AB1235", barcode: "608268-001-0023456", wallet: "₹4,500",
                        fastags: 9),
                    step: "menu", options: Copy.menuOptions),
            ]
            try await Self.run(moves, session: menu, driver)
            try await Self.expectActivated(
                server, vehicle: "MH12AB1235", barcode: "608268-001-0023456", session: menu, walletPaise: 450_000,
                fastags: 9)
        }
    }

    @Test func replaceAfterAssign() async throws {
        try await withSandbox { server, driver in
            let first = try await Self.login(server, driver)
            let menu = try #require(try await Self.run(Self.assignMoves(), session: first, driver)?.sessionID)
            let r = "/fastags/replace/"
            let newTag = "608268-001-0034567"
            let moves: [Move] = [
                Move(
                    r + "vehicle_number", ["vehicle_number": "MH12AB1235"], says: Copy.askCustomerMobile,
                    step: "user_mobile"),
                Move(r + "user_mobile", ["user_mobile": "9123456780"], says: Copy.askReplaceSerial, step: "serial"),
                Move(
                    r + "serial_number", ["serial_number": "4567"], says: Copy.askBarcode([newTag]), step: "barcode",
                    options: [newTag]),
                Move(
                    r + "barcode", ["barcode": "1"], says: Copy.askReason, step: "reason", options: Copy.reasonOptions),
                Move(
                    r + "reason", ["reason": "Others", "description": "Sticker peeled off"],
                    says: Copy.replaceSummary(
                        vehicle: "MH12AB1235", mobile: "9123456780", barcode: newTag,
                        reason: "Others: Sticker peeled off"),
                    step: "confirm", options: ["Yes", "No"]),
                Move(
                    r + "confirm", ["confirm": true], says: Copy.askCustomerOTP("9123456780"), step: "replace_otp"),
                Move(
                    r + "user_otp", ["otp": "123456"],
                    says: Copy.replaced(vehicle: "MH12AB1235", barcode: newTag, wallet: "₹4,500", fastags: 8),
                    step: "menu", options: Copy.menuOptions),
            ]
            try await Self.run(moves, session: menu, driver)
            let old = try await server.fetch("/fastags/by-tag/608268-001-0023456")
            let new = try await server.fetch("/fastags/by-tag/\(newTag)")
            let car = try await server.fetch("/vehicles/by-number/MH12AB1235")
            #expect(old["status"] == "replaced")
            #expect(new["status"] == "active" && new["vehicle_id"] == car["id"])
            #expect(new["customer_name"] == "Asha Patil" && new["customer_mobile"] == "9123456780")
            let history = try await server.fetch("/fastags/\(old.id)/transactions")
            #expect(history["items"]?.arrayValue?.map { $0["kind"] } == ["activation", "replacement"])
            let agent = try await server.fetch("/agents/\(new["agent_id"]?.intValue ?? 0)")
            #expect(agent["wallet_balance_paise"] == 450_000 && agent["fastags_left"] == 8)
        }
    }

    // MARK: - Requests the step API refuses

    @Test func wrongStepUnknownSessionAuthAndBadBodies() async throws {
        try await withSandbox { server, driver in
            let session = try await Self.login(server, driver)
            try await Self.run(Self.assignMoves().prefix(2), session: session, driver)

            // The session asks for the customer's mobile: another step's endpoint is a conflict.
            let wrong = try await driver.send(
                "/fastags/assign/user_otp", ["session_id": .string(session), "otp": "123456"])
            #expect(wrong.status == 409, "\(wrong.text)")
            #expect(wrong.body["status"] == "error")
            #expect(wrong.step == "user_mobile")
            #expect(wrong.body["data"]?["flow"] == "assign")
            #expect(wrong.message.contains("user_mobile"), "\(wrong.message)")
            #expect(wrong.sessionID == session)
            let replace = try await driver.send(
                "/fastags/replace/reason", ["session_id": .string(session), "reason": "Lost Tag"])
            #expect(replace.status == 409 && replace.step == "user_mobile")

            let unknown = UUID().uuidString.lowercased()
            let missingSession = try await driver.send(
                "/fastags/assign/user_mobile", ["session_id": .string(unknown), "user_mobile": "9123456780"])
            #expect(missingSession.status == 404 && missingSession.body["status"] == "error", "\(missingSession.text)")
            let missingMessage = try await driver.send("/sessions/\(unknown)/message", ["text": "hello"])
            #expect(missingMessage.status == 404, "\(missingMessage.text)")

            let body: JSONValue = ["session_id": .string(session), "user_mobile": "9123456780"]
            for auth in [
                StepDriver.Auth.none, .header("X-API-Key", "wrong-token"), .header("Authorization", "Bearer wrong"),
                .header("Authorization", "Bearer \(server.app.adminToken)"),
            ] {
                let refused = try await driver.send("/fastags/assign/user_mobile", body, auth: auth)
                #expect(refused.status == 401, "\(auth): \(refused.text)")
                #expect(refused.body["status"] == "error")
            }
            let noAuthStart = try await driver.send("/agents/start", ["mobile_number": "9876543210"], auth: .none)
            #expect(noAuthStart.status == 401)

            let broken = try await driver.send("/fastags/assign/user_mobile", raw: #"{"session_id": "\#(session)", "#)
            #expect(broken.status == 400 && broken.body["status"] == "error", "\(broken.text)")
            let notObject = try await driver.send("/sessions/\(session)/message", raw: "[1, 2]")
            #expect(notObject.status == 400 || notObject.status == 422, "\(notObject.text)")

            let missing = try await driver.send("/fastags/assign/user_mobile", ["session_id": .string(session)])
            #expect(missing.status == 422, "\(missing.text)")
            #expect(missing.message.contains("'user_mobile'"), "\(missing.message)")
            let noSession = try await driver.send("/fastags/assign/user_mobile", ["user_mobile": "9123456780"])
            #expect(noSession.status == 422 && noSession.message.contains("'session_id'"), "\(noSession.text)")
            let twoInputs = try await driver.send("/sessions/\(session)/message", ["text": "a", "option_id": "b"])
            #expect(twoInputs.status == 422, "\(twoInputs.text)")

            // A refusal the agent can fix: HTTP 200, status error, same step.
            let malformed = try await driver.refused(
                "/fastags/assign/user_mobile", ["session_id": .string(session), "user_mobile": "12345"],
                step: "user_mobile")
            #expect(malformed.message.hasSuffix(Copy.askCustomerMobile), "\(malformed.message)")

            // None of this moved the session.
            let stored = try await server.fetch("/sessions/\(session)")
            #expect(stored["state"] == "user_mobile" && stored["status"] == "open")
            #expect(stored["data"]?["engine_number"] == "K4321")
            try await Self.run(Self.assignMoves()[2...3], session: session, driver)
        }
    }

    @Test func aRefusalInAMultiFieldBodyLeavesTheSessionWhereItWas() async throws {
        try await withSandbox { server, driver in
            let session = try await Self.login(server, driver)
            let moves = Self.assignMoves()
            try await Self.run(moves[..<4], session: session, driver)

            // The date of birth is refused: the names sent with it are not kept either, so the
            // corrected body goes to the same endpoint.
            let info: JSONValue = [
                "session_id": .string(session), "first_name": "Asha", "last_name": "Patil", "dob": "31-02-1990",
            ]
            let refused = try await driver.refused("/fastags/assign/user_info", info, step: "first_name")
            #expect(refused.message.hasSuffix(Copy.askFirstName), "\(refused.message)")
            let stored = try await server.fetch("/sessions/\(session)")
            #expect(stored["state"] == "first_name" && stored["data"]?["first_name"] == nil, "\(stored)")
            try await Self.run(moves[4...4], session: session, driver)

            // The same for the ID proof: a bad expiry date after a good type and number.
            let proof: JSONValue = [
                "session_id": .string(session), "id_type": "Passport", "id_number": "K1234567", "expiry": "01-01-2001",
            ]
            let expired = try await driver.refused("/fastags/assign/id_proof", proof, step: "id_type")
            #expect(expired.options == Copy.idOptions)
            #expect(try await server.fetch("/sessions/\(session)")["data"]?["id_type"] == nil)
            try await Self.run(moves[5...6], session: session, driver)
        }
    }

    // MARK: - Concurrency

    @Test func twoConcurrentConfirmationsActivateOnce() async throws {
        try await withSandbox { server, driver in
            let session = try await Self.login(server, driver)
            let moves = Self.assignMoves()
            try await Self.run(moves.dropLast(), session: session, driver)
            let body: JSONValue = ["session_id": .string(session), "confirm": "Yes"]
            async let first = driver.send("/fastags/assign/confirm", body)
            async let second = driver.send("/fastags/assign/confirm", body)
            let answers = try await [first, second]
            let succeeded = answers.filter(\.isSuccess)
            let conflicts = answers.filter { $0.status == 409 }
            #expect(succeeded.count == 1 && conflicts.count == 1, "\(answers.map(\.text))")
            #expect(succeeded.first?.message == moves.last?.says)
            #expect(conflicts.first?.body["status"] == "error")
            #expect(conflicts.first?.step == "completed", "\(conflicts.first?.text ?? "")")
            #expect(conflicts.first?.body["data"]?["next_session_id"] == succeeded.first?.body["session_id"])
            try await Self.expectActivated(
                server, vehicle: "MH12AB1235", barcode: "608268-001-0023456", session: session, walletPaise: 450_000,
                fastags: 9)
        }
    }
}
