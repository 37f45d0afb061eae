import HTTPServerKit
import Synchronization

/// `/`, `/health` and `/metrics`: what operators and load balancers poll.
struct SystemRoutes {
    let metrics: Metrics

    var routes: [APIRoute] {
        [
            APIRoute(.get, "/", summary: "Service name and version", tag: "System") { _ in
                try .json(ServiceInfo())
            },
            APIRoute(.get, "/health", summary: "Liveness check", tag: "System") { _ in
                .json(bytes: HealthBody.current())
            },
            APIRoute(.get, "/metrics", summary: "Prometheus metrics", tag: "System") { [metrics] _ in
                .text(metrics.render(), contentType: "text/plain; version=0.0.4; charset=utf-8")
            },
        ]
    }

    struct ServiceInfo: Encodable {
        let name = FastagBotInfo.name
        let version = FastagBotInfo.version
        let docs = "/docs"
        let health = "/health"
    }
}

/// `{"status":"healthy","timestamp":"…"}`, built once per second: health checks are
/// polled often and must stay cheap.
enum HealthBody {
    private static let cache = Mutex<(second: Int, body: [UInt8])>((-1, []))

    static func current() -> [UInt8] {
        let second = Int(Timestamp.unixSeconds())
        return cache.withLock { cached in
            if cached.second != second {
                cached = (second, Array("{\"status\":\"healthy\",\"timestamp\":\"\(Timestamp.iso8601(second))\"}".utf8))
            }
            return cached.body
        }
    }
}
