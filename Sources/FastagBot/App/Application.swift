import Foundation
import HTTPServerKit
import Synchronization

/// The assembled service: settings, logging, metrics, storage, the provider, the
/// conversation engine, routes and the HTTP server.
package final class Application: Sendable {
    package let settings: Settings
    package let logger: Logger
    let metrics: Metrics
    package let storage: Storage
    let engine: ConversationEngine
    package let pipeline: ChatPipeline
    private let replicaDuties: ReplicaDuties
    /// Prunes personal data older than `RETENTION_DAYS`; runs at start and every hour.
    package let retention: Retention
    package let routes: [APIRoute]
    /// Tokens in force (from the settings, or generated for this run).
    package let adminToken: String
    package let stepAPIToken: String
    /// Settings whose tokens were generated, to be shown once at start.
    package let generatedTokens: [String]
    /// The routes behind the server, also answering in-process requests (`respond(to:)`).
    private let router: Router
    private let server: HTTPServer
    private let pruning = Mutex<Task<Void, Never>?>(nil)
    static let pruningInterval: Duration = .seconds(3600)

    package init(
        settings: Settings, logSink: any LogSink = StandardOutputSink(), time: any TimeSource = SystemTime(),
        provider: (any FastagProvider)? = nil
    ) throws {
        self.settings = settings
        let logger = Logger(level: settings.logLevel, format: settings.logFormat, sink: logSink)
        let metrics = Metrics()
        self.logger = logger
        self.metrics = metrics
        metrics.addGauge(
            "reply_texts_untranslated", help: "Texts sent in English since the start for want of a translation."
        ) { Double(Rendering.fallbacks.load(ordering: .relaxed)) }
        metrics.addCounterReading(
            "log_lines_dropped_total", help: "Log lines dropped because the log's destination could not keep up."
        ) { Double(logger.droppedLines) }
        storage = try Storage(settings: settings, time: time)
        if let first = storage.narrowedPermissions.first {
            logger.warning(
                "file permissions let other users read personal data; narrowed to the owner (0700 directories, 0600 files)",
                ["count": .int(storage.narrowedPermissions.count), "first": .string(first)])
        }
        retention = Retention(storage: storage, days: settings.retentionDays)
        adminToken = settings.adminToken.isEmpty ? Crypto.randomToken() : settings.adminToken
        stepAPIToken = settings.stepAPIToken.isEmpty ? Crypto.randomToken() : settings.stepAPIToken
        generatedTokens = [("ADMIN_TOKEN", settings.adminToken), ("STEP_API_TOKEN", settings.stepAPIToken)]
            .filter { $0.1.isEmpty }.map(\.0)

        let client = HTTPClient()
        let sms: any SMSGateway
        let chosenProvider: any FastagProvider
        switch settings.shauryapayMode {
        case .sandbox:
            chosenProvider = provider ?? SandboxProvider(storage: storage)
            sms = LogSMSGateway(logger: logger)
            if try SandboxSeed.ensureDemoAgent(storage) {
                logger.info("sandbox: created the demo agent", ["mobile": .string(SandboxProvider.demoAgentMobile)])
            }
        case .live:
            chosenProvider =
                provider
                ?? ShauryapayClient(
                    configuration: ShauryapayClient.Configuration(
                        baseURL: settings.shauryapayBaseURL, apiKey: settings.shauryapayAPIKey,
                        channel: settings.shauryapayChannel, timeout: settings.shauryapayTimeout),
                    client: client)
            sms = BhashSMSGateway(
                account: BhashSMSGateway.Account(
                    url: settings.smsURL, user: settings.smsUser, password: settings.smsPassword,
                    sender: settings.smsSender, template: settings.smsTemplate),
                client: client)
        }
        var policy = ConversationPolicy()
        policy.idleTimeoutSeconds = settings.sessionIdleTimeout.components.seconds
        policy.loginLifetimeSeconds = settings.loginLifetime.components.seconds
        policy.agentOTPMaxSends = settings.agentOTPMaxSends
        policy.agentOTPSendWindowSeconds = settings.agentOTPSendWindow.components.seconds
        policy.agentOTPAttempts = settings.agentOTPMaxWrong
        policy.agentLoginLockSeconds = settings.agentLoginLock.components.seconds
        policy.customerOTPAttempts = settings.customerOTPMaxWrong
        policy.helpLink = settings.helpLink
        policy.documentPhotos = settings.documentPhotos
        policy.trustChatSender = settings.agentLogin == .whatsapp
        if !settings.secretKey.isEmpty {
            policy.otpKey = Crypto.sha256(Array("fastag-bot agent otp:\(settings.secretKey)".utf8))
        }
        // Every call is recorded (`provider_calls`) for the console's failures and latency.
        let recorded = RecordedProvider(inner: chosenProvider, log: storage.providerCalls, time: time)
        engine = ConversationEngine(provider: recorded, storage: storage, sms: sms, policy: policy, time: time)
        var clients: [Session.Channel: any ChannelClient] = [:]
        if !settings.whatsappAccessToken.isEmpty {
            clients[.whatsapp] = WhatsAppClient(
                apiURL: settings.whatsappAPIURL, accessToken: settings.whatsappAccessToken,
                phoneNumberID: settings.whatsappPhoneNumberID, http: client)
        }
        if !settings.interaktAPIKey.isEmpty {
            clients[.interakt] = InteraktClient(
                apiURL: settings.interaktAPIURL, apiKey: settings.interaktAPIKey, http: client)
        }
        var limits = ChatPipeline.Limits()
        limits.maxAttempts = settings.chatMaxAttempts
        limits.albumWindow =
            settings.chatAlbumWindow.components.seconds * 1000
            + settings.chatAlbumWindow.components.attoseconds / 1_000_000_000_000_000
        if settings.chatWorkers > 0 { limits.workers = settings.chatWorkers }
        limits.whatsappSendRate = settings.whatsappSendRate
        limits.interaktSendRatePerMinute = settings.interaktSendRatePerMinute
        if !settings.whatsappTemplateName.isEmpty {
            limits.template = ChatTemplate(
                name: settings.whatsappTemplateName, language: settings.whatsappTemplateLanguage)
        }
        pipeline = ChatPipeline(
            engine: engine, storage: storage, clients: clients, logger: logger, metrics: metrics, limits: limits)

        replicaDuties = ReplicaDuties(storage: storage, pipeline: pipeline, logger: logger)

        let docs = DocsRoutes()
        routes =
            SystemRoutes(metrics: metrics, storage: storage).routes + docs.routes + AgentRoutes(storage: storage).routes
            + SessionRoutes(storage: storage, idleTimeoutSeconds: policy.idleTimeoutSeconds).routes
            + VehicleRoutes(storage: storage).routes
            + FastagRoutes(storage: storage).routes + StepAPIRoutes(engine: engine).routes
            + WebhookRoutes(settings: settings, storage: storage, pipeline: pipeline, metrics: metrics).routes
            + ConsolePageRoutes(
                sessions: storage.consoleSessions, adminTokenDigest: Crypto.sha256(Array(adminToken.utf8)),
                lifetimeSeconds: settings.consoleSessionLifetime.components.seconds, time: time
            ).routes
            + ConsoleTryRoutes(engine: engine, sandbox: settings.shauryapayMode == .sandbox).routes
            + StatsRoutes(storage: storage, flows: Flow.all(photos: settings.documentPhotos), time: time).routes
            + ConsoleRoutes(storage: storage) { [pipeline] in pipeline.repliesQueued(in: [$0]) }.routes
        docs.publish(routes)
        let access = AccessControl(
            adminToken: adminToken, stepAPIToken: stepAPIToken, consoleSessions: storage.consoleSessions)
        var router = Router()
        for route in routes {
            // Credentials and the route's own checks run on the head, before the body is read.
            let headCheck = access.headCheck(for: route)
            if let immediate = access.immediateHandler(for: route) {
                router.addImmediate(
                    route.method, route.path, bodyLimit: route.bodyLimit, headCheck: headCheck, immediate)
            } else {
                router.add(
                    route.method, route.path, bodyLimit: route.bodyLimit, headCheck: headCheck,
                    access.handler(for: route))
            }
        }
        router.onUnexpectedError = { request, error in
            logger.error("handler failed", ["request_id": .string(request.requestID), "error": .string("\(error)")])
        }
        self.router = router
        server = HTTPServer(
            configuration: settings.serverConfiguration,
            onEvent: { event in
                metrics.observe(event)
                AccessLog.record(event, to: logger)
            }, responder: router)
    }

    /// Binds the port and starts serving.
    package func start() throws {
        try server.start()
        replicaDuties.start()
        pipeline.start()
        startPruning()
        for warning in settings.liveModeWarnings {
            logger.warning(warning, ["sms_host": .string(URL(string: settings.smsURL)?.host ?? "")])
        }
        if settings.shauryapayMode == .sandbox {
            logger.info(
                "sandbox mode: no real FASTags are touched. Log in as the demo agent with POST /agents/start "
                    + "{\"mobile_number\":\"\(SandboxProvider.demoAgentMobile)\"}; the agent OTP appears in this log "
                    + "and the customer OTP is \(SandboxProvider.customerOTP)")
        }
    }

    /// Answers `request` without a socket, as the server does once it has read a request:
    /// the same router, the route's head check (credentials, a signature header), its body
    /// limit and the same mapping of errors to responses. What the connection adds is not
    /// (`Content-Length`, `Date`, the request id, the server-wide body ceiling, HEAD without a
    /// body), nor the access log and metrics. It works whether or not `start()` was called;
    /// tests use it to call the API with no port.
    package func respond(to request: HTTPRequest) async -> HTTPResponse {
        await router.respond(to: request)
    }

    package var port: Int { server.port }
    package var addresses: [String] { server.addresses }

    /// Graceful shutdown: stop accepting, let in-flight requests finish, close.
    package func shutdown() async {
        await server.shutdown()
        await pipeline.stop()
        await replicaDuties.stop()
        if let task = pruning.withLock({ $0.take() }) {
            task.cancel()
            await task.value
        }
    }

    /// Prunes now and then every `pruningInterval`, in a task of its own (not on an event
    /// loop); a failed run is logged and the next one tries again.
    private func startPruning() {
        let task = Task.detached { [retention, logger] in
            while !Task.isCancelled {
                do {
                    let report = try await retention.prune()
                    // Hourly runs that found nothing would only fill the log.
                    logger.log(
                        report.total > 0 ? .info : .debug, "retention: removed what was past its period",
                        [
                            "retention_days": .int(retention.days), "inbox_messages": .int(report.inboxMessages),
                            "outbox_replies": .int(report.outboxReplies), "photos": .int(report.photos),
                            "photo_files": .int(report.photoFiles), "sessions_cleared": .int(report.sessionsCleared),
                            "provider_calls": .int(report.providerCalls),
                            "chat_windows": .int(report.chatWindows),
                        ])
                } catch {
                    logger.error("retention: pruning failed", ["error": .string("\(error)")])
                }
                try? await Task.sleep(for: Self.pruningInterval)
            }
        }
        pruning.withLock { $0 = task }
    }
}
