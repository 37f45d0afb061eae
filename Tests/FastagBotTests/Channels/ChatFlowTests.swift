import FastagBot
import Foundation
import Testing

/// The whole assign flow through signed webhooks in sandbox mode: WhatsApp-shaped payloads
/// against the fake Graph API, then Interakt-shaped ones against the fake Interakt API. Every
/// reply the channel receives is checked in order: the exact copy of CONVERSATION.md and the
/// exact interactive shape (buttons, list or numbered text).
@Suite struct ChatFlowTests {
    static let agentChat = "919876543210"
    static let barcode = "608268-001-0023456"
    static let images = (1...5).map { ImageFixtures.jpeg(bytes: 40_000, seed: UInt64(100 + $0)) }

    /// Drives the demo agent from the first message to an activated tag; returns the inbound
    /// messages as sent (to check how each option was picked).
    static func assign(_ chat: ChatDriver, _ bed: ChatBed, imagePrefix: String) async throws -> [Inbound] {
        var picks: [Inbound] = []
        try await chat.say(.text("Hi"), [.text(ChatCopy.askAgentMobile)])
        try await chat.say(.text("98765 43210"), [.text(Copy.agentOTPSent)])
        let otp = try #require(bed.agentOTP, "no agent OTP in the log")
        try await chat.say(.text(otp), ChatCopy.menu())
        picks.append(try await chat.choose("Assign a FASTag", [.text(Copy.askVehicleNumber)]))
        try await chat.say(.text("MH12AB1235"), [.text(Copy.askEngineNumber)])
        try await chat.say(.text("K4321"), [.text(Copy.askCustomerMobile)])
        try await chat.say(.text("9123456780"), [.text(Copy.askCustomerOTP("9123456780"))])
        try await chat.say(.text("123456"), [.text(Copy.askFirstName)])
        try await chat.say(.text("Asha"), [.text(Copy.askLastName)])
        try await chat.say(.text("Patil"), [.text(Copy.askDateOfBirth)])
        try await chat.say(
            .text("05-03-1990"), Outgoing.message(Copy.askIDType("Asha Patil"), options: ChatCopy.idOptions))
        picks.append(try await chat.choose("Passport", [.text(Copy.askIDNumber("Passport"))]))
        try await chat.say(.text("K1234567"), [.text(Copy.askIDExpiry("Passport"))])
        let plans = ChatCopy.planOptions
        try await chat.say(
            .text("31-12-2035"), Outgoing.message(Copy.askPlan(plans.map(\.title)), options: plans))
        picks.append(try await chat.choose("500 Plan", [.text(Copy.walletCreated), .text(Copy.askRCFront)]))

        let ids = (1...5).map { "\(imagePrefix)-\($0)" }
        for (id, bytes) in zip(ids, images) { chat.addMedia(id, bytes) }
        try await chat.say(.image(ids[0]), [.text(Copy.askRCBack)])
        try await chat.say(.image(ids[1]), [.text(Copy.askVehicleFront)])
        try await chat.say(.image(ids[2]), [.text(Copy.askVehicleSide)])
        try await chat.say(.image(ids[3]), Outgoing.message(Copy.askTagFixed, options: [("skip", "Skip")]))
        try await chat.say(.image(ids[4]), [.text(Copy.askSerial)])

        try await chat.say(
            .text("3456"),
            Outgoing.message(Copy.askBarcode([barcode]), options: ChatCopy.numberedOptions("barcode", [barcode])))
        // 14 makers: more than a list holds, so a numbered text, answered with a number.
        let makers = StepAPITests.makers
        #expect(Outgoing.message(Copy.askMaker(makers), options: ChatCopy.numberedOptions("m", makers)).count == 1)
        picks.append(try await chat.choose(barcode, [.text(Copy.askMaker(makers))]))
        let models = StepAPITests.toyotaModels
        picks.append(
            try await chat.choose(
                "TOYOTA",
                Outgoing.message(Copy.askModel(models), options: ChatCopy.numberedOptions("vehicle_model", models))))
        let descriptors = StepAPITests.descriptors
        picks.append(
            try await chat.choose(
                "INNOVA",
                Outgoing.message(
                    Copy.askDescriptor(descriptors),
                    options: ChatCopy.numberedOptions("vehicle_descriptor", descriptors))))
        let summary = Copy.summary(
            vehicle: "MH12AB1235", mobile: "9123456780", engine: "K4321", idLabel: "Passport No",
            idMasked: "****4567", plan: "500 Plan", maker: "TOYOTA", model: "INNOVA", descriptor: "Diesel")
        picks.append(try await chat.choose("Diesel", Outgoing.message(summary, options: ChatCopy.confirmOptions)))
        let activated = Copy.activated(
            customer: "Asha Patil", vehicle: "MH12AB1235", barcode: barcode, wallet: "₹4,500", fastags: 9)
        picks.append(try await chat.choose("Yes", Outgoing.message(activated, options: ChatCopy.menuOptions)))
        return picks
    }

