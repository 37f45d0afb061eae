import HTTPServerKit

extension ParserFixture {
    /// Messages the parser must refuse, with the error (and status) it must give.
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
