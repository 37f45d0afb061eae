import HTTPServerKit

private let largeBody = String(repeating: "0123456789abcdef", count: 4096)

extension ParserFixture {
    /// Messages the parser must accept, and the requests it must make of them.
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
}
