/// Turns the bot's messages into what each channel sends, within WhatsApp's limits
/// (protocols/whatsapp-cloud-api.md section 5; Interakt forwards the same objects): up to 3
/// options become reply buttons (titles of at most 20 characters, unique), up to 10 a list
/// (rows of at most 24, with the full title as the description when it had to be shortened),
/// more a paged list: 9 rows and a "More…" row whose id names the next page. Ids are our option
/// ids (hashed only if one is too long to send), so a tap maps back to the same option.
/// Lengths are counted in UTF-16 units, never fewer than the characters Meta counts (an emoji
/// is one character but two units), and text is only cut between characters (grapheme
/// clusters), never inside a surrogate pair or a combining sequence.
enum ReplyFormat {
    enum Shape: Equatable {
        case text(String)
        case buttons(body: String, options: [Option])
        case list(body: String, options: [Option])
    }

    static let textLimit = 4096
    static let interactiveBodyLimit = 1024
    static let buttonTitleLimit = 20
    static let rowTitleLimit = 24
    static let rowDescriptionLimit = 72
    static let maxButtons = 3
    static let maxRows = 10
    /// Options on each page of a longer list but the last; the tenth row is "More…".
    static let pageSize = 9
    static let listButton = "Choose"
    static let sectionTitle = "Options"

    /// A length as Meta's limits are checked here: UTF-16 units.
    static func length(_ text: some StringProtocol) -> Int { text.utf16.count }

    /// The channel-neutral shape of one bot message (one or more sends).
    static func shapes(_ message: BotMessage) -> [Shape] {
        let options = message.options
        guard !options.isEmpty else {
            // Meta refuses an empty text: a message with nothing to say is not sent.
            return message.text.allSatisfy(\.isWhitespace) ? [] : split(message.text).map(Shape.text)
        }
        var body = message.text
        var shown = options
        if options.count > maxRows {
            let page = page(message.page, of: options.count)
            shown =
                Array(options[page.range]) + (page.next.map { [message.language.option(Option.more(page: $0))] } ?? [])
            body = paged(message.text, options: options, page, in: message.language)
        }
        var sends: [Shape] = []
        if length(body) > interactiveBodyLimit {
            sends += split(body).map(Shape.text)
            body = message.language.says(Messages.pleaseChoose)
        }
        if body.trimming(" \n").isEmpty { body = message.language.says(Messages.pleaseChoose) }
        // Button titles must be unique: options that would share a shortened title go in a
        // list instead, whose rows carry the full titles as descriptions.
        let titles = Set(shown.map { shorten($0.title, to: buttonTitleLimit) })
        let buttons = shown.count <= maxButtons && titles.count == shown.count
        sends.append(buttons ? .buttons(body: body, options: shown) : .list(body: body, options: shown))
        return sends
    }

    /// Which options page `wanted` of a long list shows, and the page after it. Every page but
    /// the last holds 9 options and "More…"; the last holds the rest, up to 10. A page past
    /// the end (an old "More…" of a longer list) is the last.
    static func page(_ wanted: Int, of count: Int) -> (range: Range<Int>, next: Int?) {
        let last = count <= maxRows ? 0 : (count - maxRows + pageSize - 1) / pageSize
        let page = min(max(wanted, 0), last)
        let start = page * pageSize
        return page == last ? (start..<count, nil) : (start..<(start + pageSize), page + 1)
    }

    /// The body of a page: the question without the numbered list of every option (a wall of
    /// text in a chat), and which options the page shows.
    static func paged(
        _ text: String, options: [Option], _ page: (range: Range<Int>, next: Int?), in language: Language = .english
    ) -> String {
        let wall = "\n" + Messages.numbered(options.map(\.title))
        let question = text.replacing(wall, with: "", maxReplacements: 1)
        return question + "\n"
            + language.says(
                Messages.optionsPage(
                    first: page.range.lowerBound + 1, last: page.range.upperBound, of: options.count,
                    more: page.next != nil))
    }

    /// Text longer than one WhatsApp message, cut at line breaks where possible.
    static func split(_ text: String) -> [String] {
        guard length(text) > textLimit else { return [text] }
        var parts: [String] = []
        var current: String?
        var used = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var rest = line
            if let part = current, used + 1 + length(rest) > textLimit {
                if !part.isEmpty { parts.append(part) }
                current = nil
            }
            guard let part = current else {
                // A line longer than a message is cut into message-sized pieces, none of it dropped.
                while length(rest) > textLimit {
                    let piece = prefix(rest, fitting: textLimit)
                    parts.append(String(piece))
                    rest = rest[piece.endIndex...]
                }
                current = String(rest)
                used = length(rest)
                continue
            }
            current = part + "\n" + rest
            used += 1 + length(rest)
        }
        if let current, !current.isEmpty { parts.append(current) }
        return parts
    }

    /// The longest run of whole characters from the start of `text` within `limit` units
    /// (at least one unit, so that cutting always goes forward).
    static func prefix(_ text: Substring, fitting limit: Int) -> Substring {
        var end = text.startIndex
        var used = 0
        for character in text {
            let size = character.utf16.count
            if used + size > limit { break }
            used += size
            end = text.index(after: end)
        }
        guard end == text.startIndex, !text.isEmpty else { return text[..<end] }
        // One character longer than the limit (hundreds of combining marks): cut between its
        // scalars, the only way to send it at all.
        var scalars = text.unicodeScalars.startIndex
        used = 0
        while scalars < text.unicodeScalars.endIndex, used + text.unicodeScalars[scalars].utf16.count <= limit {
            used += text.unicodeScalars[scalars].utf16.count
            scalars = text.unicodeScalars.index(after: scalars)
        }
        return text[..<scalars]
    }

    /// `text`, or as much of it as fits in `limit` units with "…" after it.
    static func shorten(_ text: String, to limit: Int) -> String {
        guard length(text) > limit else { return text }
        var kept = ""
        var used = 1
        for character in text {
            let size = character.utf16.count
            if used + size > limit { break }
            used += size
            kept.append(character)
        }
        return kept + "…"
    }

    /// Meta's interactive object for buttons or a list.
    static func interactive(_ shape: Shape, in language: Language = .english) -> JSONValue? {
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
                                "reply": [
                                    "id": .string($0.sentID), "title": .string(shorten($0.title, to: buttonTitleLimit)),
                                ],
                            ]
                        })
                ],
            ]
        case .list(let body, let options):
            let rows: [JSONValue] = options.map { option in
                var row: [String: JSONValue] = [
                    "id": .string(option.sentID), "title": .string(shorten(option.title, to: rowTitleLimit)),
                ]
                if length(option.title) > rowTitleLimit {
                    row["description"] = .string(shorten(option.title, to: rowDescriptionLimit))
                }
                return .object(row)
            }
            return [
                "type": "list", "body": ["text": .string(body)],
                "action": [
                    "button": .string(language.says(listButton)),
                    "sections": [["title": .string(language.says(sectionTitle)), "rows": .array(rows)]],
                ],
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
                body["interactive"] = interactive(shape, in: message.language)
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
                body["data"] = ["message": interactive(shape, in: message.language)!]
            case .list:
                body["type"] = "InteractiveList"
                body["data"] = ["message": interactive(shape, in: message.language)!]
            }
            return .object(body)
        }
    }
}
