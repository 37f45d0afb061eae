import FastagBot
import Foundation
import HTTPServerKit
import Synchronization

/// Meta's Graph API for the WhatsApp Cloud API on a loopback port, as
/// protocols/whatsapp-cloud-api.md sections 5 and 6 describe it.
///
/// - `POST /{version}/{phone-number-id}/messages` with `Authorization: Bearer <token>`:
///   every call is recorded (header, JSON body, the status it was answered with); a good one
///   is answered `{"messaging_product":"whatsapp","contacts":[…],"messages":[{"id":"wamid.OUT…"}]}`.
///   Each body is checked against the documented limits (≤ 3 reply buttons with unique
///   titles of ≤ 20 characters, ≤ 10 list rows with titles of ≤ 24, bodies of ≤ 1024/4096…);
///   a body that breaks them is answered 400 and listed in `problems`.
/// - `GET /{version}/{media-id}` → `{"url": "<this server>/media/<id>", "mime_type": …}`, then
///   `GET /media/<id>` → the bytes; both need the bearer token.
///
/// Sends and media can be scripted to fail (HTTP 500, 429, a Graph error code) for a number of
/// calls or until further notice, or to be held (no answer) until released.
final class FakeGraphAPI: Sendable {
    static let version = "v21.0"
    static let phoneNumberID = "106540352242922"
    static let token = "graph-test-token-0123456789"

    /// One `POST …/messages` as received and answered.
    struct Call: Sendable {
        let authorization: String?
        let contentType: String?
        let body: JSONValue
        /// The HTTP status the fake answered with.
        let status: Int
        /// The `wamid` given when the message was accepted.
        let messageID: String?

        var to: String { body["to"]?.stringValue ?? "" }
        var accepted: Bool { status == 200 }
    }

    /// How a scripted call fails.
    enum Failure: Sendable, Equatable {
        /// This HTTP status with a Graph error body (code 1 for 5xx, 130429 for 429).
        case status(Int)
        /// HTTP 400 with this Graph error code (e.g. 131056, pair rate limit).
        case graphError(Int)
    }

    private struct State {
        var calls: [Call] = []
        var problems: [String] = []
        var sendScript: [Failure] = []
        var sendAlways: Failure?
        var holding = false
        var held = 0
        var holdingMedia = false
        var mediaHeld = 0
        var counter = 0
        var media: [String: [UInt8]] = [:]
        var mediaScripts: [String: [Failure]] = [:]
        var mediaAlways: Failure?
        var mediaRequests: [(path: String, authorization: String?)] = []
    }

    private final class Store: Sendable {
        let state = Mutex(State())
    }

    private let store = Store()
    private let server: HTTPServer

