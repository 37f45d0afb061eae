import FastagBot
import Foundation
import FoundationNetworking
import Synchronization
import Testing

/// Drives the step API of a running server the way an Interakt workflow does: JSON bodies,
/// the step token in `X-API-Key` or as a Bearer token (alternately, so both are used all
/// along), and checks on every answer. With a `TestServer`, every answer (and whether the
/// request was taken) is also checked against `/openapi.json`.
final class StepDriver: Sendable {
    let baseURL: String
    let token: String
    let server: TestServer?
    let session: URLSession
    private let counter = Counter()

    init(server: TestServer, token: String) {
        self.server = server
        baseURL = server.baseURL
        self.token = token
        session = server.session
    }

    init(baseURL: String, token: String) {
        server = nil
        self.baseURL = baseURL
        self.token = token
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 8
        session = URLSession(configuration: configuration)
    }

    /// How a request authenticates.
    enum Auth {
        /// `X-API-Key` and Bearer in turn.
        case alternate
        case apiKey
        case bearer
        case none
        case header(String, String)
    }

    /// A raw answer.
    struct Answer: Sendable {
        let status: Int
        let body: JSONValue
        let text: String
        let seconds: Double

        var message: String { body["message"]?.stringValue ?? "" }
        var step: String? { body["data"]?["step"]?.stringValue }
        var sessionID: String? { body["session_id"]?.stringValue }
        var options: [String] { body["options"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        var isSuccess: Bool { status == 200 && body["status"] == "success" }
    }

    /// POSTs `body` (or `raw` text) to `path`.
    func send(
        _ path: String, _ body: JSONValue? = nil, raw: String? = nil, auth: Auth = .alternate,
        method: String = "POST", sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Answer {
        var request = URLRequest(url: URL(string: baseURL + path)!)
        request.httpMethod = method
        request.timeoutInterval = 30
        request.httpBody = raw.map { Data($0.utf8) } ?? body.map { Data($0.jsonText.utf8) }
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        switch auth {
        case .alternate:
            if counter.next() % 2 == 0 {
                request.setValue(token, forHTTPHeaderField: "X-API-Key")
            } else {
                request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            }
        case .apiKey: request.setValue(token, forHTTPHeaderField: "X-API-Key")
        case .bearer: request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        case .none: break
        case .header(let name, let value): request.setValue(value, forHTTPHeaderField: name)
        }
        let clock = ContinuousClock()
        let start = clock.now
        let (data, response) = try await session.data(for: request)
        let elapsed = start.duration(to: clock.now)
        let http = try #require(response as? HTTPURLResponse, sourceLocation: sourceLocation)
        if let server {
            var headers: [String: String] = [:]
            for (key, value) in http.allHeaderFields { headers["\(key)"] = "\(value)" }
            let reply = TestServer.Reply(status: http.statusCode, headers: headers, body: data)
            var problems = try await server.documentationProblems(method, path, reply)
            if raw == nil { problems += try await server.requestProblems(method, path, body, reply) }
            for problem in problems {
                Issue.record("\(method) \(path) → \(http.statusCode): \(problem)", sourceLocation: sourceLocation)
            }
        }
        let text = String(decoding: data, as: UTF8.self)
        let value = (try? JSONValue.parse(Array(data))) ?? .null
        return Answer(
            status: http.statusCode, body: value, text: text,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// A step that must be accepted: HTTP 200, `status: "success"`, the bot's exact words
    /// (when given), the step it is now at, and the options (when given).
    @discardableResult
    func step(
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
    func refused(
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
    func login(
        mobile: String, otp: () async throws -> String, menu: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Answer {
        let started = try await step(
            "/agents/start", ["mobile_number": .string(mobile)],
            says: "OTP sent to your mobile. Please enter the 4-digit OTP.", step: "agent_otp", options: [],
            sourceLocation: sourceLocation)
        let code = try await otp()
        return try await step(
            "/agents/verify_otp",
            ["mobile_number": .string(mobile), "otp": .string(code), "session_id": .string(started.sessionID ?? "")],
            says: menu, step: "menu", options: ["Assign a FASTag", "Replace a FASTag"], sourceLocation: sourceLocation)
    }

    /// The last agent OTP the sandbox wrote to the log.
    static func sandboxOTP(in log: String) -> String? {
        log.split(separator: "\n").last { $0.contains("agent login OTP") }.flatMap { line in
            line.range(of: "otp=\"?[0-9]{4}", options: .regularExpression).map { String(line[$0].suffix(4)) }
        }
    }

    private final class Counter: Sendable {
        private let value = Mutex(0)
        func next() -> Int {
            value.withLock {
                $0 += 1; return $0
            }
        }
    }
}
