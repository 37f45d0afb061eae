import Testing

@testable import HTTPServerKit

/// The connection's state machine without a socket: each event's action and the state it
/// leaves. Deadlines and shutdown are in `HTTPConnectionStateMachineDeadlineTests`.
@Suite("HTTPConnection state machine")
struct HTTPConnectionStateMachineTests {
    @Test("keep-alive: each request is handled and answered, then the connection waits for the next")
    func keepAlive() {
        var driver = MachineDriver()
        for index in 0..<3 {
            driver.clock.advance(seconds: 1)
            let started = driver.clock.now
            driver.startHandling(.get("/\(index)"))
            #expect(driver.machine.requestStarted == started)
            driver.clock.advance(seconds: 1)
            #expect(driver.answer(.get("/\(index)"), keepAlive: true).summary == "parseThenResumeReading")
            #expect(driver.machine.state.summary == "idle")
            #expect(driver.machine.resumeReading() == false)
            #expect(driver.machine.needsMoreBytes(parserIsIdle: true).summary == "releaseReadBuffer")
            #expect(driver.machine.deadline == driver.deadline(.idle, inSeconds: 75))
        }
        // A request without keep-alive is the last one.
        driver.startHandling(.get("/last", keepAlive: false))
        #expect(driver.answer(.get("/last", keepAlive: false), keepAlive: false).summary == "linger")
        #expect(driver.machine.state.summary == "lingering")
        #expect(driver.machine.deadline == driver.deadline(.linger, inSeconds: 2))
        #expect(driver.machine.readable(bufferedBytes: 0) == .discard)
    }

    @Test("pipelining: bytes read while a request is answered are kept; reading pauses at the read-ahead limit")
    func pipeliningWithReadAheadLimit() {
        var driver = MachineDriver(readAheadLimit: 100)
        driver.startHandling(.get("/a"))
        #expect(driver.machine.readable(bufferedBytes: 99) == .read)
        #expect(driver.machine.bytesRead().summary == "none", "kept for after the response, not parsed")
        #expect(driver.machine.readable(bufferedBytes: 100) == .stop)
        #expect(driver.machine.isReadingPaused)
        #expect(driver.machine.readable(bufferedBytes: 0) == .stop, "paused until the response is written")
        driver.clock.advance(seconds: 1)
        #expect(driver.answer(.get("/a"), keepAlive: true).summary == "parseThenResumeReading")
        // The next request was buffered; it starts when the previous response is written.
        #expect(driver.machine.requestStarted == driver.clock.now)
        driver.startHandling(.get("/b"), buffered: true)
        #expect(driver.machine.resumeReading() == true, "bytes still in the socket must be read now")
        #expect(driver.machine.readable(bufferedBytes: 0) == .read)
        // A pipelined request whose head is still partial gets its own header deadline.
        #expect(driver.answer(.get("/b"), keepAlive: true).summary == "parseThenResumeReading")
        #expect(driver.machine.needsMoreBytes(parserIsIdle: false).summary == "none")
        #expect(driver.machine.state.summary == "readingHead")
        #expect(driver.machine.deadline == driver.deadline(.header, inSeconds: 10))
    }

    @Test("half-close while handling: what was sent is answered, then the connection closes")
    func halfCloseWhileHandling() {
        var driver = MachineDriver()
        driver.startHandling(.get("/a"))
        #expect(driver.machine.readEnded().summary == "none")
        #expect(driver.machine.isPeerClosed)
        #expect(driver.answer(.get("/a"), keepAlive: true).summary == "parseThenResumeReading")
        // A request that came before the close is still answered.
        driver.startHandling(.get("/b"), buffered: true)
        #expect(driver.answer(.get("/b"), keepAlive: true).summary == "parseThenResumeReading")
        #expect(driver.machine.needsMoreBytes(parserIsIdle: true).summary == "close")
        #expect(driver.machine.state.summary == "closed")
    }