    init() throws {
        let store = self.store
        let box = AddressBox()
        server = HTTPServer(
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, shutdownGracePeriod: .milliseconds(200))
        ) { request in
            await Self.respond(request, store, base: box.value)
        }
        try server.start()
        box.value = "http://127.0.0.1:\(server.port)"
    }

    /// `http://127.0.0.1:PORT`
    var root: String { "http://127.0.0.1:\(server.port)" }
    /// What `WHATSAPP_API_URL` is set to: `http://127.0.0.1:PORT/v21.0`.
    var apiURL: String { root + "/" + Self.version }

    func stop() async { await server.shutdown() }

    // MARK: - Scripting and inspection

    /// The next sends fail in this order, one failure per call.
    func failSends(_ failures: Failure...) {
        store.state.withLock { $0.sendScript += failures }
    }

    /// The next `count` sends fail like this.
    func failSends(_ count: Int, _ failure: Failure) {
        store.state.withLock { $0.sendScript += Array(repeating: failure, count: count) }
    }

    /// Every send fails like this until set to nil.
    func failAllSends(_ failure: Failure?) {
        store.state.withLock { $0.sendAlways = failure }
    }

    /// While held, sends get no answer (the caller waits or gives up); they are answered
    /// normally when released, unless the caller went away.
    func hold(_ holding: Bool) {
        store.state.withLock { $0.holding = holding }
    }

    /// Sends waiting for `hold(false)`.
    var held: Int { store.state.withLock { $0.held } }

    /// While held, photo downloads get no answer; they are answered when released.
    func holdMedia(_ holding: Bool) {
        store.state.withLock { $0.holdingMedia = holding }
    }

    /// Photo downloads waiting for `holdMedia(false)`.
    var mediaHeld: Int { store.state.withLock { $0.mediaHeld } }

    /// A photo the agent "sent": its media id serves these bytes.
    func addMedia(_ id: String, _ bytes: [UInt8]) {
        store.state.withLock { $0.media[id] = bytes }
    }

    /// The next lookups of media `id` fail in this order.
    func failMedia(_ id: String, _ failures: Failure...) {
        store.state.withLock { $0.mediaScripts[id, default: []] += failures }
    }

    /// Every media lookup fails like this until set to nil.
    func failAllMedia(_ failure: Failure?) {
        store.state.withLock { $0.mediaAlways = failure }
    }

    /// Every `POST …/messages`, in the order received.
    var calls: [Call] { store.state.withLock { $0.calls } }

    /// The bodies accepted (answered 200) for one chat, in order.
    func delivered(to chat: String) -> [JSONValue] {
        store.state.withLock { state in state.calls.filter { $0.accepted && $0.to == chat }.map(\.body) }
    }

    /// The calls for one chat (accepted or not), in order.
    func calls(to chat: String) -> [Call] {
        store.state.withLock { state in state.calls.filter { $0.to == chat } }
    }

    var mediaRequests: [(path: String, authorization: String?)] { store.state.withLock { $0.mediaRequests } }

    /// Contract violations seen so far (every test expects none).
    var problems: [String] { store.state.withLock { $0.problems } }

    // MARK: - Answering

    private static func respond(_ request: HTTPRequest, _ store: Store, base: String) async -> HTTPResponse {
        let path = request.path
        let authorization = request.headers["Authorization"]
        let authorized = authorization == "Bearer \(token)"
        let segments = path.split(separator: "/").map(String.init)

        if request.method == .post, segments.count == 3, segments[2] == "messages" {
            var problems: [String] = []
            if segments[0] != version { problems.append("API version \(segments[0]), expected \(version)") }
            if segments[1] != phoneNumberID { problems.append("phone number id \(segments[1])") }
            if !(request.headers["Content-Type"] ?? "").hasPrefix("application/json") {
                problems.append("Content-Type \(request.headers["Content-Type"] ?? "none")")
            }
            let body = try? JSONValue.parse(request.body)
            if let body { problems += WhatsAppLimits.problems(message: body) } else { problems.append("not JSON") }
            return await send(
                request, body: body ?? .null, authorization: authorization, authorized: authorized,
                problems: problems, store)
        }
        if request.method == .get, segments.count == 2, segments[0] == version {
            return media(lookup: segments[1], authorization: authorization, path: path, store, base: base)
        }
        if request.method == .get, segments.count == 2, segments[0] == "media" {
            store.state.withLock { $0.mediaRequests.append((path, authorization)) }
            if store.state.withLock({ $0.holdingMedia }) {
                store.state.withLock { $0.mediaHeld += 1 }
                while store.state.withLock({ $0.holdingMedia }) {
                    try? await Task.sleep(for: .milliseconds(10))
                }
                store.state.withLock { $0.mediaHeld -= 1 }
            }
            guard authorized else { return graphError(401, code: 190, "Invalid OAuth access token") }
            guard let bytes = store.state.withLock({ $0.media[segments[1]] }) else {
                return graphError(404, code: 100, "Unknown media")
            }
            return HTTPResponse(status: .ok, headers: ["Content-Type": "image/jpeg"], body: bytes)
        }
        return graphError(404, code: 100, "Unsupported request \(request.method) \(path)")
    }

    private static func send(
        _ request: HTTPRequest, body: JSONValue, authorization: String?, authorized: Bool, problems: [String],
        _ store: Store
    ) async -> HTTPResponse {
        if store.state.withLock({ $0.holding }) {
            store.state.withLock { $0.held += 1 }
            while store.state.withLock({ $0.holding }) {
                try? await Task.sleep(for: .milliseconds(10))
            }
            store.state.withLock { $0.held -= 1 }
        }
        let contentType = request.headers["Content-Type"]
        return store.state.withLock { state in
            func record(_ status: Int, _ id: String? = nil) {
                state.calls.append(
                    Call(
                        authorization: authorization, contentType: contentType, body: body, status: status,
                        messageID: id))
            }
            guard authorized else {
                record(401)
                return graphError(401, code: 190, "Invalid OAuth access token")
            }
            if !problems.isEmpty {
                state.problems += problems
                record(400)
                return graphError(400, code: 100, "Invalid parameter: \(problems.joined(separator: "; "))")
            }
            let failure: Failure?
            if !state.sendScript.isEmpty {
                failure = state.sendScript.removeFirst()
            } else {
                failure = state.sendAlways
            }
            if let failure {
                let response = failureResponse(failure)
                record(response.status.code)
                return response
            }
            state.counter += 1
            let id = "wamid.OUT\(state.counter)"
            record(200, id)
            let to = body["to"] ?? ""
            let answer: JSONValue = [
                "messaging_product": "whatsapp", "contacts": [["input": to, "wa_id": to]],
                "messages": [["id": .string(id)]],
            ]
            return .json(bytes: Array(answer.jsonText.utf8))
        }
    }

    private static func media(
        lookup id: String, authorization: String?, path: String, _ store: Store, base: String
    ) -> HTTPResponse {
        store.state.withLock { state in
            state.mediaRequests.append((path, authorization))
            guard authorization == "Bearer \(token)" else {
                return graphError(401, code: 190, "Invalid OAuth access token")
            }
            if var script = state.mediaScripts[id], !script.isEmpty {
                let failure = script.removeFirst()
                state.mediaScripts[id] = script
                return failureResponse(failure)
            }
            if let failure = state.mediaAlways { return failureResponse(failure) }
            guard let bytes = state.media[id] else { return graphError(404, code: 100, "Unknown media \(id)") }
            let answer: JSONValue = [
                "messaging_product": "whatsapp", "url": .string("\(base)/media/\(id)"), "mime_type": "image/jpeg",
                "sha256": .string(Crypto.hex(Crypto.sha256(bytes))), "file_size": .int(Int64(bytes.count)),
                "id": .string(id),
            ]
            return .json(bytes: Array(answer.jsonText.utf8))
        }
    }

    private static func failureResponse(_ failure: Failure) -> HTTPResponse {
        switch failure {
        case .status(429): graphError(429, code: 130429, "Rate limit hit")
        case .status(let status): graphError(status, code: 1, "An unknown error has occurred.")
        case .graphError(let code): graphError(400, code: code, "Graph error \(code)")
        }
    }

    static func graphError(_ status: Int, code: Int, _ message: String) -> HTTPResponse {
        let body: JSONValue = [
            "error": [
                "message": .string(message), "type": "OAuthException", "code": .int(Int64(code)),
                "fbtrace_id": "AbCdEfGh",
            ]
        ]
        return .json(bytes: Array(body.jsonText.utf8), status: HTTPStatus(code: status))
    }
}

