import Glibc

/// Where the server listens and the limits and timeouts it enforces.
public struct HTTPServerConfiguration: Sendable {
    /// A host name or literal address; "::" listens on IPv6 and IPv4 at once.
    public var host: String
    /// 0 picks a free port (see `HTTPServer.port`).
    public var port: Int
    /// Connections the kernel may hold waiting to be accepted (`listen(2)`).
    public var backlog: Int32
    /// The request sizes the parser accepts.
    public var limits: HTTPParserLimits
    /// Open connections beyond this pause `accept` until one closes.
    public var maxConnections: Int
    /// From the first byte of a request to the end of its head; then 408 and close.
    public var headerReadTimeout: Duration
    /// How long a whole body may take, from the end of its head (arriving bytes do not
    /// extend it); then 408 and close.
    public var bodyReadTimeout: Duration
    /// How long a keep-alive connection may wait for its next request.
    public var idleTimeout: Duration
    /// Longest time a response may wait for a client that does not read it.
    public var writeTimeout: Duration
    /// On shutdown, how long in-flight requests get to finish.
    public var shutdownGracePeriod: Duration
    /// Threads serving connections (each an epoll loop); by default one per processor.
    public var eventLoops: Int

    /// A configuration; every value has a default fit for production behind a proxy.
    ///
    /// - Parameter eventLoops: 0 (or less) picks one loop per online processor.
    public init(
        host: String = "127.0.0.1",
        port: Int = 8000,
        backlog: Int32 = 4096,
        limits: HTTPParserLimits = HTTPParserLimits(),
        maxConnections: Int = 16_384,
        headerReadTimeout: Duration = .seconds(10),
        bodyReadTimeout: Duration = .seconds(30),
        idleTimeout: Duration = .seconds(75),
        writeTimeout: Duration = .seconds(30),
        shutdownGracePeriod: Duration = .seconds(10),
        eventLoops: Int = 0
    ) {
        self.host = host
        self.port = port
        self.backlog = backlog
        self.limits = limits
        self.maxConnections = maxConnections
        self.headerReadTimeout = headerReadTimeout
        self.bodyReadTimeout = bodyReadTimeout
        self.idleTimeout = idleTimeout
        self.writeTimeout = writeTimeout
        self.shutdownGracePeriod = shutdownGracePeriod
        self.eventLoops = eventLoops > 0 ? eventLoops : max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}

extension Duration {
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        return UInt64(max(seconds, 0)) * 1_000_000_000 + UInt64(max(attoseconds, 0) / 1_000_000_000)
    }
}
