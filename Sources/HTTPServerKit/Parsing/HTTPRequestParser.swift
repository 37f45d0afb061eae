import Glibc

/// An incremental HTTP/1.1 request parser (RFC 9112). It does no I/O: bytes are fed in
/// any split, and `next()` returns each complete request in order, so pipelined requests
/// come out one by one. After an error the parser stays failed; the connection must close.
public struct HTTPRequestParser: Sendable {
    enum State: Sendable {
        case requestLine
        case headers
        /// `.head` was returned; the body's limit may still be lowered before it is read.
        case bodyAhead(BodyFraming)
        case body(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case failed(HTTPParserError)
    }

    enum BodyFraming: Sendable {
        case length(Int)
        case chunked
    }

    /// The limits every request is held to.
    public let limits: HTTPParserLimits
    private var buffer = ByteBuffer()
    private var state = State.requestLine
    /// Bytes of the current, incomplete line already searched for LF.
    private var scannedBytes = 0
    private var head = Head()
    private var lineBuffer: [UInt8] = []
    /// The current request's body limit: `maxBodyBytes` unless lowered after its head.
    private var bodyLimit: Int

    /// The request being assembled.
    private struct Head: Sendable {
        var method = HTTPMethod.get
        var target = ""
        var version = HTTPVersion.http1_1
        var headers: [HTTPHeaders.Field] = []
        var headerBytes = 0
        var leadingEmptyLines = 0
        var contentLength: Int?
        var transferCodings: [String] = []
        var hostCount = 0
        var connectionClose = false
        var connectionKeepAlive = false
        var expectsContinue = false
        /// The request handed out with `.head`, completed with the body.
        var request: HTTPRequest?
        var body: [UInt8] = []
    }

    /// A parser waiting for the first request of a connection.
    public init(limits: HTTPParserLimits = HTTPParserLimits()) {
        self.limits = limits
        bodyLimit = limits.maxBodyBytes
    }

    /// Number of bytes received but not yet parsed.
    public var bufferedByteCount: Int { buffer.readableCount }

    /// True between requests: nothing of a next request has arrived.
    public var isIdle: Bool {
        if case .requestLine = state { return buffer.readableCount == 0 }
        return false
    }

    /// True once the head is complete and the body is being read.
    public var isReadingBody: Bool {
        switch state {
        case .bodyAhead, .body, .chunkSize, .chunkData, .chunkDataEnd, .trailers: true
        default: false
        }
    }

    /// Lowers the body limit of the request whose `.head` was just returned (never above
    /// `maxBodyBytes`): a longer `Content-Length`, or chunks adding up to more, then fail
    /// with `bodyTooLarge`. Ignored at any other time.
    ///
    /// - Parameter bytes: the most this request's body may hold; negative counts as 0.
    public mutating func limitBody(to bytes: Int) {
        guard case .bodyAhead = state else { return }
        bodyLimit = max(0, min(bytes, limits.maxBodyBytes))
    }

    /// Adds received bytes, in any split (for tests and the fuzz target; a server reads
    /// straight into the buffer with `receive(_:)`).
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// Lets `read` write received bytes straight into the parser's buffer (a socket read),
    /// saving a copy. The space offered grows with a body being read (up to 256 KiB).
    ///
    /// - Parameter read: writes at most `space.count` bytes into `space` and returns how many,
    ///   0 at end of input, or a negative number on failure (as `recv` does).
    /// - Returns: what `read` returned; only a positive count is added to the buffer.
    public mutating func receive(_ read: (UnsafeMutableRawBufferPointer) -> Int) -> Int {
        var size = 4096
        if case .body(let remaining) = state { size = min(max(remaining, size), 256 * 1024) }
        if case .chunkData(let remaining) = state { size = min(max(remaining, size), 256 * 1024) }
        var result = 0
        _ = buffer.writeWithUnsafeMutableBytes(minimumWritable: size) { space in
            result = read(space)
            return result
        }
        return result
    }