/// The server's own address, known only once it listens.
final class AddressBox: Sendable {
    private let storage = Mutex("")
    var value: String {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}

/// WhatsApp's limits on what a business sends (protocols/whatsapp-cloud-api.md 5.2-5.4), for
/// both fakes: Interakt forwards the same interactive objects to WhatsApp.
enum WhatsAppLimits {
    /// Problems of one Graph API message body.
    static func problems(message body: JSONValue) -> [String] {
        var problems: [String] = []
        if body["messaging_product"] != "whatsapp" { problems.append("messaging_product is not whatsapp") }
        if (body["to"]?.stringValue ?? "").isEmpty { problems.append("no recipient") }
        switch body["type"]?.stringValue {
        case "text":
            problems += text(body["text"]?["body"]?.stringValue)
        case "interactive":
            problems += interactive(body["interactive"])
        default:
            problems.append("type \(body["type"]?.description ?? "missing")")
        }
        return problems
    }

    static func text(_ text: String?) -> [String] {
        guard let text, !text.isEmpty else { return ["empty text"] }
        return text.count > 4096 ? ["text of \(text.count) characters (4096 at most)"] : []
    }

    /// Meta's interactive object: reply buttons or a list.
    static func interactive(_ object: JSONValue?) -> [String] {
        guard let object else { return ["no interactive object"] }
        var problems: [String] = []
        let body = object["body"]?["text"]?.stringValue ?? ""
        if body.isEmpty || body.count > 1024 { problems.append("interactive body of \(body.count) characters") }
        switch object["type"]?.stringValue {
        case "button":
            let buttons = object["action"]?["buttons"]?.arrayValue ?? []
            if !(1...3).contains(buttons.count) { problems.append("\(buttons.count) buttons") }
            var titles = Set<String>()
            var ids = Set<String>()
            for button in buttons {
                let id = button["reply"]?["id"]?.stringValue ?? ""
                let title = button["reply"]?["title"]?.stringValue ?? ""
                if button["type"] != "reply" { problems.append("button type \(button["type"] ?? .null)") }
                if id.isEmpty || id.count > 256 || id != id.trimmingCharacters(in: .whitespaces) {
                    problems.append("button id '\(id)'")
                }
                if title.isEmpty || title.count > 20 { problems.append("button title '\(title)'") }
                if !titles.insert(title).inserted { problems.append("repeated button title '\(title)'") }
                if !ids.insert(id).inserted { problems.append("repeated button id '\(id)'") }
            }
        case "list":
            let label = object["action"]?["button"]?.stringValue ?? ""
            if label.isEmpty || label.count > 20 { problems.append("list button '\(label)'") }
            let sections = object["action"]?["sections"]?.arrayValue ?? []
            if !(1...10).contains(sections.count) { problems.append("\(sections.count) sections") }
            let rows = sections.flatMap { $0["rows"]?.arrayValue ?? [] }
            if !(1...10).contains(rows.count) { problems.append("\(rows.count) rows") }
            for section in sections where (section["title"]?.stringValue?.count ?? 0) > 24 {
                problems.append("section title '\(section["title"] ?? .null)'")
            }
            if sections.count > 1, sections.contains(where: { $0["title"] == nil }) {
                problems.append("an untitled section among several")
            }
            var ids = Set<String>()
            for row in rows {
                let id = row["id"]?.stringValue ?? ""
                let title = row["title"]?.stringValue ?? ""
                if id.isEmpty || id.count > 200 { problems.append("row id '\(id)'") }
                if !ids.insert(id).inserted { problems.append("repeated row id '\(id)'") }
                if title.isEmpty || title.count > 24 { problems.append("row title '\(title)'") }
                if let description = row["description"]?.stringValue, description.count > 72 {
                    problems.append("row description of \(description.count) characters")
                }
            }
        default:
            problems.append("interactive type \(object["type"] ?? .null)")
        }
        return problems
    }
}
