/// The language the bot speaks to an agent. The dialogue is written in English
/// (`Messages`, the flows, the validators); another language is a rendering of the engine's
/// replies through its table (`Hindi`), so nobody writing English copy has to know about it.
package enum Language: String, Sendable, CaseIterable {
    case english = "en"
    case hindi = "hi"

    /// The words that switch to a language at any step, as agents type them (compared
    /// without case and with runs of spaces as one; `ज़` and `ज` both count).
    static let switchWords: [Language: Set<String>] = [
        .hindi: ["hindi", "hindi me", "hindi mein", "हिंदी", "हिन्दी", "हिंदी में", "हिन्दी में"],
        .english: ["english", "english me", "english mein", "अंग्रेज़ी", "अंग्रेजी", "इंग्लिश", "अंग्रेज़ी में", "अंग्रेजी में"],
    ]

    /// The language `text` asks for, if it is one of the switch words.
    static func asked(by text: String) -> Language? {
        let words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
        let typed = words.joined(separator: " ")
        return switchWords.first { $0.value.contains(typed) }?.key
    }

    /// What the bot says when it switches to this language (in English: rendered like
    /// every other sentence).
    var switched: String {
        switch self {
        case .english: Messages.languageEnglish
        case .hindi: Messages.languageHindi
        }
    }
}

extension Messages {
    static let languageHindi = "Okay, I will reply in Hindi from now on. Send English to switch back."
    static let languageEnglish = "Okay, I will reply in English from now on. Send Hindi to switch to Hindi."
}

extension Session {
    /// The language chosen before login (a session has no agent to keep it yet); carried to
    /// the agent at login.
    static let languageKey = "language"

    /// The language of the agent the chat's number or the login's mobile names: used before
    /// login when none was chosen, never given to an agent (another may log in on the chat).
    static let guessedLanguageKey = "language.guess"

    var chosenLanguage: Language? {
        get { data[Self.languageKey]?.stringValue.flatMap(Language.init(rawValue:)) }
        set { data[Self.languageKey] = newValue.map { .string($0.rawValue) } }
    }

    var guessedLanguage: Language? {
        get { data[Self.guessedLanguageKey]?.stringValue.flatMap(Language.init(rawValue:)) }
        set { data[Self.guessedLanguageKey] = newValue.map { .string($0.rawValue) } }
    }
}
