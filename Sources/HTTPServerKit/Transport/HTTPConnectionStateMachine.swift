/// What one connection is doing, as a plain value: each event (bytes read, a parser event,
/// a handler's answer, a write drained, a deadline, shutdown) changes the state and returns
/// the one action the connection must perform. It does no I/O, so keep-alive, pipelining,
/// half-close, `100 Continue`, every deadline and draining are tested without a socket.
///
/// Requests are served strictly one at a time, in order. While one is being answered, bytes
/// of later requests are only buffered (reading pauses at `readAheadLimit`); once its
/// response is written they are parsed before the socket is read again.
///
/// A struct mutated in place on the connection's loop: no allocation and no existential per
/// event, as this runs for every request.
struct HTTPConnectionStateMachine<Clock: MonotonicClock> {
    enum State {
        /// Waiting for the first byte of a request (a new connection, or keep-alive).
        case idle
        /// Part of a request head has arrived.
        case readingHead
        /// The responder let `head` through; its body is being read and is due by `deadline`.
        case readingBody(head: HTTPRequest, deadline: UInt64)
        /// The handler is running.
        case handling
        /// A response, an error answer or `100 Continue` is being written.
        case writing(then: AfterWrite)
        /// The last response was sent and the write side shut; input is read and dropped
        /// until the client closes, so that unread input cannot turn into a reset that
        /// destroys the response on its way.
        case lingering(discarded: Int)
        case closed
    }

    /// What follows once the bytes being written are all sent.
    enum AfterWrite {
        case nextRequest
        /// `100 Continue` was sent: read the body of `head`, still due by `deadline`.
        case continueBody(head: HTTPRequest, deadline: UInt64)
        case linger
    }

    /// What the connection must do after an event.
    enum Action {
        case none
        /// Parse what is buffered (the loop stops when a request is handed on or more bytes are needed).
        case parse
        /// Parse what is buffered, then read the socket again if reading waited (a pause
        /// leaves bytes in the socket that no new edge will announce).
        case parseThenResumeReading
        /// Ask the responder about this head; give its decision to `headExamined`.
        case examine(HTTPRequest, bodyFollows: Bool)
        /// Lower the parser's limit for the body about to be read.
        case limitBody(Int)
        /// Run the handler; give its answer to `handlerFinished`.
        case startHandler(HTTPRequest)
        /// Write this response; the connection stays open after it when `keepAlive`.
        case writeResponse(HTTPRequest, HTTPResponse, keepAlive: Bool)
        case writeContinue
        /// Answer the parser's error; the connection closes after it.
        case writeError(HTTPParserError)
        /// Answer 408; the connection closes after it.
        case writeTimeout
        /// The connection waits for its next request: free the parser's buffer.
        case releaseReadBuffer
        /// Shut the write side and drop input until the client closes.
        case linger
        case close
    }

    /// Whether to read the socket now.
    enum ReadAction: Equatable {
        case read
        /// Lingering: read and drop.
        case discard
        case stop
    }

    let timeouts: Timeouts
    let clock: Clock
    /// Bytes of later requests buffered while one is answered before reading pauses.
    let readAheadLimit: Int
    /// Bytes dropped while lingering before the connection closes without waiting longer.
    let lingerLimit: Int

    private(set) var state = State.idle
    /// The sweeper acts on it (`deadlinePassed`); nil while a handler runs.
    private(set) var deadline: Deadline?
    /// Reading waits: a full read-ahead buffer, or an answer after which the connection
    /// closes. Bytes already in the socket are read when it resumes.
    private(set) var isReadingPaused = false
    /// The client shut its sending side while a request was pending.
    private(set) var isPeerClosed = false
    /// The server is shutting down: the response being prepared is the last.
    private(set) var isDraining = false
    /// When the current request began (its first byte, or the previous response's end for a
    /// pipelined one), for the access log's duration.
    private(set) var requestStarted: UInt64 = 0

    init(timeouts: Timeouts, clock: Clock, readAheadLimit: Int = 64 * 1024, lingerLimit: Int = 1 << 20) {
        self.timeouts = timeouts
        self.clock = clock
        self.readAheadLimit = readAheadLimit
        self.lingerLimit = lingerLimit
    }

    /// True while parsed bytes may turn into a request (between requests or inside one).
    var isReadingRequest: Bool {
        switch state {
        case .idle, .readingHead, .readingBody: true
        case .handling, .writing, .lingering, .closed: false
        }
    }

    var isWriting: Bool { if case .writing = state { true } else { false } }

    var isLingering: Bool { if case .lingering = state { true } else { false } }

    // MARK: - Reading

    /// The connection is registered: its first request is due as promptly as any head.
    mutating func start() {
        deadline = Deadline(.header, at: clock.now &+ timeouts.header)
    }

    /// Whether to read the socket, given the bytes the parser holds unparsed.
    mutating func readable(bufferedBytes: Int) -> ReadAction {
        if isReadingPaused { return .stop }
        switch state {
        case .closed:
            return .stop
        case .lingering:
            return .discard
        case .handling, .writing:
            guard bufferedBytes < readAheadLimit else {
                isReadingPaused = true
                return .stop
            }
            return .read
        case .idle, .readingHead, .readingBody:
            return .read
        }
    }

    /// Bytes were read into the parser's buffer.
    mutating func bytesRead() -> Action {
        switch state {
        case .idle:
            let now = clock.now
            requestStarted = now
            deadline = Deadline(.header, at: now &+ timeouts.header)
            state = .readingHead
            return .parse
        case .readingHead, .readingBody:
            return .parse
        case .handling, .writing, .lingering, .closed:
            // Kept for after the current response.
            return .none
        }
    }

