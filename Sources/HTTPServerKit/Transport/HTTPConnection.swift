import Dispatch
import Glibc
import Synchronization

/// One client connection: a non-blocking socket owned by one `EventLoop`. Every mutable
/// field is touched only on that loop's thread (the `@unchecked Sendable` invariant); the
/// handler's Task runs on the loop too, so the code after `await` needs no hop.
///
/// Requests are served strictly one at a time, in order. While one is being answered,
/// bytes that arrive (pipelined requests) are buffered up to a cap, then reading pauses;
/// once the response is written the buffer is parsed before the socket is read again.
/// The socket is edge-triggered: every read drains what is there (until a short read).
final class HTTPConnection: @unchecked Sendable {
    private enum Phase {
        /// Waiting for the first byte of a request (keep-alive idle).
        case idle
        /// Part of a request has arrived.
        case reading
        /// The handler is running.
        case handling
        /// A response (or `100 Continue`) is being written.
        case writing
        /// The response was sent and the write side shut; waiting for the client to close
        /// so that unread input does not turn into a reset that destroys the response.
        case lingering
        case closed
    }

    private enum AfterWrite {
        case nextRequest
        case continueBody
        case linger
    }

    let fd: Int32
    let loop: EventLoop
    private let server: ServerCore
    private var token: UInt64 = 0
    private var parser: HTTPRequestParser
    private var phase = Phase.idle
    /// Reading waits (a full read-ahead buffer, an error response being written); bytes
    /// already in the socket are read when it resumes, as no new edge will announce them.
    private var readPaused = false
    private var outgoing: [UInt8] = []
    private var outgoingOffset = 0
    private var afterWrite = AfterWrite.nextRequest
    private var draining = false
    private var requestStart: UInt64 = 0
    private var lingerBytes = 0
    /// The client shut its sending side while a request was pending.
    private var peerClosed = false
    /// The head of the request whose body is being read, as the responder examined it.
    private var examinedHead: HTTPRequest?
    /// When the body being read must be complete: one deadline for the whole body, set at
    /// the end of its head, so that a body trickled byte by byte cannot hold the connection.
    private var bodyDeadline: UInt64 = 0
    /// Bytes of later requests buffered while one is being answered.
    private static let readAheadLimit = 64 * 1024

    /// Monotonic time (ns) by which the current phase must end; 0 when none. Written on
    /// the loop, read by the server's sweeper.
    let deadline = Atomic<UInt64>(0)

    init(fd: Int32, server: ServerCore, loop: EventLoop) {
        self.fd = fd
        self.server = server
        self.loop = loop
        self.parser = HTTPRequestParser(limits: server.configuration.limits)
    }

    /// Registers with the loop (call on the loop's thread).
    func start() {
        do {
            token = try loop.register(fd, self)
        } catch {
            phase = .closed
            Glibc.close(fd)
            server.connectionClosed(self)
            return
        }
        // A new connection must send its first request as promptly as any request head.
        setDeadline(server.configuration.headerReadTimeout)
    }

    // MARK: - Reading

    private func readable() {
        while phase != .closed && !readPaused {
            if phase == .lingering {
                discardInput()
                return
            }
            if (phase == .handling || phase == .writing) && parser.bufferedByteCount >= Self.readAheadLimit {
                readPaused = true
                return
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
                if phase == .idle {
                    phase = .reading
                    requestStart = Self.now()
                    setDeadline(server.configuration.headerReadTimeout)
                }
                if phase == .reading { processBuffered() }
                // A short read emptied the socket: the next arrival raises a new edge.
                if count < requested { return }
            } else if count < 0 && failure == EINTR {
                continue
            } else if count < 0 && (failure == EAGAIN || failure == EWOULDBLOCK) {
                return
            } else if count == 0 && (phase == .handling || phase == .writing) {
                // The client finished sending (a half-close): answer what it sent, then close.
                peerClosed = true
                return
            } else {
                close()
                return
            }
        }
    }

