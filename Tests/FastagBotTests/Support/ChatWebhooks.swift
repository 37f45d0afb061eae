import FastagBot
import Foundation
import FoundationNetworking
import Synchronization
import Testing

/// The channel secrets every chat test configures.
enum ChatSecrets {
    static let whatsappAppSecret = "whatsapp-app-secret-for-tests"
    static let verifyToken = "verify-token-for-tests"
    static let interaktWebhookSecret = "interakt-webhook-secret-for-tests"

    /// `sha256=<hex>` of `body`, computed here (not with the product's signing helper).
    static func signature(_ body: [UInt8], secret: String) -> String {
        "sha256=" + Crypto.hex(Crypto.hmacSHA256(key: Array(secret.utf8), message: body))
    }
}

extension Settings {
    /// The WhatsApp channel against a fake Graph API.
    mutating func useWhatsApp(_ graph: FakeGraphAPI) {
        whatsappAPIURL = graph.apiURL
        whatsappAccessToken = FakeGraphAPI.token
        whatsappPhoneNumberID = FakeGraphAPI.phoneNumberID
        whatsappAppSecret = ChatSecrets.whatsappAppSecret
        whatsappVerifyToken = ChatSecrets.verifyToken
    }

    /// The Interakt channel against a fake Interakt API.
    mutating func useInterakt(_ interakt: FakeInterakt) {
        interaktAPIURL = interakt.apiURL
        interaktAPIKey = FakeInterakt.apiKey
        interaktWebhookSecret = ChatSecrets.interaktWebhookSecret
    }
}

/// What an agent sends, on either channel.
enum Inbound: Sendable, Equatable {
    case text(String)
    case button(id: String, title: String)
    case list(id: String, title: String, description: String?)
    /// A photo, by the media id the fake serves it under.
    case image(String)
    /// Something else: a WhatsApp `type` (`audio`, `sticker`, `location`) or an Interakt
    /// `message_content_type` (`Audio`, `Location`…).
    case other(String)
}

/// WhatsApp Cloud API webhook bodies (protocols/whatsapp-cloud-api.md sections 2 and 9).
enum WhatsAppPayload {
    static func notification(
        messages: [JSONValue] = [], statuses: [JSONValue] = [], contact: String? = nil
    ) -> JSONValue {
        var value: [String: JSONValue] = [
            "messaging_product": "whatsapp",
            "metadata": [
                "display_phone_number": "919800000000", "phone_number_id": .string(FakeGraphAPI.phoneNumberID),
            ],
        ]
        if let contact { value["contacts"] = [["profile": ["name": "Field Agent"], "wa_id": .string(contact)]] }
        if !messages.isEmpty { value["messages"] = .array(messages) }
        if !statuses.isEmpty { value["statuses"] = .array(statuses) }
        return [
            "object": "whatsapp_business_account",
            "entry": [["id": "102290129340398", "changes": [["field": "messages", "value": .object(value)]]]],
        ]
    }

    /// A notification carrying one message.
    static func message(_ inbound: Inbound, from chat: String, id: String) -> JSONValue {
        notification(messages: [item(inbound, from: chat, id: id)], contact: chat)
    }

    /// One `messages[]` element.
    static func item(_ inbound: Inbound, from chat: String, id: String) -> JSONValue {
        var message: [String: JSONValue] = [
            "from": .string(chat), "id": .string(id),
            "timestamp": .string(String(Int(Date().timeIntervalSince1970))),
        ]
        switch inbound {
        case .text(let body):
            message["type"] = "text"
            message["text"] = ["body": .string(body)]
        case .button(let replyID, let title):
            message["type"] = "interactive"
            message["context"] = ["from": "919800000000", "id": "wamid.OUT0"]
            message["interactive"] = [
                "type": "button_reply", "button_reply": ["id": .string(replyID), "title": .string(title)],
            ]
        case .list(let replyID, let title, let description):
            var reply: [String: JSONValue] = ["id": .string(replyID), "title": .string(title)]
            if let description { reply["description"] = .string(description) }
            message["type"] = "interactive"
            message["context"] = ["from": "919800000000", "id": "wamid.OUT0"]
            message["interactive"] = ["type": "list_reply", "list_reply": .object(reply)]
        case .image(let mediaID):
            message["type"] = "image"
            message["image"] = [
                "id": .string(mediaID), "mime_type": "image/jpeg",
                "sha256": "Jm1VXBH0sGbyT2XN1XLGrxK5kDcYCYvhH9J6MVaF5S0=",
            ]
        case .other("location"):
            message["type"] = "location"
            message["location"] = ["latitude": .double(19.076), "longitude": .double(72.8777), "name": "Mumbai"]
        case .other(let type):
            message["type"] = .string(type)
            message[type] = ["id": "1481932342564738", "mime_type": "audio/ogg; codecs=opus"]
        }
        return .object(message)
    }

