import HTTPServerKit
import Testing

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
