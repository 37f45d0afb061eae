import FastagBot
import Foundation
import Synchronization
import TestKit
import Testing

/// Drives the step API the way an Interakt workflow does: JSON bodies, the step token in
/// `X-API-Key` or as a Bearer token (alternately, so both are used all along), and checks on
/// every answer. With a `TestServer` every answer (and whether the request was taken) is
/// also checked against `/openapi.json`; with a `LoopbackClient` it drives a bot in a child
/// process.
package final class StepDriver: Sendable {
    private enum Target {
        case server(TestServer)
        case client(LoopbackClient)
    }

    package let token: String
    private let target: Target
    private let counter = Mutex(0)

    package init(server: TestServer, token: String) {
        target = .server(server)
        self.token = token
    }

    package init(client: LoopbackClient, token: String) {
        target = .client(client)
        self.token = token
    }

    /// How a request authenticates.
    package enum Auth {
        /// `X-API-Key` and Bearer in turn.
        case alternate
        case apiKey
        case bearer
        case none
        case header(String, String)
    }

    /// A raw answer.
    package struct Answer: Sendable {
        package let status: Int
        package let body: JSONValue
        package let text: String
        package let seconds: Double

        package var message: String { body["message"]?.stringValue ?? "" }
        package var step: String? { body["data"]?["step"]?.stringValue }
        package var sessionID: String? { body["session_id"]?.stringValue }
        package var options: [String] { body["options"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        package var isSuccess: Bool { status == 200 && body["status"] == "success" }
    }

    /// POSTs `body` (or `raw` text) to `path`.
    package func send(
        _ path: String, _ body: JSONValue? = nil, raw: String? = nil, auth: Auth = .alternate,
        method: String = "POST", sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Answer {
        var headers = ["Content-Type": "application/json"]
        switch auth {
        case .alternate:
            let turn = counter.withLock {
                $0 += 1
                return $0
            }
            if turn % 2 == 0 { headers["X-API-Key"] = token } else { headers["Authorization"] = "Bearer \(token)" }
        case .apiKey: headers["X-API-Key"] = token
        case .bearer: headers["Authorization"] = "Bearer \(token)"
        case .none: break
        case .header(let name, let value): headers[name] = value
        }
        let sent = raw.map { Data($0.utf8) } ?? body.map { Data($0.jsonText.utf8) }
        let clock = ContinuousClock()
        let start = clock.now
        let reply: HTTPReply
        switch target {
        case .server(let server):
            reply = try await server.request(method, path, body: sent, headers: headers)
            var problems = try await server.documentationProblems(method, path, reply)
            if raw == nil { problems += try await server.requestProblems(method, path, body, reply) }
            for problem in problems {
                Issue.record("\(method) \(path) → \(reply.status): \(problem)", sourceLocation: sourceLocation)
            }
        case .client(let client):
            reply = try await client.send(method, path, headers: headers, body: sent)
        }
        let elapsed = start.duration(to: clock.now)
        let value = (try? JSONValue.parse(Array(reply.body))) ?? .null
        return Answer(
            status: reply.status, body: value, text: reply.text,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
    /// A step that must be accepted: HTTP 200, `status: "success"`, the bot's exact words
    /// (when given), the step it is now at, and the options (when given).
    @discardableResult
    package func step(
        _ path: String, _ body: JSONValue, says message: String? = nil, step: String, options: [String]? = nil,
        auth: Auth = .alternate, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Answer {
        let answer = try await send(path, body, auth: auth, sourceLocation: sourceLocation)
        try #require(
            answer.isSuccess, "\(path) \(body): \(answer.status) \(answer.text)", sourceLocation: sourceLocation)
        if let message {
            #expect(answer.message == message, "\(path)", sourceLocation: sourceLocation)
        }
        #expect(answer.step == step, "\(path): \(answer.text)", sourceLocation: sourceLocation)
        if let options {
            #expect(answer.options == options, "\(path)", sourceLocation: sourceLocation)
        }
        #expect(answer.sessionID != nil, sourceLocation: sourceLocation)
        return answer
    }

    /// An answer the bot refused (HTTP 200, `status: "error"`), still at `step`.
    @discardableResult
    package func refused(
        _ path: String, _ body: JSONValue, step: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Answer {
        let answer = try await send(path, body, sourceLocation: sourceLocation)
        #expect(answer.status == 200, "\(path): \(answer.text)", sourceLocation: sourceLocation)
        #expect(answer.body["status"] == "error", "\(path): \(answer.text)", sourceLocation: sourceLocation)
        #expect(answer.step == step, "\(path): \(answer.text)", sourceLocation: sourceLocation)
        #expect(answer.sessionID != nil, sourceLocation: sourceLocation)
        return answer
    }

    /// Logs in through `/agents/start` and `/agents/verify_otp`; `otp` reads the code the
    /// agent was sent. Returns the menu answer.
    package func login(
        mobile: String, otp: () async throws -> String, menu: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Answer {
        let started = try await step(
            "/agents/start", ["mobile_number": .string(mobile)],
            says: Copy.agentOTPSent, step: "agent_otp", options: [],
            sourceLocation: sourceLocation)
        let code = try await otp()
        return try await step(
            "/agents/verify_otp",
            ["mobile_number": .string(mobile), "otp": .string(code), "session_id": .string(started.sessionID ?? "")],
            says: menu, step: "menu", options: Copy.menuOptions.titles, sourceLocation: sourceLocation)
    }
}

extension StepDriver {
    /// Runs moves in order, each one a `step` that must be accepted; step endpoints get the
    /// session in the body, `/sessions/{id}/message` in the path. Until the flow is done the
    /// session stays the same. Returns the last answer.
    @discardableResult
    package func run(
        _ moves: some Sequence<StepMove>, session: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Answer? {
        var last: Answer?
        for move in moves {
            var body = move.body
            if move.path.hasPrefix("/fastags/") { body["session_id"] = .string(session) }
            last = try await step(
                move.path.replacingOccurrences(of: "{id}", with: session), .object(body), says: move.says,
                step: move.step, options: move.options, sourceLocation: sourceLocation)
            if move.step != "menu" {
                #expect(
                    last?.sessionID == session, "the session changed at \(move.path)", sourceLocation: sourceLocation)
            }
        }
        return last
    }
}
