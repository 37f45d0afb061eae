import FastagBot
import FastagTestKit
import Foundation
import HTTPServerKit
import TestKit
import Testing

/// `/`, `/health` and `/metrics`; what the server records of each request (metrics, the
/// access log) needs the socket.
@Suite(.onBothBackends) struct SystemRoutesTests {
    @Test func healthReportsHealthyWithCurrentUTCTimestamp() async throws {
        let server = try TestServer()
        let before = Date()
        let reply = try await server.get("/health")
        await server.stop()

        #expect(reply.status == 200)
        #expect(reply.header("Content-Type") == "application/json")
        let json = try reply.value()
        #expect(json["status"] == "healthy")
        let stamp = try #require(json["timestamp"]?.stringValue)
        #expect(stamp.hasSuffix("Z"))
        let parsed = try #require(ISO8601DateFormatter().date(from: stamp))
        #expect(abs(parsed.timeIntervalSince(before)) < 5)
    }

    /// The routes answered on the event loop without a task are those that never wait: a
    /// health check or a page built in advance, nothing that reads the database.
    @Test func onlyRoutesThatNeverWaitAreAnsweredAtOnce() async throws {
        let server = try TestServer()
        let atOnce = Set(server.app.routes.filter(\.answersAtOnce).map { "\($0.method.rawValue) \($0.path)" })
        await server.stop()
        #expect(
            atOnce == [
                "GET /", "GET /health", "GET /metrics", "GET /openapi.json", "GET /docs", "GET /redoc", "GET /console",
                "GET /console/assets/{name}",
            ])
    }

    /// Ready while the database answers at this version's schema; 503 with the reason while
    /// migrations are pending (here the schema version is set back behind the server's back).
    @Test func readinessFollowsTheDatabase() async throws {
        let server = try TestServer()
        let ready = try await server.get("/health/ready")
        #expect(ready.status == 200)
        #expect(try ready.value() == ["status": "ready"])
        let latest = server.app.storage.latestSchemaVersion
        try await server.app.storage.pool.write { db in
            try db.execute(
                db.dialect == .sqlite
                    ? "PRAGMA user_version = \(latest - 1)"
                    : "DELETE FROM schema_migrations WHERE version = \(latest)")
        }
        let behind = try await server.get("/health/ready")
        #expect(behind.status == 503)
        #expect(try behind.value()["status"] == "not ready")
        #expect(try behind.value()["reason"] == .string("migrations pending: schema \(latest - 1) of \(latest)"))
        // Liveness is another question: the process is still up.
        #expect(try await server.get("/health").status == 200)
        await server.stop()
    }

    @Test func rootNamesServiceAndVersion() async throws {
        let server = try TestServer()
        let json = try await server.get("/").value()
        await server.stop()
        #expect(json["name"] == "fastag-bot")
        #expect(json["version"] == .string(FastagBotInfo.version))
    }

    @Test func metricsCountRequestsByRoutePatternAndExposeHistogram() async throws {
        let server = try TestServer(over: .loopback)
        _ = try await server.get("/health")
        _ = try await server.get("/health?probe=1")
        _ = try await server.get("/missing")
        let reply = try await server.get("/metrics")
        await server.stop()

        #expect(reply.status == 200)
        #expect(reply.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
        let text = reply.text
        #expect(text.contains("http_requests_total{route=\"/health\",method=\"GET\",status=\"200\"} 2"))
        #expect(text.contains("http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1"))
        #expect(text.contains("http_request_duration_seconds_bucket{route=\"/health\",method=\"GET\",le=\"+Inf\"} 2"))
        #expect(text.contains("http_request_duration_seconds_count{route=\"/health\",method=\"GET\"} 2"))
        // The scrape itself is in flight, so at least its own connection is open.
        let open = text.split(separator: "\n").first { $0.hasPrefix("http_open_connections ") }
        let count = try #require(open.flatMap { Int($0.split(separator: " ")[1]) })
        #expect(count >= 1)
    }

    @Test func accessLogHasOneLinePerRequestWithoutQueryValues() async throws {
        let server = try TestServer(over: .loopback)
        let reply = try await server.get("/health?mobile=9123456780", headers: ["X-Request-ID": "trace-42"])
        await server.stop()

        #expect(reply.header("X-Request-ID") == "trace-42")
        let lines = server.logs.lines.filter { $0.contains(" request ") }
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        #expect(line.contains("method=GET"))
        #expect(line.contains("path=/health "))
        #expect(line.contains("status=200"))
        #expect(line.contains("request_id=trace-42"))
        #expect(line.contains("duration_ms="))
        #expect(line.contains("bytes="))
        #expect(!server.logs.lines.joined().contains("9123456780"))
    }

    @Test func jsonLogFormatWritesOneJSONObjectPerLine() async throws {
        let server = try TestServer(over: .loopback) { $0.logFormat = .json }
        _ = try await server.get("/health")
        await server.stop()

        let requestLines = server.logs.lines.filter { $0.contains("\"message\":\"request\"") }
        #expect(requestLines.count == 1)
        for line in server.logs.lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["level"] != nil, "not a JSON log line: \(line)")
        }
        let object = try #require(
            JSONSerialization.jsonObject(with: Data(requestLines[0].utf8)) as? [String: Any])
        #expect(object["status"] as? Int == 200)
        #expect(object["path"] as? String == "/health")
    }
}
