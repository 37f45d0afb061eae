import HTTPServerKit
import Testing

/// One request message (or several) and what the parser must make of it, however it is split.
struct ParserFixture: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]
    var limits = HTTPParserLimits()
    var requests: [ParsedRequest] = []
    var error: HTTPParserError?
    /// Whether the input ends between requests; false when a partial request is left over.
    var endsIdle = true

    var testDescription: String { name }

    init(
        _ name: String, _ text: String, limits: HTTPParserLimits = HTTPParserLimits(),
        requests: [ParsedRequest] = [], error: HTTPParserError? = nil, endsIdle: Bool = true
    ) {
        self.name = name
        self.bytes = Array(text.utf8)
        self.limits = limits
        self.requests = requests
        self.error = error
        self.endsIdle = error == nil && endsIdle
    }

    init(_ name: String, bytes: [UInt8], limits: HTTPParserLimits = HTTPParserLimits(), error: HTTPParserError) {
        self.name = name
        self.bytes = bytes
        self.limits = limits
        self.error = error
        self.endsIdle = false
    }
}

private let small = HTTPParserLimits(maxRequestLineBytes: 64, maxHeaderBytes: 128, maxHeaderCount: 4, maxBodyBytes: 16)
private let largeBody = String(repeating: "0123456789abcdef", count: 4096)

