import Foundation
import Glibc

/// One request written on a plain socket and everything the server sends back until it
/// closes: for what URLSession cannot send (invented methods, a head without its body,
/// `Expect: 100-continue` watched by hand). The socket blocks, with a receive timeout that
/// only bounds a failure, on a thread of its own: the cooperative pool is left to the others.
package struct RawExchange: Sendable {
    package struct Failure: Error, CustomStringConvertible {
        package let description: String
    }

    /// The status codes of the responses received, in order (a `100` included).
    package let statuses: [Int]
    /// Everything received, as text.
    package let text: String

    /// Connects to 127.0.0.1:`port`, sends `request` (which should say `Connection: close`,
    /// or leave its body unsent so that the server closes) and reads until the server closes.
    package static func send(_ request: String, port: Int) async throws -> RawExchange {
        // A queue with no target is overcommit: libdispatch gives its blocked work a thread.
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue(label: "test.raw-exchange").async {
                continuation.resume(with: Result { try exchange(request, port: port) })
            }
        }
    }

    private static func exchange(_ request: String, port: Int) throws -> RawExchange {
        let (fd, error) = LoopbackSocket.connect(port: port)
        guard fd >= 0 else { throw Failure(description: "connect: errno \(error)") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let bytes = Array(request.utf8)
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { throw Failure(description: "send: errno \(errno)") }
            offset += sent
        }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received += chunk[0..<count]
            } else if count == 0 || errno == ECONNRESET {
                break
            } else if errno != EINTR {
                throw Failure(description: "no close from the server (errno \(errno)) after: \(received.count) bytes")
            }
        }
        let text = String(decoding: received, as: UTF8.self)
        // Status lines start the text or follow the previous response's blank line (or a body
        // that does not end in one: only the lines that look like status lines are taken).
        let statuses = text.split(separator: "\r\n").compactMap { line -> Int? in
            guard line.hasPrefix("HTTP/1.1 "), line.count >= 12 else { return nil }
            return Int(line.dropFirst(9).prefix(3))
        }
        return RawExchange(statuses: statuses, text: text)
    }

    /// The body of the last response (after its head).
    package var lastBody: String {
        guard let range = text.range(of: "\r\n\r\n", options: .backwards) else { return "" }
        return String(text[range.upperBound...])
    }
}
