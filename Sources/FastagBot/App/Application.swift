import HTTPServerKit

/// The assembled service: settings, logging, metrics, storage, routes and the HTTP server.
public final class Application: Sendable {
    public let settings: Settings
    public let logger: Logger
    public let metrics: Metrics
    public let storage: Storage
    public let routes: [APIRoute]
    /// The admin token in force (from `ADMIN_TOKEN`, or generated for this run).
    public let adminToken: String
    public let adminTokenWasGenerated: Bool
    private let server: HTTPServer

    public init(settings: Settings, logSink: any LogSink = StandardOutputSink(), time: any TimeSource = SystemTime())
        throws
    {
        self.settings = settings
        let logger = Logger(level: settings.logLevel, format: settings.logFormat, sink: logSink)
        let metrics = Metrics()
        self.logger = logger
        self.metrics = metrics
        storage = try Storage(settings: settings, time: time)
        adminTokenWasGenerated = settings.adminToken.isEmpty
        adminToken = adminTokenWasGenerated ? Crypto.randomToken() : settings.adminToken

        let docs = DocsRoutes()
        routes =
            SystemRoutes(metrics: metrics).routes + docs.routes + AgentRoutes(storage: storage).routes
            + SessionRoutes(storage: storage).routes + VehicleRoutes(storage: storage).routes
            + FastagRoutes(storage: storage).routes
        docs.publish(routes)
        let access = AccessControl(adminToken: adminToken)
        var router = Router()
        for route in routes {
            let handler = route.handler
            let requirement = route.access
            router.add(route.method, route.path) { request in
                try access.authorize(request, for: requirement)
                return try await handler(request)
            }
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