extension ParserFixture {
    static let valid: [ParserFixture] = [
        ParserFixture(
            "simple GET",
            "GET /health HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n",
            requests: [
                ParsedRequest(
                    method: "GET", target: "/health", path: "/health", headers: ["Host: example.com", "Accept: */*"])
            ]),
        ParserFixture(
            "POST with Content-Length",
            "POST /agents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n"
                + "{\"name\":\"a\"}\n",
            requests: [
                ParsedRequest(
                    method: "POST", target: "/agents", path: "/agents",
                    headers: ["Host: x", "Content-Type: application/json", "Content-Length: 13"],
                    body: "{\"name\":\"a\"}\n")
            ]),
        ParserFixture(
            "chunked with extensions and trailers",
            "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n6 ; ext;other=\"q\"\r\n world\r\nA\r\n, chunked!\r\n0;last\r\n"
                + "X-Checksum: abc\r\nX-Other: 1\r\n\r\n",
            requests: [
                ParsedRequest(
                    method: "POST", target: "/upload", path: "/upload",
                    headers: ["Host: x", "Transfer-Encoding: chunked"], body: "hello world, chunked!")
            ]),
        ParserFixture(
            "chunked, upper-case hex and leading zeros",
            "PUT /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n00B\r\nhello world\r\n000\r\n\r\n",
            requests: [
                ParsedRequest(
                    method: "PUT", target: "/p", path: "/p", headers: ["Host: x", "Transfer-Encoding: Chunked"],
                    body: "hello world")
            ]),
        ParserFixture(
            "Expect: 100-continue",
            "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello",
            requests: [
                ParsedRequest(
                    method: "POST", target: "/echo", path: "/echo",
                    headers: ["Host: x", "Expect: 100-continue", "Content-Length: 5"], body: "hello")
            ]),
        ParserFixture(
            "HEAD",
            "HEAD /health HTTP/1.1\r\nHost: x\r\n\r\n",
            requests: [ParsedRequest(method: "HEAD", target: "/health", path: "/health", headers: ["Host: x"])]),
        ParserFixture(
            "HTTP/1.0 closes by default",
            "GET / HTTP/1.0\r\n\r\n",
            requests: [
                ParsedRequest(
                    method: "GET", target: "/", version: .http1_0, path: "/", headers: [], keepAlive: false)
            ]),
        ParserFixture(
            "HTTP/1.0 with Connection: keep-alive",
            "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n",
            requests: [
                ParsedRequest(
                    method: "GET", target: "/", version: .http1_0, path: "/", headers: ["Connection: Keep-Alive"],
                    keepAlive: true)
            ]),
        ParserFixture(
            "Connection: close",
            "GET / HTTP/1.1\r\nHost: x\r\nConnection: foo, close\r\n\r\n",
            requests: [
                ParsedRequest(
                    method: "GET", target: "/", path: "/", headers: ["Host: x", "Connection: foo, close"],
                    keepAlive: false)
            ]),
        ParserFixture(
            "three pipelined requests",
            "GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                + "DELETE /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            requests: [
                ParsedRequest(method: "GET", target: "/a", path: "/a", headers: ["Host: x"]),
                ParsedRequest(
                    method: "POST", target: "/b", path: "/b", headers: ["Host: x", "Content-Length: 3"], body: "abc"),
                ParsedRequest(
                    method: "DELETE", target: "/c", path: "/c", headers: ["Host: x", "Connection: close"],
                    keepAlive: false),
            ]),
        ParserFixture(
            "pipelined, second request incomplete",
            "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHo",
            requests: [ParsedRequest(method: "GET", target: "/a", path: "/a", headers: ["Host: x"])],
            endsIdle: false),
        ParserFixture(
            "absolute-form target",
            "GET http://example.com:8080/a/b?x=1&y=two+words HTTP/1.1\r\nHost: example.com:8080\r\n\r\n",
            requests: [
                ParsedRequest(
                    method: "GET", target: "http://example.com:8080/a/b?x=1&y=two+words", path: "/a/b",
                    query: ["x=1", "y=two words"], headers: ["Host: example.com:8080"])
            ]),
        ParserFixture(
            "absolute-form target without a path",
            "OPTIONS HTTP://example.com HTTP/1.1\r\nHost: example.com\r\n\r\n",
            requests: [
                ParsedRequest(
                    method: "OPTIONS", target: "HTTP://example.com", path: "/", headers: ["Host: example.com"])
            ]),
        ParserFixture(
            "percent-encoded path and query",
            "GET /caf%C3%A9/a%20b/%2F?name=J%C3%B6rg+M&amp=%26&flag&e= HTTP/1.1\r\nHost: x\r\n\r\n",
            requests: [
                ParsedRequest(
                    method: "GET", target: "/caf%C3%A9/a%20b/%2F?name=J%C3%B6rg+M&amp=%26&flag&e=",
                    path: "/café/a b//", query: ["name=Jörg M", "amp=&", "flag=", "e="], headers: ["Host: x"])
            ]),
        ParserFixture(
            "leading CRLF before the request line",
            "\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n",
            requests: [ParsedRequest(method: "GET", target: "/", path: "/", headers: ["Host: x"])]),
        ParserFixture(
            "header order, duplicates, spelling and optional whitespace kept",
            "GET / HTTP/1.1\r\nhost:x\r\nX-Dup: 1\r\nAccept:\t text/html \t\r\nx-dup: 2\r\nX-Empty:\r\n\r\n",
            requests: [
                ParsedRequest(
                    method: "GET", target: "/", path: "/",
                    headers: ["host: x", "X-Dup: 1", "Accept: text/html", "x-dup: 2", "X-Empty: "])
            ]),
        ParserFixture(
            "identical Content-Length values",
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 3\r\nContent-Length: 3\r\n\r\nabc",
            requests: [
                ParsedRequest(
                    method: "POST", target: "/", path: "/",
                    headers: ["Host: x", "Content-Length: 3, 3", "Content-Length: 3"], body: "abc")
            ]),
        ParserFixture(
            "OPTIONS *",
            "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",
            requests: [ParsedRequest(method: "OPTIONS", target: "*", path: "*", headers: ["Host: x"])]),
        ParserFixture(
            "64 KiB body",
            "POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: \(largeBody.utf8.count)\r\n\r\n\(largeBody)",
            requests: [
                ParsedRequest(
                    method: "POST", target: "/big", path: "/big",
                    headers: ["Host: x", "Content-Length: \(largeBody.utf8.count)"], body: largeBody)
            ]),
        ParserFixture(
            "body exactly at the limit",
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 16\r\n\r\n0123456789abcdef",
            limits: small,
            requests: [
                ParsedRequest(
                    method: "POST", target: "/", path: "/", headers: ["Host: x", "Content-Length: 16"],
                    body: "0123456789abcdef")
            ]),
    ]

