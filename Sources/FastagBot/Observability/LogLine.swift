import Glibc
import HTTPServerKit

/// Builds log lines as bytes, in place: the one formatter of `Logger`, text or JSON.
///
/// It writes straight into `bytes` (a sink's buffer) with no intermediate `String`, and keeps
/// the formatted second of the last timestamp, so that a line costs a `clock_gettime`, a few
/// copies and integer formatting: the access log writes one per request on the event loops.
package struct LogLineWriter {
    package var bytes: [UInt8] = []
    private var second = -1
    /// `2026-11-25T14:16:06.` for `second`.
    private var secondPrefix: [UInt8] = []

    package init() {}

    /// Appends one whole line, newline included.
    mutating func appendLine(
        _ level: LogLevel, _ format: LogFormat, _ message: String, _ fields: KeyValuePairs<String, LogValue>
    ) {
        switch format {
        case .text:
            appendTime()
            bytes.append(UInt8(ascii: " "))
            bytes.append(contentsOf: Self.paddedLevels[level.rawValue])
            bytes.append(UInt8(ascii: " "))
            appendRaw(message)
            for (key, value) in fields {
                bytes.append(UInt8(ascii: " "))
                appendRaw(key)
                bytes.append(UInt8(ascii: "="))
                appendTextValue(value)
            }
            bytes.append(UInt8(ascii: "\n"))
        case .json:
            bytes.append(contentsOf: #"{"time":""#.utf8)
            appendTime()
            bytes.append(contentsOf: #"","level":""#.utf8)
            bytes.append(contentsOf: level.name.utf8)
            bytes.append(contentsOf: #"","message":"#.utf8)
            JSONText.appendQuoted(message, to: &bytes)
            for (key, value) in fields {
                bytes.append(UInt8(ascii: ","))
                JSONText.appendQuoted(key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                switch value {
                case .string(let text): JSONText.appendQuoted(text, to: &bytes)
                case .int(let number): appendInt(number)
                case .double(let number): number.isFinite ? appendDouble(number) : bytes.append(contentsOf: "null".utf8)
                }
            }
            bytes.append(contentsOf: "}\n".utf8)
        }
    }

    /// `2026-11-25T14:16:06.123Z`, UTC.
    private mutating func appendTime() {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        if now.tv_sec != second {
            second = now.tv_sec
            secondPrefix = Array(Timestamp.iso8601(now.tv_sec).utf8.dropLast()) + [UInt8(ascii: ".")]
        }
        bytes.append(contentsOf: secondPrefix)
        let milliseconds = now.tv_nsec / 1_000_000
        bytes.append(UInt8(ascii: "0") + UInt8(milliseconds / 100))
        bytes.append(UInt8(ascii: "0") + UInt8(milliseconds / 10 % 10))
        bytes.append(UInt8(ascii: "0") + UInt8(milliseconds % 10))
        bytes.append(UInt8(ascii: "Z"))
    }

    private mutating func appendRaw(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Bare values stay bare; anything with spaces, quotes, `=` or control characters (or
    /// nothing at all) is quoted as JSON.
    private mutating func appendTextValue(_ value: LogValue) {
        switch value {
        case .int(let number): appendInt(number)
        case .double(let number): appendDouble(number)
        case .string(let text):
            let needsQuotes =
                text.isEmpty
                || text.utf8.contains {
                    $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "=") || $0 < 0x20
                }
            if needsQuotes { JSONText.appendQuoted(text, to: &bytes) } else { appendRaw(text) }
        }
    }

    private mutating func appendInt(_ number: Int) {
        guard number != Int.min else { return appendRaw(String(number)) }
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(UInt(number.magnitude))
    }

    private mutating func appendDigits(_ number: UInt) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0
        )
        guard number >= 10 else { return bytes.append(UInt8(ascii: "0") + UInt8(number)) }
        guard number < 10_000_000_000 else { return appendRaw(String(number)) }
        var rest = number
        var count = 0
        withUnsafeMutableBytes(of: &digits) { out in
            while rest > 0 {
                out[9 - count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            }
            bytes.append(contentsOf: out[(10 - count)...])
        }
    }

    /// As `String(number)` (Swift's shortest form that reads back the same), without its cost
    /// for the values durations take: whole thousandths below a billion, such as `0.045` or
    /// `12.0`. Their shortest form is the decimal itself, since doubles there are far closer
    /// together than a thousandth. Anything else goes through `String`.
    private mutating func appendDouble(_ number: Double) {
        let thousandths = (number * 1000).rounded()
        guard number.sign == .plus, number < 1e9, thousandths / 1000 == number else { return appendRaw(String(number)) }
        let whole = UInt(thousandths) / 1000
        var fraction = UInt(thousandths) % 1000
        appendDigits(whole)
        bytes.append(UInt8(ascii: "."))
        guard fraction != 0 else { return bytes.append(UInt8(ascii: "0")) }
        var width = 3
        while fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        var divisor: UInt = width == 3 ? 100 : width == 2 ? 10 : 1
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(fraction / divisor % 10))
            divisor /= 10
        }
    }

    /// `INFO   `: the level's name in capitals, padded to 7.
    private static let paddedLevels: [[UInt8]] = LogLevel.allCases.map {
        Array($0.name.uppercased().padding(7).utf8)
    }
}
