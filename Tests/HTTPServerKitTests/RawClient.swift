import Glibc
import TestKit

/// Why a raw-socket exchange failed.
struct RawClientError: Error, CustomStringConvertible {
    var description: String

    init(_ operation: String, code: Int32 = errno) {
        description = "\(operation) failed: \(String(cString: strerror(code))) (errno \(code))"
    }

    init(message: String) {
        description = message
    }
}

/// A response as read off the wire.
struct RawResponse: CustomStringConvertible {
    var status: Int
    var reason: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    subscript(name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    var text: String { String(decoding: body, as: UTF8.self) }

    var description: String { "\(status) \(reason) \(headers) \(text)" }
}

/// A blocking HTTP/1.1 client on a plain Glibc socket, for what URLSession cannot do:
/// pipelining, malformed input, half-sent requests, watching the server close.
///
/// Every receive has a timeout (`SO_RCVTIMEO`), so a server that never answers fails the
/// test instead of hanging it. An instance is used by one thread at a time (it is handed
/// between threads only through task or thread start), hence `@unchecked Sendable`.
final class RawClient: @unchecked Sendable {
    let fd: Int32
    /// The server's port, for more connections to it.
    let port: Int
    private var buffer: [UInt8] = []
    private var closed = false

    /// Connects to 127.0.0.1:`port`.
    init(port: Int, timeout: Int = 10, receiveBuffer: Int32? = nil) throws {
        let result = LoopbackSocket.connect(port: port, receiveBuffer: receiveBuffer)
        guard result.fd >= 0 else { throw RawClientError("connect to port \(port)", code: result.error) }
        fd = result.fd
        self.port = port
        var interval = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close()
    }

    func send(_ text: String) throws {
        try send(Array(text.utf8))
    }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EINTR { continue }
                throw RawClientError("send")
            }
            offset += sent
        }
    }

    /// Sends one request and reads its response.
    func roundTrip(_ request: String) throws -> RawResponse {
        try send(request)
        return try readResponse()
    }

    /// Reads one response. `isHead`: the answer to a HEAD request, which has no body
    /// whatever its Content-Length says.
    func readResponse(isHead: Bool = false) throws -> RawResponse {
        var headEnd: Int?
        while true {
            headEnd = Self.find([0x0D, 0x0A, 0x0D, 0x0A], in: buffer)
            if headEnd != nil { break }
            guard try fill() > 0 else {
                throw RawClientError(message: "connection closed before a response head (\(buffer.count) bytes)")
            }
        }
        let end = headEnd!
        let head = String(decoding: buffer[0..<end], as: UTF8.self)
        buffer.removeFirst(end + 4)
        var lines = head.split(separator: "\r\n" as Character, omittingEmptySubsequences: false)
        let statusLine = String(lines.removeFirst())
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0] == "HTTP/1.1", let status = Int(parts[1]) else {
            throw RawClientError(message: "bad status line: \(statusLine)")
        }
        var response = RawResponse(
            status: status, reason: parts.count > 2 ? String(parts[2]) : "", headers: [], body: [])
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else {
                throw RawClientError(message: "bad header line: \(line)")
            }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t")
            response.headers.append((String(line[..<colon]), value))
        }
        if isHead || status < 200 || status == 204 || status == 304 { return response }
        if let length = response["Content-Length"].flatMap({ Int($0) }) {
            while buffer.count < length {
                guard try fill() > 0 else { throw RawClientError(message: "connection closed inside a body") }
            }
            response.body = Array(buffer[0..<length])
            buffer.removeFirst(length)
        } else {
            response.body = try readUntilClose()
        }
        return response
    }

    /// Reads the server's last response: nothing may follow it but the close.
    func readFinalResponse(isHead: Bool = false) throws -> RawResponse {
        let response = try readResponse(isHead: isHead)
        let rest = try readUntilClose()
        guard rest.isEmpty else {
            throw RawClientError(message: "\(rest.count) bytes after the final response \(response.status)")
        }
        return response
    }

    /// Reads until the server closes; returns what arrived (beyond responses already read).
    /// A reset counts as a close.
    func readUntilClose() throws -> [UInt8] {
        while try fill() > 0 {}
        let rest = buffer
        buffer = []
        return rest
    }

    /// True when nothing has arrived and the connection is still open (does not block).
    func isQuiet() -> Bool {
        guard buffer.isEmpty else { return false }
        var byte: UInt8 = 0
        let count = recv(fd, &byte, 1, Int32(MSG_DONTWAIT) | Int32(MSG_PEEK))
        return count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
    }

    /// Resets the connection instead of closing it politely (SO_LINGER with a zero timeout).
    func reset() {
        var option = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
        close()
    }

    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(fd)
    }

    /// Receives more bytes; 0 at end of stream (or reset). Throws on a timeout.
    private func fill() throws -> Int {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                buffer.append(contentsOf: chunk[0..<count])
                return count
            }
            if count == 0 { return 0 }
            switch errno {
            case EINTR: continue
            case ECONNRESET: return 0
            case EAGAIN, EWOULDBLOCK: throw RawClientError(message: "timed out waiting for the server")
            default: throw RawClientError("recv")
            }
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return start }
        }
        return nil
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in characters: String) -> String {
        String(drop { characters.contains($0) }.reversed().drop { characters.contains($0) }.reversed())
    }
}
