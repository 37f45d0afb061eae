import FastagTestKit
import Foundation
import HTTPServerKit
import TestKit
import Testing

@testable import FastagBot

/// Requests refused from their head, before their body is read: credentials, webhook
/// signatures that are missing or malformed, bodies larger than their route reads. Every
/// request here announces a body and sends none of it, so only an answer from the head can
/// come back.
@Suite(.onBothBackends) struct HeadRefusalTests {
    private func exchange(_ request: String, port: Int) async throws -> RawExchange {
        try await RawExchange.send(request, port: port)
    }

    private func head(_ method: String, _ path: String, _ fields: [String], length: Int) -> String {
        (["\(method) \(path) HTTP/1.1", "Host: x", "Content-Type: application/json", "Content-Length: \(length)"]
            + fields).joined(separator: "\r\n") + "\r\n\r\n"
    }

    @Test func protectedRoutesWithoutTheirTokenAre401WithoutTheBody() async throws {
        try await withServer(over: .loopback) { server in
            let port = server.app.port
            let cases: [(String, String, [String], String)] = [
                ("POST", "/agents/", [], "ADMIN_TOKEN"),
                ("POST", "/agents/", ["Authorization: Bearer wrong-token-0123456789"], "ADMIN_TOKEN"),
                ("PUT", "/agents/1", ["Authorization: Basic \(server.app.adminToken)"], "ADMIN_TOKEN"),
                ("POST", "/sessions/3f1c2a9e-5b7d-4c1e-9a2b-6d8e0f1a2b3c/documents", [], "ADMIN_TOKEN"),
                ("POST", "/agents/start", [], "STEP_API_TOKEN"),
                ("POST", "/agents/start", ["X-API-Key: wrong"], "STEP_API_TOKEN"),
                // The admin token is not the step API's.
                (
                    "POST", "/fastags/assign/upload_image", ["Authorization: Bearer \(server.app.adminToken)"],
                    "STEP_API_TOKEN"
                ),
            ]
            for (method, path, fields, token) in cases {
                for expect in [[], ["Expect: 100-continue"]] {
                    let answer = try await exchange(head(method, path, fields + expect, length: 4_000_000), port: port)
                    // 401 at once, and no `100 Continue` before it: the client is never asked for the body.
                    #expect(answer.statuses == [401], "\(method) \(path) \(fields + expect): \(answer.text)")
                    #expect(answer.text.contains("WWW-Authenticate: Bearer"))
                    #expect(answer.text.contains("Connection: close"))
                    #expect(answer.lastBody.contains(token), "\(answer.lastBody)")
                }
            }
            #expect(try await server.fetch("/agents/")["total"] == 0)
        }
    }

