import HTTPServerKit
import Testing

/// The `.head` event: a request with a body is announced before any of its body is read, and
/// its body limit can then be lowered. Every case is fed whole, byte by byte and in random splits.
@Suite("HTTPRequestParser: the head before the body")
struct HTTPRequestParserHeadTests {
    /// Parses `text` every way it can be split and returns the outcomes, after checking they agree.
    private func outcomes(
        _ text: String, limits: HTTPParserLimits = HTTPParserLimits(),
        bodyLimit: (HTTPRequest) -> Int? = {
            _ in nil
        }
    ) -> ParseOutcome {
        let bytes = Array(text.utf8)
        let reference = parse(FeedMode.whole.chunks(of: bytes), limits: limits, bodyLimit: bodyLimit)
        for mode in FeedMode.all.dropFirst() {
            let outcome = parse(mode.chunks(of: bytes), limits: limits, bodyLimit: bodyLimit)
            #expect(outcome == reference, "\(mode) differs from whole: \(outcome) vs \(reference)")
        }
        #expect(reference.headMismatches == 0)
        return reference
    }

    @Test("requests with a body come as a head, then the request; requests without come once")
    func headsOnlyForBodies() {
        let outcome = outcomes(
            "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /b?q=1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\nContent-Length: 5\r\n\r\nhello"
                + "PUT /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                + "DELETE /d HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        #expect(outcome.error == nil)
        #expect(outcome.idleAtEnd)
        #expect(outcome.requests.map(\.target) == ["/a", "/b?q=1", "/c", "/d"])
        #expect(outcome.requests.map { String(decoding: $0.body, as: UTF8.self) } == ["", "hello", "abc", ""])
        #expect(outcome.requests.last?.keepAlive == false)
        // Only the two requests with a body were announced by their head, with every field and no body.
        #expect(
            outcome.heads == [
                ParsedRequest(
                    method: "POST", target: "/b?q=1", path: "/b", query: ["q=1"],
                    headers: ["Host: x", "Authorization: Bearer t", "Content-Length: 5"]),
                ParsedRequest(
                    method: "PUT", target: "/c", path: "/c", headers: ["Host: x", "Transfer-Encoding: chunked"]),
            ])
    }

    @Test("the head comes before any byte of the body has arrived")
    func headWithoutBody() throws {
        var parser = HTTPRequestParser()
        parser.append(Array(ascii: "POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 4000000\r\n\r\n"))
        guard case .head(let head) = try parser.next() else {
            Issue.record("expected the head")
            return
        }
        #expect(head.target == "/p")
        #expect(head.headers["Content-Length"] == "4000000")
        #expect(head.body.isEmpty)
        #expect(try parser.next() == nil)
        #expect(parser.isReadingBody)
        #expect(!parser.isIdle)
    }

    @Test("a lowered limit refuses a longer Content-Length before reading the body")
    func lowerLimitByLength() {
        let text = "POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world"
        let refused = outcomes(text, bodyLimit: { _ in 10 })
        #expect(refused.heads.count == 1)
        #expect(refused.requests.isEmpty)
        #expect(refused.error == .bodyTooLarge)
        let fits = outcomes(text, bodyLimit: { _ in 11 })
        #expect(fits.error == nil)
        #expect(fits.requests.map(\.body) == [Array(ascii: "hello world")])
    }

    @Test("a lowered limit refuses chunks as soon as they add up past it")
    func lowerLimitByChunks() {
        let head = "POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        let chunks = "A\r\n0123456789\r\nA\r\n0123456789\r\nA\r\n0123456789\r\n0\r\n\r\n"
        let refused = outcomes(head + chunks, bodyLimit: { _ in 25 })
        #expect(refused.error == .bodyTooLarge)
        #expect(refused.requests.isEmpty)
        // The third chunk's size line is enough: its data need not arrive.
        let early = outcomes(head + "A\r\n0123456789\r\nA\r\n0123456789\r\nA\r\n", bodyLimit: { _ in 25 })
        #expect(early.error == .bodyTooLarge)
        let fits = outcomes(head + chunks, bodyLimit: { _ in 30 })
        #expect(fits.error == nil)
        #expect(fits.requests.first?.body.count == 30)
    }

    @Test("the limit is per request: the next request has the full one again")
    func limitIsPerRequest() {
        let outcome = outcomes(
            "POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                + "POST /large HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n\r\nabcdefghijkl",
            bodyLimit: { $0.path == "/small" ? 3 : nil })
        #expect(outcome.error == nil)
        #expect(outcome.requests.map(\.body.count) == [3, 12])
    }

    @Test("limitBody never raises the parser's own maxBodyBytes")
    func neverAboveMaximum() {
        let limits = HTTPParserLimits(maxBodyBytes: 16)
        // By length the ceiling is applied before the head: nothing is announced.
        let byLength = outcomes(
            "POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 17\r\n\r\n", limits: limits, bodyLimit: { _ in 1000 })
        #expect(byLength.heads.isEmpty)
        #expect(byLength.error == .bodyTooLarge)
        let byChunks = outcomes(
            "POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\n1\r\nx\r\n",
            limits: limits, bodyLimit: { _ in 1000 })
        #expect(byChunks.heads.count == 1)
        #expect(byChunks.error == .bodyTooLarge)
    }

    @Test("limitBody outside the moment after a head changes nothing")
    func limitOnlyAfterHead() throws {
        var parser = HTTPRequestParser()
        parser.limitBody(to: 1)
        parser.append(Array(ascii: "POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n"))
        guard case .head = try parser.next() else {
            Issue.record("expected the head")
            return
        }
        #expect(try parser.next() == nil)
        // The body has started: too late to lower the limit.
        parser.limitBody(to: 1)
        parser.append(Array(ascii: "hello"))
        guard case .request(let request) = try parser.next() else {
            Issue.record("expected the request")
            return
        }
        #expect(request.body == Array(ascii: "hello"))
    }

    @Test("no 100 Continue for a body the lowered limit refuses")
    func noContinueWhenRefused() {
        let text = "POST /p HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 100\r\n\r\n"
        let refused = parse([Array(text.utf8)], bodyLimit: { _ in 99 })
        #expect(refused.heads.count == 1)
        #expect(refused.continues == 0)
        #expect(refused.error == .bodyTooLarge)
        let accepted = parse([Array(text.utf8)], bodyLimit: { _ in 100 })
        #expect(accepted.continues == 1)
        #expect(accepted.error == nil)
    }
}
