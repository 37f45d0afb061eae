import FastagTestKit
import Foundation
import TestKit
import Testing

@testable import FastagBot

/// Reply shapes within WhatsApp's limits (protocols/whatsapp-cloud-api.md 5.2-5.4), webhook
/// signatures, and the HMAC-SHA256 beneath them (RFC 4231).
@Suite struct ChannelFormatTests {
    static func options(_ titles: [String]) -> [Option] {
        titles.enumerated().map { Option(id: "opt_\($0.offset + 1)", title: $0.element) }
    }

    static func message(_ titles: [String], text: String = "Pick one") -> BotMessage {
        BotMessage(text, options: options(titles))
    }

    // MARK: - ReplyFormat

    @Test func plainTextStaysText() {
        #expect(ReplyFormat.shapes(BotMessage(Copy.askFirstName)) == [.text(Copy.askFirstName)])
        let bodies = ReplyFormat.whatsApp(BotMessage("Hello"), to: "919876543210")
        #expect(
            bodies == [
                [
                    "messaging_product": "whatsapp", "recipient_type": "individual", "to": "919876543210",
                    "type": "text", "text": ["body": "Hello"],
                ]
            ])
        #expect(
            ReplyFormat.interakt(BotMessage("Hello"), to: "919876543210") == [
                ["fullPhoneNumber": "919876543210", "type": "Text", "data": ["message": "Hello"]]
            ])
    }

    @Test func upToThreeOptionsAreReplyButtonsWithShortTitlesAndTheirIds() throws {
        for count in 1...3 {
            let titles = (1...count).map { "Choice number \($0) with a long title" }
            let message = Self.message(titles)
            #expect(ReplyFormat.shapes(message) == [.buttons(body: "Pick one", options: Self.options(titles))])
            let body = try #require(ReplyFormat.whatsApp(message, to: "919876543210").first)
            #expect(WhatsAppLimits.problems(message: body) == [])
            let buttons = body["interactive"]?["action"]?["buttons"]?.arrayValue ?? []
            #expect(buttons.count == count)
            for (index, button) in buttons.enumerated() {
                #expect(button["type"] == "reply")
                #expect(button["reply"]?["id"] == JSONValue.string("opt_\(index + 1)"), "ids are never shortened")
                let title = try #require(button["reply"]?["title"]?.stringValue)
                #expect(title.count == 20)
                #expect(title == "Choice number \(index + 1) wit…")
            }
        }
        // Titles that fit are sent as they are.
        let yesNo = try #require(ReplyFormat.whatsApp(Self.message(["Yes", "No"]), to: "91").first)
        #expect(yesNo["interactive"]?["action"]?["buttons"]?.arrayValue?.first?["reply"]?["title"] == "Yes")
    }

    @Test func buttonTitlesStayUniqueWhenShortened() throws {
        // Meta refuses repeated button titles; two titles alike in their first 19 characters
        // must still be told apart.
        let titles = ["Weekend Offer 350 Plan", "Weekend Offer 399 Plan", "Weekend Offer 3xx Plan"]
        let message = Self.message(["Weekend Offer 350 Plan A", "Weekend Offer 350 Plan B"], text: "Select your Plan:")
        for sent in ReplyFormat.whatsApp(message, to: "919876543210") {
            #expect(WhatsAppLimits.problems(message: sent) == [], "\(sent)")
        }
        let distinct = Self.message(titles, text: "Select your Plan:")
        for sent in ReplyFormat.whatsApp(distinct, to: "919876543210") {
            #expect(WhatsAppLimits.problems(message: sent) == [], "\(sent)")
        }
        // Whatever the shape, each option keeps its id and can be recognised by its full title.
        let sent = try #require(ReplyFormat.whatsApp(message, to: "919876543210").last)
        let shown = try #require(Outgoing(sent: sent))
        switch shown {
        case .buttons(_, let choices):
            #expect(choices.map(\.id) == ["opt_1", "opt_2"])
        case .list(_, let rows):
            #expect(rows.map(\.id) == ["opt_1", "opt_2"])
            // Rows hold 24 characters: here the whole titles.
            #expect(rows.map(\.title) == ["Weekend Offer 350 Plan A", "Weekend Offer 350 Plan B"])
        case .text:
            Issue.record("two options became text")
        }
    }

    @Test func fourToTenOptionsAreAListWithShortRowsAndFullTitlesAsDescriptions() throws {
        for count in [4, 7, 10] {
            var titles = (1...count).map { "Model \($0)" }
            titles[0] = "MAHINDRA SSANGYONG REXTON RX7 AUTOMATIC 4WD"
            let message = Self.message(titles, text: "What is your Vehicle Model?")
            #expect(
                ReplyFormat.shapes(message) == [
                    .list(body: "What is your Vehicle Model?", options: Self.options(titles))
                ])
            let body = try #require(ReplyFormat.whatsApp(message, to: "919876543210").first)
            #expect(WhatsAppLimits.problems(message: body) == [])
            let interactive = try #require(body["interactive"])
            #expect(interactive["type"] == "list")
            #expect((interactive["action"]?["button"]?.stringValue?.count ?? 99) <= 20)
            let rows = interactive["action"]?["sections"]?.arrayValue?.first?["rows"]?.arrayValue ?? []
            #expect(rows.count == count)
            #expect(rows.map { $0["id"]?.stringValue ?? "" } == (1...count).map { "opt_\($0)" })
            #expect(rows[0]["title"] == "MAHINDRA SSANGYONG REXT…")
            #expect(rows[0]["description"] == "MAHINDRA SSANGYONG REXTON RX7 AUTOMATIC 4WD")
            #expect(rows[1]["title"] == "Model 2")
            #expect(rows[1]["description"] == nil, "a title that fits needs no description")
        }
        // A description is itself limited to 72 characters.
        let long = String(repeating: "Very long plan name ", count: 5)
        let body = try #require(ReplyFormat.whatsApp(Self.message([long, "b", "c", "d"]), to: "91").first)
        let row = body["interactive"]?["action"]?["sections"]?.arrayValue?.first?["rows"]?.arrayValue?.first
        #expect(row?["description"]?.stringValue?.count == 72)
        #expect(row?["description"]?.stringValue?.hasSuffix("…") == true)
    }

    @Test func moreThanTenOptionsArePagedWithoutTheNumberedWall() throws {
        let makers = (1...14).map { "MAKER \($0)" }
        let text = "Who is your Vehicle Maker?\n" + Copy.numbered(makers)
        let message = BotMessage(text, options: Self.options(makers))
        let first = Array(Self.options(makers).prefix(9)) + [Option(id: "more:1", title: "More…")]
        let body = "Who is your Vehicle Maker?\n" + Copy.optionsPage(first: 1, last: 9, of: 14, more: true)
        #expect(ReplyFormat.shapes(message) == [.list(body: body, options: first)])
        var second = message
        second.page = 1
        let rest = "Who is your Vehicle Maker?\n" + Copy.optionsPage(first: 10, last: 14, of: 14, more: false)
        #expect(ReplyFormat.shapes(second) == [.list(body: rest, options: Array(Self.options(makers).suffix(5)))])
        for sent in ReplyFormat.whatsApp(message, to: "919876543210") + ReplyFormat.whatsApp(second, to: "91") {
            #expect(WhatsAppLimits.problems(message: sent) == [], "\(sent)")
        }
    }

    @Test func interaktCarriesTheSameInteractiveObjects() throws {
        let buttons = Self.message(["Yes", "No"])
        let list = Self.message(["A", "B", "C", "D"])
        let sentButtons = try #require(ReplyFormat.interakt(buttons, to: "919876543210").first)
        let sentList = try #require(ReplyFormat.interakt(list, to: "919876543210").first)
        #expect(sentButtons["type"] == "InteractiveButton")
        #expect(sentButtons["data"]?["message"] == ReplyFormat.whatsApp(buttons, to: "9").first?["interactive"])
        #expect(sentList["type"] == "InteractiveList")
        #expect(sentList["data"]?["message"] == ReplyFormat.whatsApp(list, to: "9").first?["interactive"])
        #expect(sentList["fullPhoneNumber"] == "919876543210")
    }

    @Test func longBodiesAreSplitWithNothingLost() throws {
        // Lines: split at line breaks, each part within 4096 characters.
        let lines = (1...400).map { "Line \($0): " + String(repeating: "x", count: 20) }
        let text = lines.joined(separator: "\n")
        let parts = ReplyFormat.split(text)
        #expect(parts.count > 1)
        #expect(parts.allSatisfy { $0.count <= ReplyFormat.textLimit })
        #expect(parts.joined(separator: "\n") == text)

        // One line longer than a message: cut into pieces, none of it dropped.
        let line = (0..<10_000).map { String($0 % 10) }.joined()
        let pieces = ReplyFormat.split("Start\n" + line + "\nEnd")
        #expect(pieces.allSatisfy { $0.count <= ReplyFormat.textLimit }, "\(pieces.map(\.count))")
        let kept = pieces.joined().filter { $0 != "\n" }
        let whole = kept == "Start" + line + "End"
        #expect(whole, "\(kept.count) of \(line.count + 8) characters kept")

        // A text of exactly the limit is one message.
        #expect(ReplyFormat.split(String(repeating: "a", count: 4096)).count == 1)

        // An interactive body over 1024 characters: the text goes first, then the options.
        let body = String(repeating: "word ", count: 300)
        let shapes = ReplyFormat.shapes(BotMessage(body, options: Self.options(["Yes", "No"])))
        #expect(shapes.count == 2)
        #expect(shapes.first == .text(body))
        guard case .buttons(let short, let options)? = shapes.last else {
            Issue.record("no buttons: \(shapes)")
            return
        }
        #expect(short.count <= ReplyFormat.interactiveBodyLimit)
        #expect(options == Self.options(["Yes", "No"]))
        for sent in ReplyFormat.whatsApp(BotMessage(body, options: Self.options(["Yes", "No"])), to: "91") {
            #expect(WhatsAppLimits.problems(message: sent) == [])
        }
    }

    // MARK: - Webhook signatures

    static let body = Array(#"{"object":"whatsapp_business_account","entry":[]}"#.utf8)
    static let secret = "app-secret"
    static let hex = Crypto.hex(Crypto.hmacSHA256(key: Array(secret.utf8), message: body))

    @Test func signaturesWithOrWithoutThePrefix() {
        #expect(WebhookSignature.isValid("sha256=" + Self.hex, body: Self.body, secret: Self.secret))
        #expect(WebhookSignature.isValid(Self.hex, body: Self.body, secret: Self.secret))
        #expect(WebhookSignature.isValid("SHA256=" + Self.hex.uppercased(), body: Self.body, secret: Self.secret))
        #expect(WebhookSignature.isValid("  sha256=" + Self.hex + " ", body: Self.body, secret: Self.secret))
        #expect(WebhookSignature.sign(Self.body, secret: Self.secret) == "sha256=" + Self.hex)
    }

    @Test func wrongOrMissingSignaturesAndSecrets() {
        let valid = "sha256=" + Self.hex
        #expect(!WebhookSignature.isValid(nil, body: Self.body, secret: Self.secret))
        #expect(!WebhookSignature.isValid("", body: Self.body, secret: Self.secret))
        #expect(!WebhookSignature.isValid("sha256=", body: Self.body, secret: Self.secret))
        #expect(!WebhookSignature.isValid(valid, body: Self.body, secret: "another-secret"))
        #expect(!WebhookSignature.isValid(valid, body: Self.body + [0x20], secret: Self.secret))
        #expect(!WebhookSignature.isValid(String(valid.dropLast()), body: Self.body, secret: Self.secret))
        #expect(!WebhookSignature.isValid(valid + "0", body: Self.body, secret: Self.secret))
        #expect(!WebhookSignature.isValid("sha1=" + Self.hex, body: Self.body, secret: Self.secret))
        // No secret configured: nothing is valid, not even a signature made with the empty key.
        let empty = "sha256=" + Crypto.hex(Crypto.hmacSHA256(key: [UInt8](), message: Self.body))
        #expect(!WebhookSignature.isValid(empty, body: Self.body, secret: ""))
    }

    // MARK: - RFC 4231

    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let key: [UInt8]
        let data: [UInt8]
        let mac: String
        var testDescription: String { name }
    }

    static let rfc4231: [Vector] = [
        Vector(
            name: "Test Case 1", key: [UInt8](repeating: 0x0b, count: 20), data: Array("Hi There".utf8),
            mac: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        Vector(
            name: "Test Case 2", key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8),
            mac: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        Vector(
            name: "Test Case 3", key: [UInt8](repeating: 0xaa, count: 20), data: [UInt8](repeating: 0xdd, count: 50),
            mac: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        Vector(
            name: "Test Case 4", key: Array(1...25), data: [UInt8](repeating: 0xcd, count: 50),
            mac: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        Vector(
            name: "Test Case 6", key: [UInt8](repeating: 0xaa, count: 131),
            data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
            mac: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        Vector(
            name: "Test Case 7", key: [UInt8](repeating: 0xaa, count: 131),
            data: Array(
                ("This is a test using a larger than block-size key and a larger than block-size data. "
                    + "The key needs to be hashed before being used by the HMAC algorithm.").utf8),
            mac: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test(arguments: rfc4231) func hmacSHA256MatchesRFC4231(_ vector: Vector) {
        #expect(Crypto.hex(Crypto.hmacSHA256(key: vector.key, message: vector.data)) == vector.mac)
        // The same computation through the webhook check.
        let secret = String(decoding: vector.key, as: UTF8.self)
        if Array(secret.utf8) == vector.key {
            #expect(WebhookSignature.isValid("sha256=" + vector.mac, body: vector.data, secret: secret))
        }
    }

    @Test func hmacSHA256TruncatedTestCase5() {
        // Test Case 5 gives the first 128 bits only.
        let mac = Crypto.hmacSHA256(
            key: [UInt8](repeating: 0x0c, count: 20), message: Array("Test With Truncation".utf8))
        #expect(Crypto.hex(mac.prefix(16)) == "a3b6167473100ee06e0c796c2955552b")
        #expect(mac.count == 32)
    }
}