    /// One `statuses[]` element about a message we sent.
    static func status(
        _ wamid: String, _ state: String, recipient: String, error: (code: Int, title: String)? = nil
    ) -> JSONValue {
        var status: [String: JSONValue] = [
            "id": .string(wamid), "status": .string(state), "recipient_id": .string(recipient),
            "timestamp": .string(String(Int(Date().timeIntervalSince1970))),
        ]
        if state != "failed" {
            status["conversation"] = ["id": "CONVERSATION_ID", "origin": ["type": "service"]]
            status["pricing"] = ["billable": false, "pricing_model": "PMP", "category": "service"]
        }
        if let error {
            status["errors"] = [
                [
                    "code": .int(Int64(error.code)), "title": .string(error.title),
                    "message": .string(error.title), "error_data": ["details": "Message failed to send."],
                ]
            ]
        }
        return .object(status)
    }
}

/// Interakt webhook bodies (protocols/interakt.md sections 3, 4 and 8).
enum InteraktPayload {
    static func customer(_ chat: String) -> JSONValue {
        [
            "id": "00000000-0000-0000-0000-0000000000c1", "channel_phone_number": .string(chat),
            "phone_number": .string(String(chat.suffix(10))), "country_code": "+91",
            "traits": ["name": "Field Agent", "whatsapp_opted_in": true],
        ]
    }

    /// A `message_received` event; `mediaURL` gives the URL a photo is served under.
    static func message(_ inbound: Inbound, from chat: String, id: String, mediaURL: (String) -> String) -> JSONValue {
        var message: [String: JSONValue] = [
            "id": .string(id), "chat_message_type": "CustomerMessage", "message_status": "Sent",
            "received_at_utc": "2026-11-25T10:00:00.000000", "delivered_at_utc": nil, "seen_at_utc": nil,
            "is_template_message": false, "media_url": nil, "meta_data": [:],
        ]
        switch inbound {
        case .text(let text):
            message["message_content_type"] = "Text"
            message["message"] = .string(text)
        case .button(let replyID, let title):
            message["message_content_type"] = "InteractiveButtonReply"
            message["message"] = .string(
                "{\"type\": \"button_reply\", \"button_reply\": {\"id\": \(quoted(replyID)), \"title\": \(quoted(title))}}"
            )
        case .list(let replyID, let title, let description):
            message["message_content_type"] = "InteractiveListReply"
            let extra = description.map { ", \"description\": \(quoted($0))" } ?? ""
            message["message"] = .string(
                "{\"type\": \"list_reply\", \"list_reply\": {\"id\": \(quoted(replyID)), \"title\": \(quoted(title))\(extra)}}"
            )
        case .image(let mediaID):
            message["message_content_type"] = "Image"
            message["message"] = ""
            message["media_url"] = .string(mediaURL(mediaID))
        case .other(let kind):
            message["message_content_type"] = .string(kind)
            message["message"] = ""
            if kind != "Location" { message["media_url"] = .string(mediaURL("other-\(kind)")) }
        }
        return [
            "version": "1.0", "timestamp": "2026-11-25T10:00:00.000000", "type": "message_received",
            "data": ["customer": customer(chat), "message": .object(message)],
        ]
    }

    /// A `message_api_*` event about a message we sent, with our callback data echoed.
    static func status(_ type: String, callbackData: String?, id: String, chat: String, failure: String? = nil)
        -> JSONValue
    {
        var metaData: [String: JSONValue] = [:]
        if let callbackData { metaData["source_data"] = ["callback_data": .string(callbackData)] }
        var message: [String: JSONValue] = [
            "id": .string(id), "chat_message_type": "PublicApiMessage",
            "message_status": .string(String(type.dropFirst("message_api_".count)).capitalized),
            "message_content_type": "Text", "is_template_message": false, "meta_data": .object(metaData),
        ]
        if let failure {
            message["channel_failure_reason"] = .string(failure)
            message["channel_error_code"] = "131026"
        }
        return [
            "version": "1.0", "timestamp": "2026-11-25T10:00:05.000000", "type": .string(type),
            "data": ["customer": customer(chat), "message": .object(message)],
        ]
    }

