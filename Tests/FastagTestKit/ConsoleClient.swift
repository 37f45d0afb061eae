import FastagBot
import Foundation
import TestKit
import Testing

/// What a browser signed in to the console sends: the session cookie, and the sign-in's CSRF
/// token on requests that change something. Every answer is checked against /openapi.json.
package struct ConsoleClient: Sendable {
    package let server: TestServer
    package let cookie: String
    package let csrfToken: String

    package init(server: TestServer, cookie: String, csrfToken: String) {
        self.server = server
        self.cookie = cookie
        self.csrfToken = csrfToken
    }

    /// Signs in with the admin token (over TLS when `overTLS`, as the proxy reports it).
    package static func signIn(_ server: TestServer, overTLS: Bool = false) async throws -> ConsoleClient {
        var headers = ["Content-Type": "application/json"]
        if overTLS { headers["X-Forwarded-Proto"] = "https" }
        let reply = try await server.request(
            "POST", "/console/sign-in", body: Data(#"{"token":"\#(server.app.adminToken)"}"#.utf8), headers: headers)
        try #require(reply.status == 200, "\(reply.text)")
        let setCookie = try #require(reply.header("Set-Cookie"))
        let pair = try #require(setCookie.split(separator: ";").first)
        let csrf = try #require(try reply.value()["csrf_token"]?.stringValue)
        return ConsoleClient(server: server, cookie: String(pair), csrfToken: csrf)
    }

    /// A request with the cookie; `csrf` nil sends the sign-in's token on unsafe methods,
    /// `.some(nil)` sends none, `.some(x)` sends x.
    @discardableResult
    package func send(
        _ method: String, _ path: String, json: JSONValue? = nil, csrf: String?? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> HTTPReply {
        var headers = ["Cookie": cookie, "Content-Type": "application/json"]
        let token: String? = csrf ?? (["GET", "HEAD"].contains(method) ? nil : csrfToken)
        if let token { headers[ConsoleHeaders.csrf] = token }
        let reply = try await server.request(method, path, body: json.map { Data($0.jsonText.utf8) }, headers: headers)
        for problem in try await server.documentationProblems(method, path, reply) {
            Issue.record("\(method) \(path) → \(reply.status): \(problem)", sourceLocation: sourceLocation)
        }
        return reply
    }
}

package enum ConsoleHeaders {
    package static let csrf = "X-CSRF-Token"
}
