/// How a typed answer picks one of a question's options.
enum OptionMatch: Equatable {
    case picked(Option)
    /// The words fit several options equally: they are named back to choose from.
    case several([Option])
    /// Nothing fits, but one option is a small typo away: the agent is asked "Did you mean…?".
    case suggestion(Option)
    case none
}

/// Reads a typed answer against a list of options, from the surest reading to the loosest:
/// its number (`2`, `2.`, `#2`, `2nd`, `two`, `second`, `दो`, `do`), its title or id in any
/// case, Yes/No in the forms agents type, the title without spaces and marks
/// (`s cross` for S-CROSS), the start of the title's words (`maruti`, `mah reva`, `pass`)
/// or its initials (`dl`), and last, when `typos` allows, a title a letter or two away
/// (`marutii`, `hundai`), which is only suggested, never picked.
enum OptionMatcher {
    static func match(_ typed: String, in options: [Option], typos: Bool = true) -> OptionMatch {
        let text = Validators.asciiDigits(typed).trimming(" \t\n").lowercased()
        guard !text.isEmpty, !options.isEmpty else { return .none }
        if let number = number(text, count: options.count) { return .picked(options[number - 1]) }
        let spaced = words(text).joined(separator: " ")
        if let option = options.first(where: {
            words($0.title).joined(separator: " ") == spaced || $0.id.lowercased() == text
        }) {
            return .picked(option)
        }
        if let answer = YesNo.read(text),
            let option = options.first(where: { $0.title.lowercased() == (answer ? "yes" : "no") })
        {
            return .picked(option)
        }
        let typedWords = words(text)
        let key = typedWords.joined()
        if let option = options.first(where: { words($0.title).joined() == key }) { return .picked(option) }
        let starting = options.filter { starts($0.title, with: typedWords) }
        if starting.count == 1 { return .picked(starting[0]) }
        if !starting.isEmpty { return .several(starting) }
        guard typos else { return .none }
        return suggestion(typedWords, in: options)
    }

    // MARK: - Numbers

    static let numberWords: [[String]] = [
        ["one", "first", "ek", "pehla", "pahla", "pehli", "एक", "पहला", "पहली"],
        ["two", "second", "do", "doosra", "dusra", "dusri", "दो", "दूसरा", "दूसरी"],
        ["three", "third", "teen", "tin", "teesra", "tisra", "तीन", "तीसरा", "तीसरी"],
        ["four", "fourth", "char", "chaar", "chautha", "चार", "चौथा", "चौथी"],
        ["five", "fifth", "paanch", "panch", "पाँच", "पांच"],
        ["six", "sixth", "chhe", "chhah", "chah", "che", "छह", "छः", "छे"],
        ["seven", "seventh", "saat", "सात"],
        ["eight", "eighth", "aath", "आठ"],
        ["nine", "ninth", "nau", "नौ"],
        ["ten", "tenth", "das", "dus", "दस"],
    ]

    /// The option's number: digits (with `#`, `.`, `)` or an ordinal suffix around them), or
    /// a number word when the list is short enough to be read out in words.
    static func number(_ text: String, count: Int) -> Int? {
        var digits = Substring(text)
        if digits.hasPrefix("option") { digits = digits.dropFirst("option".count) }
        digits = digits.trimming(" #")
        for end in [".", ")", "st", "nd", "rd", "th"] where digits.hasSuffix(end) {
            digits = digits.dropLast(end.count)
            break
        }
        var number = digits.allSatisfy({ $0.isASCII && $0.isNumber }) ? Int(digits) : nil
        if number == nil, count <= numberWords.count {
            number = numberWords.firstIndex { $0.contains(text) }.map { $0 + 1 }
        }
        guard let number, number >= 1, number <= count else { return nil }
        return number
    }

    // MARK: - Words

    /// The words of a title or an answer: letters and digits of any script, lower-cased, `&`
    /// read as "and" (MAHINDRA & MAHINDRA); every other character separates.
    static func words(_ text: String) -> [String] {
        var result: [String] = []
        var word = String.UnicodeScalarView()
        func close() {
            if !word.isEmpty { result.append(String(word).lowercased()) }
            word = String.UnicodeScalarView()
        }
        for scalar in Validators.asciiDigits(text).unicodeScalars {
            if scalar == "&" {
                close()
                result.append("and")
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                || scalar.properties.generalCategory == .nonspacingMark
                || scalar.properties.generalCategory == .spacingMark
            {
                word.append(scalar)
            } else {
                close()
            }
        }
        close()
        return result
    }

    /// Each typed word starts the title's word at its place (`mah reva`), the typed letters
    /// start the title with its spaces dropped (`marutisuz`), or a typed word of two letters
    /// or more is the title's initials (`dl` for Driving License). One letter alone picks
    /// nothing.
    static func starts(_ title: String, with typed: [String]) -> Bool {
        let titleWords = words(title)
        let key = typed.joined()
        guard key.count >= 2, !titleWords.isEmpty else { return false }
        if typed.count <= titleWords.count, zip(typed, titleWords).allSatisfy({ $1.hasPrefix($0) }) { return true }
        if titleWords.joined().hasPrefix(key) { return true }
        return typed.count == 1 && titleWords.count >= 2 && titleWords.map { String($0.prefix(1)) }.joined() == key
    }

    // MARK: - Typos

    /// The one option closest to the answer, if it is a small typo away: the answer is set
    /// against the whole title and against as many of the title's words as it has (and the
    /// other way round), so `maruthi suzuki` finds MARUTI and `marutii` finds MARUTI SUZUKI.
    /// Of two options as close, the one the whole answer is close to wins (`carolla` is
    /// COROLLA, not COROLLA ALTIS); a tie suggests nothing.
    static func suggestion(_ typed: [String], in options: [Option]) -> OptionMatch {
        guard !typed.isEmpty else { return .none }
        var best: (score: Int, options: [Option]) = (.max, [])
        for option in options {
            let titleWords = words(option.title)
            guard !titleWords.isEmpty else { continue }
            let shared = min(typed.count, titleWords.count)
            let pairs = [
                (typed.joined(), titleWords.joined(), 0),
                (typed.prefix(shared).joined(), titleWords.prefix(shared).joined(), 1),
            ]
            var score = Int.max
            for (answer, title, partial) in pairs {
                let distance = editDistance(Array(answer.unicodeScalars), Array(title.unicodeScalars))
                guard distance <= allowedTypos(title.unicodeScalars.count) else { continue }
                score = min(score, distance * 2 + partial)
            }
            if score < best.score {
                best = (score, [option])
            } else if score == best.score, score != .max {
                best.options.append(option)
            }
        }
        return best.options.count == 1 ? .suggestion(best.options[0]) : .none
    }

    /// One typo in a word of 4-9 letters, two from 10 on; short words must be exact (a typo
    /// there is as likely another word).
    static func allowedTypos(_ length: Int) -> Int { length >= 10 ? 2 : length >= 4 ? 1 : 0 }

    /// Insertions, deletions, substitutions and swaps of neighbours (optimal string alignment).
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], before[j - 2] + 1)
                }
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
