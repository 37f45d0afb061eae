/// Reads Meta's WhatsApp Cloud API webhook notifications (protocols/whatsapp-cloud-api.md
/// sections 2 and 9): every `entry[].changes[].value` may carry `messages` and `statuses`.
enum WhatsAppWebhook {
    struct Notification {
        var messages: [ChatMessage] = []
        var statuses: [DeliveryStatus] = []
    }

    /// Nil when the body is not a WhatsApp notification at all.
    static func parse(_ body: [UInt8]) -> Notification? {
        guard let root = try? JSONValue.parse(body), let entries = root["entry"]?.arrayValue else { return nil }
        var notification = Notification()
        for entry in entries {
            for change in entry["changes"]?.arrayValue ?? [] {
                let value = change["value"]
                for message in value?["messages"]?.arrayValue ?? [] {
                    if let parsed = chatMessage(message) { notification.messages.append(parsed) }
                }
                for status in value?["statuses"]?.arrayValue ?? [] {
                    guard let state = status["status"]?.stringValue.flatMap(DeliveryStatus.State.init(rawValue:)) else {
                        continue
                    }
                    let error = status["errors"]?.arrayValue?.first.map { error in
                        "\(error["code"]?.intValue.map(String.init) ?? "?") \(error["title"]?.stringValue ?? error["message"]?.stringValue ?? "")"
                    }
                    notification.statuses.append(
                        DeliveryStatus(
                            channel: .whatsapp, providerMessageID: status["id"]?.stringValue, outboxID: nil,
                            state: state,
                            error: error, errorCode: status["errors"]?.arrayValue?.first?["code"]?.intValue))
                }
            }
        }
        return notification
    }

    private static func chatMessage(_ message: JSONValue) -> ChatMessage? {
        guard let id = message["id"]?.stringValue, let from = message["from"]?.stringValue else { return nil }
        let type = message["type"]?.stringValue ?? "unknown"
        let content: ChatMessage.Content
        switch type {
        case "text":
            content = .text(message["text"]?["body"]?.stringValue ?? "")
        case "interactive":
            let interactive = message["interactive"]
            let reply = interactive?["button_reply"] ?? interactive?["list_reply"]
            guard let reply, let replyID = reply["id"]?.stringValue else {
                content = .unsupported(kind: "interactive")
                break
            }
            content = .choice(id: replyID, title: reply["title"]?.stringValue ?? replyID)
        case "button":
            let button = message["button"]
            let text = button?["text"]?.stringValue ?? ""
            content = .choice(id: button?["payload"]?.stringValue ?? text, title: text)
        case "image", "document":
            content = media(message[type], asDocument: type == "document")
        default:
            content = .unsupported(kind: type)
        }
        // Unix seconds, as a string.
        let sentAt = message["timestamp"]?.stringValue.flatMap { Int64($0) }.map { $0 * 1000 }
        return ChatMessage(channel: .whatsapp, messageID: id, chatID: from, content: content, sentAt: sentAt)
    }

    /// An `image` or `document` object (section 2.2): a photo to fetch when its declared type
    /// is JPEG or PNG (a document's `filename` speaks when its type says nothing), otherwise
    /// refused by name without fetching it (a PDF, a WebP or HEIC image).
    private static func media(_ object: JSONValue?, asDocument: Bool) -> ChatMessage.Content {
        var mimeType = object?["mime_type"]?.stringValue
        if mimeType == nil || mimeType.map(IncomingMedia.essence) == "application/octet-stream",
            let name = object?["filename"]?.stringValue?.lowercased()
        {
            if name.hasSuffix(".jpg") || name.hasSuffix(".jpeg") { mimeType = "image/jpeg" }
            if name.hasSuffix(".png") { mimeType = "image/png" }
        }
        guard IncomingMedia.isPhoto(mimeType) else {
            return .unsupported(kind: IncomingMedia.kind(of: mimeType, asDocument: asDocument))
        }
        return .image(
            ChatMedia(mediaID: object?["id"]?.stringValue, url: nil, mimeType: mimeType, asDocument: asDocument))
    }
}
