import FastagBot
import HTTPServerKit
import TestKit

/// Meta's Graph API for the WhatsApp Cloud API on a loopback port, as
/// protocols/whatsapp-cloud-api.md sections 5 and 6 describe it.
///
/// - `POST /{version}/{phone-number-id}/messages` with `Authorization: Bearer <token>`:
///   every call is recorded (header, JSON body, the status it was answered with); a good one
///   is answered `{"messaging_product":"whatsapp","contacts":[…],"messages":[{"id":"wamid.OUT…"}]}`.
///   Each body is checked against the documented limits (`WhatsAppLimits`); a body that
///   breaks them is answered 400 and listed in `problems`.
/// - `GET /{version}/{media-id}` → `{"url": "<this server>/media/<id>?ticket=<n>", "mime_type",
///   "sha256", "file_size", "id"}`, then `GET` that URL → the bytes; both need the bearer
///   token. Each URL serves once, as Meta's expire (section 6: about 5 minutes): using one
///   twice is answered 404 and reported, so a retry must look the media up again.
///
/// - The same `POST …/messages` with `"status": "read"` is a read mark (section 5.5, with the
///   typing indicator of section 11): recorded apart from the sends, in `readMarks`, its shape
///   checked; answered `{"success": true}`.
///
/// Sends and media can be scripted to fail (HTTP 500, 429, a Graph error code) for a number of
/// calls or until further notice, or to be held (no answer) until released.
package final class FakeGraphAPI: Sendable {
    package static let version = "v21.0"
    package static let phoneNumberID = "106540352242922"
    package static let token = "graph-test-token-0123456789"

    /// One `POST …/messages` as received and answered.
    package typealias Call = ChannelCall

    /// One read mark as received: the message it marks, its whole body, the status answered.
    package struct ReadMark: Sendable {
        package let messageID: String
        package let body: JSONValue
        package let status: Int
    }

    /// How a scripted call fails.
    package enum Failure: Sendable, Equatable {
        /// This HTTP status with a Graph error body (code 1 for 5xx, 130429 for 429).
        case status(Int)
        /// HTTP 400 with this Graph error code (e.g. 131056, pair rate limit).
        case graphError(Int)
    }

    private struct State: Sendable {
        var calls: [Call] = []
        var readMarks: [ReadMark] = []
        /// Keys: "send"; "media" (every lookup) and "media:<id>".
        var script = FakeScript<Failure>()
        var counter = 0
        var media: [String: Media] = [:]
        var mediaRequests: [(path: String, authorization: String?, ticket: String?)] = []
        /// URLs handed out by lookups and not used yet: ticket → media id.
        var tickets: [String: String] = [:]
        var ticketCounter = 0
    }

    /// What a media id serves and what its lookup says of it.
    private struct Media: Sendable {
        var bytes: [UInt8]
        var mimeType: String
        var fileSize: Int
    }

    private let fake: LoopbackFake<State>

    package init() throws {
        fake = try LoopbackFake(State()) { fake, request in await Self.respond(request, fake) }
    }

    /// `http://127.0.0.1:PORT`
    package var root: String { fake.root }
    /// What `WHATSAPP_API_URL` is set to: `http://127.0.0.1:PORT/v21.0`.
    package var apiURL: String { root + "/" + Self.version }

    package func stop() async { await fake.stop() }

    // MARK: - Scripting and inspection

    /// The next sends fail in this order, one failure per call.
    package func failSends(_ failures: Failure...) {
        fake.withState { $0.script.queue("send", failures) }
    }

    /// The next `count` sends fail like this.
    package func failSends(_ count: Int, _ failure: Failure) {
        fake.withState { $0.script.queue("send", Array(repeating: failure, count: count)) }
    }

    /// Every send fails like this until set to nil.
    package func failAllSends(_ failure: Failure?) {
        fake.withState { $0.script.always("send", failure) }
    }

    /// While held, sends get no answer (the caller waits or gives up); they are answered
    /// normally when released, unless the caller went away.
    package func hold(_ holding: Bool) { fake.hold("send", holding) }

    /// Sends waiting for `hold(false)`.
    package var held: Int { fake.waiting(at: "send") }

    /// While held, photo downloads get no answer; they are answered when released.
    package func holdMedia(_ holding: Bool) { fake.hold("media", holding) }

    /// Photo downloads waiting for `holdMedia(false)`.
    package var mediaHeld: Int { fake.waiting(at: "media") }

    /// A photo the agent "sent": its media id serves these bytes. The lookup tells `mimeType`
    /// (by default the bytes' own: PNG or JPEG) and `fileSize` (by default the bytes' count).
    package func addMedia(_ id: String, _ bytes: [UInt8], mimeType: String? = nil, fileSize: Int? = nil) {
        let sniffed = bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) ? "image/png" : "image/jpeg"
        fake.withState {
            $0.media[id] = Media(bytes: bytes, mimeType: mimeType ?? sniffed, fileSize: fileSize ?? bytes.count)
        }
    }

    /// The next downloads of media `id` (its URL, after a good lookup) fail in this order.
    package func failDownloads(_ id: String, _ failures: Failure...) {
        fake.withState { $0.script.queue("download:" + id, failures) }
    }

    /// The next lookups of media `id` fail in this order.
    package func failMedia(_ id: String, _ failures: Failure...) {
        fake.withState { $0.script.queue("media:" + id, failures) }
    }

    /// Every media lookup fails like this until set to nil.
    package func failAllMedia(_ failure: Failure?) {
        fake.withState { $0.script.always("media", failure) }
    }

    /// Every read mark fails like this until set to nil.
    package func failAllReadMarks(_ failure: Failure?) {
        fake.withState { $0.script.always("read", failure) }
    }

    /// While held, read marks get no answer; they are answered when released.
    package func holdReadMarks(_ holding: Bool) { fake.hold("read", holding) }

    /// Read marks waiting for `holdReadMarks(false)`.
    package var readMarksHeld: Int { fake.waiting(at: "read") }

    /// Every read mark, in the order received (never among `calls`).
    package var readMarks: [ReadMark] { fake.withState { $0.readMarks } }

    /// Every `POST …/messages` that sends a message, in the order received.
    package var calls: [Call] { fake.withState { $0.calls } }

    /// The bodies accepted (answered 200) for one chat, in order.
    package func delivered(to chat: String) -> [JSONValue] {
        calls(to: chat).filter(\.accepted).map(\.body)
    }

    /// The calls for one chat (accepted or not), in order.
    package func calls(to chat: String) -> [Call] {
        calls.filter { $0.to == chat }
    }

    /// Lookups and downloads in the order received; a download's `ticket` names its URL.
    package var mediaRequests: [(path: String, authorization: String?, ticket: String?)] {
        fake.withState { $0.mediaRequests }
    }

    /// The downloads (not the lookups) of media `id`.
    package func downloads(of id: String) -> [(path: String, authorization: String?, ticket: String?)] {
        mediaRequests.filter { $0.path == "/media/\(id)" }
    }

    /// Contract violations seen so far (every test expects none).
    package var problems: [String] { fake.problems }

    // MARK: - Answering

    private static func respond(_ request: HTTPRequest, _ fake: LoopbackFake<State>) async -> HTTPResponse {
        let authorization = request.headers["Authorization"]
        let segments = request.path.split(separator: "/").map(String.init)
        if request.method == .post, segments.count == 3, segments[2] == "messages" {
            if let body = try? JSONValue.parse(request.body), body["status"] != nil {
                await fake.pass("read")
                return fake.withState { markRead(body, authorization: authorization, &$0, fake) }
            }
            return await fake.pass("send") { fake.withState { send(request, segments: segments, &$0, fake) } }
        }
        if request.method == .get, segments.count == 2, segments[0] == version {
            return fake.withState { state in
                state.mediaRequests.append((request.path, authorization, nil))
                return lookUp(media: segments[1], authorization: authorization, &state, root: fake.root)
            }
        }
        if request.method == .get, segments.count == 2, segments[0] == "media" {
            let ticket = request.query["ticket"]
            // The URL is used up as it arrives, whatever then happens to the download.
            let valid = fake.withState { state in
                state.mediaRequests.append((request.path, authorization, ticket))
                return ticket.flatMap { state.tickets.removeValue(forKey: $0) } == segments[1]
            }
            guard valid else {
                fake.report(["media URL used twice or never handed out: \(request.path)?ticket=\(ticket ?? "")"])
                return graphError(404, code: 100, "URL expired")
            }
            await fake.pass("media")
            guard authorization == "Bearer \(token)" else {
                return graphError(401, code: 190, "Invalid OAuth access token")
            }
            return fake.withState { state in
                if let failure = state.script.next("download:" + segments[1]) { return failureResponse(failure) }
                guard let media = state.media[segments[1]] else { return graphError(404, code: 100, "Unknown media") }
                return HTTPResponse(status: .ok, headers: ["Content-Type": media.mimeType], body: media.bytes)
            }
        }
        return graphError(404, code: 100, "Unsupported request \(request.method) \(request.path)")
    }

    /// A send: recorded with the status it gets; refused without the token, refused and
    /// reported when it breaks the contract, failed as scripted, accepted otherwise.
    private static func send(
        _ request: HTTPRequest, segments: [String], _ state: inout State, _ fake: LoopbackFake<State>
    ) -> HTTPResponse {
        let authorization = request.headers["Authorization"]
        let contentType = request.headers["Content-Type"]
        let body = try? JSONValue.parse(request.body)
        func record(_ status: Int, _ id: String? = nil) {
            state.calls.append(
                Call(
                    authorization: authorization, contentType: contentType, body: body ?? .null, status: status,
                    messageID: id, to: body?["to"]?.stringValue ?? ""))
        }
        guard authorization == "Bearer \(token)" else {
            record(401)
            return graphError(401, code: 190, "Invalid OAuth access token")
        }
        var problems: [String] = []
        if segments[0] != version { problems.append("API version \(segments[0]), expected \(version)") }
        if segments[1] != phoneNumberID { problems.append("phone number id \(segments[1])") }
        if !(contentType ?? "").hasPrefix("application/json") {
            problems.append("Content-Type \(contentType ?? "none")")
        }
        if let body { problems += WhatsAppLimits.problems(message: body) } else { problems.append("not JSON") }
        if !problems.isEmpty {
            fake.report(problems)
            record(400)
            return graphError(400, code: 100, "Invalid parameter: \(problems.joined(separator: "; "))")
        }
        if let failure = state.script.next("send") {
            let response = failureResponse(failure)
            record(response.status.code)
            return response
        }
        state.counter += 1
        let id = "wamid.OUT\(state.counter)"
        record(200, id)
        let to = body?["to"] ?? ""
        let answer: JSONValue = [
            "messaging_product": "whatsapp", "contacts": [["input": to, "wa_id": to]],
            "messages": [["id": .string(id)]],
        ]
        return .json(bytes: Array(answer.jsonText.utf8))
    }

    /// A read mark: exactly the documented fields, with the typing indicator.
    private static func markRead(
        _ body: JSONValue, authorization: String?, _ state: inout State, _ fake: LoopbackFake<State>
    ) -> HTTPResponse {
        let messageID = body["message_id"]?.stringValue ?? ""
        func record(_ status: Int) {
            state.readMarks.append(ReadMark(messageID: messageID, body: body, status: status))
        }
        guard authorization == "Bearer \(token)" else {
            record(401)
            return graphError(401, code: 190, "Invalid OAuth access token")
        }
        let expected: JSONValue = [
            "messaging_product": "whatsapp", "status": "read", "message_id": .string(messageID),
            "typing_indicator": ["type": "text"],
        ]
        guard body == expected, messageID.hasPrefix("wamid.") else {
            fake.report(["read mark \(body.jsonText)"])
            record(400)
            return graphError(400, code: 131009, "Parameter value is not valid")
        }
        if let failure = state.script.next("read") {
            let response = failureResponse(failure)
            record(response.status.code)
            return response
        }
        record(200)
        return .json(bytes: Array(#"{"success":true}"#.utf8))
    }

    /// `GET /{version}/{media-id}`: where the photo is.
    private static func lookUp(media id: String, authorization: String?, _ state: inout State, root: String)
        -> HTTPResponse
    {
        guard authorization == "Bearer \(token)" else {
            return graphError(401, code: 190, "Invalid OAuth access token")
        }
        if let failure = state.script.next("media:" + id) ?? state.script.next("media") {
            return failureResponse(failure)
        }
        guard let media = state.media[id] else { return graphError(404, code: 100, "Unknown media \(id)") }
        state.ticketCounter += 1
        let ticket = "t\(state.ticketCounter)"
        state.tickets[ticket] = id
        let answer: JSONValue = [
            "messaging_product": "whatsapp", "url": .string("\(root)/media/\(id)?ticket=\(ticket)"),
            "mime_type": .string(media.mimeType), "sha256": .string(Crypto.hex(Crypto.sha256(media.bytes))),
            "file_size": .int(Int64(media.fileSize)), "id": .string(id),
        ]
        return .json(bytes: Array(answer.jsonText.utf8))
    }

    private static func failureResponse(_ failure: Failure) -> HTTPResponse {
        switch failure {
        case .status(429): graphError(429, code: 130429, "Rate limit hit")
        case .status(let status): graphError(status, code: 1, "An unknown error has occurred.")
        case .graphError(let code): graphError(400, code: code, "Graph error \(code)")
        }
    }

    package static func graphError(_ status: Int, code: Int, _ message: String) -> HTTPResponse {
        let body: JSONValue = [
            "error": [
                "message": .string(message), "type": "OAuthException", "code": .int(Int64(code)),
                "fbtrace_id": "AbCdEfGh",
            ]
        ]
        return .json(bytes: Array(body.jsonText.utf8), status: HTTPStatus(code: status))
    }
}
