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

    public init(
        configuration: HTTPServerConfiguration,
        onEvent: @escaping @Sendable (HTTPServerEvent) -> Void = { _ in },
        handler: @escaping Handler
    ) {
        core = ServerCore(configuration: configuration, handler: handler, onEvent: onEvent)
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