    @Test("end of input between requests or inside a head closes at once")
    func endOfInputWhileReading() {
        var idle = MachineDriver()
        #expect(idle.machine.readEnded().summary == "close")
        var partial = MachineDriver()
        #expect(partial.machine.bytesRead().summary == "parse")
        #expect(partial.machine.needsMoreBytes(parserIsIdle: false).summary == "none")
        #expect(partial.machine.readEnded().summary == "close")
        #expect(partial.machine.deadline == nil)
    }

    @Test("100-continue is sent once the head is let through; the body then completes the examined head")
    func expectContinue() {
        var driver = MachineDriver()
        var head = HTTPRequest.post("/echo")
        head.requestID = "examined"
        driver.acceptHead(head)
        let bodyDeadline = driver.machine.deadline
        #expect(driver.machine.parsed(.expectsContinue).summary == "writeContinue")
        #expect(driver.machine.state.summary == "writing, then body")
        driver.clock.advance(seconds: 3)
        #expect(driver.machine.writeDrained().summary == "parse")
        #expect(driver.machine.deadline == bodyDeadline, "sending 100 Continue does not extend the body's deadline")
        guard case .startHandler(let request) = driver.machine.parsed(.request(.post("/echo", body: "hello"))) else {
            Issue.record("expected the handler to start")
            return
        }
        #expect(request.requestID == "examined")
        #expect(request.body == Array("hello".utf8))
        #expect(driver.machine.state.summary == "handling")
    }

    @Test("a head refused while its body is pending is answered, then the connection closes")
    func refusedHeadWithBody() {
        var driver = MachineDriver()
        #expect(driver.machine.bytesRead().summary == "parse")
        let head = HTTPRequest.post("/protected")
        #expect(driver.machine.parsed(.head(head)).summary == "examine /protected, body follows: true")
        let refusal = HTTPResponse.text("no", status: .unauthorized)
        let write = driver.machine.headExamined(head, decision: .respond(refusal), bodyFollows: true)
        #expect(write.summary == "writeResponse 401, keep-alive: false")
        #expect(driver.machine.isReadingPaused, "the body is never read")
        #expect(!driver.machine.isReadingRequest, "nor parsed: no 100 Continue for it")
        #expect(driver.machine.writeDrained().summary == "linger")
        #expect(!driver.machine.isReadingPaused)
    }

    @Test("a head refused without a body keeps the connection")
    func refusedHeadWithoutBody() {
        var driver = MachineDriver()
        #expect(driver.machine.bytesRead().summary == "parse")
        let request = HTTPRequest.get("/missing")
        _ = driver.machine.parsed(.request(request))
        let answer = HTTPResponse.text("none", status: .notFound)
        let write = driver.machine.headExamined(request, decision: .respond(answer), bodyFollows: false)
        #expect(write.summary == "writeResponse 404, keep-alive: true")
        #expect(driver.machine.writeDrained().summary == "parseThenResumeReading")
    }

    @Test("a parse error is answered, then the connection lingers and closes")
    func parseErrorCloses() {
        var driver = MachineDriver(lingerLimit: 100)
        #expect(driver.machine.bytesRead().summary == "parse")
        #expect(driver.machine.parseFailed(.malformed("bad method")).summary == "writeError 400")
        #expect(driver.machine.isReadingPaused)
        #expect(driver.machine.readable(bufferedBytes: 0) == .stop)
        #expect(driver.machine.writeDrained().summary == "linger")
        #expect(driver.machine.readable(bufferedBytes: 0) == .discard)
        // Input is dropped up to the limit; beyond it the connection closes without waiting.
        #expect(driver.machine.discarded(100).summary == "none")
        #expect(driver.machine.discarded(1).summary == "close")
        #expect(driver.machine.readable(bufferedBytes: 0) == .stop)
    }

    @Test("a handler that finishes after the connection closed is ignored; closing is idempotent")
    func lateHandler() {
        var driver = MachineDriver()
        driver.startHandling(.get("/slow"))
        #expect(driver.machine.close().summary == "close")
        #expect(driver.machine.handlerFinished(.get("/slow"), .text("late")).summary == "none")
        #expect(driver.machine.close().summary == "none")
        #expect(driver.machine.bytesRead().summary == "none")
        #expect(driver.machine.readable(bufferedBytes: 0) == .stop)
    }
}
