/// The `pattern`s `/openapi.json` gives for the inputs the API validates. Each describes
/// exactly the strings its validator accepts (ECMA-262 syntax, as JSON Schema uses), so a
/// client generating requests from the schema is neither refused for a valid value nor
/// let through with an invalid one; `InputPatternTests` holds each to its validator.
enum InputPatterns {
    /// What `Validators.compact` drops between the characters of a number.
    private static let separators = "[ \\t.-]*"

    /// `atoms` with separators allowed before, between and after them.
    private static func spaced(_ atoms: [String]) -> String {
        "^" + separators + atoms.joined(separator: separators) + separators + "$"
    }

    /// A letter in either case (the validators upper-case ASCII letters).
    private static func letter(_ character: Character) -> String {
        "[\(character.uppercased())\(character.lowercased())]"
    }

    private static func letters(_ word: String) -> String {
        word.map(letter).joined(separator: separators)
    }

    /// `Validators.mobile`: 10 digits starting 6-9, after an optional +91, 91 or 0.
    static let mobile: String = {
        let prefix = "(\\+\(separators)9\(separators)1|9\(separators)1|0)"
        return spaced(["(\(prefix)\(separators))?[6-9]", "([0-9]\(separators)){8}[0-9]"])
    }()

    /// `Validators.vehicleNumber`: a state code, 1-2 district digits, 0-3 series letters and
    /// 4 digits (5-6 digits in a row without a series), or the Bharat series from 2021 on;
    /// the 4 digits are not 0000.
    static let vehicleNumber: String = {
        let digit = "[0-9]"
        let anyLetter = "[A-Za-z]"
        let states = Validators.stateCodes.sorted().map(letters).joined(separator: "|")
        func repeated(_ atom: String, _ count: String) -> String { "(\(separators)\(atom))\(count)" }
        // 0001-9999: as many 0s as lead, then a digit 1-9, then the rest.
        let leadingZeros = (0..<4).map { zeros in
            repeated("0", "{\(zeros)}") + "\(separators)[1-9]" + repeated(digit, "{\(3 - zeros)}")
        }
        let number = "(" + leadingZeros.joined(separator: "|") + ")"
        let regular =
            "(\(states))(\(repeated(digit, "{1,2}"))(\(repeated(anyLetter, "{1,3}")))?\(number))"
        let bharat =
            "(2\(separators)[1-9]|[3-9]\(separators)\(digit))\(separators)\(letters("BH"))\(number)\(repeated(anyLetter, "{1,2}"))"
        return spaced(["(\(regular)|\(bharat))"])
    }()

    /// `Validators.engineLast5`: 5 letters or digits.
    static let engineLast5 = spaced(["([A-Za-z0-9]\(separators)){4}[A-Za-z0-9]"])

    /// `APIInput.name`: letters (Unicode's Alphabetic property), spaces, tabs, `.`, `'` and
    /// `-`, with at least one letter; the length is the schema's maxLength.
    static let name = "^[\\p{Alpha} \\t.'-]*\\p{Alpha}[\\p{Alpha} \\t.'-]*$"

    /// `APIInput.shauryapayAgentID`.
    static let shauryapayAgentID = "^[A-Za-z0-9_-]{1,32}$"

    /// `FastagRoutes.tagNumber`: 4-40 letters, digits or dashes, spaces and tabs around.
    static let tagNumber = "^[ \\t]*[A-Za-z0-9-]{4,40}[ \\t]*$"

    /// `SessionRoutes.stepName`.
    static let stepName = "^[a-z0-9_]{1,64}$"

    /// `StepEndpoints.imageKind`: a photo's name in any case, with spaces, `_` or `-` anywhere.
    static let imageKind: String = {
        let names = Document.Kind.allCases.map { $0.rawValue.uppercased().filter(\.isLetter) } + ["TAGAFFIX"]
        let gap = "[ _-]*"
        let words = names.map { $0.map(letter).joined(separator: gap) }
        return "^\(gap)(\(words.joined(separator: "|")))\(gap)$"
    }()
}
