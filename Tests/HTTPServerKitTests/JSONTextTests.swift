import Foundation
import HTTPServerKit
import Testing

@Suite struct JSONTextTests {
    /// Every ASCII character alone and between others, and non-ASCII text, reads back
    /// through Foundation as the text it came from.
    @Test func everyCharacterReadsBackThroughFoundation() throws {
        var texts = (0..<0x80).map { String(UnicodeScalar(UInt8($0))) }
        texts += (0..<0x80).map { "a\(UnicodeScalar(UInt8($0)))b" }
        texts += ["", "é 🚗 ₹5,000", "a/b", String(repeating: "plain", count: 100)]
        for text in texts {
            let quoted = JSONText.quoted(text)
            let read = try #require(JSONSerialization.jsonObject(with: Data("[\(quoted)]".utf8)) as? [String])
            #expect(read == [text], "\(quoted)")
        }
    }

    @Test func escapesInTheShortFormsAndLeavesTheRestAsItIs() {
        #expect(JSONText.quoted("\"\\\n\r\t\u{08}\u{0C}") == #""\"\\\n\r\t\b\f""#)
        #expect(JSONText.quoted("\u{01}\u{1F}") == #""\u0001\u001f""#)
        #expect(JSONText.quoted("a/b é") == "\"a/b é\"")
    }

    /// Error bodies quote their message with the same escaper.
    @Test func errorBodiesQuoteTheirMessage() {
        let response = ErrorResponse.body(status: .unprocessableContent, message: "Unknown field 'x\u{08}y\"'")
        #expect(
            String(decoding: response.body, as: UTF8.self)
                == #"{"status":"error","message":"Unknown field 'x\by\"'"}"#)
    }
}
