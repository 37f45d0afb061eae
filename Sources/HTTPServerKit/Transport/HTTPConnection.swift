import Glibc
import Synchronization

/// One client connection: a non-blocking socket owned by one `EventLoop`. Every mutable
/// field is touched only on that loop's thread (the `@unchecked Sendable` invariant); the
/// handler's Task runs on the loop too, so the code after `await` needs no hop.
///
/// What to do next is decided by `HTTPConnectionStateMachine`; this class performs its
/// actions: the system calls, the parser, the responder and the handler's Task. The socket is
/// edge-triggered: every read drains what is there (until a short read).
final class HTTPConnection: @unchecked Sendable {
    typealias StateMachine = HTTPConnectionStateMachine<UptimeClock>

    let fd: Int32
    let loop: EventLoop
    private let server: ServerCore
    private var token: UInt64 = 0
    private var parser: HTTPRequestParser
    private var machine: StateMachine
    private var outgoing: [UInt8] = []
    private var outgoingOffset = 0
    /// The socket reported the peer's close or reset: read on past a short read until the
    /// end of input shows, as no later edge will announce it.
    private var peerHungUp = false
    /// An answer given at once is being written (`answerAtOnce`); a further one waits in
    /// `queuedAnswer` (at most one: the machine reads no request while one is handled).
    private var answeringAtOnce = false
    private var queuedAnswer: (HTTPRequest, HTTPResponse)?
    private static let continueBytes = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Monotonic time (ns) by which the current phase must end; 0 when none. The machine's
    /// deadline, published at the end of each pass on the loop for the server's sweeper.
    let deadline = Atomic<UInt64>(0)

    init(fd: Int32, server: ServerCore, loop: EventLoop) {
        self.fd = fd
        self.server = server
        self.loop = loop
        self.parser = HTTPRequestParser(limits: server.configuration.limits)
        self.machine = StateMachine(timeouts: .init(server.configuration), clock: UptimeClock())
    }

    /// Registers with the loop (call on the loop's thread).
    func start() {
        do {
            token = try loop.register(fd, self)
        } catch {
            _ = machine.close()
            Glibc.close(fd)
            server.connectionClosed(self)
            return
        }
        machine.start()
        publishDeadline()
    }

    /// Closes at once (on the loop's thread). Idempotent.
    func close() {
        perform(machine.close())
        publishDeadline()
    }

    /// Server shutdown: close now when idle, otherwise after the current response.
    func beginDraining() {
        perform(machine.drain())
        publishDeadline()
    }

    /// Called by the server's sweeper when `deadline` may have passed.
    func deadlineReached() {
        perform(machine.deadlinePassed())
        publishDeadline()
    }

    static func now() -> UInt64 {
        UptimeClock().now
    }

    // MARK: - Performing the machine's actions

    private func perform(_ action: StateMachine.Action) {
        switch action {
        case .none:
            break
        case .parse:
            parseBuffered()
        case .parseThenResumeReading:
            parseBuffered()
            if machine.resumeReading() { readable() }
        case .examine(let head, let bodyFollows):
            var request = head
            request.requestID = RequestID.resolve(request.headers["X-Request-ID"])
            let decision = server.responder.examineHead(&request)
            perform(machine.headExamined(request, decision: decision, bodyFollows: bodyFollows))
        case .limitBody(let bytes):
            parser.limitBody(to: bytes)
        case .startHandler(let request):
            startHandler(request)
        case .writeResponse(let request, let response, let keepAlive):
            writeResponse(response, to: request, keepAlive: keepAlive)
        case .writeContinue:
            write(Self.continueBytes)
        case .writeError(let error):
            server.report(.badRequest(status: error.status.code, reason: error.description))
            writeClosingAnswer(ErrorResponse.make(for: error).response)
        case .writeTimeout:
            server.report(.badRequest(status: 408, reason: "request not received in time"))
            writeClosingAnswer(ErrorResponse.body(status: .requestTimeout, message: "Request not received in time"))
        case .releaseReadBuffer:
            parser.releaseMemoryIfIdle()
        case .linger:
            shutdown(fd, Int32(SHUT_WR))
            // The client's close may already have come (its edge consumed earlier): look now.
            discardInput()
        case .close:
            outgoing = []
            loop.deregister(fd, token: token)
            Glibc.close(fd)
            server.connectionClosed(self)
        }
    }

    private func publishDeadline() {
        deadline.store(machine.deadline?.instant ?? 0, ordering: .relaxed)
    }

    // MARK: - Reading

