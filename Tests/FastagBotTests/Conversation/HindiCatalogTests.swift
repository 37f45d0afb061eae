import Foundation
import Synchronization
import Testing

@testable import FastagBot

/// The Hindi table against everything the engine can say (`Messages.allTexts`,
/// `Messages.optionTitles`): a text without Hindi is named here, and adding it is one line in
/// `Hindi.swift` (or `Hindi+Patterns.swift` for a text with values).
@Suite("Hindi: the catalog")
struct HindiCatalogTests {
    static func hasDevanagari(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x0900...0x097F).contains($0.value) }
    }

    @Test func everyTextHasHindi() {
        let missing = Messages.allTexts.filter { Hindi.table.translate($0) == nil }
        #expect(missing.isEmpty, "no Hindi for:\n\(missing.joined(separator: "\n---\n"))")
        let unchanged = Messages.allTexts.filter { Hindi.table.translate($0).map(Self.hasDevanagari) == false }
        #expect(unchanged.isEmpty, "Hindi without Hindi words:\n\(unchanged.joined(separator: "\n---\n"))")
    }

    @Test func everyOptionTitleOfOursHasHindi() {
        let missing = Messages.optionTitles.filter { Hindi.sentences[$0] == nil }
        #expect(missing.isEmpty, "no Hindi title for: \(missing)")
        // Two options of one question never share a Hindi title (a typed title picks one).
        for options in [
            Messages.menuOptions, Messages.confirmOptions, AssignFlow.idOptions, ReplaceFlow.reasonOptions,
        ] {
            let titles = options.map { Hindi.table.title($0.title) }
            #expect(Set(titles).count == titles.count, "\(titles)")
        }
    }

    /// Every member of `Messages` is in the catalog: a new sentence cannot slip past the
    /// test above. Helpers that say nothing on their own are named here.
    @Test func catalogListsEveryMessage() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
                "Sources/FastagBot/Conversation")
        let messages = try String(contentsOf: folder.appendingPathComponent("Messages.swift"), encoding: .utf8)
        let catalog = try String(contentsOf: folder.appendingPathComponent("Messages+Catalog.swift"), encoding: .utf8)
        let helpers: Set = ["numbered", "indiaClock", "masked", "numberWord", "photoTitle"]
        var names: [String] = []
        for line in messages.split(separator: "\n") {
            for keyword in ["static let ", "static func ", "static var "] {
                guard let range = line.range(of: keyword) else { continue }
                let name = line[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                names.append(String(name))
            }
        }
        #expect(names.count > 50)
        let unlisted = names.filter { name in
            !helpers.contains(name) && catalog.range(of: "\\b\(name)\\b", options: .regularExpression) == nil
        }
        #expect(unlisted.isEmpty, "Messages members missing from Messages+Catalog.swift: \(unlisted)")
    }

    @Test func patternsKeepValuesAndOrderThem() throws {
        let page = Messages.optionsPage(first: 10, last: 18, of: 40, more: true)
        #expect(
            Hindi.table.translate(page)
                == "40 में से 10–18 दिखा रहे हैं; आगे के लिए और देखें… दबाएं। किसी का भी नंबर या नाम टाइप भी कर सकते हैं।")
        // A value that is itself in the table is translated; others stay as typed.
        #expect(Hindi.table.translate(Messages.askIDNumber(.drivingLicense)) == "ड्राइविंग लाइसेंस नंबर डालें:")
        #expect(Hindi.table.translate("Please type the 6-digit OTP.") == "6 अंकों का OTP टाइप करें।")
        #expect(Hindi.table.translate("Please type the first name.") == "पहला नाम टाइप करें।")
        #expect(
            Hindi.table.translate(Messages.noBarcode("0042"))
                == "0042 पर खत्म होने वाला कोई barcode उपलब्ध नहीं है। सीरियल नंबर चेक करें।")
        #expect(Hindi.table.translate("Something nobody wrote.") == nil)
        let pattern = TextPattern("A {} and {}.", "{2} और {1}।")
        #expect(pattern.match("A x and y z.") == ["x", "y z"])
        #expect(pattern.match("B x and y.") == nil)
        #expect(pattern.render(["x", "y"]) == "y और x।")
    }

    @Test func aMissingTextFallsBackToEnglishAndIsNoted() {
        var rendering = Rendering(.hindi)
        #expect(rendering.text("Brand new sentence.") == "Brand new sentence.")
        #expect(rendering.text(Messages.loginFirst) == "पहले लॉग इन करें।")
        #expect(rendering.untranslated == ["Brand new sentence."])
        #expect(Rendering.fallbacks.load(ordering: .relaxed) >= 1)
        var english = Rendering(.english)
        #expect(english.text("Brand new sentence.") == "Brand new sentence." && english.untranslated.isEmpty)
    }

    @Test func switchWords() {
        for typed in ["Hindi", " hindi  me ", "HINDI MEIN", "हिंदी", "हिन्दी", "हिंदी में"] {
            #expect(Language.asked(by: typed) == .hindi, "\(typed)")
        }
        // ज़ written as one character or as ज and a nukta.
        for typed in ["English", "english me", "अंग्रेज़ी", "अंग्रे\u{095B}ी", "अंग्रेजी"] {
            #expect(Language.asked(by: typed) == .english, "\(typed)")
        }
        for typed in ["Hindustan", "hindi please now", "", "menu"] {
            #expect(Language.asked(by: typed) == nil, "\(typed)")
        }
    }
}
