import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// The chat front doors themselves: signatures, the verification handshake, duplicate
/// deliveries, delivery statuses, messages the bot cannot read, the trusted-sender login,
/// and several chats at once.
@Suite(.onBothBackends) struct ChatWebhookTests {
    static let agentChat = "919876543210"
    static let help = Copy.askAgentMobile + "\n(Your 10-digit mobile number, as registered with us.)"

    // MARK: - Signatures and the handshake

    @Test func badOrMissingSignaturesAreRefusedAndNothingIsStored() async throws {
        try await ChatBed.run { bed in
            let poster = bed.poster
            let whatsapp = Array(
                WhatsAppPayload.message(.text("Hi"), from: Self.agentChat, id: "wamid.SIG1").jsonText.utf8)
            let interakt = Array(
                InteraktPayload.message(.text("Hi"), from: Self.agentChat, id: "sig-1", mediaURL: bed.interakt.mediaURL)
                    .jsonText.utf8)
            let other = Array("{\"object\":\"whatsapp_business_account\",\"entry\":[]}".utf8)
            let wrongWhatsApp: [[String: String]] = [
                [:],
                ["X-Hub-Signature-256": ""],
                ["X-Hub-Signature-256": "sha256="],
                ["X-Hub-Signature-256": ChatSecrets.signature(whatsapp, secret: "not-the-app-secret")],
                ["X-Hub-Signature-256": ChatSecrets.signature(other, secret: ChatSecrets.whatsappAppSecret)],
                [
                    "X-Hub-Signature-256": ChatSecrets.signature(
                        whatsapp + [0x0a], secret: ChatSecrets.whatsappAppSecret)
                ],
                // Interakt's secret and header are not WhatsApp's.
                ["X-Hub-Signature-256": ChatSecrets.signature(whatsapp, secret: ChatSecrets.interaktWebhookSecret)],
                ["Interakt-Signature": ChatSecrets.signature(whatsapp, secret: ChatSecrets.whatsappAppSecret)],
                ["X-Hub-Signature": "sha1=" + Crypto.hex(Crypto.sha256(whatsapp))],
            ]
            for headers in wrongWhatsApp {
                let answer = try await poster.post("/webhook", body: whatsapp, headers: headers)
                #expect(answer.status == 401, "\(headers): \(answer.text)")
            }
            let wrongInterakt: [[String: String]] = [
                [:],
                ["Interakt-Signature": ""],
                ["Interakt-Signature": ChatSecrets.signature(interakt, secret: "not-the-secret")],
                ["X-Interakt-Signature": ChatSecrets.signature(interakt, secret: ChatSecrets.whatsappAppSecret)],
                ["X-Hub-Signature-256": ChatSecrets.signature(interakt, secret: ChatSecrets.interaktWebhookSecret)],
                [
                    "Interakt-Signature": ChatSecrets.signature(
                        Array(interakt.dropLast()), secret: ChatSecrets.interaktWebhookSecret)
                ],
            ]
            for headers in wrongInterakt {
                let answer = try await poster.post("/webhook/interakt", body: interakt, headers: headers)
                #expect(answer.status == 401, "\(headers): \(answer.text)")
            }
            // Nothing reached the inbox, nothing was answered.
            #expect(try await bed.server.app.storage.inboxRows().isEmpty)
            #expect(try await bed.server.metric("chat_inbox_backlog") == 0)
            let metrics = try await bed.server.get("/metrics").text
            #expect(
                TestServer.metric("webhook_requests_total{channel=\"whatsapp\",outcome=\"bad_signature\"}", in: metrics)
                    == Double(wrongWhatsApp.count), "\(metrics)")
            #expect(
                TestServer.metric("webhook_requests_total{channel=\"interakt\",outcome=\"bad_signature\"}", in: metrics)
                    == Double(wrongInterakt.count))
            try await Task.sleep(for: .milliseconds(200))
            #expect(bed.graph.calls.isEmpty && bed.interakt.calls.isEmpty)

