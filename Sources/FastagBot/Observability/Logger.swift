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
    /// Appends one line that `build` writes in place (the logger's way in: a sink with a
    /// buffer of its own formats straight into it).
    func append(_ build: (inout LogLineWriter) -> Void)
    /// Writes what is buffered; false when it could not within `timeout`.
    @discardableResult func flush(timeout: Duration) -> Bool
    /// Lines lost because the sink could not keep up (for `/metrics`).
    var droppedLines: Int { get }
}

extension LogSink {
    package func append(_ build: (inout LogLineWriter) -> Void) {
        var line = LogLineWriter()
        build(&line)
        write(String(decoding: line.bytes, as: UTF8.self))
    }
    @discardableResult package func flush(timeout: Duration) -> Bool { true }
    package var droppedLines: Int { 0 }
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
        sink.append { $0.appendLine(level, format, message, fields) }
    }

    /// Writes the lines the sink still holds (at shutdown, before the process exits).
    @discardableResult
    package func flush(timeout: Duration) -> Bool { sink.flush(timeout: timeout) }

    /// Lines the sink dropped because it could not keep up.
    var droppedLines: Int { sink.droppedLines }

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
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
