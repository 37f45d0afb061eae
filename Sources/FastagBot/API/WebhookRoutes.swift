import HTTPServerKit

/// The chat front doors: Meta's WhatsApp Cloud API (`/webhook`) and Interakt
/// (`/webhook/interakt`). Each verifies the signature over the raw body before anything
/// else, stores new messages in the inbox (duplicates are acknowledged and ignored),
/// records delivery statuses, and answers 200 at once; the chat pipeline does the rest.
struct WebhookRoutes {
    let settings: Settings
    let storage: Storage
    let pipeline: ChatPipeline
    let metrics: Metrics

    var routes: [APIRoute] {
        metrics.declareCounter(
            "webhook_requests_total", help: "Webhook deliveries, by channel and outcome.",
            labels: ["channel", "outcome"])
        metrics.declareCounter(
            "chat_delivery_failures_total", help: "Replies the channel reported failed, by channel and error code.",
            labels: ["channel", "code"])
        return [verification, whatsapp, interakt]
    }

    private var verification: APIRoute {
        let token = settings.whatsappVerifyToken
        return APIRoute(.get, "/webhook", summary: "WhatsApp webhook verification handshake", tag: "Webhooks") {
            request in
            let query = request.query
            guard !token.isEmpty, query["hub.mode"] == "subscribe", let challenge = query["hub.challenge"],
                Crypto.constantTimeEquals(Array((query["hub.verify_token"] ?? "").utf8), Array(token.utf8))
            else { throw HTTPError(.forbidden, "Verification failed") }
            return .text(challenge)
        }
        .describe(
            "Meta calls this when the callback URL is saved: `hub.mode=subscribe`, `hub.verify_token` (WHATSAPP_VERIFY_TOKEN) and `hub.challenge`, which is answered as plain text."
        )
        .query("hub.mode", JSONSchema.string(values: ["subscribe"]), "Always subscribe.")
        .query("hub.verify_token", JSONSchema.string(), "Must equal WHATSAPP_VERIFY_TOKEN.")
        .query("hub.challenge", JSONSchema.string(), "Echoed back.")
        .response(200, "The challenge", JSONSchema.string(), contentType: "text/plain")
        .errors(403)
    }

    /// What tells the signed channels apart; the route around it is the same.
    private struct SignedChannel {
        /// "WhatsApp"; lower-cased, the `channel` label of the metrics.
        let title: String
        /// The setting that holds the secret, and the secret.
        let variable: String
        let secret: String
        /// Where the signature is read: the first of these present (the first is named in errors).
        let signatureHeaders: [String]
        let parse: @Sendable ([UInt8]) -> (messages: [ChatMessage], statuses: [DeliveryStatus])?

        var label: String { title.lowercased() }
        var unconfigured: String { "The \(title) channel is not configured (\(variable))" }
        var unsigned: String { "Missing or wrong \(signatureHeaders[0])" }

        func signature(in headers: HTTPHeaders) -> String? {
            signatureHeaders.lazy.compactMap { headers[$0] }.first
        }
    }

    private var whatsapp: APIRoute {
        let channel = SignedChannel(
            title: "WhatsApp", variable: "WHATSAPP_APP_SECRET", secret: settings.whatsappAppSecret,
            signatureHeaders: ["X-Hub-Signature-256"],
            parse: { WhatsAppWebhook.parse($0).map { ($0.messages, $0.statuses) } })
        return signed(channel, "/webhook", summary: "WhatsApp Cloud API notifications")
            .describe(
                "Signed with the app secret (`X-Hub-Signature-256: sha256=<hex>`). Messages are stored and answered asynchronously; a repeated message id is acknowledged and ignored."
            )
            .body(JSONSchema.freeObject("A WhatsApp webhook notification."), example: Self.whatsappExample)
    }

    private var interakt: APIRoute {
        let channel = SignedChannel(
            title: "Interakt", variable: "INTERAKT_WEBHOOK_SECRET", secret: settings.interaktWebhookSecret,
            signatureHeaders: ["Interakt-Signature", "X-Interakt-Signature"],
            parse: { InteraktWebhook.parse($0).map { ($0.messages, $0.statuses) } })
        return signed(channel, "/webhook/interakt", summary: "Interakt webhooks")
            .describe(
                "Signed with the webhook secret key (`Interakt-Signature: sha256=<hex>`, also read as `X-Interakt-Signature`). `message_received` drives the dialogue; `message_api_*` events update delivery statuses."
            )
            .body(JSONSchema.freeObject("An Interakt webhook event."), example: Self.interaktExample)
    }

