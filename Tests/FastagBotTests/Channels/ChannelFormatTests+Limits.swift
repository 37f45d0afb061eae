import FastagTestKit
import Foundation
import Testing

@testable import FastagBot

/// Every limit of Meta's (protocols/whatsapp-cloud-api.md 5.2-5.4, interakt.md 6), for messages
/// built to break them: long and emoji titles, combining marks, shortened titles alike, long
/// bodies and texts, and 10, 11 and 42 options walked page by page.
extension ChannelFormatTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let message: BotMessage
        var testDescription: String { name }
    }

    static let car = "🚗"
    /// "é" as e and a combining acute accent: one character, two scalars.
    static let accented = "e\u{301}"

    static let limitCases: [Case] = [
        Case(name: "3 long button titles", message: message((1...3).map { "A rather long choice number \($0)" })),
        Case(name: "emoji button titles", message: message([String(repeating: car, count: 15), "No " + car])),
        Case(
            name: "combining marks in rows",
            message: message((1...5).map { String(repeating: accented, count: 20) + "\($0)" })),
        Case(
            name: "titles alike once shortened",
            message: message(["Weekend Offer 350 Plan A", "Weekend Offer 350 Plan B", "Weekend Offer 350 Plan C"])),
        Case(
            name: "family emoji rows",
            message: message((1...4).map { "👨‍👩‍👧‍👦 plan \($0) " + String(repeating: "👨‍👩‍👧‍👦", count: 20) })),
        Case(name: "1,025-character body", message: message(["Yes", "No"], text: String(repeating: "b", count: 1025))),
        Case(
            name: "1,024 units of emoji body",
            message: message(["Yes", "No"], text: String(repeating: car, count: 600))),
        Case(name: "5,000-character text", message: BotMessage(String(repeating: "word ", count: 1000))),
        Case(name: "5,000 units of emoji text", message: BotMessage(String(repeating: car, count: 2500))),
        Case(name: "combining marks text", message: BotMessage(String(repeating: accented, count: 3000))),
        Case(name: "exactly 10 options", message: message((1...10).map { "Option \($0)" })),
        Case(name: "11 options", message: message((1...11).map { "Option \($0)" })),
        Case(name: "42 long options", message: message((1...42).map { "MAHINDRA SSANGYONG REXTON RX\($0) 4WD" })),
        Case(name: "empty question", message: message(["Yes", "No"], text: "")),
        Case(name: "nothing to say", message: BotMessage(" \n")),
        Case(
            name: "an id too long to send",
            message: BotMessage("Pick", options: [Option(id: String(repeating: "x", count: 300), title: "Long id")])),
    ]

    /// Every page of a message: `more:` rows followed to the end.
    static func pages(_ message: BotMessage) -> [[ReplyFormat.Shape]] {
        var pages: [[ReplyFormat.Shape]] = []
        var message = message
        while pages.count < 20 {
            let shapes = ReplyFormat.shapes(message)
            pages.append(shapes)
            guard case .list(_, let rows)? = shapes.last, let next = rows.last.flatMap({ Option.morePage($0.id) })
            else { break }
            message.page = next
        }
        return pages
    }

    @Test(arguments: limitCases) func everySendIsWithinMetasLimits(_ item: Case) throws {
        var offered: [Option] = []
        var texts: [String] = []
        for (index, shapes) in Self.pages(item.message).enumerated() {
            var message = item.message
            message.page = index
            for sent in ReplyFormat.whatsApp(message, to: "919876543210") {
                #expect(WhatsAppLimits.problems(message: sent) == [], "\(sent)")
            }
            for sent in ReplyFormat.interakt(message, to: "919876543210") {
                let object = sent["data"]?["message"]
                let problems =
                    sent["type"] == "Text"
                    ? WhatsAppLimits.text(object?.stringValue) : WhatsAppLimits.interactive(object)
                #expect(problems == [], "\(sent)")
            }
            for shape in shapes {
                switch shape {
                case .text(let text): texts.append(text)
                case .buttons(_, let options), .list(_, let options):
                    offered += options.filter { Option.morePage($0.id) == nil }
                }
            }
        }
        // Every option is offered once, in order, whatever the pages.
        #expect(offered == item.message.options)
        // A text is cut only between characters, nothing lost.
        if item.message.text.allSatisfy(\.isWhitespace), item.message.options.isEmpty {
            #expect(texts.isEmpty, "nothing sent")
        } else if item.message.options.isEmpty {
            #expect(
                texts.joined() == item.message.text.filter { $0 != "\n" }
                    || texts.joined(separator: "\n") == item.message.text)
        }
        // A shortened title is a whole-character prefix of the title.
        for option in item.message.options {
            for limit in [20, 24, 72] {
                let short = ReplyFormat.shorten(option.title, to: limit)
                #expect(short.utf16.count <= limit)
                #expect(short == option.title || (short.hasSuffix("…") && option.title.hasPrefix(short.dropLast())))
            }
        }
    }

    @Test func emojiAndCombiningMarksCountAsMetaMayCountThem() throws {
        // 15 cars are 15 characters but 30 UTF-16 units: shortened to 9 cars and "…".
        let cars = String(repeating: Self.car, count: 15)
        #expect(ReplyFormat.shorten(cars, to: 20) == String(repeating: Self.car, count: 9) + "…")
        // Never between "e" and its accent.
        let accents = String(repeating: Self.accented, count: 30)
        #expect(ReplyFormat.shorten(accents, to: 24) == String(repeating: Self.accented, count: 11) + "…")
        // 2,500 cars fit 4,096 characters but not 4,096 units: two messages, cut between cars.
        let parts = ReplyFormat.split(String(repeating: Self.car, count: 2500))
        #expect(parts.map(\.utf16.count) == [4096, 904])
        #expect(parts.joined() == String(repeating: Self.car, count: 2500))
        // A body of 600 cars (1,200 units) goes first as text; the buttons under "Please choose:".
        let shapes = ReplyFormat.shapes(Self.message(["Yes", "No"], text: String(repeating: Self.car, count: 600)))
        #expect(shapes.first == .text(String(repeating: Self.car, count: 600)))
        #expect(shapes.last == .buttons(body: "Please choose:", options: Self.options(["Yes", "No"])))
    }

    @Test func fortyTwoOptionsAreFivePagesOfNineAndMore() throws {
        let titles = (1...42).map { "Maker \($0)" }
        let question = "Who is your Vehicle Maker?"
        let message = BotMessage(question + "\n" + Copy.numbered(titles), options: Self.options(titles))
        let pages = Self.pages(message)
        #expect(pages.count == 5)
        for (index, shapes) in pages.enumerated() {
            guard shapes.count == 1, case .list(let body, let rows) = shapes[0] else {
                Issue.record("page \(index): \(shapes)")
                continue
            }
            let last = index == 4
            let first = index * 9 + 1
            let end = last ? 42 : first + 8
            #expect(body == question + "\n" + Copy.optionsPage(first: first, last: end, of: 42, more: !last))
            #expect(rows.count == (last ? 6 : 10))
            #expect(
                rows.last
                    == (last
                        ? Option(id: "opt_42", title: "Maker 42") : Option(id: "more:\(index + 1)", title: "More…")))
        }
        // A page past the end (an old "More…" of a longer list) shows the last page.
        var stale = message
        stale.page = 99
        #expect(ReplyFormat.shapes(stale) == pages[4])
        // Exactly 10: one list, no "More…"; 11: 9 and "More…", then 2.
        #expect(Self.pages(Self.message((1...10).map { "O\($0)" })).map { $0.count } == [1])
        let eleven = Self.pages(Self.message((1...11).map { "O\($0)" }))
        #expect(eleven.count == 2)
        if case .list(_, let rows)? = eleven.last?.last { #expect(rows.map(\.id) == ["opt_10", "opt_11"]) }
    }

    @Test func anIDTooLongToSendIsHashedAndStillRecognised() throws {
        let option = Option(id: String(repeating: "x", count: 300), title: "Long id")
        #expect(option.sentID.hasPrefix("h:") && option.sentID.utf16.count <= 200)
        #expect(option.sentID == Option(id: option.id, title: "other").sentID, "stable")
        #expect(Option(id: "plan_31", title: "400 Plan").sentID == "plan_31")
        #expect(Option(id: " padded", title: "x").sentID.hasPrefix("h:"))
    }
}

extension ChannelFormatTests {
    @Test func oneCharacterLongerThanAMessageIsStillSent() {
        // "a" with 5,000 combining marks is one character: the only cut is between its scalars.
        let text = "a" + String(repeating: "\u{301}", count: 5000)
        let parts = ReplyFormat.split(text)
        #expect(parts.allSatisfy { !$0.isEmpty && $0.utf16.count <= ReplyFormat.textLimit })
        #expect(parts.flatMap(\.unicodeScalars) == Array(text.unicodeScalars))
        #expect(ReplyFormat.shorten(text, to: 20) == "…")
    }
}
