import Glibc
import HTTPServerKit
import Synchronization

/// A value in a log line.
package enum LogValue: Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, CustomStringConvertible {
    case string(String)
    case int(Int)
    case double(Double)

    package init(stringLiteral value: String) { self = .string(value) }
    package init(integerLiteral value: Int) { self = .int(value) }

    package var description: String {
        switch self {
        case .string(let text): text
        case .int(let number): String(number)
        case .double(let number): String(number)
        }
    }
}

/// Where log lines go. Each call receives one complete line, newline included.
package protocol LogSink: Sendable {
    func write(_ line: String)
}

/// Writes each line with one `write(2)` to standard output (or another descriptor: the
/// terminal chat logs to standard error), so lines from different threads never interleave.
package struct StandardOutputSink: LogSink {
    private let descriptor: Int32

    package init(descriptor: Int32 = STDOUT_FILENO) { self.descriptor = descriptor }

    package func write(_ line: String) {
        var line = line
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}

/// Keeps lines in memory (tests read them back).
package final class MemorySink: LogSink {
    private let storage = Mutex<[String]>([])
    package init() {}
    package func write(_ line: String) { storage.withLock { $0.append(line) } }
    package var lines: [String] { storage.withLock { $0 } }
}

/// Structured logging as readable text or JSON lines. Callers pass only values that may be
/// logged: secrets never, customer mobiles and ID numbers only through `Redact`.
package struct Logger: Sendable {
    let level: LogLevel
    let format: LogFormat
    private let sink: any LogSink

    init(level: LogLevel, format: LogFormat, sink: any LogSink = StandardOutputSink()) {
        self.level = level
        self.format = format
        self.sink = sink
    }

    func isEnabled(_ level: LogLevel) -> Bool { level >= self.level }

    func log(_ level: LogLevel, _ message: String, _ fields: KeyValuePairs<String, LogValue> = [:]) {
        guard isEnabled(level) else { return }
        let time = Timestamp.iso8601Milliseconds()
        switch format {
        case .text:
            var line = "\(time) \(level.name.uppercased().padding(7)) \(message)"
            for (key, value) in fields {
                line += " \(key)=\(Self.textValue(value))"
            }
            sink.write(line + "\n")
        case .json:
            var line = "{\"time\":\"\(time)\",\"level\":\"\(level.name)\",\"message\":\(JSONText.quoted(message))"
            for (key, value) in fields {
                line += ",\(JSONText.quoted(key)):"
                switch value {
                case .string(let text): line += JSONText.quoted(text)
                case .int(let number): line += String(number)
                case .double(let number): line += number.isFinite ? String(number) : "null"
                }
            }
            sink.write(line + "}\n")
        }
    }

    func debug(_ message: String, _ fields: KeyValuePairs<String, LogValue> = [:]) {
        log(.debug, message, fields)
    }
    package func info(_ message: String, _ fields: KeyValuePairs<String, LogValue> = [:]) {
        log(.info, message, fields)
    }
    package func warning(_ message: String, _ fields: KeyValuePairs<String, LogValue> = [:]) {
        log(.warning, message, fields)
    }
    func error(_ message: String, _ fields: KeyValuePairs<String, LogValue> = [:]) {
        log(.error, message, fields)
    }

    /// Bare values stay bare; anything with spaces, quotes or control characters is quoted.
    private static func textValue(_ value: LogValue) -> String {
        guard case .string(let text) = value else { return value.description }
        let needsQuotes =
            text.isEmpty || text.unicodeScalars.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0.value < 0x20 }
        return needsQuotes ? JSONText.quoted(text) : text
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