    /// A signed webhook: the signature is checked over the raw body, new messages go to the
    /// inbox and delivery statuses to the outbox, and the answer is 200 at once.
    private func signed(_ channel: SignedChannel, _ path: String, summary: String) -> APIRoute {
        let (storage, pipeline, metrics) = (storage, pipeline, metrics)
        return APIRoute(.post, path, summary: summary, tag: "Webhooks") { request in
            guard !channel.secret.isEmpty else { throw HTTPError(.serviceUnavailable, channel.unconfigured) }
            guard
                WebhookSignature.isValid(
                    channel.signature(in: request.headers), body: request.body, secret: channel.secret)
            else {
                metrics.increment("webhook_requests_total", labels: [channel.label, "bad_signature"])
                throw HTTPError(.unauthorized, channel.unsigned)
            }
            // Events we do not use are acknowledged too: Interakt counts non-200 answers as failures.
            guard let notification = channel.parse(request.body) else {
                metrics.increment("webhook_requests_total", labels: [channel.label, "not_understood"])
                return Self.acknowledged
            }
            try await Self.store(notification.messages, notification.statuses, storage, pipeline, metrics)
            metrics.increment("webhook_requests_total", labels: [channel.label, "accepted"])
            return Self.acknowledged
        }
        .response(200, "Stored (or nothing to store)", JSONSchema.ref("Acknowledgement"), example: ["status": "ok"])
        .errors(401)
        .notConfigured("The \(channel.title) channel is not configured here (\(channel.variable) is not set)")
        .limitBody(to: APIRoute.BodyLimit.webhook)
        .checkHead(Self.refuseUnsigned(channel, metrics: metrics))
    }

    /// The head check of a signed webhook: a channel that is not configured, or a signature
    /// header that is missing or cannot be one, is refused before the body is read. Whether
    /// a well-formed signature is right is checked over the body, in the handler.
    private static func refuseUnsigned(_ channel: SignedChannel, metrics: Metrics) -> Router.HeadCheck {
        { head in
            guard !channel.secret.isEmpty else { throw HTTPError(.serviceUnavailable, channel.unconfigured) }
            guard WebhookSignature.isWellFormed(channel.signature(in: head.headers)) else {
                metrics.increment("webhook_requests_total", labels: [channel.label, "bad_signature"])
                throw HTTPError(.unauthorized, channel.unsigned)
            }
        }
    }

    private static let acknowledged = HTTPResponse.json(["status": "ok"])

    private static func store(
        _ messages: [ChatMessage], _ statuses: [DeliveryStatus], _ storage: Storage, _ pipeline: ChatPipeline,
        _ metrics: Metrics
    ) async throws {
        let added = try await storage.inbox.accept(messages)
        // Off the request path: the 200 and the answers never wait for the read marks.
        pipeline.markRead(added)
        pipeline.messagesArrived(in: added.map { ChatKey(channel: $0.channel, chatID: $0.chatID) })
        for failure in try await storage.outbox.apply(statuses) {
            metrics.increment(
                "chat_delivery_failures_total",
                labels: [failure.channel.rawValue, DeliveryFailureCode.label(failure.errorCode)])
        }
    }

    static let whatsappExample: JSONValue = [
        "object": "whatsapp_business_account",
        "entry": [
            [
                "id": "WABA_ID",
                "changes": [
                    [
                        "field": "messages",
                        "value": [
                            "messaging_product": "whatsapp",
                            "metadata": ["display_phone_number": "919800000000", "phone_number_id": "PHONE_NUMBER_ID"],
                            "contacts": [["profile": ["name": "Ravi"], "wa_id": "919876543210"]],
                            "messages": [
                                [
                                    "from": "919876543210", "id": "wamid.EXAMPLE", "timestamp": "1735689600",
                                    "type": "text",
                                    "text": ["body": "MH12AB1234"],
                                ]
                            ],
                        ],
                    ]
                ],
            ]
        ],
    ]

    static let interaktExample: JSONValue = [
        "version": "1.0", "timestamp": "2026-11-25T10:00:00.000000", "type": "message_received",
        "data": [
            "customer": ["channel_phone_number": "919876543210", "phone_number": "9876543210", "country_code": "+91"],
            "message": [
                "id": "00000000-0000-0000-0000-0000000000aa", "chat_message_type": "CustomerMessage",
                "message_content_type": "Text", "message": "MH12AB1234", "media_url": nil,
            ],
        ],
    ]
}

extension APIRoute {
    /// 503: the channel's secret is not set, so nothing it sends can be checked or taken.
    fileprivate func notConfigured(_ description: String) -> APIRoute {
        response(
            503, description, JSONSchema.ref("Error"),
            example: ["status": "error", "message": .string(description)])
    }
}