            // Signed right, each is stored: WhatsApp's header, both of Interakt's names, the
            // prefix optional, the hex in either case.
            let good: [(String, [UInt8], [String: String])] = [
                (
                    "/webhook", whatsapp,
                    ["X-Hub-Signature-256": ChatSecrets.signature(whatsapp, secret: ChatSecrets.whatsappAppSecret)]
                ),
                (
                    "/webhook/interakt", interakt,
                    ["X-Interakt-Signature": ChatSecrets.signature(interakt, secret: ChatSecrets.interaktWebhookSecret)]
                ),
            ]
            for (path, body, headers) in good {
                let answer = try await poster.post(path, body: body, headers: headers)
                #expect(answer.status == 200, "\(path): \(answer.text)")
                #expect(answer.text == "{\"status\":\"ok\"}")
            }
            let bare = String(
                ChatSecrets.signature(interakt, secret: ChatSecrets.interaktWebhookSecret).dropFirst(7)
            ).uppercased()
            let again = try await poster.post(
                "/webhook/interakt", body: interakt, headers: ["Interakt-Signature": bare])
            #expect(again.status == 200, "a signature without its prefix: \(again.text)")
            let stored = try await bed.server.app.storage.inboxRows()
            #expect(stored.map(\.providerMessageID) == ["wamid.SIG1", "sig-1"])
        }
    }

    @Test func aChannelWithoutItsSecretRefusesItsWebhook() async throws {
        let graph = try FakeGraphAPI()
        let server = try TestServer(over: .loopback) { $0.useWhatsApp(graph) }
        let poster = WebhookPoster(baseURL: server.baseURL)
        let body = Array(
            InteraktPayload.message(.text("Hi"), from: Self.agentChat, id: "x", mediaURL: { $0 }).jsonText.utf8)
        // No INTERAKT_WEBHOOK_SECRET: no signature can be right.
        for header in ["", ChatSecrets.signature(body, secret: "")] {
            let answer = try await poster.post("/webhook/interakt", body: body, headers: ["Interakt-Signature": header])
            #expect(answer.status == 503, "\(answer.status) \(answer.text)")
        }
        #expect(try await server.app.storage.inboxRows().isEmpty)
        await server.stop()
        await graph.stop()
    }

    @Test func verificationHandshake() async throws {
        try await ChatBed.run { bed in
            let poster = bed.poster
            let token = ChatSecrets.verifyToken
            let right = try await poster.get(
                "/webhook?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=\(token)")
            #expect(right.status == 200)
            #expect(right.text == "1158201444")
            let contentType = right.header("Content-Type")
            #expect(contentType?.hasPrefix("text/plain") == true, "\(contentType ?? "none")")
            // The challenge comes back exactly as sent, percent-decoded.
            let encoded = try await poster.get(
                "/webhook?hub.verify_token=\(token)&hub.challenge=a%20b%2Bc&hub.mode=subscribe")
            #expect(encoded.status == 200 && encoded.text == "a b+c")

            let wrong = [
                "/webhook?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=wrong-token",
                "/webhook?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=",
                "/webhook?hub.mode=subscribe&hub.challenge=1158201444",
                "/webhook?hub.mode=unsubscribe&hub.challenge=1158201444&hub.verify_token=\(token)",
                "/webhook?hub.mode=subscribe&hub.verify_token=\(token)",
                "/webhook?hub.mode=subscribe&hub.challenge=1&hub.verify_token=\(token)x",
            ]
            for path in wrong {
                let answer = try await poster.get(path)
                #expect(answer.status == 403, "\(path): \(answer.status)")
                #expect(!answer.text.contains("1158201444"), "\(path) echoed the challenge")
            }
        }
    }

    // MARK: - Duplicates

    @Test func theSameMessageFiveTimesAtOnceIsAnsweredOnce() async throws {
        try await ChatBed.run { bed in
            for chat in [bed.whatsApp(Self.agentChat), bed.interakt(Self.agentChat)] {
                let id = chat.nextMessageID()
                let payload = chat.payload(.text("Hi"), id: id)
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<5 { group.addTask { try await chat.post(payload).status } }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(statuses == [200, 200, 200, 200, 200])
                try await chat.expect([.text(Copy.askAgentMobile)])
                // Delivered once more later (a retry by the provider): acknowledged and ignored.
                #expect(try await chat.post(payload).status == 200)
                #expect(try await bed.server.waitUntilChatsSettle())
                #expect(chat.delivered.count == 1)
                let inbox = try await bed.server.app.storage.inboxRows(chat: Self.agentChat).filter {
                    $0.providerMessageID == id
                }
                #expect(inbox.count == 1 && inbox.allSatisfy(\.processed))
            }
            let outbox = try await bed.server.app.storage.outboxRows(chat: Self.agentChat)
            #expect(outbox.count == 2)
            #expect(try await bed.server.metric("chat_messages_total", reaches: 2))
        }
    }

    // MARK: - Batches and echoes

    @Test func everyMessageOfABatchedNotificationIsAnswered() async throws {
        try await ChatBed.run { bed in
            // Two entries, the second with two messages from another chat: each is read.
            let first = WhatsAppPayload.item(.text("Hi"), from: "919811100001", id: "wamid.BATCH1")
            let second = WhatsAppPayload.item(.text("Hi"), from: "919811100002", id: "wamid.BATCH2")
            let third = WhatsAppPayload.item(.text("help"), from: "919811100002", id: "wamid.BATCH3")
            let one = WhatsAppPayload.notification(messages: [first], contact: "919811100001")
            let two = WhatsAppPayload.notification(messages: [second, third], contact: "919811100002")
            let entries = (one["entry"]?.arrayValue ?? []) + (two["entry"]?.arrayValue ?? [])
            let poster = bed.poster
            let answer = try await poster.whatsApp(["object": "whatsapp_business_account", "entry": .array(entries)])
            #expect(answer.status == 200)
            try await bed.whatsApp("919811100001").expect([.text(Copy.askAgentMobile)])
            try await bed.whatsApp("919811100002").expect([.text(Copy.askAgentMobile), .text(Self.help)])
        }
    }

    @Test func interaktEchoesOfOurOwnMessagesAreIgnored() async throws {
        try await ChatBed.run { bed in
            let chat = bed.interakt(Self.agentChat)
            var echo = InteraktPayload.message(.text("Hi"), from: Self.agentChat, id: "echo-1", mediaURL: { $0 })
            if case .object(var root) = echo, case .object(var data)? = root["data"],
                case .object(var message)? = data["message"]
            {
                message["chat_message_type"] = "PublicApiMessage"
                data["message"] = .object(message)
                root["data"] = .object(data)
                echo = .object(root)
            }
            #expect(try await chat.post(echo).status == 200)
            try await chat.say(.text("Hi"), [.text(Copy.askAgentMobile)])
            #expect(try await bed.server.app.storage.inboxRows().map(\.providerMessageID).contains("echo-1") == false)
            #expect(chat.delivered.count == 1)
        }
    }

    // MARK: - What the bot cannot read

    @Test func unsupportedMessagesGetAPoliteAnswer() async throws {
        try await ChatBed.run { bed in
            let whatsapp = bed.whatsApp(Self.agentChat)
            try await whatsapp.say(.text("Hi"), [.text(Copy.askAgentMobile)])
            for (kind, words) in [("audio", "an audio"), ("sticker", "a sticker"), ("location", "a location")] {
                try await whatsapp.say(.other(kind), [.text(Copy.unsupported(words) + "\n\n" + Copy.askAgentMobile)])
            }
            let interakt = bed.interakt(Self.agentChat)
            try await interakt.say(.text("Hi"), [.text(Copy.askAgentMobile)])
            for (kind, words) in [("Audio", "an audio"), ("Location", "a location"), ("Video", "a video")] {
                try await interakt.say(.other(kind), [.text(Copy.unsupported(words) + "\n\n" + Copy.askAgentMobile)])
            }
            // The session is where it was: the mobile number is still the question.
            try await whatsapp.say(.text("98765 43210"), [.text(Copy.agentOTPSent)])
        }
    }

    // MARK: - AGENT_LOGIN=whatsapp

    @Test func aRegisteredSenderGoesStraightToTheMenu() async throws {
        try await ChatBed.run({ $0.agentLogin = .whatsapp }) { bed in
            try await bed.whatsApp(Self.agentChat).say(.text("Hi"), Outgoing.demoMenu())
            try await bed.interakt(Self.agentChat).say(.text("Hello"), Outgoing.demoMenu())
            // Anyone else still logs in with a registered mobile and its OTP.
            let stranger = bed.whatsApp("919000000001")
            try await stranger.say(.text("Hi"), [.text(Copy.askAgentMobile)])
            try await stranger.say(
                .text("9000000001"),
                [.text("This number is not registered as a FASTag agent.\n\n" + Copy.askAgentMobile)])
            // Not an Indian mobile at all: the login question.
            try await bed.interakt("447700900123").say(.text("Hi"), [.text(Copy.askAgentMobile)])
        }
    }

    // MARK: - Several chats

    @Test func interleavedChatsEachKeepTheirOwnConversation() async throws {
        try await ChatBed.run({ $0.agentLogin = .whatsapp }) { bed in
            _ = try await bed.server.post(
                "/agents/",
                [
                    "first_name": "Ravi", "last_name": "Kumar", "mobile": "9811122233", "fastags_left": 5,
                    "wallet_balance_paise": 100_000,
                ])
            struct Script {
                let chat: ChatDriver
                let inputs: [Inbound]
                let replies: [[Outgoing]]
            }
            func script(_ chat: ChatDriver, menu: [Outgoing], vehicle: String, engine: String, mobile: String) -> Script
            {
                Script(
                    chat: chat,
                    inputs: [
                        .text("Hi"), .button(id: "menu_assign", title: "Assign a FASTag"), .text(vehicle),
                        .text(engine),
                        .text(mobile), .text("help"),
                    ],
                    replies: [
                        menu, [.text(Copy.askVehicleNumber)], [.text(Copy.askEngineNumber)],
                        [.text(Copy.askCustomerMobile)], [.text(Copy.askCustomerOTP(mobile))],
                        [
                            .text(
                                Copy.askCustomerOTP(mobile)
                                    + "\n(The 6 digits the customer received; reply Resend for a new one.)")
                        ],
                    ])
            }
            let scripts = [
                script(
                    bed.whatsApp(Self.agentChat), menu: Outgoing.demoMenu(), vehicle: "MH12AB1235", engine: "K4321",
                    mobile: "9123456780"),
                script(
                    bed.whatsApp("919811122233"),
                    menu: Outgoing.message(
                        Copy.menu("Ravi Kumar", wallet: "₹1,000", fastags: 5), options: Copy.menuOptions),
                    vehicle: "KA05M1237", engine: "B7777", mobile: "9988776655"),
                script(
                    bed.interakt(Self.agentChat), menu: Outgoing.demoMenu(), vehicle: "DL1CAB1239", engine: "Z9999",
                    mobile: "7012345678"),
            ]
            // One message of each chat in turn, without waiting for the answers.
            for step in 0..<6 {
                for script in scripts { try await script.chat.send(script.inputs[step]) }
            }
            for script in scripts {
                try await script.chat.expect(script.replies.flatMap { $0 })
            }
            #expect(try await bed.server.waitUntilChatsSettle())
            for script in scripts { #expect(script.chat.delivered.count == script.chat.seen) }
            let sessions = try await bed.server.fetch("/sessions/?status=open")["items"]?.arrayValue ?? []
            #expect(sessions.count == 3)
            #expect(Set(sessions.compactMap { $0["state"]?.stringValue }) == ["user_otp"])
        }
    }
}