    private func readable() {
        while true {
            switch machine.readable(bufferedBytes: parser.bufferedByteCount) {
            case .stop: return
            case .discard: return discardInput()
            case .read: break
            }
            var failure: Int32 = 0
            var requested = 0
            let count = parser.receive { space in
                requested = space.count
                let result = recv(fd, space.baseAddress, space.count, 0)
                if result < 0 { failure = errno }
                return result
            }
            if count > 0 {
                perform(machine.bytesRead())
                // A short read emptied the socket: the next arrival raises a new edge.
                if count < requested && !peerHungUp { return }
            } else if count < 0 && failure == EINTR {
                continue
            } else if count < 0 && (failure == EAGAIN || failure == EWOULDBLOCK) {
                return
            } else if count == 0 {
                return perform(machine.readEnded())
            } else {
                return perform(machine.close())
            }
        }
    }

    /// Parses what is buffered until more bytes are needed or a request is handed on.
    private func parseBuffered() {
        while machine.isReadingRequest {
            let event: HTTPParserEvent?
            do {
                event = try parser.next()
            } catch {
                return perform(machine.parseFailed(error))
            }
            guard let event else {
                return perform(machine.needsMoreBytes(parserIsIdle: parser.isIdle))
            }
            perform(machine.parsed(event))
        }
    }

    private func startHandler(_ request: HTTPRequest) {
        let responder = server.responder
        if let response = responder.respondAtOnce(to: request) {
            return answerAtOnce(request, response)
        }
        Task(executorPreference: loop) {
            let response = await responder.respond(to: request)
            // With the loop as the task's executor, this runs on the loop's thread.
            self.handlerFinished(request, response)
        }
    }

    /// Writes an answer given at once. Writing it may parse the next pipelined request and
    /// answer that at once too: those answers are queued and written by the outermost call,
    /// one after another, so a pipeline of thousands does not nest as deep on the stack.
    private func answerAtOnce(_ request: HTTPRequest, _ response: HTTPResponse) {
        if answeringAtOnce {
            queuedAnswer = (request, response)
            return
        }
        answeringAtOnce = true
        var next: (HTTPRequest, HTTPResponse)? = (request, response)
        while let (request, response) = next {
            queuedAnswer = nil
            handlerFinished(request, response)
            next = queuedAnswer
        }
        answeringAtOnce = false
    }

    private func handlerFinished(_ request: HTTPRequest, _ response: HTTPResponse) {
        assert(loop.inEventLoop, "a response must be written on its connection's loop")
        perform(machine.handlerFinished(request, response))
        publishDeadline()
    }

    // MARK: - Writing

    private func writeResponse(_ response: HTTPResponse, to request: HTTPRequest, keepAlive: Bool) {
        let bytes = ResponseSerializer.serialize(
            response, requestID: request.requestID, version: request.version, keepAlive: keepAlive,
            includeBody: request.method != .head)
        server.report(
            .requestCompleted(
                HTTPAccessRecord(
                    method: request.method, path: String(request.rawPath), route: response.route,
                    status: response.status.code, bytes: bytes.count,
                    durationNanoseconds: Self.now() &- machine.requestStarted, requestID: request.requestID)))
        write(bytes)
    }

    /// An answer to a request that could not be read (parse error, timeout); the machine
    /// closes the connection after it.
    private func writeClosingAnswer(_ response: HTTPResponse) {
        write(
            ResponseSerializer.serialize(
                response, requestID: RequestID.make(), version: .http1_1, keepAlive: false, includeBody: true))
    }

    private func write(_ bytes: [UInt8]) {
        outgoing = bytes
        outgoingOffset = 0
        flush()
    }

    /// Sends what is pending; when the socket is full, the loop's next writable edge calls
    /// this again.
    private func flush() {
        while outgoingOffset < outgoing.count {
            let offset = outgoingOffset
            let sent = outgoing.withUnsafeBytes { bytes in
                send(fd, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                outgoingOffset += sent
            } else if sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                return machine.writeBlocked()
            } else if sent < 0 && errno == EINTR {
                continue
            } else {
                return perform(machine.close())
            }
        }
        outgoing = []
        perform(machine.writeDrained())
    }

    // MARK: - Lingering

    private func discardInput() {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while machine.isLingering {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                perform(machine.discarded(count))
            } else if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                return
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                perform(machine.close())
            }
        }
    }
}

extension HTTPConnection: EventLoop.Handler {
    func eventsReady(readable isReadable: Bool, writable isWritable: Bool, hungUp: Bool) {
        if hungUp { peerHungUp = true }
        if isWritable && machine.isWriting && outgoingOffset < outgoing.count { flush() }
        if isReadable { readable() }
        publishDeadline()
    }
}