    @Test func webhooksWithoutAWellFormedSignatureAre401WithoutTheBody() async throws {
        try await withServer(
            over: .loopback,
            { settings in
                settings.whatsappAppSecret = ChatSecrets.whatsappAppSecret
                settings.interaktWebhookSecret = ChatSecrets.interaktWebhookSecret
                settings.bodyTimeout = .seconds(1)
            }
        ) { server in
            let port = server.app.port
            let hex = String(repeating: "ab", count: 32)
            let refused: [(String, [String])] = [
                ("/webhook", []),
                ("/webhook", ["X-Hub-Signature-256: "]),
                ("/webhook", ["X-Hub-Signature-256: sha256="]),
                ("/webhook", ["X-Hub-Signature-256: sha256=\(hex)zz"]),
                ("/webhook", ["X-Hub-Signature-256: sha256=\(String(hex.dropLast()))g"]),
                ("/webhook", ["Interakt-Signature: sha256=\(hex)"]),
                ("/webhook/interakt", []),
                ("/webhook/interakt", ["Interakt-Signature: sha1=\(hex)"]),
                ("/webhook/interakt", ["X-Hub-Signature-256: sha256=\(hex)"]),
            ]
            for (path, fields) in refused {
                let answer = try await exchange(
                    head("POST", path, fields + ["Expect: 100-continue"], length: 2_000_000), port: port)
                #expect(answer.statuses == [401], "\(path) \(fields): \(answer.text)")
            }
            let metrics = try await server.get("/metrics").text
            #expect(
                TestServer.metric("webhook_requests_total{channel=\"whatsapp\",outcome=\"bad_signature\"}", in: metrics)
                    == 6)
            #expect(
                TestServer.metric("webhook_requests_total{channel=\"interakt\",outcome=\"bad_signature\"}", in: metrics)
                    == 3)
            // A signature of the right form passes the head (whether it is right needs the body):
            // the client is asked to continue, and a body that never comes ends at BODY_TIMEOUT.
            for (path, field) in [
                ("/webhook", "X-Hub-Signature-256: sha256=\(hex)"),
                ("/webhook/interakt", "Interakt-Signature: \(hex.uppercased())"),
                ("/webhook/interakt", "X-Interakt-Signature: sha256=\(hex)"),
            ] {
                let answer = try await exchange(
                    head("POST", path, [field, "Expect: 100-continue"], length: 2_000_000), port: port)
                #expect(answer.statuses == [100, 408], "\(path): \(answer.text)")
            }
            #expect(try await server.app.storage.inboxRows().isEmpty)
        }
    }

    @Test func aWebhookWithoutItsSecretIs503FromTheHead() async throws {
        try await withServer(over: .loopback) { server in
            for path in ["/webhook", "/webhook/interakt"] {
                let answer = try await exchange(head("POST", path, [], length: 2_000_000), port: server.app.port)
                #expect(answer.statuses == [503], "\(path): \(answer.text)")
            }
        }
    }

    @Test func eachRouteDeclaresTheBodyItReads() async throws {
        try await withServer(over: .loopback) { server in
            let photoRoutes: Set = [
                "/sessions/{session_id}/documents", "/sessions/{session_id}/message", "/fastags/assign/upload_image",
                "/console/try/{session_id}/message",
            ]
            for route in server.app.routes {
                let expected =
                    photoRoutes.contains(route.path)
                    ? APIRoute.BodyLimit.photo
                    : route.method == .post && route.path.hasPrefix("/webhook")
                        ? APIRoute.BodyLimit.webhook : APIRoute.BodyLimit.json
                #expect(route.bodyLimit == expected, "\(route.method) \(route.path)")
            }
            #expect(APIRoute.BodyLimit.json == 64 * 1024)
            #expect(APIRoute.BodyLimit.webhook == 3 * 1024 * 1024)
            // The largest photo, base64, fits the photo routes, and they stay well under MAX_BODY_BYTES.
            #expect(APIRoute.BodyLimit.photo > (ImageData.maxBytes + 2) / 3 * 4)
            #expect(APIRoute.BodyLimit.photo < 8 * 1024 * 1024)
            #expect(APIRoute.BodyLimit.photo < Settings.defaults.maxBodyBytes)
        }
    }

    @Test func aBodyOverItsRoutesLimitIs413FromTheHead() async throws {
        try await withServer(over: .loopback, { $0.bodyTimeout = .seconds(1) }) { server in
            let port = server.app.port
            let admin = "Authorization: Bearer \(server.app.adminToken)"
            let step = "X-API-Key: \(server.app.stepAPIToken)"
            let session = "/sessions/3f1c2a9e-5b7d-4c1e-9a2b-6d8e0f1a2b3c"
            let cases: [(String, String, String, Int)] = [
                ("POST", "/agents/", admin, APIRoute.BodyLimit.json),
                ("PUT", "/fastags/1", admin, APIRoute.BodyLimit.json),
                ("POST", "/agents/start", step, APIRoute.BodyLimit.json),
                ("POST", "\(session)/documents", admin, APIRoute.BodyLimit.photo),
                ("POST", "\(session)/message", step, APIRoute.BodyLimit.photo),
                ("POST", "/fastags/assign/upload_image", step, APIRoute.BodyLimit.photo),
            ]
            for (method, path, credentials, limit) in cases {
                let over = try await exchange(head(method, path, [credentials], length: limit + 1), port: port)
                #expect(over.statuses == [413], "\(method) \(path): \(over.text)")
                // At the limit the head is accepted and the client asked for the body (which never comes).
                let at = try await exchange(
                    head(method, path, [credentials, "Expect: 100-continue"], length: limit), port: port)
                #expect(at.statuses == [100, 408], "\(method) \(path): \(at.text)")
            }
        }
    }
}
