import FastagBot
import Foundation
import HTTPServerKit
import Synchronization

/// Interakt's public Send Message API on a loopback port (protocols/interakt.md section 6):
/// `POST /v1/public/message/` with `Authorization: Basic <key>` (the key as shown in the
/// dashboard, not re-encoded), answered `{"result":true,"message":…,"id":"<uuid>"}`. Every
/// call is recorded and checked: `fullPhoneNumber`, `type` Text / InteractiveButton /
/// InteractiveList with `data.message` (a string, or Meta's interactive object within
/// WhatsApp's limits), `callbackData` a string of at most 512 characters. It also serves the
/// photos agents send (`GET /media/<id>`, the `media_url` of an Image webhook).
final class FakeInterakt: Sendable {
    static let apiKey = "aW50ZXJha3QtdGVzdC1rZXk6"
    static let messagePath = "/v1/public/message/"

    struct Call: Sendable {
        let authorization: String?
        let body: JSONValue
        let status: Int
        let messageID: String?

        var to: String { body["fullPhoneNumber"]?.stringValue ?? "" }
        var accepted: Bool { status == 200 }
        var callbackData: String? { body["callbackData"]?.stringValue }
    }

    private struct State {
        var calls: [Call] = []
        var problems: [String] = []
        var script: [Int] = []
        var always: Int?
        var media: [String: [UInt8]] = [:]
        var mediaRequests: [String] = []
    }

    private final class Store: Sendable {
        let state = Mutex(State())
    }

    private let store = Store()
    private let server: HTTPServer

    init() throws {
        let store = self.store
        server = HTTPServer(
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, shutdownGracePeriod: .milliseconds(200))
        ) { request in
            Self.respond(request, store)
        }
        try server.start()
    }

    var root: String { "http://127.0.0.1:\(server.port)" }
    /// What `INTERAKT_API_URL` is set to.
    var apiURL: String { root + Self.messagePath }

    func mediaURL(_ id: String) -> String { root + "/media/\(id)" }

    func stop() async { await server.shutdown() }

    /// The next sends are answered with these HTTP statuses (500, 429…), one per call.
    func failSends(_ statuses: Int...) {
        store.state.withLock { $0.script += statuses }
    }

    func failAllSends(_ status: Int?) {
        store.state.withLock { $0.always = status }
    }

    func addMedia(_ id: String, _ bytes: [UInt8]) {
        store.state.withLock { $0.media[id] = bytes }
    }

    var calls: [Call] { store.state.withLock { $0.calls } }

    func calls(to chat: String) -> [Call] {
        store.state.withLock { state in state.calls.filter { $0.to == chat } }
    }

    /// The bodies accepted for one chat, in order.
    func delivered(to chat: String) -> [JSONValue] {
        store.state.withLock { state in state.calls.filter { $0.accepted && $0.to == chat }.map(\.body) }
    }

    var mediaRequests: [String] { store.state.withLock { $0.mediaRequests } }
    var problems: [String] { store.state.withLock { $0.problems } }

    private static func respond(_ request: HTTPRequest, _ store: Store) -> HTTPResponse {
        if request.method == .get, request.path.hasPrefix("/media/") {
            let id = String(request.path.dropFirst("/media/".count))
            return store.state.withLock { state in
                state.mediaRequests.append(id)
                guard let bytes = state.media[id] else { return .text("not found", status: HTTPStatus(code: 404)) }
                return HTTPResponse(status: .ok, headers: ["Content-Type": "image/jpeg"], body: bytes)
            }
        }
        guard request.method == .post, request.path == messagePath else {
            return .text("not found", status: HTTPStatus(code: 404))
        }
        let authorization = request.headers["Authorization"]
        let body = (try? JSONValue.parse(request.body)) ?? .null
        var problems = checks(body)
        if !(request.headers["Content-Type"] ?? "").hasPrefix("application/json") {
            problems.append("Content-Type \(request.headers["Content-Type"] ?? "none")")
        }
        return store.state.withLock { state in
            func record(_ status: Int, _ id: String? = nil) {
                state.calls.append(Call(authorization: authorization, body: body, status: status, messageID: id))
            }
            guard authorization == "Basic \(apiKey)" else {
                record(401)
                return answer(["result": false, "message": "Invalid API key"], status: 401)
            }
            if !problems.isEmpty {
                state.problems += problems
                record(400)
                return answer(["result": false, "message": .string(problems.joined(separator: "; "))], status: 400)
            }
            let failure = state.script.isEmpty ? state.always : state.script.removeFirst()
            if let failure {
                record(failure)
                let message = failure == 429 ? "Rate limit exceeded for this resource" : "Internal Server Error"
                return answer(["result": false, "message": .string(message)], status: failure)
            }
            let id = UUID().uuidString.lowercased()
            record(200, id)
            return answer(
                [
                    "result": true,
                    "message": "Message queued for sending via Interakt. Check webhook for delivery status",
                    "id": .string(id),
                ], status: 200)
        }
    }

    private static func answer(_ body: JSONValue, status: Int) -> HTTPResponse {
        .json(bytes: Array(body.jsonText.utf8), status: HTTPStatus(code: status))
    }

    private static func checks(_ body: JSONValue) -> [String] {
        var problems: [String] = []
        let full = body["fullPhoneNumber"]?.stringValue ?? ""
        if full.count < 11 || !full.allSatisfy(\.isNumber) { problems.append("fullPhoneNumber '\(full)'") }
        if body["phoneNumber"] != nil || body["countryCode"] != nil {
            problems.append("both fullPhoneNumber and countryCode/phoneNumber")
        }
        if let callback = body["callbackData"], (callback.stringValue?.count ?? 513) > 512 {
            problems.append("callbackData \(callback)")
        }
        let message = body["data"]?["message"]
        switch body["type"]?.stringValue {
        case "Text":
            problems += WhatsAppLimits.text(message?.stringValue)
        case "InteractiveButton":
            if message?["type"] != "button" { problems.append("InteractiveButton without a button object") }
            problems += WhatsAppLimits.interactive(message)
        case "InteractiveList":
            if message?["type"] != "list" { problems.append("InteractiveList without a list object") }
            problems += WhatsAppLimits.interactive(message)
        default:
            problems.append("type \(body["type"] ?? .null)")
        }
        let known: Set<String> = ["fullPhoneNumber", "callbackData", "type", "data"]
        for key in (body.objectValue ?? [:]).keys where !known.contains(key) {
            problems.append("unexpected key \(key)")
        }
        return problems
    }
}
