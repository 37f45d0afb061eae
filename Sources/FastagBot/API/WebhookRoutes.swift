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

    private var whatsapp: APIRoute {
        let (secret, storage, pipeline, metrics) = (settings.whatsappAppSecret, storage, pipeline, metrics)
        return APIRoute(.post, "/webhook", summary: "WhatsApp Cloud API notifications", tag: "Webhooks") { request in
            guard !secret.isEmpty else {
                throw HTTPError(.serviceUnavailable, "The WhatsApp channel is not configured (WHATSAPP_APP_SECRET)")
            }
            guard WebhookSignature.isValid(request.headers["X-Hub-Signature-256"], body: request.body, secret: secret)
            else {
                metrics.increment("webhook_requests_total", labels: ["whatsapp", "bad_signature"])
                throw HTTPError(.unauthorized, "Missing or wrong X-Hub-Signature-256")
            }
            guard let notification = WhatsAppWebhook.parse(request.body) else {
                metrics.increment("webhook_requests_total", labels: ["whatsapp", "not_understood"])
                return Self.acknowledged
            }
            try await Self.store(notification.messages, notification.statuses, storage, pipeline)
            metrics.increment("webhook_requests_total", labels: ["whatsapp", "accepted"])
            return Self.acknowledged
        }
        .describe(
            "Signed with the app secret (`X-Hub-Signature-256: sha256=<hex>`). Messages are stored and answered asynchronously; a repeated message id is acknowledged and ignored."
        )
        .body(JSONSchema.freeObject("A WhatsApp webhook notification."), example: Self.whatsappExample)
        .response(200, "Stored (or nothing to store)", JSONSchema.ref("Acknowledgement"), example: ["status": "ok"])
        .errors(401)
        .notConfigured("The WhatsApp channel is not configured here (WHATSAPP_APP_SECRET is not set)")
        .limitBody(to: APIRoute.BodyLimit.webhook)
        .checkHead(
            Self.refuseUnsigned(
                channel: "whatsapp", secret: secret, metrics: metrics,
                unconfigured: "The WhatsApp channel is not configured (WHATSAPP_APP_SECRET)",
                unsigned: "Missing or wrong X-Hub-Signature-256"
            ) { $0["X-Hub-Signature-256"] })
    }

    private var interakt: APIRoute {
        let (secret, storage, pipeline, metrics) = (settings.interaktWebhookSecret, storage, pipeline, metrics)
        return APIRoute(.post, "/webhook/interakt", summary: "Interakt webhooks", tag: "Webhooks") { request in
            guard !secret.isEmpty else {
                throw HTTPError(.serviceUnavailable, "The Interakt channel is not configured (INTERAKT_WEBHOOK_SECRET)")
            }
            let signature = request.headers["Interakt-Signature"] ?? request.headers["X-Interakt-Signature"]
            guard WebhookSignature.isValid(signature, body: request.body, secret: secret) else {
                metrics.increment("webhook_requests_total", labels: ["interakt", "bad_signature"])
                throw HTTPError(.unauthorized, "Missing or wrong Interakt-Signature")
            }
            // Events we do not use are acknowledged too: Interakt counts non-200 answers as failures.
            guard let notification = InteraktWebhook.parse(request.body) else {
                metrics.increment("webhook_requests_total", labels: ["interakt", "not_understood"])
                return Self.acknowledged
            }
            try await Self.store(notification.messages, notification.statuses, storage, pipeline)
            metrics.increment("webhook_requests_total", labels: ["interakt", "accepted"])
            return Self.acknowledged
        }
        .describe(
            "Signed with the webhook secret key (`Interakt-Signature: sha256=<hex>`, also read as `X-Interakt-Signature`). `message_received` drives the dialogue; `message_api_*` events update delivery statuses."
        )
        .body(JSONSchema.freeObject("An Interakt webhook event."), example: Self.interaktExample)
        .response(200, "Stored (or nothing to store)", JSONSchema.ref("Acknowledgement"), example: ["status": "ok"])
        .errors(401)
        .notConfigured("The Interakt channel is not configured here (INTERAKT_WEBHOOK_SECRET is not set)")
        .limitBody(to: APIRoute.BodyLimit.webhook)
        .checkHead(
            Self.refuseUnsigned(
                channel: "interakt", secret: secret, metrics: metrics,
                unconfigured: "The Interakt channel is not configured (INTERAKT_WEBHOOK_SECRET)",
                unsigned: "Missing or wrong Interakt-Signature"
            ) { $0["Interakt-Signature"] ?? $0["X-Interakt-Signature"] })
    }

    /// The head check of a signed webhook: a channel that is not configured, or a signature
    /// header that is missing or cannot be one, is refused before the body is read. Whether
    /// a well-formed signature is right is checked over the body, in the handler.
    private static func refuseUnsigned(
        channel: String, secret: String, metrics: Metrics, unconfigured: String, unsigned: String,
        signature: @escaping @Sendable (HTTPHeaders) -> String?
    ) -> Router.HeadCheck {
        { head in
            guard !secret.isEmpty else { throw HTTPError(.serviceUnavailable, unconfigured) }
            guard WebhookSignature.isWellFormed(signature(head.headers)) else {
                metrics.increment("webhook_requests_total", labels: [channel, "bad_signature"])
                throw HTTPError(.unauthorized, unsigned)
            }
        }
    }

    private static let acknowledged = HTTPResponse.json(["status": "ok"])

    private static func store(
        _ messages: [ChatMessage], _ statuses: [DeliveryStatus], _ storage: Storage, _ pipeline: ChatPipeline
    ) async throws {
        pipeline.messagesArrived(in: try await storage.inbox.accept(messages))
        try await storage.outbox.apply(statuses)
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
