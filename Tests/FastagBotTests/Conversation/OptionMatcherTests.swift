import Testing

@testable import FastagBot

/// How typed answers pick options (`OptionMatcher`) and read as Yes or No (`YesNo`), as
/// tables of what agents type and what comes of it.
@Suite("Option matching")
struct OptionMatcherTests {
    static let makers = [
        "MARUTI", "TOYOTA", "TATA", "HYUNDAI", "KIA MOTORS", "MAHINDRA & MAHINDRA", "MAHINDRA RENAULT", "MAHINDRA REVA",
        "MAHINDRA SSANGYONG", "HONDA", "FOTON", "JAYEM AUTOMOTIVE", "NISSAN MOTORS", "ASTON MARTIN",
    ].enumerated().map { Option(id: "vehicle_maker_\($0.offset + 1)", title: $0.element) }
    static let idTypes = [
        Option(id: "id_pan", title: "PAN"), Option(id: "id_passport", title: "Passport"),
        Option(id: "id_dl", title: "Driving License"), Option(id: "id_voter", title: "Voter Id"),
    ]
    static let yesNo = [Option(id: "confirm_yes", title: "Yes"), Option(id: "confirm_no", title: "No")]
    static let models = ["CAMRY", "COROLLA", "COROLLA ALTIS", "ETIOS", "ETIOS CROSS", "S-CROSS", "XUV700", "XUV300"]
        .enumerated().map { Option(id: "vehicle_model_\($0.offset + 1)", title: $0.element) }

    /// What a match comes to, in words: `MARUTI`, `several: A, B`, `suggest: A`, `none`.
    static func outcome(_ match: OptionMatch) -> String {
        switch match {
        case .picked(let option): option.title
        case .several(let options): "several: " + options.map(\.title).joined(separator: ", ")
        case .suggestion(let option): "suggest: " + option.title
        case .none: "none"
        }
    }

    static let mahindras = "several: MAHINDRA & MAHINDRA, MAHINDRA RENAULT, MAHINDRA REVA, MAHINDRA SSANGYONG"

    static let makerAnswers: [(String, String)] = [
        ("1", "MARUTI"),
        ("१", "MARUTI"),
        ("१४", "ASTON MARTIN"),
        ("14", "ASTON MARTIN"),
        ("2.", "TOYOTA"),
        ("#3", "TATA"),
        ("option 4", "HYUNDAI"),
        ("15", "none"),
        ("0", "none"),
        ("MARUTI", "MARUTI"),
        ("  maruti ", "MARUTI"),
        ("vehicle_maker_2", "TOYOTA"),
        ("kia", "KIA MOTORS"),
        ("kia-motors", "KIA MOTORS"),
        ("KiaMotors", "KIA MOTORS"),
        ("mahindra and mahindra", "MAHINDRA & MAHINDRA"),
        ("Mahindra & Mahindra", "MAHINDRA & MAHINDRA"),
        ("mahindra", mahindras),
        ("mah", mahindras),
        ("mah reva", "MAHINDRA REVA"),
        ("mahindra ss", "MAHINDRA SSANGYONG"),
        ("ta", "TATA"),
        ("to", "TOYOTA"),
        ("ma", "several: MARUTI, " + mahindras.dropFirst("several: ".count)),
        ("t", "none"),
        ("hon", "HONDA"),
        ("aston", "ASTON MARTIN"),
        ("am", "ASTON MARTIN"),
        ("nissan", "NISSAN MOTORS"),
        // Typos: suggested, never picked.
        ("marutii", "suggest: MARUTI"),
        ("maruthi", "suggest: MARUTI"),
        ("maruthi suzuki", "suggest: MARUTI"),
        ("toyata", "suggest: TOYOTA"),
        ("tyota", "suggest: TOYOTA"),
        ("hundai", "suggest: HYUNDAI"),
        ("hyundia", "suggest: HYUNDAI"),
        ("kai motors", "suggest: KIA MOTORS"),
        ("nisan motors", "suggest: NISSAN MOTORS"),
        ("mahindra renalt", "suggest: MAHINDRA RENAULT"),
        ("astin martin", "suggest: ASTON MARTIN"),
        ("ferrari", "none"),
        ("tat", "TATA"),
        ("tota", "suggest: TATA"),
        ("yes", "none"),
        ("", "none"),
    ]

    @Test(arguments: makerAnswers)
    func makers(_ example: (typed: String, outcome: String)) {
        #expect(Self.outcome(OptionMatcher.match(example.typed, in: Self.makers)) == example.outcome)
    }

    static let idAnswers: [(String, String)] = [
        ("2", "Passport"),
        ("दो", "Passport"),
        ("two", "Passport"),
        ("second", "Passport"),
        ("2nd", "Passport"),
        ("do", "Passport"),
        ("Do", "Passport"),
        ("ek", "PAN"),
        ("एक", "PAN"),
        ("first", "PAN"),
        ("teen", "Driving License"),
        ("third", "Driving License"),
        ("char", "Voter Id"),
        ("चार", "Voter Id"),
        ("four", "Voter Id"),
        ("five", "none"),
        ("paanch", "none"),
        ("pan", "PAN"),
        ("pass", "Passport"),
        ("pa", "several: PAN, Passport"),
        ("p", "none"),
        ("dl", "Driving License"),
        ("driving", "Driving License"),
        ("driving licence", "suggest: Driving License"),
        ("voter", "Voter Id"),
        ("voter id card", "suggest: Voter Id"),
        ("pasport", "suggest: Passport"),
        ("id_dl", "Driving License"),
        ("aadhaar", "none"),
    ]