    private static func quoted(_ text: String) -> String { JSONValue.string(text).jsonText }
}

/// Posts webhooks to a running bot, signed unless told otherwise.
struct WebhookPoster: Sendable {
    let baseURL: String
    let session: URLSession

    init(baseURL: String) {
        self.baseURL = baseURL
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 16
        session = URLSession(configuration: configuration)
    }

    struct Answer: Sendable {
        let status: Int
        let contentType: String?
        let text: String
    }

    func post(_ path: String, body: [UInt8], headers: [String: String]) async throws -> Answer {
        var request = URLRequest(url: URL(string: baseURL + path)!)
        request.httpMethod = "POST"
        request.timeoutInterval = 30
        request.httpBody = Data(body)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        return try await answer(request)
    }

    func get(_ path: String) async throws -> Answer {
        var request = URLRequest(url: URL(string: baseURL + path)!)
        request.timeoutInterval = 30
        return try await answer(request)
    }

    private func answer(_ request: URLRequest) async throws -> Answer {
        let (data, response) = try await session.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return Answer(
            status: http.statusCode, contentType: http.value(forHTTPHeaderField: "Content-Type"),
            text: String(decoding: data, as: UTF8.self))
    }

    /// A WhatsApp notification signed with the app secret.
    func whatsApp(_ payload: JSONValue) async throws -> Answer {
        let body = Array(payload.jsonText.utf8)
        return try await post(
            "/webhook", body: body,
            headers: ["X-Hub-Signature-256": ChatSecrets.signature(body, secret: ChatSecrets.whatsappAppSecret)])
    }

    /// An Interakt event signed with the webhook secret.
    func interakt(_ payload: JSONValue, header: String = "Interakt-Signature") async throws -> Answer {
        let body = Array(payload.jsonText.utf8)
        return try await post(
            "/webhook/interakt", body: body,
            headers: [header: ChatSecrets.signature(body, secret: ChatSecrets.interaktWebhookSecret)])
    }
}

/// One option as a channel shows it.
struct ButtonChoice: Sendable, Equatable {
    let id: String
    let title: String
}

/// One list row as a channel shows it.
struct ListRow: Sendable, Equatable {
    let id: String
    let title: String
    let description: String?
}

/// One message the bot sends to a chat, in channel-neutral terms.
enum Outgoing: Sendable, Equatable, CustomStringConvertible {
    case text(String)
    case buttons(String, [ButtonChoice])
    case list(String, [ListRow])

    /// What DESIGN.md ("Chat channels rules") and the WhatsApp limits make of a message with
    /// options: reply buttons for up to 3 (titles of at most 20 characters), a list for up
    /// to 10 (row titles of at most 24, the full title as the description when shortened),
    /// the text alone (which numbers them) beyond.
    static func message(_ text: String, options: [(id: String, title: String)] = []) -> [Outgoing] {
        switch options.count {
        case 0, 11...: [.text(text)]
        case 1...3: [.buttons(text, options.map { ButtonChoice(id: $0.id, title: shortened($0.title, 20)) })]
        default:
            [
                .list(
                    text,
                    options.map {
                        ListRow(
                            id: $0.id, title: shortened($0.title, 24),
                            description: $0.title.count > 24 ? shortened($0.title, 72) : nil)
                    })
            ]
        }
    }

