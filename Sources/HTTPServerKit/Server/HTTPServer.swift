import Synchronization

/// An HTTP/1.1 server on non-blocking Glibc sockets and Dispatch sources.
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
    /// Answers one request. Thrown errors become responses through `ErrorResponse`.
    public typealias Handler = @Sendable (HTTPRequest) async throws -> HTTPResponse

    private let core: ServerCore
    private let bound = Mutex<[String]>([])

    /// A server whose `responder` judges each request from its head before the body is read
    /// (a `Router` does: per-route body limits and head checks).
    public init(
        configuration: HTTPServerConfiguration,
        onEvent: @escaping @Sendable (HTTPServerEvent) -> Void = { _ in },
        responder: some HTTPResponder
    ) {
        core = ServerCore(configuration: configuration, responder: responder, onEvent: onEvent)
    }

    /// A server that reads every body (up to `maxBodyBytes`) and hands it to `handler`.
    public convenience init(
        configuration: HTTPServerConfiguration,
        onEvent: @escaping @Sendable (HTTPServerEvent) -> Void = { _ in },
        handler: @escaping Handler
    ) {
        self.init(configuration: configuration, onEvent: onEvent, responder: ClosureResponder(handler: handler))
    }

    public var configuration: HTTPServerConfiguration { core.configuration }

    /// Binds and starts accepting. Returns once the sockets listen, so a client may connect
    /// as soon as this returns.
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

    public var openConnections: Int { core.openConnections }

    /// Graceful shutdown: stop accepting, finish in-flight requests within
    /// `shutdownGracePeriod`, then close every connection. Safe to call more than once.
    public func shutdown() async {
        await core.shutdown()
    }
}
