import FastagTestKit
import Foundation
import HTTPServerKit
import TestKit
import Testing

@testable import FastagBot

/// `/metrics` cannot be grown by clients: no label takes its value from request text.
@Suite(.onBothBackends) struct MetricsBoundTests {
    @Test func inventedMethodsAndPathsAddNoSeries() async throws {
        try await withServer(over: .loopback) { server in
            let port = server.app.port
            let before = try await server.get("/metrics").text
            // Seeded, so that a failure can be replayed.
            var generator = SplitMix64(seed: 9)
            // Method tokens may hold any of these; paths take the unreserved characters and "/".
            let tokenCharacters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-.^_`|~")
            let pathCharacters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/")
            func word(_ length: Int, of characters: [Character]) -> String {
                String((0..<length).map { _ in characters.randomElement(using: &generator) ?? "X" })
            }
            let known = ["/health", "/agents/", "/webhook", "/metrics", "/fastags/assign/plan"]
            var sent: [String] = []
            for index in 0..<300 {
                // Short and long methods (up to the request-line limit), invented and known paths.
                let length =
                    index % 3 == 0
                    ? Int.random(in: 2000...4000, using: &generator) : Int.random(in: 3...12, using: &generator)
                let method = "Z" + word(length, of: tokenCharacters)
                let path =
                    index % 2 == 0
                    ? known[index % known.count]
                    : "/z" + word(Int.random(in: 8...2000, using: &generator), of: pathCharacters)
                sent.append(method)
                if index % 2 == 1 { sent.append(path) }
                let answer = try await RawExchange.send(
                    "\(method) \(path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", port: port)
                #expect(answer.statuses == [index % 2 == 0 ? 405 : 404], "\(answer.text.prefix(200))")
            }
            let after = try await server.get("/metrics").text
            // What 300 requests add: a few lines for the "other" method, not one per request.
            #expect(
                after.utf8.count < before.utf8.count + 8 * 1024,
                "\(after.utf8.count) bytes after, \(before.utf8.count) before")
            for text in sent {
                #expect(!after.contains(text.prefix(64)), "request text in /metrics: \(text.prefix(40))")
            }
            let patterns = Set(server.app.routes.map(\.path) + ["unmatched"])
            for (name, value) in Self.labels(in: after) {
                switch name {
                case "method": #expect(Metrics.labelledMethods.contains(value) || value == "other", "\(value)")
                case "route": #expect(patterns.contains(value), "\(value)")
                default: break
                }
            }
            #expect(after.contains("http_requests_total{route=\"unmatched\",method=\"other\",status=\"404\"} 150"))
            #expect(after.contains("http_requests_total{route=\"unmatched\",method=\"other\",status=\"405\"} 150"))
        }
    }

    @Test func aCounterFamilyHoldsABoundedNumberOfLabelSets() {
        let metrics = Metrics()
        metrics.declareCounter("things_total", help: "Things.", labels: ["kind"])
        for index in 0..<(Metrics.maxLabelSets * 4) {
            metrics.increment("things_total", labels: ["kind-\(index)"])
        }
        // Label sets already there keep counting.
        metrics.increment("things_total", labels: ["kind-0"])
        #expect(metrics.counterValue("things_total", labels: ["kind-0"]) == 2)
        let lines = metrics.render().split(separator: "\n").filter { $0.hasPrefix("things_total{") }
        #expect(lines.count == Metrics.maxLabelSets)
    }

    /// Every `name="value"` label in a Prometheus text.
    static func labels(in text: String) -> [(String, String)] {
        var result: [(String, String)] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let open = line.firstIndex(of: "{"), let close = line.lastIndex(of: "}") else { continue }
            for pair in line[line.index(after: open)..<close].split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                result.append((String(parts[0]), String(parts[1].dropFirst().dropLast())))
            }
        }
        return result
    }
}