    static func shortened(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    var body: String {
        switch self {
        case .text(let text), .buttons(let text, _), .list(let text, _): text
        }
    }

    var description: String {
        switch self {
        case .text(let text): "text(\(text.debugDescription))"
        case .buttons(let text, let choices): "buttons(\(text.debugDescription), \(choices))"
        case .list(let text, let rows): "list(\(text.debugDescription), \(rows))"
        }
    }

    /// Meta's interactive object for buttons or a list.
    var interactive: JSONValue? {
        switch self {
        case .text:
            return nil
        case .buttons(let text, let choices):
            return [
                "type": "button", "body": ["text": .string(text)],
                "action": [
                    "buttons": .array(
                        choices.map { ["type": "reply", "reply": ["id": .string($0.id), "title": .string($0.title)]] })
                ],
            ]
        case .list(let text, let rows):
            let items: [JSONValue] = rows.map { row in
                var item: [String: JSONValue] = ["id": .string(row.id), "title": .string(row.title)]
                if let description = row.description { item["description"] = .string(description) }
                return .object(item)
            }
            return [
                "type": "list", "body": ["text": .string(text)],
                "action": ["button": "Choose", "sections": [["title": "Options", "rows": .array(items)]]],
            ]
        }
    }

    /// The Graph API body that sends this message to `chat`.
    func whatsApp(to chat: String) -> JSONValue {
        var body: [String: JSONValue] = [
            "messaging_product": "whatsapp", "recipient_type": "individual", "to": .string(chat),
        ]
        if case .text(let text) = self {
            body["type"] = "text"
            body["text"] = ["body": .string(text)]
        } else {
            body["type"] = "interactive"
            body["interactive"] = interactive
        }
        return .object(body)
    }

    /// The Interakt body that sends this message to `chat` (without `callbackData`).
    func interakt(to chat: String) -> JSONValue {
        switch self {
        case .text(let text):
            ["fullPhoneNumber": .string(chat), "type": "Text", "data": ["message": .string(text)]]
        case .buttons:
            ["fullPhoneNumber": .string(chat), "type": "InteractiveButton", "data": ["message": interactive!]]
        case .list:
            ["fullPhoneNumber": .string(chat), "type": "InteractiveList", "data": ["message": interactive!]]
        }
    }

    /// A sent body read back (either channel's shape).
    init?(sent body: JSONValue) {
        let interactive = body["interactive"] ?? body["data"]?["message"]
        if let text = body["text"]?["body"]?.stringValue ?? body["data"]?["message"]?.stringValue {
            self = .text(text)
        } else if let interactive, let text = interactive["body"]?["text"]?.stringValue {
            if interactive["type"] == "button" {
                self = .buttons(
                    text,
                    (interactive["action"]?["buttons"]?.arrayValue ?? []).map {
                        ButtonChoice(
                            id: $0["reply"]?["id"]?.stringValue ?? "", title: $0["reply"]?["title"]?.stringValue ?? "")
                    })
            } else {
                let rows = (interactive["action"]?["sections"]?.arrayValue ?? []).flatMap {
                    $0["rows"]?.arrayValue ?? []
                }
                self = .list(
                    text,
                    rows.map {
                        ListRow(
                            id: $0["id"]?.stringValue ?? "", title: $0["title"]?.stringValue ?? "",
                            description: $0["description"]?.stringValue)
                    })
            }
        } else {
            return nil
        }
    }

    /// How an agent picks `title` from this message: taps the button, picks the list row,
    /// or types the number the text gives it.
    func answer(choosing title: String) -> Inbound? {
        switch self {
        case .buttons(_, let choices):
            guard let choice = choices.first(where: { $0.title == title || $0.title == Self.shortened(title, 20) })
            else { return nil }
            return .button(id: choice.id, title: choice.title)
        case .list(_, let rows):
            guard let row = rows.first(where: { $0.title == title || $0.title == Self.shortened(title, 24) }) else {
                return nil
            }
            return .list(id: row.id, title: row.title, description: row.description)
        case .text(let text):
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: " ", maxSplits: 1)
                if parts.count == 2, parts[0].hasSuffix("."), parts[1] == title {
                    return .text(String(parts[0].dropLast()))
                }
            }
            return nil
        }
    }
}

