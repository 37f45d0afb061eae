import FastagBot
import Foundation
import Testing

/// Stored times as the API writes them, against Foundation's own ISO-8601 formatter.
struct ISOTimeTests {
    @Test(
        "edges: the epoch, leap days, century years, the last millisecond of a year",
        arguments: [
            (Int64(0), "1970-01-01T00:00:00.000Z"), (951_782_400_000, "2000-02-29T00:00:00.000Z"),
            (4_107_542_400_000, "2100-03-01T00:00:00.000Z"), (1_767_225_599_999, "2025-12-31T23:59:59.999Z"),
            (1_709_210_096_007, "2024-02-29T12:34:56.007Z"), (-1, "1969-12-31T23:59:59.999Z"),
        ])
    func edges(_ milliseconds: Int64, _ expected: String) {
        #expect(ISOTime.string(milliseconds) == expected)
    }

    /// Whole seconds go through Foundation (exact as a `Double`); the milliseconds are checked
    /// as digits.
    @Test("every time agrees with Foundation over 1970-2200")
    func agreesWithFoundation() {
        let reference = ISO8601DateFormatter()
        reference.timeZone = TimeZone(identifier: "UTC")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let milliseconds = Int64.random(in: 0..<7_258_118_400_000, using: &generator)
            let seconds = reference.string(from: Date(timeIntervalSince1970: Double(milliseconds / 1000)))
            let expected = seconds.dropLast() + "." + String(format: "%03d", Int(milliseconds % 1000)) + "Z"
            #expect(ISOTime.string(milliseconds) == expected, "\(milliseconds)")
        }
    }
}
