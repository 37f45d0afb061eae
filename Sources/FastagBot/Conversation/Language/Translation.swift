import Synchronization

/// A sentence of the dialogue that carries values: `{}` in the English stands for a value
/// (a name, a number, a time, or a phrase that is itself in the table), `{1}`, `{2}`… in the
/// translation for the first, second… value, so that word order may differ.
struct TextPattern: Sendable {
    let english: String
    let translation: String
    /// The English around the values; every value lies between two of them.
    let literals: [String]

    init(_ english: String, _ translation: String) {
        self.english = english
        self.translation = translation
        literals = english.split(separator: "{}", omittingEmptySubsequences: false).map(String.init)
        precondition(literals.count > 1, "a pattern without a value is a sentence: \(english)")
        precondition(literals.dropFirst().dropLast().allSatisfy { !$0.isEmpty }, "two values touch in \(english)")
    }

    /// The values of `text` if it is this sentence; the first occurrence of each literal ends
    /// a value (values never contain the English that follows them). Only a value that ends
    /// the text may hold line breaks (a numbered list): a line the pattern does not know (a
    /// new line in the English) then makes it no match, not a value.
    func match(_ text: String) -> [String]? {
        guard text.hasPrefix(literals[0]) else { return nil }
        var rest = text.dropFirst(literals[0].count)
        var values: [String] = []
        for literal in literals.dropFirst().dropLast() {
            guard let range = rest.firstRange(of: literal) else { return nil }
            values.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        let last = literals[literals.count - 1]
        guard rest.hasSuffix(last) else { return nil }
        values.append(String(rest.dropLast(last.count)))
        let inside = last.isEmpty ? values.dropLast() : values[...]
        guard !inside.contains(where: { $0.contains("\n") }) else { return nil }
        return values
    }

    /// The translation with `values` in place of `{1}`, `{2}`….
    func render(_ values: [String]) -> String {
        var result = ""
        var rest = Substring(translation)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}"), let number = Int(after[..<close]),
                values.indices.contains(number - 1)
            else {
                result.append("{")
                rest = after
                continue
            }
            result += values[number - 1]
            rest = after[after.index(after: close)...]
        }
        return result + rest
    }
}

/// One language's table: exact English sentences (and option titles), then patterns.
struct Translation: Sendable {
    let sentences: [String: String]
    /// Most specific first (the most English around the values), so that "Please type the
    /// {}-digit OTP." wins over "Please type {}.".
    let patterns: [TextPattern]

    init(sentences: [String: String], patterns: [TextPattern]) {
        self.sentences = sentences
        self.patterns = patterns.sorted { $0.literals.joined().count > $1.literals.joined().count }
    }

    /// `text` in this language, or nil when the table does not have it. A value inside a
    /// pattern is translated too when the table has it (an ID proof's name, a provider's
    /// sentence), and kept as it is otherwise (names, numbers, vehicle data).
    func translate(_ text: String) -> String? {
        if let sentence = sentences[text] { return sentence }
        for pattern in patterns {
            guard let values = pattern.match(text) else { continue }
            return pattern.render(values.map { translate($0) ?? $0 })
        }
        return nil
    }

    /// The option title as shown: translated when the table has it; data (a maker, a plan,
    /// a barcode) stays as the provider wrote it.
    func title(_ title: String) -> String { sentences[title] ?? title }
}

/// Replies rendered in one language, noting what fell back to English.
struct Rendering {
    let language: Language
    /// English texts the table lacks, sent as they were.
    private(set) var untranslated: [String] = []

    /// How many texts fell back to English since the start (every language, every session).
    static let fallbacks = Atomic<Int>(0)

    init(_ language: Language) { self.language = language }

    var table: Translation? { language.table }

    mutating func text(_ english: String) -> String {
        guard let table, !english.isEmpty else { return english }
        if let translated = table.translate(english) { return translated }
        untranslated.append(english)
        Self.fallbacks.add(1, ordering: .relaxed)
        return english
    }

    func option(_ option: Option) -> Option {
        guard let table else { return option }
        return Option(id: option.id, title: table.title(option.title))
    }

    /// A whole message: its text and its options' titles (ids never change).
    mutating func message(_ message: BotMessage) -> BotMessage {
        var rendered = BotMessage(text(message.text), options: message.options.map(option), page: message.page)
        rendered.language = language
        return rendered
    }
}

extension Language {
    /// The table that renders the English dialogue in this language (English needs none).
    var table: Translation? {
        switch self {
        case .english: nil
        case .hindi: Hindi.table
        }
    }

    /// The English title of the option among `options` whose title in any language's table is
    /// `typed`: a title shown in Hindi picks like the English one.
    static func option(titled typed: String, among options: [Option]) -> Option? {
        let wanted = typed.trimming(" \t\n").lowercased()
        guard !wanted.isEmpty else { return nil }
        for language in allCases {
            guard let table = language.table else { continue }
            if let option = options.first(where: {
                table.title($0.title).lowercased() == wanted && $0.title != table.title($0.title)
            }) {
                return option
            }
        }
        return nil
    }
}

extension Language {
    /// A chat's own words (`ReplyFormat`: "Please choose:", "More…") in this language.
    func says(_ english: String) -> String { table?.translate(english) ?? english }

    func option(_ option: Option) -> Option { Rendering(self).option(option) }
}
