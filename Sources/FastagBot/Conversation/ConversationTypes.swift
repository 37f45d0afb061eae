/// What an agent sent, as every front door hands it to the engine.
enum ConversationInput: Sendable, Equatable {
    /// Typed text (or the title of a tapped button when no id came with it).
    case text(String)
    /// A tapped reply button or list row: our option id and its title.
    case choice(id: String, title: String)
    /// A photo's bytes (already downloaded or base64-decoded).
    case image([UInt8])
    /// Something the bot cannot read (audio, a sticker, a location…), named.
    case unsupported(String)

    /// The words of the input, for steps that read text.
    var words: String? {
        switch self {
        case .text(let text): text
        case .choice(_, let title): title
        case .image, .unsupported: nil
        }
    }
}

/// An answer the agent can pick: a stable id (button and list ids) and its title.
package struct Option: Sendable, Equatable, Hashable {
    package var id: String
    package var title: String

    package init(id: String, title: String) {
        self.id = id
        self.title = title
    }

    /// The id of a chat's "More…" row: the page it shows. It carries the page itself, so a
    /// chat keeps no paging state and an old "More…" only shows a page of the current question.
    static func more(page: Int) -> Option { Option(id: "more:\(page)", title: "More…") }

    /// The id sent in a button or list row: ours, unless Meta would refuse it (over 200 units,
    /// the rows' limit; spaces around it; empty), then a hash of it that `StepContext.choose`
    /// also recognises.
    var sentID: String {
        let fits =
            !id.isEmpty && id.utf16.count <= 200 && id.first?.isWhitespace == false
            && id.last?.isWhitespace == false
        guard !fits else { return id }
        // FNV-1a over the UTF-8 bytes: stable across processes, unlike `hashValue`.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return "h:" + String(hash, radix: 16)
    }

    /// The page a "More…" id asks for.
    static func morePage(_ id: String) -> Int? {
        guard id.hasPrefix("more:"), let page = Int(id.dropFirst(5)), page >= 0, page < 1000 else { return nil }
        return page
    }
}

/// One message the bot sends, with the options offered under it.
struct BotMessage: Sendable, Equatable {
    var text: String
    var options: [Option]
    /// Which page of a long option list a chat shows (`ReplyFormat`); the options are all
    /// here whatever the page, so a typed number or name picks any of them.
    var page: Int
    /// The language the text is in; a chat's own words around it (`ReplyFormat`) follow it.
    var language: Language = .english

    init(_ text: String, options: [Option] = [], page: Int = 0) {
        self.text = text
        self.options = options
        self.page = page
    }
}

/// The engine's answer to one input.
struct Reply: Sendable {
    /// The session the conversation continues in (a new one after a completed flow).
    var sessionID: String
    var messages: [BotMessage]
    /// The input was not accepted: the agent should answer again.
    var isRefusal: Bool
    /// The flow and step the session is now at.
    var flow: FlowName
    var step: StepName
    /// Figures for the step API (`agent_name`, `wallet_balance`, …).
    var data: [String: JSONValue]
    /// For a refusal: the reason alone, without the question asked again.
    package var reason: String? = nil
    /// English texts sent as they were because the agent's language has no translation of
    /// them (the catalog test keeps this empty).
    var untranslated: [String] = []

    /// All messages as one text (the step API has a single `message`).
    var text: String { messages.map(\.text).joined(separator: "\n\n") }
    /// The options of the last message.
    var options: [Option] { messages.last?.options ?? [] }
}

/// A question as asked: its text and the options it offers.
struct Prompt: Sendable {
    var text: String
    var options: [Option] = []

    init(_ text: String, options: [Option] = []) {
        self.text = text
        self.options = options
    }
}

/// Why a step did not accept an input.
enum StepFailure: Error, Sendable {
    /// The answer is not acceptable; the same question is asked again.
    case refused(String)
    /// The provider failed; nothing of this input is kept but the facts and automatic
    /// steps that succeeded before it (`Step.fact`).
    case provider(ProviderError)
    /// The provider said no to something answered earlier: those answers are cleared and
    /// asked again (e.g. an ID proof linked to another mobile).
    case redo(String, clearing: [StepName])
    /// The answer is not an option but comes close to this one: "Did you mean…?" is asked,
    /// and the next Yes picks it (`ConversationEngine+Suggestion.swift`).
    case suggest(Option)
}
