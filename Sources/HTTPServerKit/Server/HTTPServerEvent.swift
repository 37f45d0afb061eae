/// One finished request, as the access log and metrics see it.
public struct HTTPAccessRecord: Sendable {
    /// The request's method.
    public var method: HTTPMethod
    /// The path without the query (query values may hold personal data).
    public var path: String
    /// The route pattern that matched, or nil (404, parse errors).
    public var route: String?
    /// The status code sent.
    public var status: Int
    /// Bytes of the response as written (head and body).
    public var bytes: Int
    /// From the request's first byte to its response handed to the socket.
    public var durationNanoseconds: UInt64
    /// The id sent in `X-Request-ID` (the client's, when usable).
    public var requestID: String
}

/// What the server reports to its owner (for logs and metrics). Delivered synchronously on
/// connection queues, so observers must be quick and thread-safe.
public enum HTTPServerEvent: Sendable {
    /// The server listens on these addresses (`127.0.0.1:8000`, `[::1]:8000`).
    case listening(addresses: [String])
    /// A connection was accepted; `open` counts it.
    case connectionOpened(open: Int)
    /// A connection closed; `open` are left.
    case connectionClosed(open: Int)
    /// A response was handed to the socket.
    case requestCompleted(HTTPAccessRecord)
    /// A request could not be parsed; the connection was answered with `status` and closed.
    case badRequest(status: Int, reason: String)
    /// Accepting paused because of `maxConnections` or a failing `accept` (e.g. EMFILE).
    case acceptPaused(reason: String)
    /// Accepting resumed after a pause.
    case acceptResumed
    /// `shutdown()` began: the listening sockets are closed, `openConnections` are drained.
    case shutdownStarted(openConnections: Int)
    /// Shutdown ended; `forcedClosed` connections were still busy after the grace period.
    case shutdownFinished(forcedClosed: Int)
}
