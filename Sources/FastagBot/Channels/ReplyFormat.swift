/// Turns the bot's messages into what each channel sends, within WhatsApp's limits
/// (protocols/whatsapp-cloud-api.md section 5): up to 3 options become reply buttons
/// (titles of at most 20 characters, unique), up to 10 a list (rows of at most 24, with the full
/// title as the description when it had to be shortened), more stay the numbered text
/// list the message already holds. Ids are our option ids, never shortened, so a tap maps
/// back to the same option.
enum ReplyFormat {
    enum Shape: Equatable {
        case text(String)
        case buttons(body: String, options: [Option])
        case list(body: String, options: [Option])
    }

    static let textLimit = 4096
    static let interactiveBodyLimit = 1024

    /// The channel-neutral shape of one bot message (one or more sends).
    static func shapes(_ message: BotMessage) -> [Shape] {
        let options = message.options
        guard !options.isEmpty, options.count <= 10 else { return split(message.text).map(Shape.text) }
        var sends: [Shape] = []
        var body = message.text
        if body.count > interactiveBodyLimit {
            sends += split(body).map(Shape.text)
            body = "Please choose:"
        }
        // Button titles must be unique: options that would share a shortened title go in a
        // list instead, whose rows carry the full titles as descriptions.
        let titles = Set(options.map { shorten($0.title, to: 20) })
        let buttons = options.count <= 3 && titles.count == options.count
        sends.append(buttons ? .buttons(body: body, options: options) : .list(body: body, options: options))
        return sends
    }

    /// Text longer than one WhatsApp message, cut at line breaks where possible.
    static func split(_ text: String) -> [String] {
        guard text.count > textLimit else { return [text] }
        var parts: [String] = []
        var current = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current.count + line.count + 1 > textLimit, !current.isEmpty {
                parts.append(current)
                current = ""
            }
            var rest = line
            // A line longer than a message is cut into message-sized pieces, none of it dropped.
            while current.isEmpty, rest.count > textLimit {
                parts.append(String(rest.prefix(textLimit)))
                rest = rest.dropFirst(textLimit)
            }
            current += current.isEmpty ? String(rest) : "\n" + rest
        }
        if !current.isEmpty { parts.append(current) }
        return parts
    }

    static func shorten(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    /// Meta's interactive object for buttons or a list.
    static func interactive(_ shape: Shape) -> JSONValue? {
        switch shape {
        case .text:
            return nil
        case .buttons(let body, let options):
            return [
                "type": "button", "body": ["text": .string(body)],
                "action": [
                    "buttons": .array(
                        options.map {
                            [
                                "type": "reply",
                                "reply": ["id": .string($0.id), "title": .string(shorten($0.title, to: 20))],
                            ]
                        })
                ],
            ]
        case .list(let body, let options):
            let rows: [JSONValue] = options.map { option in
                var row: [String: JSONValue] = [
                    "id": .string(option.id), "title": .string(shorten(option.title, to: 24)),
                ]
                if option.title.count > 24 { row["description"] = .string(shorten(option.title, to: 72)) }
                return .object(row)
            }
            return [
                "type": "list", "body": ["text": .string(body)],
                "action": ["button": "Choose", "sections": [["title": "Options", "rows": .array(rows)]]],
            ]
        }
    }

    /// Graph API bodies for `POST /{phone-number-id}/messages`.
    static func whatsApp(_ message: BotMessage, to chatID: String) -> [JSONValue] {
        shapes(message).map { shape in
            var body: [String: JSONValue] = [
                "messaging_product": "whatsapp", "recipient_type": "individual", "to": .string(chatID),
            ]
            if case .text(let text) = shape {
                body["type"] = "text"
                body["text"] = ["body": .string(text)]
            } else {
                body["type"] = "interactive"
                body["interactive"] = interactive(shape)
            }
            return .object(body)
        }
    }

    /// Interakt bodies for `POST /v1/public/message/`.
    static func interakt(_ message: BotMessage, to chatID: String) -> [JSONValue] {
        shapes(message).map { shape in
            var body: [String: JSONValue] = ["fullPhoneNumber": .string(chatID)]
            switch shape {
            case .text(let text):
                body["type"] = "Text"
                body["data"] = ["message": .string(text)]
            case .buttons:
                body["type"] = "InteractiveButton"
                body["data"] = ["message": interactive(shape)!]
            case .list:
                body["type"] = "InteractiveList"
                body["data"] = ["message": interactive(shape)!]
            }
            return .object(body)
        }
    }
}
