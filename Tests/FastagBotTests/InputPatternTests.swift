import FastagTestKit
import Foundation
import TestKit
import Testing

@testable import FastagBot

/// Each `pattern` of `/openapi.json` against the validator it describes, on every string one
/// edit away from a set of accepted and refused examples: a client that generates requests
/// from the schema must get exactly what the server takes (issue 9, item 9).
@Suite struct InputPatternTests {
    struct Rule: Sendable, CustomTestStringConvertible {
        let name: String
        let pattern: String
        let maxLength: Int?
        let accepts: @Sendable (String) -> Bool
        let examples: [String]
        var testDescription: String { name }
    }

    static func passes<T>(_ validate: @escaping @Sendable (String) throws(InvalidInput) -> T)
        -> @Sendable (String) -> Bool
    {
        { text in (try? validate(text)) != nil }
    }

    static let rules: [Rule] = [
        Rule(
            name: "mobile", pattern: InputPatterns.mobile, maxLength: nil, accepts: passes(Validators.mobile),
            examples: ["9876543210", "+91 98765 43210", "919876543210", "09876543210", "98765-432.10", "5876543210"]),
        Rule(
            name: "vehicle number", pattern: InputPatterns.vehicleNumber, maxLength: nil,
            accepts: passes(Validators.vehicleNumber),
            examples: [
                "MH12AB1234", "mh 12 ab 1234", "DL1CAB1234", "KA05M1234", "DL11234", "22BH1234AB", "20BH1234A",
                "MH12AB0001", "DL10010", "22BH0100AB", "TN01A1000",
            ]),
        Rule(
            name: "engine", pattern: InputPatterns.engineLast5, maxLength: nil, accepts: passes(Validators.engineLast5),
            examples: ["K4321", "k-43 21", "1234"]),
        Rule(
            name: "name", pattern: InputPatterns.name, maxLength: InputLimits.nameLength,
            accepts: passes(APIInput.name),
            examples: [
                "Ravi", " Ravi  Kumar ", "O'Brien", "K. Ravi", "Zoë", "कि", "R2", String(repeating: "a", count: 50),
            ]
        ),
        Rule(
            name: "Shauryapay agent id", pattern: InputPatterns.shauryapayAgentID, maxLength: nil,
            accepts: passes(APIInput.shauryapayAgentID),
            examples: ["1042", "SBX-DEMO", "a_b", String(repeating: "7", count: 32)]),
        Rule(
            name: "tag number", pattern: InputPatterns.tagNumber, maxLength: nil,
            accepts: passes(FastagRoutes.tagNumber),
            examples: ["608268-001-0012345", " abc-9876 ", "ab1", String(repeating: "1", count: 40)]),
        Rule(
            name: "step name", pattern: InputPatterns.stepName, maxLength: nil, accepts: passes(SessionRoutes.stepName),
            examples: ["plan", "doc_rc_front", "agent_otp2", String(repeating: "a", count: 64)]),
        Rule(
            name: "photo kind", pattern: InputPatterns.imageKind, maxLength: nil,
            accepts: passes(StepEndpoints.imageKind),
            examples: ["rc_front", "RCFRONT", "RC Front", "rc-back", "vehicle_side", "TAGAFFIX", "tag fixed"]),
    ]

    /// Characters that matter to one rule or another, and some that must never pass.
    static let alphabet: [String] = [
        " ", "\t", ".", "-", "_", "'", "+", "0", "1", "2", "6", "9", "A", "B", "H", "M", "a", "z", "ß", "é", "\n",
        "\u{301}", "\u{93F}", "١", "😀", "/",
    ]

    /// `example` and every string one insertion, deletion or substitution away from it.
    static func neighbours(_ example: String) -> Set<String> {
        let characters = Array(example.unicodeScalars).map(String.init)
        var found: Set<String> = [example]
        for index in 0...characters.count {
            for extra in alphabet {
                found.insert((characters[..<index] + [extra] + characters[index...]).joined())
                if index < characters.count {
                    var changed = characters
                    changed[index] = extra
                    found.insert(changed.joined())
                }
            }
            if index < characters.count {
                var shorter = characters
                shorter.remove(at: index)
                found.insert(shorter.joined())
            }
        }
        return found
    }

    @Test(arguments: rules) func patternMatchesExactlyWhatTheValidatorAccepts(_ rule: Rule) throws {
        let regex = try NSRegularExpression(pattern: SchemaChecker.icu(rule.pattern))
        var checked = 0
        var accepted = 0
        for text in Set(rule.examples.flatMap(Self.neighbours)) {
            let range = NSRange(text.startIndex..., in: text)
            let fits = rule.maxLength.map { text.unicodeScalars.count <= $0 } ?? true
            let matches = fits && regex.firstMatch(in: text, range: range) != nil
            let valid = rule.accepts(text)
            checked += 1
            if valid { accepted += 1 }
            #expect(matches == valid, "\(rule.name): \(text.debugDescription) \(valid ? "is" : "is not") accepted")
        }
        #expect(accepted > 10 && checked - accepted > 10, "\(rule.name): \(accepted) of \(checked) accepted")
    }
}
