import Synchronization

/// An HTTP/1.1 server on non-blocking Glibc sockets.
///
/// Connections are served by a few epoll event loops (`EventLoop`: one thread each, by
/// default one per processor), not by a thread per connection: a loop reads, parses and
/// writes its sockets and runs their handlers' tasks, so a handler that does not suspend
/// answers in the same pass. Dispatch only watches the listening sockets (a read source on
/// the accept queue) and runs the timer that sweeps the connections' deadlines. Each
/// request is judged from its head by the `HTTPResponder` before its body is read; the
/// limits and timeouts come from `HTTPServerConfiguration`, and what happens is reported as
/// `HTTPServerEvent`s.
///
/// ```swift
/// let server = HTTPServer(configuration: .init(port: 0)) { request in
///     .text("hello")
/// }
/// try server.start()
/// print(server.port)
/// await server.shutdown()
/// ```
public final class HTTPServer: Sendable {
    /// Answers one complete request. Thrown errors become responses through `ErrorResponse`
    /// (an `HTTPResponseError` its own, anything else a 500).
    public typealias Handler = @Sendable (HTTPRequest) async throws -> HTTPResponse

    private let core: ServerCore
    private let bound = Mutex<[String]>([])

    /// A server whose `responder` judges each request from its head before the body is read
    /// (a `Router` does: per-route body limits and head checks). Nothing listens until
    /// `start()`.
    ///
    /// - Parameters:
    ///   - configuration: where to listen, limits and timeouts.
    ///   - onEvent: receives every `HTTPServerEvent`, synchronously on the server's threads,
    ///     so it must be quick and thread-safe (a log line, a counter).
    ///   - responder: judges heads and answers requests.
    public init(
        configuration: HTTPServerConfiguration,
        onEvent: @escaping @Sendable (HTTPServerEvent) -> Void = { _ in },
        responder: some HTTPResponder
    ) {
        core = ServerCore(configuration: configuration, responder: responder, onEvent: onEvent)
    }

    /// A server that reads every body (up to `maxBodyBytes`) and hands each request to
    /// `handler`: for a few routes without per-route limits, or tests.
    ///
    /// - Parameters:
    ///   - configuration: where to listen, limits and timeouts.
    ///   - onEvent: receives every `HTTPServerEvent`, synchronously; must be quick.
    ///   - handler: answers every request.
    public convenience init(
        configuration: HTTPServerConfiguration,
        onEvent: @escaping @Sendable (HTTPServerEvent) -> Void = { _ in },
        handler: @escaping Handler
    ) {
        self.init(configuration: configuration, onEvent: onEvent, responder: ClosureResponder(handler: handler))
    }

    /// The configuration the server was made with (`eventLoops` resolved).
    public var configuration: HTTPServerConfiguration { core.configuration }

    /// Binds and starts accepting. Returns once the sockets listen, so a client may connect
    /// as soon as this returns (tests need no sleep), and reports `.listening`.
    ///
    /// - Throws: `SocketError` when the host does not resolve or a socket cannot be bound or
    ///   listen (the port is taken, no permission), or an event loop cannot be created.
    public func start() throws {
        let addresses = try core.listen()
        bound.withLock { $0 = addresses }
        core.report(.listening(addresses: addresses))
    }

    /// The addresses listened on, e.g. `127.0.0.1:8000` or `[::1]:8000`.
    public var addresses: [String] { bound.withLock { $0 } }

    /// The port listened on (useful after binding port 0).
    public var port: Int {
        guard let address = addresses.first, let colon = address.lastIndex(of: ":") else { return 0 }
        return Int(address[address.index(after: colon)...]) ?? 0
    }

    /// Connections accepted and not yet closed.
    public var openConnections: Int { core.openConnections }

    /// Graceful shutdown: stop accepting, finish in-flight requests within
    /// `shutdownGracePeriod`, then close every connection. Safe to call more than once.
    public func shutdown() async {
        await core.shutdown()
    }
}
