/// One finished request, as the access log and metrics see it.
public struct HTTPAccessRecord: Sendable {
    public var method: HTTPMethod
    /// The path without the query (query values may hold personal data).
    public var path: String
    /// The route pattern that matched, or nil (404, parse errors).
    public var route: String?
    public var status: Int
    /// Bytes of the response as written (head and body).
    public var bytes: Int
    /// From the request's first byte to its response handed to the socket.
    public var durationNanoseconds: UInt64
    public var requestID: String
}

/// What the server reports to its owner (for logs and metrics). Delivered synchronously on
/// connection queues, so observers must be quick and thread-safe.
public enum HTTPServerEvent: Sendable {
    case listening(addresses: [String])
    case connectionOpened(open: Int)
    case connectionClosed(open: Int)
    case requestCompleted(HTTPAccessRecord)
    /// A request could not be parsed; the connection was answered with `status` and closed.
    case badRequest(status: Int, reason: String)
    /// Accepting paused because of `maxConnections` or a failing `accept` (e.g. EMFILE).
    case acceptPaused(reason: String)
    case acceptResumed
    case shutdownStarted(openConnections: Int)
    case shutdownFinished(forcedClosed: Int)
}
