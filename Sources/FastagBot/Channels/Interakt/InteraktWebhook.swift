/// Reads Interakt webhooks (protocols/interakt.md sections 3-4): `message_received` from a
/// customer (the agent, for us) and the status events of messages we sent.
enum InteraktWebhook {
    struct Notification {
        var messages: [ChatMessage] = []
        var statuses: [DeliveryStatus] = []
    }

    static func parse(_ body: [UInt8]) -> Notification? {
        guard let root = try? JSONValue.parse(body), let type = root["type"]?.stringValue, let data = root["data"]
        else {
            return nil
        }
        var notification = Notification()
        let message = data["message"]
        switch type {
        case "message_received":
            // Messages typed by people in the Interakt inbox arrive here too; only the customer's count.
            guard message?["chat_message_type"]?.stringValue ?? "CustomerMessage" == "CustomerMessage",
                let id = message?["id"]?.stringValue, let chat = chatID(data["customer"])
            else { break }
            notification.messages.append(
                ChatMessage(
                    channel: .interakt, messageID: id, chatID: chat, content: content(message),
                    sentAt: message?["received_at_utc"]?.stringValue.flatMap(utcMilliseconds)))
        case "message_api_sent", "message_api_delivered", "message_api_read", "message_api_failed":
            let state = DeliveryStatus.State(rawValue: String(type.dropFirst("message_api_".count))) ?? .sent
            let callback = message?["meta_data"]?["source_data"]?["callback_data"]?.stringValue
            let reason = [message?["channel_error_code"]?.stringValue, message?["channel_failure_reason"]?.stringValue]
                .compactMap { $0 }.joined(separator: " ")
            notification.statuses.append(
                DeliveryStatus(
                    channel: .interakt, providerMessageID: message?["id"]?.stringValue,
                    outboxID: callback.flatMap(Int64.init),
                    state: state, error: reason.isEmpty ? nil : reason,
                    errorCode: message?["channel_error_code"]?.stringValue.flatMap { Int64($0) }))
        default:
            break
        }
        return notification
    }

    /// `channel_phone_number` (country code and number), else `country_code` + `phone_number`.
    private static func chatID(_ customer: JSONValue?) -> String? {
        if let full = customer?["channel_phone_number"]?.stringValue, !full.isEmpty { return full.filter(\.isNumber) }
        guard let phone = customer?["phone_number"]?.stringValue else { return nil }
        let code = (customer?["country_code"]?.stringValue ?? "+91").filter(\.isNumber)
        return code + phone.filter(\.isNumber)
    }

    private static func content(_ message: JSONValue?) -> ChatMessage.Content {
        let kind = message?["message_content_type"]?.stringValue ?? "Text"
        let text = message?["message"]?.stringValue ?? ""
        switch kind {
        case "Text":
            return .text(text)
        case "InteractiveButtonReply", "InteractiveListReply", "Interactive":
            // The reply arrives as a JSON string shaped like Meta's interactive object.
            if let object = try? JSONValue.parse(Array(text.utf8)),
                let reply = object["button_reply"] ?? object["list_reply"], let id = reply["id"]?.stringValue
            {
                return .choice(id: id, title: reply["title"]?.stringValue ?? id)
            }
            if let payload = message?["meta_data"]?["button_payload"]?["payload"]?["text"]?.stringValue {
                return .text(payload)
            }
            return .text(text)
        case "Image", "Document":
            guard let url = message?["media_url"]?.stringValue, !url.isEmpty else {
                return .unsupported(kind: kind.lowercased())
            }
            return .image(ChatMedia(mediaID: nil, url: url, asDocument: kind == "Document"))
        default:
            // Interakt names kinds in capitals (Audio, Location); the answer names them in words.
            return .unsupported(kind: kind.lowercased())
        }
    }

    /// `2025-01-01T10:00:00.123456` (UTC, no zone) as Unix milliseconds; nil when not that shape.
    static func utcMilliseconds(_ text: String) -> Int64? {
        let fields = text.split(whereSeparator: { "-T:.".contains($0) })
        let parts = fields.compactMap { Int64($0) }
        guard parts.count >= 6, parts.count == fields.count else { return nil }
        let (year, month, day) = (parts[0], parts[1], parts[2])
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        // Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let seconds = ((days * 24 + parts[3]) * 60 + parts[4]) * 60 + parts[5]
        let fraction = fields.count > 6 ? String(fields[6].prefix(3)) : ""
        let milliseconds = (Int64(fraction) ?? 0) * [0, 100, 10, 1][fraction.count]
        return seconds * 1000 + milliseconds
    }
}
