import Foundation
import Testing

@testable import FastagBot

@Suite struct JSONValueTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONValue.parse(
            Array(
                #" { "s": "a\"b\\c\/d\n\t\u00e9\ud83d\ude97", "i": -42, "big": 9223372036854775807, "d": 1.5e3, "f": -0.25, "t": true, "n": null, "a": [1, [], {}], "o": {"k": false} } "#
                    .utf8))
        #expect(value["s"] == .string("a\"b\\c/d\n\té🚗"))
        #expect(value["i"] == .int(-42))
        #expect(value["big"] == .int(Int64.max))
        #expect(value["d"] == .double(1500))
        #expect(value["f"] == .double(-0.25))
        #expect(value["t"] == .bool(true))
        #expect(value["n"] == .null)
        #expect(value["a"] == .array([.int(1), .array([]), .object([:])]))
        #expect(value["o"] == .object(["k": .bool(false)]))
    }

    @Test func refusesWhatIsNotJSON() {
        let bad = [
            "", "{", "[1,]", "{\"a\":1,}", "{'a':1}", "01", "1.", ".5", "-", "+1", "1e", "tru", "nul", "\"unterminated",
            "\"bad \\x escape\"", "\"\\ud800\"", "\"raw\ncontrol\"", "[1] 2", "{\"a\" 1}", "NaN", "Infinity",
        ]
        for text in bad {
            #expect(throws: JSONParser.Failure.self, "accepted: \(text)") { try JSONValue.parse(Array(text.utf8)) }
        }
        #expect(throws: JSONParser.Failure.self) { try JSONValue.parse([0x22, 0xFF, 0x22]) }  // not UTF-8
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        #expect(throws: JSONParser.Failure.self) { try JSONValue.parse(Array(deep.utf8)) }
    }

    /// Strings are scanned eight bytes at a time: a quote, backslash, control character or
    /// multi-byte character at every offset of every length must be found exactly where it is.
    @Test func stringsAgreeWithFoundationWhereverTheSpecialBytesFall() throws {
        let specials: [(json: String, text: String)] = [
            (#"\""#, "\""), (#"\\"#, "\\"), (#"\/"#, "/"), (#"\n"#, "\n"), (#"\u00e9"#, "é"), ("é", "é"), ("🚗", "🚗"),
        ]
        for length in 0..<20 {
            for position in 0...length {
                let prefix = String(repeating: "a", count: position)
                let suffix = String(repeating: "b", count: length - position)
                for special in specials {
                    let json = "[\"\(prefix)\(special.json)\(suffix)\"]"
                    let expected = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String])
                    #expect(expected == [prefix + special.text + suffix])
                    #expect(try JSONValue.parse(Array(json.utf8)) == .array([.string(expected[0])]), "\(json)")
                }
                // A raw control character is refused wherever it is.
                let raw = "[\"\(prefix)\u{01}\(suffix)\"]"
                #expect(throws: JSONParser.Failure.self, "\(length) \(position)") {
                    try JSONValue.parse(Array(raw.utf8))
                }
            }
            // Unterminated at every length.
            let open = "\"" + String(repeating: "c", count: length)
            #expect(throws: JSONParser.Failure.self) { try JSONValue.parse(Array(open.utf8)) }
        }
    }

    @Test func writesCompactSortedEscapedJSON() {
        let value: JSONValue = [
            "z": "line\nbreak \"quoted\" back\\slash \u{01} é 🚗 a/b", "a": [1, .double(2.5), true, nil],
            "m": ["y": 1, "x": 2],
        ]
        #expect(
            value.jsonText
                == #"{"a":[1,2.5,true,null],"m":{"x":2,"y":1},"z":"line\nbreak \"quoted\" back\\slash \u0001 é 🚗 a/b"}"#
        )
    }

    /// JSON log lines quote their strings with the writer's escaper (one way to write JSON).
    @Test func logLinesQuoteStringsAsTheWriterDoes() {
        let sink = MemorySink()
        let text = "line\nbreak \"q\" back\\slash \u{01}\u{08} é a/b"
        Logger(level: .info, format: .json, sink: sink).info(text, ["field": .string(text)])
        let quoted = JSONValue.string(text).jsonText
        #expect(sink.lines.first?.hasSuffix(#","message":\#(quoted),"field":\#(quoted)}"# + "\n") == true)
    }

    @Test func roundTripsAndAgreesWithFoundation() throws {
        let documents = [
            #"{"status":"success","message":"Hi Ravi 👋,\n💼Your Wallet Balance: ₹5,000","options":["A","B"],"data":{"step":"menu","n":10}}"#,
            #"[{"a":-0.5},{"b":1e-7},{"c":12345678901234}]"#,
            #"{"image_base64":"\#(String(repeating: "QUJD", count: 10000))"}"#,
        ]
        for text in documents {
            let value = try JSONValue.parse(Array(text.utf8))
            #expect(try JSONValue.parse(value.jsonBytes) == value)
            let ours = try JSONSerialization.jsonObject(with: Data(value.jsonBytes)) as? NSObject
            let theirs = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSObject
            #expect(ours != nil && ours == theirs, "differs from Foundation: \(text.prefix(80))")
        }
    }
}