/// Polls `condition` until it holds or `seconds` pass; returns whether it held.
func eventually(_ seconds: Double = 30, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let end = Date().addingTimeInterval(seconds)
    while Date() < end {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}

/// One agent chatting with the bot through signed webhooks, and what the channel's fake
/// recorded of the bot's replies to that chat.
final class ChatDriver: Sendable {
    enum Channel: Sendable {
        case whatsapp(FakeGraphAPI)
        case interakt(FakeInterakt)
    }

    let channel: Channel
    let chat: String
    let poster: WebhookPoster
    private let state = Mutex((seen: 0, counter: 0, last: Outgoing?.none))

    init(_ channel: Channel, chat: String, baseURL: String) {
        self.channel = channel
        self.chat = chat
        poster = WebhookPoster(baseURL: baseURL)
    }

    /// The bodies the channel accepted for this chat, in order.
    var delivered: [JSONValue] {
        switch channel {
        case .whatsapp(let graph): graph.delivered(to: chat)
        case .interakt(let interakt): interakt.delivered(to: chat)
        }
    }

    var problems: [String] {
        switch channel {
        case .whatsapp(let graph): graph.problems
        case .interakt(let interakt): interakt.problems
        }
    }

    /// Serves a photo under `id` (a media id, or the last part of an Interakt media URL).
    func addMedia(_ id: String, _ bytes: [UInt8]) {
        switch channel {
        case .whatsapp(let graph): graph.addMedia(id, bytes)
        case .interakt(let interakt): interakt.addMedia(id, bytes)
        }
    }

    /// A fresh provider message id.
    func nextMessageID() -> String {
        let n = state.withLock {
            $0.counter += 1
            return $0.counter
        }
        switch channel {
        case .whatsapp: return "wamid.IN.\(chat).\(n).\(UUID().uuidString.prefix(8))"
        case .interakt: return UUID().uuidString.lowercased()
        }
    }

    /// The signed webhook body for `inbound`.
    func payload(_ inbound: Inbound, id: String) -> JSONValue {
        switch channel {
        case .whatsapp: WhatsAppPayload.message(inbound, from: chat, id: id)
        case .interakt(let interakt): InteraktPayload.message(inbound, from: chat, id: id, mediaURL: interakt.mediaURL)
        }
    }

    /// Posts one message; it must be acknowledged with 200.
    @discardableResult
    func send(_ inbound: Inbound, id: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws
        -> String
    {
        let id = id ?? nextMessageID()
        let answer = try await post(payload(inbound, id: id))
        try #require(
            answer.status == 200, "\(inbound): \(answer.status) \(answer.text)", sourceLocation: sourceLocation)
        return id
    }

    func post(_ payload: JSONValue) async throws -> WebhookPoster.Answer {
        switch channel {
        case .whatsapp: try await poster.whatsApp(payload)
        case .interakt: try await poster.interakt(payload)
        }
    }

    /// The channel body that carries `outgoing` to this chat (Interakt's without `callbackData`).
    func body(_ outgoing: Outgoing) -> JSONValue {
        switch channel {
        case .whatsapp: outgoing.whatsApp(to: chat)
        case .interakt: outgoing.interakt(to: chat)
        }
    }

    /// Waits for the next `expected.count` replies and checks them, exactly and in order.
    func expect(
        _ expected: [Outgoing], seconds: Double = 30, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let seen = state.withLock { $0.seen }
        let arrived = await eventually(seconds) { delivered.count >= seen + expected.count }
        let all = delivered
        try #require(
            arrived,
            "waited for \(expected.count) replies after \(seen), got \(all.count - seen): \(all.dropFirst(seen).map(\.jsonText))",
            sourceLocation: sourceLocation)
        let new = Array(all[seen..<(seen + expected.count)])
        for (body, outgoing) in zip(new, expected) {
            var sent = body
            if case .interakt = channel {
                let callback = body["callbackData"]?.stringValue
                #expect(callback.flatMap(Int64.init) != nil, "callbackData \(body)", sourceLocation: sourceLocation)
                if case .object(var fields) = sent {
                    fields["callbackData"] = nil
                    sent = .object(fields)
                }
            }
            let wanted = self.body(outgoing)
            #expect(
                sent == wanted, "\nsent:     \(sent.jsonText)\nexpected: \(wanted.jsonText)",
                sourceLocation: sourceLocation)
        }
        state.withLock {
            $0.seen = seen + expected.count
            $0.last = new.last.flatMap(Outgoing.init(sent:))
        }
    }

    /// Sends `inbound` and checks the replies.
    func say(_ inbound: Inbound, _ expected: [Outgoing], sourceLocation: SourceLocation = #_sourceLocation)
        async throws
    {
        try await send(inbound, sourceLocation: sourceLocation)
        try await expect(expected, sourceLocation: sourceLocation)
    }

    /// Picks `title` from the last reply the way it was offered (button, list row or
    /// typed number), checks the replies, and returns how it was picked.
    @discardableResult
    func choose(_ title: String, _ expected: [Outgoing], sourceLocation: SourceLocation = #_sourceLocation)
        async throws -> Inbound
    {
        let last = state.withLock { $0.last }
        let inbound = try #require(
            last?.answer(choosing: title), "'\(title)' is not offered by \(String(describing: last))",
            sourceLocation: sourceLocation)
        try await say(inbound, expected, sourceLocation: sourceLocation)
        return inbound
    }

    /// Replies seen so far.
    var seen: Int { state.withLock { $0.seen } }
}
