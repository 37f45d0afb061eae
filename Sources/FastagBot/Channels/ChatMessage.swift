/// A message an agent sent through a chat channel, as both webhooks are reduced to it.
struct ChatMessage: Sendable, Equatable {
    enum Content: Sendable, Equatable {
        case text(String)
        /// A tapped reply button, list row or template quick reply: our id and its title.
        case choice(id: String, title: String)
        /// A photo to fetch, sent as a photo or as a document.
        case image(ChatMedia)
        /// Audio, stickers, locations…: answered politely, never processed.
        case unsupported(kind: String)
    }

    var channel: Session.Channel
    /// The provider's id: the inbox key that makes duplicate deliveries harmless.
    var messageID: String
    /// The chat's number in international form (`919811122233`): where replies go.
    var chatID: String
    var content: Content
    /// When the agent sent it, by the channel's clock (Unix milliseconds; WhatsApp's
    /// `timestamp`, whole seconds), when the webhook says: the order of a burst of photos
    /// whose webhooks crossed on the way.
    var sentAt: Int64?

    init(channel: Session.Channel, messageID: String, chatID: String, content: Content, sentAt: Int64? = nil) {
        self.channel = channel
        self.messageID = messageID
        self.chatID = chatID
        self.content = content
        self.sentAt = sentAt
    }

    /// The sender as a 10-digit Indian mobile, when the chat number is one.
    var senderMobile: String? { try? Validators.mobile(chatID) }

    /// How the message is kept in the inbox.
    var payload: JSONValue {
        var payload: JSONValue =
            switch content {
            case .text(let text): ["kind": "text", "text": .string(text)]
            case .choice(let id, let title): ["kind": "choice", "id": .string(id), "title": .string(title)]
            case .image(let media): media.payload
            case .unsupported(let kind): ["kind": "unsupported", "type": .string(kind)]
            }
        if let sentAt, case .object(var fields) = payload {
            fields["sent_at"] = .int(sentAt)
            payload = .object(fields)
        }
        return payload
    }

    init?(channel: Session.Channel, messageID: String, chatID: String, payload: JSONValue) {
        let field = { (key: String) in payload[key]?.stringValue }
        switch field("kind") {
        case "text": content = .text(field("text") ?? "")
        case "choice": content = .choice(id: field("id") ?? "", title: field("title") ?? "")
        case "image": content = .image(ChatMedia(payload: payload))
        case "unsupported": content = .unsupported(kind: field("type") ?? "unknown")
        default: return nil
        }
        self.channel = channel
        self.messageID = messageID
        self.chatID = chatID
        sentAt = payload["sent_at"]?.intValue
    }

    var isImage: Bool {
        if case .image = content { return true }
        return false
    }
}

/// A photo an agent sent: where to fetch it (a WhatsApp media id or an Interakt media URL),
/// the type the sender's app declared, and whether it came as a document (uncompressed,
/// possibly large: agents send RC photos so to keep the text legible).
struct ChatMedia: Sendable, Equatable {
    var mediaID: String?
    var url: String?
    var mimeType: String? = nil
    var asDocument = false

    /// In the inbox: `media_id` and `url` as before, `mime_type` and `document` only when
    /// known, so payloads stored before them still read (as photos of unknown type).
    var payload: JSONValue {
        var fields: [String: JSONValue] = ["kind": "image", "media_id": .optional(mediaID), "url": .optional(url)]
        if let mimeType { fields["mime_type"] = .string(mimeType) }
        if asDocument { fields["document"] = .bool(true) }
        return .object(fields)
    }

    init(mediaID: String?, url: String?, mimeType: String? = nil, asDocument: Bool = false) {
        self.mediaID = mediaID
        self.url = url
        self.mimeType = mimeType
        self.asDocument = asDocument
    }

    init(payload: JSONValue) {
        self.init(
            mediaID: payload["media_id"]?.stringValue, url: payload["url"]?.stringValue,
            mimeType: payload["mime_type"]?.stringValue, asDocument: payload["document"] == .bool(true))
    }
}

/// What a channel reports about a message we sent.
struct DeliveryStatus: Sendable, Equatable {
    enum State: String, Sendable {
        case sent, delivered, read, failed
    }

    var channel: Session.Channel
    /// The provider's id of our message (`wamid…` or Interakt's message id).
    var providerMessageID: String?
    /// Our outbox id echoed back (Interakt's `callbackData`).
    var outboxID: Int64?
    var state: State
    var error: String?
    /// The channel's numeric error code of a failure (Meta's `errors[].code`).
    var errorCode: Int64? = nil
}