    static let invalid: [ParserFixture] = [
        ParserFixture("garbage", "HELLO\r\n\r\n", error: .malformed("")),
        ParserFixture("binary garbage", bytes: [0x00, 0xFF, 0x13, 0x0D, 0x0A, 0x0D, 0x0A], error: .malformed("")),
        ParserFixture("missing version", "GET /\r\nHost: x\r\n\r\n", error: .malformed("")),
        ParserFixture("lower-case version", "GET / http/1.1\r\nHost: x\r\n\r\n", error: .malformed("")),
        ParserFixture("bad method character", "GE(T / HTTP/1.1\r\nHost: x\r\n\r\n", error: .malformed("")),
        ParserFixture("relative target", "GET foo HTTP/1.1\r\nHost: x\r\n\r\n", error: .malformed("")),
        ParserFixture("bad percent-encoding", "GET /a%zz HTTP/1.1\r\nHost: x\r\n\r\n", error: .malformed("")),
        ParserFixture("percent-encoded invalid UTF-8", "GET /%FF HTTP/1.1\r\nHost: x\r\n\r\n", error: .malformed("")),
        ParserFixture(
            "request line too long", "GET /\(String(repeating: "a", count: 100)) HTTP/1.1\r\nHost: x\r\n\r\n",
            limits: small, error: .uriTooLong),
        ParserFixture(
            "request line too long, never terminated", "GET /\(String(repeating: "a", count: 100))", limits: small,
            error: .uriTooLong),
        ParserFixture(
            "request line too long, ended by a bare LF",
            "GET /\(String(repeating: "a", count: 100)) HTTP/1.1\nHost: x\r\n\r\n", limits: small,
            error: .uriTooLong),
        ParserFixture(
            "header field too large",
            "GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "b", count: 200))\r\n\r\n",
            limits: small, error: .headersTooLarge),
        ParserFixture(
            "headers too large together",
            "GET / HTTP/1.1\r\nHost: x\r\nA: \(String(repeating: "a", count: 50))\r\nB: \(String(repeating: "b", count: 50))"
                + "\r\nC: \(String(repeating: "c", count: 50))\r\n\r\n",
            limits: small, error: .headersTooLarge),
        ParserFixture(
            "too many header fields", "GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n",
            limits: small, error: .headersTooLarge),
        ParserFixture(
            "header too large, ended by a bare LF",
            "GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "b", count: 200))\n\r\n", limits: small,
            error: .headersTooLarge),
        ParserFixture(
            "body too large by Content-Length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 17\r\n\r\n",
            limits: small, error: .bodyTooLarge),
        ParserFixture(
            "absurd Content-Length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n",
            error: .bodyTooLarge),
        ParserFixture(
            "body too large by chunk sizes",
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n01234567\r\n9\r\n012345678\r\n0\r\n\r\n",
            limits: small, error: .bodyTooLarge),
        ParserFixture(
            "absurd chunk size",
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n",
            error: .bodyTooLarge),
        ParserFixture(
            "Transfer-Encoding: gzip, chunked",
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
            error: .unsupportedTransferCoding("gzip")),
        ParserFixture(
            "chunked twice", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked\r\n\r\n",
            error: .malformed("")),
        ParserFixture(
            "Content-Length and Transfer-Encoding",
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            error: .malformed("")),
        ParserFixture(
            "conflicting Content-Length fields",
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", error: .malformed("")),
        ParserFixture(
            "conflicting Content-Length list", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 6\r\n\r\nhello!",
            error: .malformed("")),
        ParserFixture(
            "Content-Length not a number", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\nhello",
            error: .malformed("")),
        ParserFixture("missing Host in HTTP/1.1", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", error: .malformed("")),
        ParserFixture("two Host fields", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", error: .malformed("")),
        ParserFixture(
            "obs-fold", "GET / HTTP/1.1\r\nHost: x\r\nX-Long: a\r\n  continued\r\n\r\n", error: .malformed("")),
        ParserFixture("bare LF", "GET / HTTP/1.1\nHost: x\n\n", error: .malformed("")),
        ParserFixture(
            "bare LF in the headers", "GET / HTTP/1.1\r\nHost: x\nAccept: */*\r\n\r\n", error: .malformed("")),
        ParserFixture("bare CR in a value", "GET / HTTP/1.1\r\nHost: x\rY\r\n\r\n", error: .malformed("")),
        ParserFixture("space before the colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n", error: .malformed("")),
        ParserFixture(
            "chunk data not followed by CRLF",
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n",
            error: .malformed("")),
        ParserFixture(
            "bad chunk size", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            error: .malformed("")),
        ParserFixture("HTTP/2.0", "GET / HTTP/2.0\r\nHost: x\r\n\r\n", error: .unsupportedVersion),
        ParserFixture("HTTP/0.9", "GET / HTTP/0.9\r\n\r\n", error: .unsupportedVersion),
        ParserFixture(
            "unknown Expect", "POST / HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nContent-Length: 1\r\n\r\nx",
            error: .expectationFailed),
        ParserFixture(
            "too many empty lines first", "\r\n\r\n\r\n\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n", error: .malformed("")
        ),
        ParserFixture(
            "valid request, then garbage", "GET /a HTTP/1.1\r\nHost: x\r\n\r\nBAD\r\n\r\n",
            requests: [ParsedRequest(method: "GET", target: "/a", path: "/a", headers: ["Host: x"])],
            error: .malformed("")),
    ]
}

@Suite("HTTPRequestParser")
struct HTTPRequestParserTests {
    @Test("valid messages, fed whole, byte by byte and in random splits", arguments: ParserFixture.valid)
    func valid(_ fixture: ParserFixture) {
        check(fixture)
    }

    @Test("invalid messages, fed whole, byte by byte and in random splits", arguments: ParserFixture.invalid)
    func invalid(_ fixture: ParserFixture) {
        check(fixture)
    }

    private func check(_ fixture: ParserFixture) {
        let reference = parse(FeedMode.whole.chunks(of: fixture.bytes), limits: fixture.limits)
        #expect(reference.requests == fixture.requests, "whole")
        #expect(reference.headMismatches == 0, "whole")
        #expect(reference.idleAtEnd == fixture.endsIdle, "whole")
        if let expected = fixture.error {
            #expect(reference.error?.isSameKind(as: expected) == true, "got \(String(describing: reference.error))")
            #expect(reference.error?.status == expected.status)
        } else {
            #expect(reference.error == nil)
        }
        for mode in FeedMode.all.dropFirst() {
            let outcome = parse(mode.chunks(of: fixture.bytes), limits: fixture.limits)
            #expect(outcome == reference, "\(mode) differs from whole")
        }
    }

    @Test func statusesOfErrors() {
        #expect(HTTPParserError.malformed("x").status.code == 400)
        #expect(HTTPParserError.uriTooLong.status.code == 414)
        #expect(HTTPParserError.headersTooLarge.status.code == 431)
        #expect(HTTPParserError.bodyTooLarge.status.code == 413)
        #expect(HTTPParserError.unsupportedTransferCoding("gzip").status.code == 501)
        #expect(HTTPParserError.unsupportedVersion.status.code == 505)
        #expect(HTTPParserError.expectationFailed.status.code == 417)
    }

    @Test("Expect: 100-continue comes after the head, before the request, when the body has not arrived")
    func expectsContinueBeforeBody() throws {
        var parser = HTTPRequestParser()
        parser.append(
            Array(ascii: "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-Continue\r\nContent-Length: 5\r\n\r\n"))
        guard case .head = try parser.next() else {
            Issue.record("expected the head first")
            return
        }
        let second = try parser.next()
        guard case .expectsContinue = second else {
            Issue.record("expected .expectsContinue, got \(String(describing: second))")
            return
        }
        #expect(try parser.next() == nil)
        #expect(parser.isReadingBody)
        parser.append(Array(ascii: "hel"))
        #expect(try parser.next() == nil)
        parser.append(Array(ascii: "lo"))
        guard case .request(let request) = try parser.next() else {
            Issue.record("expected the request")
            return
        }
        #expect(request.body == Array(ascii: "hello"))
        #expect(try parser.next() == nil)
        #expect(parser.isIdle)
    }

    @Test("no 100-continue when the body is already there, for HTTP/1.0 or without a body")
    func noContinue() {
        let cases = [
            "POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi",
            "POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n",
        ]
        for text in cases {
            let outcome = parse([Array(text.utf8)])
            #expect(outcome.continues == 0, "\(text)")
            #expect(outcome.error == nil)
        }
        let chunked = parse([
            Array(ascii: "POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n")
        ])
        #expect(chunked.continues == 1)
    }

    @Test("after an error the parser stays failed")
    func staysFailed() {
        var parser = HTTPRequestParser()
        parser.append(Array(ascii: "NOPE\r\n"))
        #expect(throws: HTTPParserError.self) { try parser.next() }
        parser.append(Array(ascii: "GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
        #expect(throws: HTTPParserError.self) { try parser.next() }
    }

    @Test("receive(_:) writes straight into the buffer")
    func receive() throws {
        var parser = HTTPRequestParser()
        let message = Array(ascii: "GET /r HTTP/1.1\r\nHost: x\r\n\r\n")
        var offset = 0
        while offset < message.count {
            let count = parser.receive { space in
                let count = min(space.count, 7, message.count - offset)
                message[offset..<(offset + count)].withUnsafeBytes { space.copyMemory(from: $0) }
                return count
            }
            offset += count
        }
        #expect(parser.receive { _ in -1 } == -1)
        #expect(parser.bufferedByteCount == message.count)
        guard case .request(let request) = try parser.next() else {
            Issue.record("expected a request")
            return
        }
        #expect(request.path == "/r")
        parser.releaseMemoryIfIdle()
        #expect(parser.isIdle)
    }

    @Test("appending nothing is harmless")
    func appendNothing() throws {
        var parser = HTTPRequestParser()
        parser.append([])
        #expect(try parser.next() == nil)
        #expect(parser.isIdle)
    }
}
