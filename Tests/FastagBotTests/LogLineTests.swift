import Foundation
import TestKit
import Testing

@testable import FastagBot

/// The log's byte formatter writes the lines the logger always wrote: the same text and
/// JSON, the same numbers as Swift prints them.
@Suite struct LogLineTests {
    static let fields: KeyValuePairs<String, LogValue> = [
        "method": "GET", "path": "/health", "status": 200, "bytes": 163, "duration_ms": .double(0.045),
        "request_id": "trace-42", "empty": "", "spaced": "a b", "negative": -7, "whole": .double(12),
    ]

    /// The line without its 24-character timestamp (which moves between two calls).
    static func line(_ format: LogFormat, _ level: LogLevel = .info) -> (time: String, rest: String) {
        let sink = MemorySink()
        Logger(level: .debug, format: format, sink: sink).log(level, "request", fields)
        let line = sink.lines.first ?? ""
        let start = format == .json ? line.index(line.startIndex, offsetBy: 9) : line.startIndex
        let end = line.index(start, offsetBy: 24)
        return (String(line[start..<end]), String(line[..<start] + line[end...]))
    }

    @Test func textLinesKeepTheirFormat() throws {
        let (time, rest) = Self.line(.text)
        #expect(
            rest
                == #" INFO    request method=GET path=/health status=200 bytes=163 duration_ms=0.045 request_id=trace-42 empty="" spaced="a b" negative=-7 whole=12.0"#
                + "\n")
        #expect(time.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil, "\(time)")
        #expect(Self.line(.text, .warning).rest.hasPrefix(" WARNING request "))
    }

    @Test func jsonLinesKeepTheirFormat() throws {
        let (time, rest) = Self.line(.json, .error)
        #expect(
            rest
                == #"{"time":"","level":"error","message":"request","method":"GET","path":"/health","status":200,"bytes":163,"duration_ms":0.045,"request_id":"trace-42","empty":"","spaced":"a b","negative":-7,"whole":12.0}"#
                + "\n")
        #expect(time.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil, "\(time)")
    }

    /// Durations are written without `String(Double)` on the hot path, so every value must
    /// come out as Swift prints it: all thousandths up to 100 s, random ones beyond, and
    /// values that are not thousandths at all.
    @Test func numbersAreWrittenAsSwiftPrintsThem() {
        var random = SplitMix64(seed: 15)
        var values = (0..<100_000).map { Double($0) / 1000 }
        values += (0..<20_000).map { _ in Double(random.next() % 1_000_000_000_000) / 1000 }
        values += [0.0001, 1.0 / 3, -0.0, -2.5, 1e9, 1e9 + 0.5, 123_456_789.125, .infinity, .nan, 1e300]
        let sink = MemorySink()
        let logger = Logger(level: .info, format: .text, sink: sink)
        for value in values { logger.info("n", ["v": .double(value)]) }
        let written = sink.lines.map { String($0.split(separator: "=").last!.dropLast()) }
        let mismatches = zip(values, written).filter { String($0.0) != $0.1 }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        let integers = [0, 9, 10, 99_999, -1, Int.max, Int.min, 9_999_999_999, 10_000_000_000]
        for number in integers { logger.info("n", ["v": .int(number)]) }
        #expect(
            sink.lines.suffix(integers.count).map { String($0.split(separator: "=").last!.dropLast()) }
                == integers.map { String($0) })
    }
}