    /// Frees the read buffer if it holds nothing (for idle connections).
    public mutating func releaseMemoryIfIdle() {
        if isIdle { buffer.releaseIfEmpty() }
    }

    /// The next complete event, or nil when more bytes are needed. Call it until nil after
    /// every append: one read may hold several pipelined requests.
    ///
    /// - Returns: the next head, `100 Continue` prompt or request; nil when the buffered
    ///   bytes end inside one (or between two).
    /// - Throws: `HTTPParserError` for input that is not a valid request within the limits;
    ///   the parser stays failed and every later call throws the same error.
    public mutating func next() throws(HTTPParserError) -> HTTPParserEvent? {
        if case .failed(let error) = state { throw error }
        do {
            return try step()
        } catch {
            state = .failed(error)
            throw error
        }
    }

    private mutating func step() throws(HTTPParserError) -> HTTPParserEvent? {
        while true {
            switch state {
            case .failed(let error):
                throw error
            case .requestLine:
                guard let line = try takeLine(limit: limits.maxRequestLineBytes, overflow: .uriTooLong) else {
                    return nil
                }
                if line.isEmpty {
                    // RFC 9112 §2.2: ignore empty lines before a request line, within reason.
                    head.leadingEmptyLines += 1
                    if head.leadingEmptyLines > 4 { throw .malformed("empty lines before the request line") }
                    continue
                }
                try parseRequestLine(line)
                state = .headers
            case .headers:
                let budget = limits.maxHeaderBytes - head.headerBytes
                guard let line = try takeLine(limit: budget, overflow: .headersTooLarge) else { return nil }
                head.headerBytes += line.count + 2
                if line.isEmpty {
                    return try finishHead()
                }
                try parseHeaderLine(line, isTrailer: false)
            case .bodyAhead(let framing):
                switch framing {
                case .length(let length):
                    guard length <= bodyLimit else { throw .bodyTooLarge }
                    head.body.reserveCapacity(min(length, 64 * 1024))
                    state = .body(remaining: length)
                case .chunked:
                    state = .chunkSize
                }
                if head.expectsContinue && head.version == .http1_1 && buffer.readableCount == 0 {
                    return .expectsContinue
                }
            case .body(let remaining):
                let count = min(remaining, buffer.readableCount)
                guard count > 0 else { return nil }
                consumeBody(count)
                if remaining == count { return completeRequest() }
                state = .body(remaining: remaining - count)
            case .chunkSize:
                guard let line = try takeLine(limit: 1024, overflow: .malformed("chunk size line too long")) else {
                    return nil
                }
                let size = try Self.parseChunkSize(line)
                if size == 0 {
                    state = .trailers
                } else {
                    guard size <= bodyLimit - head.body.count else { throw .bodyTooLarge }
                    state = .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                let count = min(remaining, buffer.readableCount)
                guard count > 0 else { return nil }
                consumeBody(count)
                state = remaining == count ? .chunkDataEnd : .chunkData(remaining: remaining - count)
            case .chunkDataEnd:
                guard buffer.readableCount >= 2 else { return nil }
                let isCRLF = buffer.withReadableBytes { $0[0] == ASCII.cr && $0[1] == ASCII.lf }
                guard isCRLF else { throw .malformed("chunk data not followed by CRLF") }
                buffer.moveReaderIndex(forwardBy: 2)
                state = .chunkSize
            case .trailers:
                let budget = limits.maxHeaderBytes - head.headerBytes
                guard let line = try takeLine(limit: budget, overflow: .headersTooLarge) else { return nil }
                head.headerBytes += line.count + 2
                if line.isEmpty { return completeRequest() }
                // Trailer fields are checked but not merged into the headers (RFC 9110 §6.5.1).
                try parseHeaderLine(line, isTrailer: true)
            }
        }
    }

    // MARK: - Lines

    /// Takes the next CRLF-terminated line (without the CRLF) off the buffer, or returns nil
    /// when it is incomplete. `limit` bounds the line's length.
    private mutating func takeLine(limit: Int, overflow: HTTPParserError) throws(HTTPParserError) -> [UInt8]? {
        let scanned = scannedBytes
        let found: Int? = buffer.withReadableBytes { bytes in
            guard bytes.count > scanned, let base = bytes.baseAddress else { return nil }
            guard let hit = memchr(base + scanned, Int32(ASCII.lf), bytes.count - scanned) else { return nil }
            return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
        }
        guard let lf = found else {
            scannedBytes = buffer.readableCount
            // The line so far already exceeds the limit (allowing for its CR).
            if scannedBytes > limit + 1 { throw overflow }
            return nil
        }
        scannedBytes = 0
        // The length check comes first: when the bytes arrive in pieces, an over-long line is
        // refused before its end is seen, so the same error must win when it arrives whole.
        if lf - 1 > limit { throw overflow }
        guard lf > 0, buffer.withReadableBytes({ $0[lf - 1] }) == ASCII.cr else {
            throw .malformed("line not terminated by CRLF")
        }
        // One reused array for every line: no allocation per header once it has grown.
        lineBuffer.removeAll(keepingCapacity: true)
        buffer.withReadableBytes { lineBuffer.append(contentsOf: $0[0..<(lf - 1)]) }
        buffer.moveReaderIndex(forwardBy: lf + 1)
        return lineBuffer
    }

    private mutating func parseRequestLine(_ line: [UInt8]) throws(HTTPParserError) {
        guard let firstSpace = line.firstIndex(of: ASCII.space), firstSpace > 0 else {
            throw .malformed("bad request line")
        }
        let targetStart = firstSpace + 1
        guard let secondSpace = line[targetStart...].firstIndex(of: ASCII.space), secondSpace > targetStart else {
            throw .malformed("bad request line")
        }
        let methodBytes = line[..<firstSpace]
        let targetBytes = line[targetStart..<secondSpace]
        let versionBytes = line[(secondSpace + 1)...]
        guard methodBytes.allSatisfy(ASCII.isToken) else { throw .malformed("bad method") }
        guard targetBytes.allSatisfy(ASCII.isVisible) else { throw .malformed("bad request target") }
        head.version = try Self.parseVersion(versionBytes)
        head.method = HTTPMethod(rawValue: String(decoding: methodBytes, as: UTF8.self))
        let target = String(decoding: targetBytes, as: UTF8.self)
        try Self.validateTarget(target, method: head.method)
        head.target = target
    }

    // MARK: - Header fields

    private mutating func parseHeaderLine(_ line: [UInt8], isTrailer: Bool) throws(HTTPParserError) {
        if line[0] == ASCII.space || line[0] == ASCII.tab {
            throw .malformed("obsolete line folding")
        }
        guard let colon = line.firstIndex(of: ASCII.colon), colon > 0 else {
            throw .malformed("header field without a colon")
        }
        guard line[..<colon].allSatisfy(ASCII.isToken) else { throw .malformed("bad header field name") }
        var start = colon + 1
        var end = line.count
        while start < end, line[start] == ASCII.space || line[start] == ASCII.tab { start += 1 }
        while end > start, line[end - 1] == ASCII.space || line[end - 1] == ASCII.tab { end -= 1 }
        guard line[start..<end].allSatisfy(ASCII.isFieldValueByte) else {
            throw .malformed("bad character in header field value")
        }
        if head.headers.count >= limits.maxHeaderCount { throw .headersTooLarge }
        let name = String(decoding: line[..<colon], as: UTF8.self)
        let value = String(decoding: line[start..<end], as: UTF8.self)
        if isTrailer { return }
        try noteFramingHeader(name: line[..<colon], value: value)
        head.headers.append((name, value))
    }

    /// Remembers the fields that decide framing and connection handling as they arrive.
    private mutating func noteFramingHeader(name: ArraySlice<UInt8>, value: String) throws(HTTPParserError) {
        let isNamed: (StaticString) -> Bool = { literal in
            name.withUnsafeBufferPointer { ASCII.equalsLowercased($0, literal) }
        }
        switch name.count {
        case 4 where isNamed("host"):
            head.hostCount += 1
        case 6 where isNamed("expect"):
            guard value.lowercased() == "100-continue" else { throw .expectationFailed }
            head.expectsContinue = true
        case 10 where isNamed("connection"):
            for token in value.split(separator: ",") {
                switch token.trimmingSpaces.lowercased() {
                case "close": head.connectionClose = true
                case "keep-alive": head.connectionKeepAlive = true
                default: break
                }
            }
        case 14 where isNamed("content-length"):
            // A list of identical values is tolerated (RFC 9110 §8.6); anything else is an attack.
            for item in value.split(separator: ",", omittingEmptySubsequences: false) {
                let digits = item.trimmingSpaces
                guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 &- 0x30 < 10 }) else {
                    throw .malformed("Content-Length is not a number")
                }
                guard digits.utf8.count <= 18, let length = Int(digits) else { throw .bodyTooLarge }
                if let previous = head.contentLength, previous != length {
                    throw .malformed("conflicting Content-Length values")
                }
                head.contentLength = length
            }
        case 17 where isNamed("transfer-encoding"):
            for coding in value.split(separator: ",", omittingEmptySubsequences: false) {
                head.transferCodings.append(coding.trimmingSpaces.lowercased())
            }
        default:
            break
        }
    }