    /// How each option was picked: by the shape it was offered in.
    static func expectPicks(_ picks: [Inbound], sourceLocation: SourceLocation = #_sourceLocation) {
        let plans = ChatCopy.planOptions
        let planPick: Inbound =
            plans.count <= 3
            ? .button(id: "plan_500", title: "500 Plan") : .list(id: "plan_500", title: "500 Plan", description: nil)
        #expect(
            picks == [
                .button(id: "menu_assign", title: "Assign a FASTag"),
                .list(id: "id_passport", title: "Passport", description: nil),
                planPick,
                .button(id: "barcode_1", title: barcode),
                .text("2"),
                .list(id: "vehicle_model_10", title: "INNOVA", description: nil),
                .list(id: "vehicle_descriptor_2", title: "Diesel", description: nil),
                .button(id: "confirm_yes", title: "Yes"),
            ], sourceLocation: sourceLocation)
    }

    /// The REST API after the activation: the tag active on the vehicle, the books debited,
    /// the session completed with the five photos.
    static func expectActivated(_ bed: ChatBed, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let server = bed.server
        let tag = try await server.fetch("/fastags/by-tag/\(barcode)", sourceLocation: sourceLocation)
        let car = try await server.fetch("/vehicles/by-number/MH12AB1235", sourceLocation: sourceLocation)
        #expect(tag["status"] == "active", sourceLocation: sourceLocation)
        #expect(tag["vehicle_id"] == car["id"], sourceLocation: sourceLocation)
        #expect(tag["customer_name"] == "Asha Patil", sourceLocation: sourceLocation)
        #expect(tag["customer_mobile"] == "9123456780", sourceLocation: sourceLocation)
        #expect(tag["plan"] == "500 Plan", sourceLocation: sourceLocation)
        #expect(car["maker"] == "TOYOTA" && car["model"] == "INNOVA", sourceLocation: sourceLocation)
        #expect(car["descriptor"] == "Diesel" && car["engine_last5"] == "K4321", sourceLocation: sourceLocation)
        let agent = try #require(tag["agent_id"]?.intValue, sourceLocation: sourceLocation)
        let books = try await server.fetch("/agents/\(agent)", sourceLocation: sourceLocation)
        #expect(books["wallet_balance_paise"] == 450_000, sourceLocation: sourceLocation)
        #expect(books["fastags_left"] == 9, sourceLocation: sourceLocation)
        let completed = try await server.fetch("/sessions/?status=completed", sourceLocation: sourceLocation)
        let sessions = completed["items"]?.arrayValue ?? []
        try #require(sessions.count == 1, "\(completed)", sourceLocation: sourceLocation)
        let session = sessions[0]
        #expect(session["chat_id"] == .string(agentChat), sourceLocation: sourceLocation)
        let data = session["data"] ?? [:]
        for kind in ["rc_front", "rc_back", "vehicle_front", "vehicle_side", "tag_fixed"] {
            #expect(data["doc_\(kind)"]?.intValue != nil, "doc_\(kind): \(data)", sourceLocation: sourceLocation)
        }
        let transactions = try await server.fetch("/fastags/\(tag.id)/transactions", sourceLocation: sourceLocation)
        let activations = (transactions["items"]?.arrayValue ?? []).filter { $0["kind"] == "activation" }
        #expect(activations.count == 1, "\(transactions)", sourceLocation: sourceLocation)
        #expect(activations.first?["session_id"] == session["id"], sourceLocation: sourceLocation)
    }

    @Test func assignThroughWhatsApp() async throws {
        try await ChatBed.run { bed in
            let chat = bed.whatsApp(Self.agentChat)
            let picks = try await Self.assign(chat, bed, imagePrefix: "1456789012345678")
            Self.expectPicks(picks)
            try await Self.expectActivated(bed)

            // Nothing more was sent, every reply went out with the token, every row is sent.
            #expect(try await bed.server.waitUntilChatsSettle())
            #expect(chat.delivered.count == chat.seen)
            let calls = bed.graph.calls
            #expect(calls.allSatisfy { $0.authorization == "Bearer \(FakeGraphAPI.token)" && $0.accepted })
            #expect(calls.allSatisfy { $0.contentType?.hasPrefix("application/json") == true })
            // Each photo: the media lookup, then its URL, both with the token.
            let media = bed.graph.mediaRequests
            #expect(media.count == 10, "\(media.map(\.path))")
            #expect(media.allSatisfy { $0.authorization == "Bearer \(FakeGraphAPI.token)" })
            #expect(media.map(\.path).first == "/\(FakeGraphAPI.version)/1456789012345678-1")
            #expect(media.map(\.path).dropFirst().first == "/media/1456789012345678-1")
            let rows = try await bed.server.app.storage.outboxRows(chat: Self.agentChat)
            #expect(rows.count == chat.seen)
            #expect(rows.allSatisfy { $0.status == "sent" && $0.attempts == 1 && $0.channel == "whatsapp" })
            #expect(rows.compactMap(\.providerMessageID) == calls.compactMap(\.messageID))
            let inbox = try await bed.server.app.storage.inboxRows(chat: Self.agentChat)
            #expect(inbox.count == 26 && inbox.allSatisfy(\.processed))
            #expect(try await bed.server.metric("chat_inbox_backlog") == 0)
        }
    }

    @Test func assignThroughInterakt() async throws {
        try await ChatBed.run { bed in
            let chat = bed.interakt(Self.agentChat)
            let picks = try await Self.assign(chat, bed, imagePrefix: "photo")
            Self.expectPicks(picks)
            try await Self.expectActivated(bed)

            #expect(try await bed.server.waitUntilChatsSettle())
            #expect(chat.delivered.count == chat.seen)
            let calls = bed.interakt.calls
            #expect(calls.allSatisfy { $0.authorization == "Basic \(FakeInterakt.apiKey)" && $0.accepted })
            #expect(bed.interakt.mediaRequests == (1...5).map { "photo-\($0)" })
            // Our outbox id travels as callbackData; Interakt's id is kept for status webhooks.
            let rows = try await bed.server.app.storage.outboxRows(chat: Self.agentChat)
            #expect(rows.count == chat.seen)
            #expect(rows.allSatisfy { $0.status == "sent" && $0.channel == "interakt" })
            #expect(rows.map { String($0.id) } == calls.compactMap(\.callbackData))
            #expect(rows.compactMap(\.providerMessageID) == calls.compactMap(\.messageID))
            #expect(bed.graph.calls.isEmpty)
        }
    }
}
