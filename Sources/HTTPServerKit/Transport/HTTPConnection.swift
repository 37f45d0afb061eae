import Dispatch
import Glibc
import Synchronization

/// One client connection: a non-blocking socket watched by Dispatch sources on the
/// connection's own serial queue. Every mutable field is touched only on `queue` (that is
/// the `@unchecked Sendable` invariant); the handler runs in a Task whose executor is that
/// same queue, so the code after `await` needs no hop.
///
/// Requests are served strictly one at a time: reading is suspended while a handler runs
/// and resumed once its response is written, then bytes already buffered (pipelined
/// requests) are parsed before the socket is read again.
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
    let queue: DispatchQueue
    private let server: ServerCore
    private var parser: HTTPRequestParser
    private var phase = Phase.idle
    private var readSource: (any DispatchSourceRead)?
    private var writeSource: (any DispatchSourceWrite)?
    private var readSuspended = false
    private var liveSources = 0
    private var outgoing: [UInt8] = []
    private var outgoingOffset = 0
    private var afterWrite = AfterWrite.nextRequest
    private var draining = false
    private var requestStart: UInt64 = 0
    private var lingerBytes = 0
    /// The client shut its sending side while a request was pending.
    private var peerClosed = false
    /// Bytes of later requests buffered while one is being answered.
    private static let readAheadLimit = 64 * 1024

    /// Monotonic time (ns) by which the current phase must end; 0 when none. Written on
    /// `queue`, read by the server's sweeper.
    let deadline = Atomic<UInt64>(0)

    init(fd: Int32, server: ServerCore, queue: DispatchQueue) {
        self.fd = fd
        self.server = server
        self.queue = queue
        self.parser = HTTPRequestParser(limits: server.configuration.limits)
    }

    func start() {
        queue.async { self.armReading() }
    }

    private func armReading() {
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        source.setEventHandler { self.readable() }
        source.setCancelHandler { self.sourceCancelled() }
        liveSources += 1
        readSource = source
        // A new connection must send its first request as promptly as any request head.
        setDeadline(server.configuration.headerReadTimeout)
        source.resume()
    }

    // MARK: - Reading

    private func readable() {
        switch phase {
        case .closed:
            return
        case .lingering:
            discardInput()
            return
        case .handling, .writing:
            // Reading goes on while a response is pending (suspending and resuming the source
            // for every request costs two trips to libdispatch's event thread): pipelined
            // bytes are buffered up to a cap, then reading pauses until the response is out.
            if parser.bufferedByteCount >= Self.readAheadLimit {
                suspendReading()
                return
            }
        case .idle, .reading:
            break
        }
        var failure: Int32 = 0
        let count = parser.receive { space in
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
        } else if count == 0 || (failure != EAGAIN && failure != EWOULDBLOCK && failure != EINTR) {
            if count == 0 && (phase == .handling || phase == .writing) {
                // The client finished sending (a half-close): answer what it sent, then close.
                peerClosed = true
                suspendReading()
            } else {
                close()
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
                    if parser.isReadingBody {
                        setDeadline(server.configuration.bodyReadTimeout)
                    } else if phase == .idle {
                        // The start of a pipelined request arrived with the previous one: its
                        // head is due like any other (`readable` only arms this from idle).
                        setDeadline(server.configuration.headerReadTimeout)
                    }
                    phase = .reading
                }
                return
            case .expectsContinue:
                write(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8), then: .continueBody)
            case .request(let request):
                handle(request)
            }
        }
    }

    private func handle(_ request: HTTPRequest) {
        phase = .handling
        deadline.store(0, ordering: .relaxed)
        var request = request
        request.requestID = RequestID.resolve(request.headers["X-Request-ID"])
        let started = requestStart
        let server = self.server
        Task(executorPreference: self) {
            let response: HTTPResponse
            do {
                response = try await server.handler(request)
            } catch {
                let mapped = ErrorResponse.make(for: error)
                response = mapped.response
            }
            self.respond(to: request, with: response, started: started)
        }
    }

    private func respond(to request: HTTPRequest, with response: HTTPResponse, started: UInt64) {
        dispatchPrecondition(condition: .onQueue(queue))
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
        suspendReading()
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

    private func flush() {
        while outgoingOffset < outgoing.count {
            let offset = outgoingOffset
            let sent = outgoing.withUnsafeBytes { bytes in
                send(fd, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                outgoingOffset += sent
            } else if sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                waitUntilWritable()
                return
            } else if sent < 0 && errno == EINTR {
                continue
            } else {
                close()
                return
            }
        }
        outgoing = []
        if let source = writeSource {
            writeSource = nil
            source.cancel()
        }
        writeFinished()
    }

    private func waitUntilWritable() {
        setDeadline(server.configuration.writeTimeout)
        guard writeSource == nil else { return }
        let source = DispatchSource.makeWriteSource(fileDescriptor: fd, queue: queue)
        source.setEventHandler { self.flush() }
        source.setCancelHandler { self.sourceCancelled() }
        liveSources += 1
        writeSource = source
        source.resume()
    }

    private func writeFinished() {
        switch afterWrite {
        case .continueBody:
            phase = .reading
            setDeadline(server.configuration.bodyReadTimeout)
            processBuffered()
        case .nextRequest:
            phase = .idle
            requestStart = Self.now()
            if !peerClosed { resumeReading() }
            processBuffered()
        case .linger:
            linger()
        }
    }

    // MARK: - Closing

    private func linger() {
        phase = .lingering
        shutdown(fd, Int32(SHUT_WR))
        deadline.store(Self.now() &+ 2_000_000_000, ordering: .relaxed)
        resumeReading()
    }

    private func discardInput() {
        var buffer = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        let count = withUnsafeMutableBytes(of: &buffer) { recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 {
            lingerBytes += count
            if lingerBytes > 1 << 20 { close() }
        } else if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            close()
        }
    }

    /// Closes at once. Idempotent. The descriptor is closed only after every source's
    /// cancel handler has run (libdispatch requires it).
    func close() {
        guard phase != .closed else { return }
        phase = .closed
        deadline.store(0, ordering: .relaxed)
        if let source = writeSource {
            writeSource = nil
            source.cancel()
        }
        if let source = readSource {
            readSource = nil
            if readSuspended {
                readSuspended = false
                source.resume()
            }
            source.cancel()
        }
        if liveSources == 0 { release() }
    }

    private func sourceCancelled() {
        liveSources -= 1
        if liveSources == 0 && phase == .closed { release() }
    }

    private func release() {
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
            suspendReading()
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

    private func suspendReading() {
        guard !readSuspended, let source = readSource else { return }
        readSuspended = true
        source.suspend()
    }

    private func resumeReading() {
        guard readSuspended, let source = readSource else { return }
        readSuspended = false
        source.resume()
    }

    static func now() -> UInt64 {
        DispatchTime.now().uptimeNanoseconds
    }
}

extension HTTPConnection: TaskExecutor {
    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