    /// Decides the body framing once the empty line ends the head (RFC 9112 §6.3). A body
    /// longer than `maxBodyBytes` is refused here; a route's own limit comes after `.head`.
    private mutating func finishHead() throws(HTTPParserError) -> HTTPParserEvent {
        if head.version == .http1_1 && head.hostCount == 0 { throw .malformed("missing Host header") }
        if head.hostCount > 1 { throw .malformed("more than one Host header") }
        let framing: BodyFraming
        if !head.transferCodings.isEmpty {
            guard head.version == .http1_1 else { throw .malformed("Transfer-Encoding in an HTTP/1.0 request") }
            guard head.contentLength == nil else {
                throw .malformed("both Content-Length and Transfer-Encoding")
            }
            if let unknown = head.transferCodings.first(where: { $0 != "chunked" }) {
                if unknown.isEmpty { throw .malformed("empty transfer coding") }
                throw .unsupportedTransferCoding(unknown)
            }
            guard head.transferCodings.count == 1 else { throw .malformed("chunked applied more than once") }
            framing = .chunked
        } else if let length = head.contentLength, length > 0 {
            guard length <= limits.maxBodyBytes else { throw .bodyTooLarge }
            framing = .length(length)
        } else {
            return completeRequest()
        }
        let request = makeRequest()
        head.request = request
        state = .bodyAhead(framing)
        return .head(request)
    }

    // MARK: - Body

    private mutating func consumeBody(_ count: Int) {
        buffer.withReadableBytes { head.body.append(contentsOf: $0[0..<count]) }
        buffer.moveReaderIndex(forwardBy: count)
    }

    /// The request of the head parsed so far, without its body.
    private func makeRequest() -> HTTPRequest {
        let keepAlive =
            head.version == .http1_1 ? !head.connectionClose : (head.connectionKeepAlive && !head.connectionClose)
        return HTTPRequest(
            method: head.method, target: head.target, version: head.version, headers: HTTPHeaders(head.headers),
            keepAlive: keepAlive)
    }

    private mutating func completeRequest() -> HTTPParserEvent {
        var request = head.request ?? makeRequest()
        request.body = head.body
        head = Head()
        bodyLimit = limits.maxBodyBytes
        state = .requestLine
        return .request(request)
    }
}
