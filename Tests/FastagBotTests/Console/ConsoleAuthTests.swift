import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// Signing in to the console: the cookie's attributes, its expiry, signing out, and the CSRF
/// token every change needs when the cookie stands in for the admin token.
@Suite(.onBothBackends) struct ConsoleAuthTests {
    @Test func signingInSetsAStrictHttpOnlyCookieThatIsSecureOnlyBehindTLS() async throws {
        try await withServer { server in
            let plain = try await server.request(
                "POST", "/console/sign-in", body: Data(#"{"token":"\#(server.app.adminToken)"}"#.utf8),
                headers: ["Content-Type": "application/json"])
            #expect(plain.status == 200, "\(plain.text)")
            let cookie = try #require(plain.header("Set-Cookie"))
            let attributes = cookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(attributes[0].hasPrefix("fastag_console=") && attributes[0].count > 40, "\(cookie)")
            #expect(attributes.contains("HttpOnly"), "\(cookie)")
            #expect(attributes.contains("SameSite=Strict"), "\(cookie)")
            #expect(attributes.contains("Path=/"), "\(cookie)")
            #expect(attributes.contains("Max-Age=43200"), "12 hours by default: \(cookie)")
            #expect(!attributes.contains("Secure"), "plain HTTP never gets a Secure cookie: \(cookie)")
            #expect(try plain.value()["csrf_token"]?.stringValue?.isEmpty == false)

            let tls = try await server.request(
                "POST", "/console/sign-in", body: Data(#"{"token":"\#(server.app.adminToken)"}"#.utf8),
                headers: ["Content-Type": "application/json", "X-Forwarded-Proto": "https"])
            #expect(tls.header("Set-Cookie")?.hasSuffix("; Secure") == true, "\(tls.header("Set-Cookie") ?? "")")
        }
    }

    @Test func aWrongTokenIsRefusedAndNeitherTokenIsLogged() async throws {
        try await withServer { server in
            let wrong = "not-the-admin-token-4711"
            let reply = try await server.request(
                "POST", "/console/sign-in", body: Data(#"{"token":"\#(wrong)"}"#.utf8),
                headers: ["Content-Type": "application/json"])
            expectError(reply, 401)
            #expect(reply.header("Set-Cookie") == nil)
            _ = try await ConsoleClient.signIn(server)
            let log = server.logs.lines.joined(separator: "\n")
            #expect(!log.contains(wrong))
            #expect(!log.contains(server.app.adminToken))
        }
    }

    @Test func theCookieOpensTheAdminAPIAndChangesNeedTheCSRFToken() async throws {
        try await withServer(keepingSeed: true) { server in
            let console = try await ConsoleClient.signIn(server)
            #expect(try await console.send("GET", "/agents/").status == 200)
            #expect(try await console.send("GET", "/console/session")["csrf_token"] == .string(console.csrfToken))

            // Without a sign-in: 401; a cookie nobody signed in with: 401.
            expectError(try await server.request("GET", "/agents/"), 401)
            let forged = ConsoleClient(server: server, cookie: "fastag_console=forged", csrfToken: "x")
            expectError(try await forged.send("GET", "/agents/"), 401)
            expectError(try await forged.send("GET", "/console/session"), 401)

            // A change without the CSRF token, or with another sign-in's: 403, and nothing changed.
            let other = try await ConsoleClient.signIn(server)
            let agent = try #require(try await server.fetch("/agents/")["items"]?.arrayValue?.first?["id"]?.intValue)
            expectError(
                try await console.send("PUT", "/agents/\(agent)", json: ["status": "inactive"], csrf: .some(nil)), 403)
            expectError(
                try await console.send("PUT", "/agents/\(agent)", json: ["status": "inactive"], csrf: "wrong"), 403)
            expectError(
                try await console.send("PUT", "/agents/\(agent)", json: ["status": "inactive"], csrf: other.csrfToken),
                403)
            #expect(try await server.fetch("/agents/\(agent)")["status"] == "active")

            let changed = try await console.send("PUT", "/agents/\(agent)", json: ["status": "inactive"])
            #expect(changed.status == 200, "\(changed.text)")
            #expect(try await server.fetch("/agents/\(agent)")["status"] == "inactive")
        }
    }

    @Test func signingOutEndsTheSession() async throws {
        try await withServer { server in
            let console = try await ConsoleClient.signIn(server)
            let other = try await ConsoleClient.signIn(server)
            expectError(try await console.send("POST", "/console/sign-out", csrf: .some(nil)), 403)
            let out = try await console.send("POST", "/console/sign-out")
            #expect(out.status == 204)
            #expect(out.header("Set-Cookie")?.contains("Max-Age=0") == true)
            expectError(try await console.send("GET", "/agents/"), 401)
            expectError(try await console.send("GET", "/console/session"), 401)
            expectError(try await console.send("POST", "/console/sign-out"), 401)
            // Another sign-in stays.
            #expect(try await other.send("GET", "/agents/").status == 200)
        }
    }

    @Test func wrongTokensAreLimitedToTwentyAMinute() async throws {
        let clock = ManualTime()
        try await withServer(time: clock) { server in
            let wrong = Data(#"{"token":"not-the-admin-token-4711"}"#.utf8)
            let right = Data(#"{"token":"\#(server.app.adminToken)"}"#.utf8)
            let json = ["Content-Type": "application/json"]
            for _ in 0..<20 {
                expectError(try await server.request("POST", "/console/sign-in", body: wrong, headers: json), 401)
            }
            let limited = try await server.request("POST", "/console/sign-in", body: right, headers: json)
            expectError(limited, 429)
            #expect(limited.header("Retry-After") == "60")
            clock.advance(seconds: 60)
            #expect(try await server.request("POST", "/console/sign-in", body: right, headers: json).status == 200)
        }
    }

    @Test func aSignInEndsAfterItsHours() async throws {
        let clock = ManualTime()
        try await withServer(time: clock, { $0.consoleSessionLifetime = .seconds(2 * 3600) }) { server in
            let console = try await ConsoleClient.signIn(server)
            #expect(try await console.send("GET", "/console/session").status == 200)
            clock.advance(seconds: 2 * 3600 - 1)
            #expect(try await console.send("GET", "/agents/").status == 200)
            clock.advance(seconds: 1)
            expectError(try await console.send("GET", "/agents/"), 401)
            expectError(try await console.send("GET", "/console/session"), 401)
        }
    }
}

extension HTTPReply {
    fileprivate subscript(_ key: String) -> JSONValue? { (try? value())?[key] }
}
