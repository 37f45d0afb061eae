import HTTPServerKit

/// The assembled service: settings, logging, metrics, routes and the HTTP server.
public final class Application: Sendable {
    public let settings: Settings
    public let logger: Logger
    public let metrics: Metrics
    public let routes: [APIRoute]
    private let server: HTTPServer

    public init(settings: Settings, logSink: any LogSink = StandardOutputSink()) {
        self.settings = settings
        let logger = Logger(level: settings.logLevel, format: settings.logFormat, sink: logSink)
        let metrics = Metrics()
        self.logger = logger
        self.metrics = metrics
        routes = SystemRoutes(metrics: metrics).routes

        var router = Router()
        for route in routes {
            router.add(route.method, route.path, route.handler)
        }
        router.onUnexpectedError = { request, error in
            logger.error("handler failed", ["request_id": .string(request.requestID), "error": .string("\(error)")])
        }
        server = HTTPServer(
            configuration: settings.serverConfiguration,
            onEvent: { event in
                metrics.observe(event)
                AccessLog.record(event, to: logger)
            }, handler: router.respond)
    }

    /// Binds the port and starts serving.
    public func start() throws {
        try server.start()
    }

    public var port: Int { server.port }
    public var addresses: [String] { server.addresses }

    /// Graceful shutdown: stop accepting, let in-flight requests finish, close.
    public func shutdown() async {
        await server.shutdown()
    }
}
