import Testing

@testable import HTTPServerKit

/// The deadline of each phase (header, body, idle, write, linger) and shutdown, on a clock
/// the tests move: no sleeping, no socket.
@Suite("HTTPConnection state machine: deadlines and shutdown")
struct HTTPConnectionStateMachineDeadlineTests {
    @Test("a new connection must send its first head within the header timeout; silence closes it")
    func silentConnection() {
        var driver = MachineDriver()
        #expect(driver.machine.deadline == driver.deadline(.header, inSeconds: 10))
        driver.clock.advance(seconds: 9)
        #expect(driver.machine.deadlinePassed().summary == "none", "not due yet")
        driver.clock.advance(seconds: 1)
        #expect(driver.machine.deadlinePassed().summary == "close", "nothing was asked: nothing to answer")
        #expect(driver.machine.deadline == nil)
    }

    @Test("a head not finished in time gets 408, then the connection closes")
    func headerDeadline() {
        var driver = MachineDriver()
        driver.clock.advance(seconds: 60)
        #expect(driver.machine.bytesRead().summary == "parse")
        #expect(driver.machine.deadline == driver.deadline(.header, inSeconds: 10), "counted from the first byte")
        #expect(driver.machine.needsMoreBytes(parserIsIdle: false).summary == "none")
        driver.clock.advance(seconds: 5)
        #expect(driver.machine.bytesRead().summary == "parse")
        #expect(driver.machine.deadline == driver.deadline(.header, inSeconds: 5), "more bytes do not extend it")
        driver.clock.advance(seconds: 5)
        #expect(driver.machine.deadlinePassed().summary == "writeTimeout")
        #expect(driver.machine.isReadingPaused)
        #expect(driver.machine.state.summary == "writing, then linger")
        #expect(driver.machine.writeDrained().summary == "linger")
    }

    @Test("a body has one deadline from the end of its head, whatever arrives meanwhile")
    func bodyDeadline() {
        var driver = MachineDriver()
        driver.acceptHead(.post("/upload"))
        for _ in 0..<29 {
            driver.clock.advance(seconds: 1)
            #expect(driver.machine.bytesRead().summary == "parse")
            #expect(driver.machine.needsMoreBytes(parserIsIdle: false).summary == "none")
            #expect(driver.machine.deadlinePassed().summary == "none")
        }
        driver.clock.advance(seconds: 1)
        #expect(driver.machine.deadlinePassed().summary == "writeTimeout")
        #expect(driver.machine.writeDrained().summary == "linger")
    }

    @Test("a keep-alive connection waits idleTimeout for its next request, then closes without a word")
    func idleDeadline() {
        var driver = MachineDriver()
        driver.startHandling(.get("/a"))
        driver.clock.advance(seconds: 3600)
        #expect(driver.machine.deadlinePassed().summary == "none", "a running handler has no deadline")
        _ = driver.answer(.get("/a"), keepAlive: true)
        #expect(driver.machine.needsMoreBytes(parserIsIdle: true).summary == "releaseReadBuffer")
        driver.clock.advance(seconds: 74)
        #expect(driver.machine.deadlinePassed().summary == "none")
        driver.clock.advance(seconds: 1)
        #expect(driver.machine.deadlinePassed().summary == "close")
    }

    @Test("a response the client does not read is dropped after writeTimeout")
    func writeDeadline() {
        var driver = MachineDriver()
        driver.startHandling(.get("/big"))
        #expect(
            driver.machine.handlerFinished(.get("/big"), .text("big")).summary == "writeResponse 200, keep-alive: true")
        driver.machine.writeBlocked()
        #expect(driver.machine.deadline == driver.deadline(.write, inSeconds: 5))
        driver.clock.advance(seconds: 4)
        driver.machine.writeBlocked()
        #expect(driver.machine.deadline == driver.deadline(.write, inSeconds: 5), "progress renews it")
        driver.clock.advance(seconds: 5)
        #expect(driver.machine.deadlinePassed().summary == "close")
    }

    @Test("a client that never closes after the last response is closed after the linger time")
    func lingerDeadline() {
        var driver = MachineDriver()
        driver.startHandling(.get("/bye", keepAlive: false))
        #expect(driver.answer(.get("/bye", keepAlive: false), keepAlive: false).summary == "linger")
        driver.clock.advance(seconds: 2)
        #expect(driver.machine.deadlinePassed().summary == "close")
    }

    @Test("shutdown closes an idle connection at once")
    func drainIdle() {
        var driver = MachineDriver()
        #expect(driver.machine.drain().summary == "close")
        #expect(driver.machine.state.summary == "closed")
    }

    @Test("shutdown lets the request being handled finish; its response closes the connection")
    func drainWhileHandling() {
        var driver = MachineDriver()
        driver.startHandling(.get("/slow"))
        #expect(driver.machine.drain().summary == "none")
        #expect(driver.answer(.get("/slow"), keepAlive: false).summary == "linger")
    }

    @Test("shutdown during a head lets that request finish, then closes")
    func drainWhileReadingHead() {
        var driver = MachineDriver()
        #expect(driver.machine.bytesRead().summary == "parse")
        #expect(driver.machine.needsMoreBytes(parserIsIdle: false).summary == "none")
        #expect(driver.machine.drain().summary == "none")
        driver.startHandling(.get("/a"), buffered: true)
        #expect(driver.answer(.get("/a"), keepAlive: false).summary == "linger")
    }

    @Test("shutdown between pipelined requests closes once the buffer holds no request")
    func drainBetweenRequests() {
        var driver = MachineDriver()
        driver.startHandling(.get("/a"))
        // The response was already on its way when shutdown began.
        #expect(driver.machine.handlerFinished(.get("/a"), .text("a")).summary == "writeResponse 200, keep-alive: true")
        #expect(driver.machine.drain().summary == "none")
        #expect(driver.machine.writeDrained().summary == "parseThenResumeReading")
        #expect(driver.machine.needsMoreBytes(parserIsIdle: true).summary == "close")
    }
}