    /// A read returned end of stream: the client sends nothing more.
    mutating func readEnded() -> Action {
        switch state {
        case .handling, .writing:
            // A half-close: answer what it sent, then close.
            isPeerClosed = true
            return .none
        case .idle, .readingHead, .readingBody, .lingering, .closed:
            return close()
        }
    }

    // MARK: - Parsing

    /// The parser produced `event`.
    mutating func parsed(_ event: HTTPParserEvent) -> Action {
        switch event {
        case .head(let head):
            // A body follows: the responder judges the head before any of it is read.
            return .examine(head, bodyFollows: true)
        case .expectsContinue:
            // Only after the responder let the head through: a refused client never sends its body.
            guard case .readingBody(let head, let due) = state else { return .none }
            state = .writing(then: .continueBody(head: head, deadline: due))
            return .writeContinue
        case .request(let request):
            guard case .readingBody(var head, _) = state else {
                // No body: the head is the whole request.
                return .examine(request, bodyFollows: false)
            }
            head.body = request.body
            return startHandler(head)
        }
    }

    /// The responder judged the head of `request` (`HTTPResponder.examineHead`).
    mutating func headExamined(_ request: HTTPRequest, decision: HTTPHeadDecision, bodyFollows: Bool) -> Action {
        switch decision {
        case .proceed(let bodyLimit):
            guard bodyFollows else { return startHandler(request) }
            // One deadline for the whole body, set at the end of its head, so that a body
            // trickled byte by byte cannot hold the connection.
            let due = clock.now &+ timeouts.body
            state = .readingBody(head: request, deadline: due)
            deadline = Deadline(.body, at: due)
            return .limitBody(bodyLimit)
        case .respond(let response):
            var request = request
            if bodyFollows {
                // The body stays unread, so its bytes cannot be told from a next request: close.
                request.keepAlive = false
                isReadingPaused = true
            }
            deadline = nil
            return respond(to: request, with: response)
        }
    }

    /// The parser needs more bytes than it has.
    mutating func needsMoreBytes(parserIsIdle: Bool) -> Action {
        if isPeerClosed {
            // Nothing more will arrive: whatever is left can never be a request.
            return close()
        }
        if parserIsIdle {
            state = .idle
            if isDraining { return close() }
            deadline = Deadline(.idle, at: clock.now &+ timeouts.idle)
            return .releaseReadBuffer
        }
        if case .idle = state {
            // The start of a pipelined request arrived with the previous one: its head is
            // due like any other. (A body keeps the deadline its head set.)
            deadline = Deadline(.header, at: clock.now &+ timeouts.header)
            state = .readingHead
        }
        return .none
    }

    /// The bytes are not HTTP: the error is answered, then the connection closes.
    mutating func parseFailed(_ error: HTTPParserError) -> Action {
        isReadingPaused = true
        state = .writing(then: .linger)
        return .writeError(error)
    }

    // MARK: - Answering

    /// The handler answered `request` (ignored when the connection closed meanwhile).
    mutating func handlerFinished(_ request: HTTPRequest, _ response: HTTPResponse) -> Action {
        guard case .handling = state else { return .none }
        return respond(to: request, with: response)
    }

    /// Not all of a write fit in the socket: the client must read within the write timeout.
    mutating func writeBlocked() {
        deadline = Deadline(.write, at: clock.now &+ timeouts.write)
    }

    /// Everything written so far has been sent.
    mutating func writeDrained() -> Action {
        guard case .writing(let next) = state else { return .none }
        switch next {
        case .continueBody(let head, let due):
            state = .readingBody(head: head, deadline: due)
            deadline = Deadline(.body, at: due)
            return .parse
        case .nextRequest:
            state = .idle
            // A pipelined request already buffered starts now.
            requestStarted = clock.now
            return .parseThenResumeReading
        case .linger:
            state = .lingering(discarded: 0)
            isReadingPaused = false
            deadline = Deadline(.linger, at: clock.now &+ timeouts.linger)
            return .linger
        }
    }

    /// Reading may go on; true when it had paused (the caller must read: no new edge will
    /// announce what arrived meanwhile).
    mutating func resumeReading() -> Bool {
        guard isReadingPaused else { return false }
        isReadingPaused = false
        return true
    }

    /// `count` bytes arrived while lingering and were dropped.
    mutating func discarded(_ count: Int) -> Action {
        guard case .lingering(let earlier) = state else { return .none }
        let total = earlier + count
        guard total <= lingerLimit else { return close() }
        state = .lingering(discarded: total)
        return .none
    }

    // MARK: - Deadlines, shutdown, close

    /// The sweeper saw `deadline` pass (it may have moved since: checked again here).
    mutating func deadlinePassed() -> Action {
        guard let deadline, deadline.instant <= clock.now else { return .none }
        switch state {
        case .readingHead, .readingBody:
            self.deadline = nil
            isReadingPaused = true
            state = .writing(then: .linger)
            return .writeTimeout
        case .idle, .writing, .lingering:
            return close()
        case .handling, .closed:
            return .none
        }
    }

    /// Server shutdown: close now when idle, otherwise after the current response.
    mutating func drain() -> Action {
        isDraining = true
        if case .idle = state { return close() }
        return .none
    }

    /// Closes; `.close` only the first time.
    mutating func close() -> Action {
        if case .closed = state { return .none }
        state = .closed
        deadline = nil
        return .close
    }

    private mutating func startHandler(_ request: HTTPRequest) -> Action {
        state = .handling
        deadline = nil
        return .startHandler(request)
    }

    private mutating func respond(to request: HTTPRequest, with response: HTTPResponse) -> Action {
        let keepAlive = request.keepAlive && !isDraining
        state = .writing(then: keepAlive ? .nextRequest : .linger)
        return .writeResponse(request, response, keepAlive: keepAlive)
    }
}