    /// Parses what is buffered and acts on it until more bytes are needed or a request is
    /// handed to the handler.
    private func processBuffered() {
        while phase == .idle || phase == .reading {
            let event: HTTPParserEvent?
            do {
                event = try parser.next()
            } catch {
                reject(error)
                return
            }
            switch event {
            case nil:
                if peerClosed {
                    // Nothing more will arrive: whatever is left can never be a request.
                    close()
                } else if parser.isIdle {
                    phase = .idle
                    parser.releaseMemoryIfIdle()
                    if draining {
                        close()
                    } else {
                        setDeadline(server.configuration.idleTimeout)
                    }
                } else {
                    // A body keeps the deadline its head set; arriving bytes do not extend it.
                    if !parser.isReadingBody && phase == .idle {
                        // The start of a pipelined request arrived with the previous one: its
                        // head is due like any other (`readable` only arms this from idle).
                        setDeadline(server.configuration.headerReadTimeout)
                    }
                    phase = .reading
                }
                return
            case .head(let head):
                examine(head)
            case .expectsContinue:
                // Only after the responder let the head through: a refused client never sends its body.
                write(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8), then: .continueBody)
            case .request(let request):
                if var head = examinedHead {
                    examinedHead = nil
                    head.body = request.body
                    handle(head)
                } else {
                    // No body: the head is the whole request.
                    examine(request)
                }
            }
        }
    }

    /// Asks the responder about a request from its head. A request with a body still to come
    /// goes on to read it within the responder's limit; one without is handled now.
    private func examine(_ head: HTTPRequest) {
        var request = head
        request.requestID = RequestID.resolve(request.headers["X-Request-ID"])
        let bodyFollows = parser.isReadingBody
        switch server.responder.examineHead(&request) {
        case .proceed(let bodyLimit):
            guard bodyFollows else { return handle(request) }
            parser.limitBody(to: bodyLimit)
            examinedHead = request
            bodyDeadline = Self.now() &+ server.configuration.bodyReadTimeout.nanoseconds
            deadline.store(bodyDeadline, ordering: .relaxed)
        case .respond(let response):
            if bodyFollows {
                // The body stays unread, so its bytes cannot be told from a next request: close.
                request.keepAlive = false
                readPaused = true
            }
            phase = .handling
            deadline.store(0, ordering: .relaxed)
            respond(to: request, with: response, started: requestStart)
        }
    }

    private func handle(_ request: HTTPRequest) {
        phase = .handling
        deadline.store(0, ordering: .relaxed)
        let started = requestStart
        let responder = server.responder
        Task(executorPreference: loop) {
            let response = await responder.respond(to: request)
            // With the loop as the task's executor, this runs on the loop's thread.
            self.respond(to: request, with: response, started: started)
        }
    }

    private func respond(to request: HTTPRequest, with response: HTTPResponse, started: UInt64) {
        assert(loop.inEventLoop, "a response must be written on its connection's loop")
        guard phase == .handling else { return }
        let keepAlive = request.keepAlive && !draining
        let bytes = ResponseSerializer.serialize(
            response, requestID: request.requestID, version: request.version, keepAlive: keepAlive,
            includeBody: request.method != .head)
        server.report(
            .requestCompleted(
                HTTPAccessRecord(
                    method: request.method, path: String(request.rawPath), route: response.route,
                    status: response.status.code, bytes: bytes.count,
                    durationNanoseconds: Self.now() &- started, requestID: request.requestID)))
        write(bytes, then: keepAlive ? .nextRequest : .linger)
    }

    /// Answers a request that could not be parsed, then closes.
    private func reject(_ error: HTTPParserError) {
        server.report(.badRequest(status: error.status.code, reason: error.description))
        readPaused = true
        let response = ErrorResponse.make(for: error).response
        let bytes = ResponseSerializer.serialize(
            response, requestID: RequestID.make(), version: .http1_1, keepAlive: false, includeBody: true)
        write(bytes, then: .linger)
    }

    // MARK: - Writing

    private func write(_ bytes: [UInt8], then next: AfterWrite) {
        phase = .writing
        outgoing = bytes
        outgoingOffset = 0
        afterWrite = next
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
                setDeadline(server.configuration.writeTimeout)
                return
            } else if sent < 0 && errno == EINTR {
                continue
            } else {
                close()
                return
            }
        }
        outgoing = []
        writeFinished()
    }

    private func writeFinished() {
        switch afterWrite {
        case .continueBody:
            phase = .reading
            deadline.store(bodyDeadline, ordering: .relaxed)
            processBuffered()
        case .nextRequest:
            phase = .idle
            requestStart = Self.now()
            processBuffered()
            resumeReading()
        case .linger:
            linger()
        }
    }

    // MARK: - Closing

    private func linger() {
        phase = .lingering
        shutdown(fd, Int32(SHUT_WR))
        deadline.store(Self.now() &+ 2_000_000_000, ordering: .relaxed)
        readPaused = false
        // The client's close may already have come (its edge consumed earlier): look now.
        discardInput()
    }

    private func discardInput() {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while phase == .lingering {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                lingerBytes += count
                if lingerBytes > 1 << 20 { close() }
            } else if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                return
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                close()
            }
        }
    }

    /// Closes at once (on the loop's thread). Idempotent.
    func close() {
        guard phase != .closed else { return }
        phase = .closed
        deadline.store(0, ordering: .relaxed)
        outgoing = []
        loop.deregister(fd, token: token)
        Glibc.close(fd)
        server.connectionClosed(self)
    }

    /// Server shutdown: close now when idle, otherwise after the current response.
    func beginDraining() {
        draining = true
        if phase == .idle { close() }
    }

    /// Called by the server's sweeper when `deadline` may have passed.
    func deadlineReached() {
        let due = deadline.load(ordering: .relaxed)
        guard due != 0, due <= Self.now() else { return }
        switch phase {
        case .reading:
            deadline.store(0, ordering: .relaxed)
            readPaused = true
            server.report(.badRequest(status: 408, reason: "request not received in time"))
            let response = ErrorResponse.body(status: .requestTimeout, message: "Request not received in time")
            let bytes = ResponseSerializer.serialize(
                response, requestID: RequestID.make(), version: .http1_1, keepAlive: false, includeBody: true)
            write(bytes, then: .linger)
        case .idle, .writing, .lingering:
            close()
        case .handling, .closed:
            break
        }
    }

    // MARK: - Helpers

    private func setDeadline(_ duration: Duration) {
        deadline.store(Self.now() &+ duration.nanoseconds, ordering: .relaxed)
    }

    /// Reads what arrived while reading waited (no new edge will announce it).
    private func resumeReading() {
        guard readPaused else { return }
        readPaused = false
        readable()
    }

    static func now() -> UInt64 {
        DispatchTime.now().uptimeNanoseconds
    }
}

extension HTTPConnection: EventLoop.Handler {
    func eventsReady(readable isReadable: Bool, writable isWritable: Bool) {
        if isWritable && phase == .writing && outgoingOffset < outgoing.count { flush() }
        if isReadable { readable() }
    }
}
