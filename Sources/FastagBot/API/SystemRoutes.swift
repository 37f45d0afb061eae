import HTTPServerKit
import Synchronization

/// `/`, `/health`, `/health/ready` and `/metrics`: what operators and load balancers poll.
struct SystemRoutes {
    let metrics: Metrics
    let storage: Storage

    var routes: [APIRoute] {
        [
            APIRoute.immediate(
                .get, "/", summary: "Service name and version", tag: "System"
            ) { _ in
                .json(Self.serviceInfo)
            }
            .response(
                200, "Name and version",
                JSONSchema.object(
                    [
                        "name": JSONSchema.string(), "version": JSONSchema.string(), "docs": JSONSchema.string(),
                        "health": JSONSchema.string(),
                    ], required: ["name", "version", "docs", "health"]),
                example: [
                    "name": "fastag-bot", "version": .string(FastagBotInfo.version), "docs": "/docs",
                    "health": "/health",
                ]),
            APIRoute.immediate(
                .get, "/health", summary: "Liveness check", tag: "System"
            ) { _ in
                .json(bytes: HealthBody.current())
            }
            .response(
                200, "The service is up",
                JSONSchema.object(
                    [
                        "status": JSONSchema.string(values: ["healthy"]),
                        "timestamp": JSONSchema.string(format: "date-time"),
                    ],
                    required: ["status", "timestamp"]),
                example: ["status": "healthy", "timestamp": "2026-11-25T09:30:00Z"]),
            APIRoute(.get, "/health/ready", summary: "Readiness check", tag: "System") { [storage] _ in
                if let problem = await storage.readinessProblem() {
                    return .json(["status": "not ready", "reason": .string(problem)], status: .serviceUnavailable)
                }
                return .json(["status": "ready"])
            }
            .describe(
                "For load balancers: 200 while this replica can serve, 503 while its database cannot be reached or its schema is behind this version (migrations pending). `/health` only says the process is alive."
            )
            .response(
                200, "This replica can serve",
                JSONSchema.object(["status": JSONSchema.string(values: ["ready"])], required: ["status"]),
                example: ["status": "ready"]
            )
            .response(
                503, "The database cannot be reached, or migrations are pending",
                JSONSchema.object(
                    ["status": JSONSchema.string(values: ["not ready"]), "reason": JSONSchema.string()],
                    required: ["status", "reason"]),
                example: ["status": "not ready", "reason": "the database cannot be reached"]),
            APIRoute.immediate(
                .get, "/metrics", summary: "Prometheus metrics", tag: "System"
            ) { [metrics] _ in
                .text(metrics.render(), contentType: "text/plain; version=0.0.4; charset=utf-8")
            }
            .response(200, "Metrics in the Prometheus text format", JSONSchema.string(), contentType: "text/plain"),
        ]
    }

    static let serviceInfo: JSONValue = [
        "name": .string(FastagBotInfo.name), "version": .string(FastagBotInfo.version), "docs": "/docs",
        "health": "/health",
    ]
}

/// `{"status":"healthy","timestamp":"…"}`, built once per second: health checks are
/// polled often and must stay cheap.
enum HealthBody {
    private static let cache = Mutex<(second: Int, body: [UInt8])>((-1, []))

    static func current() -> [UInt8] {
        let second = Int(Timestamp.unixSeconds())
        return cache.withLock { cached in
            if cached.second != second {
                let body: JSONValue = ["status": "healthy", "timestamp": .string(Timestamp.iso8601(second))]
                cached = (second, body.jsonBytes)
            }
            return cached.body
        }
    }
}
