/// Yes and No as field agents type them on WhatsApp: English, Hinglish and Hindi, short
/// forms and stretched ones (`haaan`, `okkk`, `nooo`), with or without a full stop. A Yes
/// activates a tag at the confirmation, so words that often mean something else (`k` typed by
/// a slip, `accha` for "I see") are not in the list.
enum YesNo {
    static let yesWords = [
        "y", "yes", "ya", "yah", "yeah", "yea", "yep", "yup", "ok", "okay", "okey", "oki", "okie", "sure",
        "correct", "right", "confirm", "confirmed", "done", "proceed", "go ahead", "haan", "ha", "han", "haa",
        "hanji", "haan ji", "ha ji", "han ji", "ji", "jee", "ji haan", "ji ha", "ji han",
        "theek", "thik", "theek hai", "thik hai", "theek h", "thik h", "sahi", "sahi hai", "bilkul", "हाँ", "हां", "हा",
        "हाँ जी", "हां जी", "जी", "जी हाँ", "जी हां", "ठीक", "ठीक है", "सही", "सही है", "बिल्कुल", "ओके", "👍", "✅", "✔",
    ]
    static let noWords = [
        "n", "no", "nope", "nah", "na", "nahi", "nahin", "nai", "nhi", "nahi ji", "ji nahi", "nahin ji", "ji nahin",
        "galat", "wrong", "incorrect", "नहीं", "नही", "ना", "न", "जी नहीं", "नहीं जी", "गलत", "👎", "❌",
    ]

    private static let yes = Set(yesWords.map(key))
    private static let no = Set(noWords.map(key))

    /// True for a yes, false for a no, nil for anything else.
    static func read(_ text: String) -> Bool? {
        let word = key(text)
        if yes.contains(word) { return true }
        if no.contains(word) { return false }
        return nil
    }

    /// Lower case, words separated by one space, punctuation around them and emoji variants
    /// dropped, and every run of one letter written once (`haaan` is `han`, as is `haan`).
    static func key(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var space = false
        for scalar in text.lowercased().unicodeScalars {
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "," || scalar == "-" {
                space = !result.isEmpty
                continue
            }
            // Full stops and marks, the emoji presentation selector, skin tones.
            if ".!?".unicodeScalars.contains(scalar) || scalar == "\u{FE0F}"
                || (0x1F3FB...0x1F3FF).contains(scalar.value)
            {
                continue
            }
            if space {
                result.append(" ")
                space = false
            }
            if result.last != scalar { result.append(scalar) }
        }
        return String(result)
    }
}
