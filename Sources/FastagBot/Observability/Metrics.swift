import HTTPServerKit
import Synchronization

/// Counters, gauges and the request-latency histogram, rendered in the Prometheus text
/// exposition format (version 0.0.4) at `/metrics`.
///
/// Every label takes its value from a fixed set, never from request text, so that no client
/// can make `/metrics` grow: routes are patterns (or "unmatched"), methods outside the
/// standard ones are "other", statuses are the server's own, and counter families declared
/// by the application take a bounded number of label sets.
final class Metrics: Sendable {
    /// Methods with a label of their own; any other method (RFC 9110 lets clients invent
    /// them) is counted as "other".
    static let labelledMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    /// Label sets one counter family may hold: far above what the application's fixed
    /// values make, and a bound should a caller ever pass something unbounded.
    static let maxLabelSets = 256

    static let latencyBuckets: [Double] = [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    private struct RequestKey: Hashable {
        let route: String
        let method: String
        let status: Int
    }

    private struct LatencyKey: Hashable {
        let route: String
        let method: String
    }

    private struct Histogram {
        var buckets = [Int](repeating: 0, count: Metrics.latencyBuckets.count)
        var sum = 0.0
        var count = 0
    }

    private struct Family {
        let help: String
        var values: [[String]: Double] = [:]
        let labelNames: [String]
    }

    private struct State {
        var requests: [RequestKey: Int] = [:]
        var latency: [LatencyKey: Histogram] = [:]
        var openConnections = 0
        var rejected: [Int: Int] = [:]
        var counters: [String: Family] = [:]
        var gauges: [(name: String, help: String, type: String, read: @Sendable () -> Double)] = []
    }

    private let state = Mutex(State())

    init() {}

    /// Feeds the HTTP series from the server's events.
    func observe(_ event: HTTPServerEvent) {
        switch event {
        case .requestCompleted(let record):
            let route = record.route ?? "unmatched"
            let method = Self.methodLabel(record.method)
            let seconds = Double(record.durationNanoseconds) / 1e9
            let bucket = Self.latencyBuckets.firstIndex { seconds <= $0 }
            state.withLock { state in
                state.requests[RequestKey(route: route, method: method, status: record.status), default: 0] += 1
                var histogram = state.latency[LatencyKey(route: route, method: method), default: Histogram()]
                if let bucket { histogram.buckets[bucket] += 1 }
                histogram.sum += seconds
                histogram.count += 1
                state.latency[LatencyKey(route: route, method: method)] = histogram
            }
        case .connectionOpened(let open), .connectionClosed(let open):
            state.withLock { $0.openConnections = open }
        case .badRequest(let status, _):
            state.withLock { $0.rejected[status, default: 0] += 1 }
        default:
            break
        }
    }

    /// Declares a counter family (idempotent); `increment` then adds to one label set.
    func declareCounter(_ name: String, help: String, labels: [String] = []) {
        state.withLock { state in
            if state.counters[name] == nil { state.counters[name] = Family(help: help, labelNames: labels) }
        }
    }

    /// Adds to one label set of a declared family; a new label set beyond `maxLabelSets` is
    /// not counted.
    func increment(_ name: String, labels: [String] = [], by amount: Double = 1) {
        state.withLock { state in
            let counts =
                state.counters[name].map { $0.values[labels] != nil || $0.values.count < Self.maxLabelSets } ?? false
            if counts { state.counters[name]?.values[labels, default: 0] += amount }
        }
    }

    /// The label for `method`: its name when standard, "other" otherwise.
    static func methodLabel(_ method: HTTPMethod) -> String {
        labelledMethods.contains(method.rawValue) ? method.rawValue : "other"
    }

    /// The current value of a counter (for tests and health summaries).
    func counterValue(_ name: String, labels: [String] = []) -> Double {
        state.withLock { $0.counters[name]?.values[labels] ?? 0 }
    }

    /// A gauge read at scrape time.
    func addGauge(_ name: String, help: String, read: @escaping @Sendable () -> Double) {
        state.withLock { $0.gauges.append((name, help, "gauge", read)) }
    }

    /// A counter kept elsewhere (it only grows), read at scrape time.
    func addCounterReading(_ name: String, help: String, read: @escaping @Sendable () -> Double) {
        state.withLock { $0.gauges.append((name, help, "counter", read)) }
    }

    func render() -> String {
        let (snapshot, gauges) = state.withLock { ($0, $0.gauges) }
        var out = "# HELP http_requests_total Requests answered, by route pattern, method and status.\n"
        out += "# TYPE http_requests_total counter\n"
        for (key, count) in snapshot.requests.sorted(by: {
            ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status)
        }) {
            out +=
                "http_requests_total{route=\(Self.label(key.route)),method=\(Self.label(key.method)),status=\"\(key.status)\"} \(count)\n"
        }
        out += "# HELP http_request_duration_seconds Time from a request's first byte to its response, by route.\n"
        out += "# TYPE http_request_duration_seconds histogram\n"
        for (key, histogram) in snapshot.latency.sorted(by: {
            ($0.key.route, $0.key.method) < ($1.key.route, $1.key.method)
        }) {
            let labels = "route=\(Self.label(key.route)),method=\(Self.label(key.method))"
            var cumulative = 0
            for (index, bound) in Self.latencyBuckets.enumerated() {
                cumulative += histogram.buckets[index]
                out += "http_request_duration_seconds_bucket{\(labels),le=\"\(bound)\"} \(cumulative)\n"
            }
            out += "http_request_duration_seconds_bucket{\(labels),le=\"+Inf\"} \(histogram.count)\n"
            out += "http_request_duration_seconds_sum{\(labels)} \(histogram.sum)\n"
            out += "http_request_duration_seconds_count{\(labels)} \(histogram.count)\n"
        }
        out += "# HELP http_open_connections Client connections open now.\n# TYPE http_open_connections gauge\n"
        out += "http_open_connections \(snapshot.openConnections)\n"
        out +=
            "# HELP http_rejected_requests_total Requests refused before routing (malformed, too large, timed out).\n"
        out += "# TYPE http_rejected_requests_total counter\n"
        for (status, count) in snapshot.rejected.sorted(by: { $0.key < $1.key }) {
            out += "http_rejected_requests_total{status=\"\(status)\"} \(count)\n"
        }
        for (name, family) in snapshot.counters.sorted(by: { $0.key < $1.key }) {
            out += "# HELP \(name) \(family.help)\n# TYPE \(name) counter\n"
            for (values, count) in family.values.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
                let labels = zip(family.labelNames, values).map { "\($0)=\(Self.label($1))" }.joined(separator: ",")
                out += labels.isEmpty ? "\(name) \(Self.number(count))\n" : "\(name){\(labels)} \(Self.number(count))\n"
            }
        }
        for gauge in gauges {
            out +=
                "# HELP \(gauge.name) \(gauge.help)\n# TYPE \(gauge.name) \(gauge.type)\n\(gauge.name) \(Self.number(gauge.read()))\n"
        }
        return out
    }

    private static func label(_ value: String) -> String {
        var escaped = "\""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped + "\""
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
