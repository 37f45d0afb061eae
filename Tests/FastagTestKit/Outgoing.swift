import FastagBot

/// One message the bot sends to a chat, in channel-neutral terms.
package enum Outgoing: Sendable, Equatable, CustomStringConvertible {
    case text(String)
    case buttons(String, [ButtonChoice])
    case list(String, [ListRow])

    /// What DESIGN.md ("Chat channels rules") and the WhatsApp limits make of a message with
    /// options: reply buttons for up to 3 (titles of at most 20 characters), a list for up
    /// to 10 (row titles of at most 24, the full title as the description when shortened),
    /// beyond that page `page` of a paged list: 9 rows and "More…" (`more:<next page>`), the
    /// last page the rest (up to 10), under the question without its numbered list.
    package static func message(_ text: String, options: [Option] = [], page: Int = 0) -> [Outgoing] {
        switch options.count {
        case 0: return [.text(text)]
        case 1...3: return [.buttons(text, options.map { ButtonChoice(id: $0.id, title: shortened($0.title, 20)) })]
        case 4...10: return [.list(text, options.map(row))]
        default:
            let pages = (options.count - 10 + 8) / 9 + 1
            let page = min(max(page, 0), pages - 1)
            let start = page * 9
            let end = page == pages - 1 ? options.count : start + 9
            let more = end < options.count
            let question = text.replacing("\n" + Copy.numbered(options.map(\.title)), with: "", maxReplacements: 1)
            let body = question + "\n" + Copy.optionsPage(first: start + 1, last: end, of: options.count, more: more)
            let rows =
                options[start..<end].map(row)
                + (more ? [ListRow(id: "more:\(page + 1)", title: Copy.more, description: nil)] : [])
            return [.list(body, rows)]
        }
    }

    static func row(_ option: Option) -> ListRow {
        ListRow(
            id: option.id, title: shortened(option.title, 24),
            description: option.title.utf16.count > 24 ? shortened(option.title, 72) : nil)
    }

    /// At most `limit` UTF-16 units (Meta's characters, counted conservatively), cut between
    /// characters, "…" at the end when shortened.
    package static func shortened(_ text: String, _ limit: Int) -> String {
        guard text.utf16.count > limit else { return text }
        var kept = ""
        for character in text {
            if kept.utf16.count + character.utf16.count + 1 > limit { break }
            kept.append(character)
        }
        return kept + "…"
    }

    package var body: String {
        switch self {
        case .text(let text), .buttons(let text, _), .list(let text, _): text
        }
    }

    package var description: String {
        switch self {
        case .text(let text): "text(\(text.debugDescription))"
        case .buttons(let text, let choices): "buttons(\(text.debugDescription), \(choices))"
        case .list(let text, let rows): "list(\(text.debugDescription), \(rows))"
        }
    }

    /// Meta's interactive object for buttons or a list.
    package var interactive: JSONValue? {
        func interactive(_ type: String, _ text: String, action: JSONValue) -> JSONValue {
            ["type": .string(type), "body": ["text": .string(text)], "action": action]
        }
        switch self {
        case .text:
            return nil
        case .buttons(let text, let choices):
            return interactive("button", text, action: ["buttons": .array(choices.map(\.json))])
        case .list(let text, let rows):
            let section: JSONValue = ["title": "Options", "rows": .array(rows.map(\.json))]
            return interactive("list", text, action: ["button": "Choose", "sections": [section]])
        }
    }

    /// The Graph API body that sends this message to `chat`.
    package func whatsApp(to chat: String) -> JSONValue {
        let envelope: [String: JSONValue] = [
            "messaging_product": "whatsapp", "recipient_type": "individual", "to": .string(chat),
        ]
        let content: [String: JSONValue] =
            switch self {
            case .text(let text): ["type": "text", "text": ["body": .string(text)]]
            case .buttons, .list: ["type": "interactive", "interactive": interactive ?? .null]
            }
        return .object(envelope.merging(content) { $1 })
    }

    /// The Interakt body that sends this message to `chat` (without `callbackData`).
    package func interakt(to chat: String) -> JSONValue {
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
    package init?(sent body: JSONValue) {
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
    package func answer(choosing title: String) -> Inbound? {
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

extension Outgoing {
    /// The demo agent's menu as a chat shows it.
    package static func demoMenu(wallet: String = SandboxCatalog.wallet, fastags: Int = SandboxCatalog.fastags)
        -> [Outgoing]
    {
        message(SandboxCatalog.menu(wallet: wallet, fastags: fastags), options: Copy.menuOptions)
    }
}