    @Test(arguments: idAnswers)
    func idTypes(_ example: (typed: String, outcome: String)) {
        #expect(Self.outcome(OptionMatcher.match(example.typed, in: Self.idTypes)) == example.outcome)
    }

    static let modelAnswers: [(String, String)] = [
        ("corolla", "COROLLA"),
        ("corolla altis", "COROLLA ALTIS"),
        ("altis", "none"),
        ("etios", "ETIOS"),
        ("etios c", "ETIOS CROSS"),
        ("s cross", "S-CROSS"),
        ("scross", "S-CROSS"),
        ("xuv", "several: XUV700, XUV300"),
        ("xuv 700", "XUV700"),
        ("xuv7", "XUV700"),
        ("camri", "suggest: CAMRY"),
        ("carolla", "suggest: COROLLA"),
        ("eight", "XUV300"),
        ("nine", "none"),
    ]

    @Test(arguments: modelAnswers)
    func models(_ example: (typed: String, outcome: String)) {
        #expect(Self.outcome(OptionMatcher.match(example.typed, in: Self.models)) == example.outcome)
    }

    /// A list longer than ten is not read in words (`ek` is no maker).
    @Test func numberWordsOnlyForShortLists() {
        let long = (1...11).map { Option(id: "o\($0)", title: "Item \($0)") }
        #expect(Self.outcome(OptionMatcher.match("two", in: long)) == "none")
        #expect(Self.outcome(OptionMatcher.match("2", in: long)) == "Item 2")
        #expect(Self.outcome(OptionMatcher.match("two", in: Array(long.prefix(10)))) == "Item 2")
    }

    @Test func barcodesAreNeverGuessed() {
        let barcodes = ["608268-001-0016789", "608268-001-0026789"].enumerated().map {
            Option(id: "barcode_\($0.offset + 1)", title: $0.element)
        }
        #expect(Self.outcome(OptionMatcher.match("608268-001-0016788", in: barcodes, typos: false)) == "none")
        #expect(Self.outcome(OptionMatcher.match("608268-001-0016788", in: barcodes)) == "suggest: 608268-001-0016789")
        #expect(Self.outcome(OptionMatcher.match("608268-001-002", in: barcodes, typos: false)) == "608268-001-0026789")
    }

    // MARK: Yes and No

    static let yesForms = [
        "y", "Y", "yes", "YES", "Yes.", "yes!", "yess", "yeah", "yep", "yup", "ok", "OK", "okay", "okk", "sure",
        "haan", "Haan", "haaan", "ha", "han", "haan ji", "haanji", "hanji", "ha ji", "ji", "ji haan", "theek hai",
        "thik hai", "sahi", "bilkul", "हाँ", "हां", "हाँ जी", "जी", "जी हाँ", "ठीक है", "👍", "👍🏽", "✅", "✔️",
    ]
    static let noForms = [
        "n", "N", "no", "NO", "No.", "nooo", "nope", "nah", "na", "naa", "nahi", "Nahi", "nahin", "nhi", "nai",
        "nahi ji", "ji nahi", "galat", "wrong", "नहीं", "नही", "ना", "जी नहीं", "👎", "❌",
    ]
    static let neitherForms = [
        "k", "accha", "maybe", "yes no", "haan nahi", "1", "", "later", "nahi pata", "okay then", "jii haan ok",
    ]

    @Test(arguments: yesForms) func yes(_ text: String) {
        #expect(YesNo.read(text) == true)
        #expect(OptionMatcher.match(text, in: Self.yesNo) == .picked(Self.yesNo[0]))
    }

    @Test(arguments: noForms) func no(_ text: String) {
        #expect(YesNo.read(text) == false)
        #expect(OptionMatcher.match(text, in: Self.yesNo) == .picked(Self.yesNo[1]))
    }

    @Test(arguments: neitherForms) func neither(_ text: String) {
        #expect(YesNo.read(text) == nil)
    }

    @Test func yesAndNoNeverShareAForm() {
        let yes = Set(YesNo.yesWords.map(YesNo.key))
        let no = Set(YesNo.noWords.map(YesNo.key))
        #expect(yes.isDisjoint(with: no))
        #expect(yes.count > 40 && no.count > 15)
    }

    @Test func editDistanceCountsSwapsAsOne() {
        func distance(_ a: String, _ b: String) -> Int {
            OptionMatcher.editDistance(Array(a.unicodeScalars), Array(b.unicodeScalars))
        }
        #expect(distance("toyota", "toyota") == 0)
        #expect(distance("tyoota", "toyota") == 1)
        #expect(distance("hundai", "hyundai") == 1)
        #expect(distance("maruthi", "maruti") == 1)
        #expect(distance("", "abc") == 3)
        #expect(distance("kitten", "sitting") == 3)
    }
}
