import FastagBot
import Foundation
import HTTPServerKit
import TestKit

/// Interakt's public Send Message API on a loopback port (protocols/interakt.md section 6):
/// `POST /v1/public/message/` with `Authorization: Basic <key>` (the key as shown in the
/// dashboard, not re-encoded), answered `{"result":true,"message":…,"id":"<uuid>"}`. Every
/// call is recorded and checked: `fullPhoneNumber`, `type` Text / InteractiveButton /
/// InteractiveList with `data.message` (a string, or Meta's interactive object within
/// WhatsApp's limits), Template with `template.name` and `languageCode` (and only the
/// template's documented fields, no `data`), `callbackData` a string of at most 512
/// characters. It also serves the photos agents send (`GET /media/<id>`, the `media_url` of
/// an Image webhook).
package final class FakeInterakt: Sendable {
    package static let apiKey = "aW50ZXJha3QtdGVzdC1rZXk6"
    package static let messagePath = "/v1/public/message/"

    package typealias Call = ChannelCall

    /// How a send is refused: an HTTP status and Interakt's `message` (a 200 refusal is
    /// Interakt's `"result": false` that queued nothing).
    package struct Refusal: Sendable, Equatable {
        package var status: Int
        package var message: String

        package init(_ status: Int, _ message: String) {
            self.status = status
            self.message = message
        }

        /// The message Interakt gives with this status.
        package init(_ status: Int) {
            self.init(status, status == 429 ? "Rate limit exceeded for this resource" : "Internal Server Error")
        }
    }

    private struct State: Sendable {
        var calls: [Call] = []
        /// Key "send": how a send is refused.
        var script = FakeScript<Refusal>()
        /// What each media URL serves, with its Content-Type.
        var media: [String: (bytes: [UInt8], contentType: String)] = [:]
        var mediaRequests: [String] = []
    }

    private let fake: LoopbackFake<State>

    package init() throws {
        fake = try LoopbackFake(State()) { fake, request in Self.respond(request, fake) }
    }

    package var root: String { fake.root }
    /// What `INTERAKT_API_URL` is set to.
    package var apiURL: String { root + Self.messagePath }

    package func mediaURL(_ id: String) -> String { root + "/media/\(id)" }

    package func stop() async { await fake.stop() }

    /// The next sends are answered with these HTTP statuses (500, 429…), one per call.
    package func failSends(_ statuses: Int...) {
        fake.withState { $0.script.queue("send", statuses.map { Refusal($0) }) }
    }

    package func failAllSends(_ status: Int?) {
        fake.withState { $0.script.always("send", status.map { Refusal($0) }) }
    }

    /// The next sends are refused like this, one per call (a template Interakt does not
    /// know: 400 with its message).
    package func refuseSends(_ refusals: Refusal...) {
        fake.withState { $0.script.queue("send", refusals) }
    }

    /// Serves `bytes` at `mediaURL(id)` with `contentType` (by default the bytes' own: PNG or JPEG).
    package func addMedia(_ id: String, _ bytes: [UInt8], contentType: String? = nil) {
        let sniffed = bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) ? "image/png" : "image/jpeg"
        fake.withState { $0.media[id] = (bytes, contentType ?? sniffed) }
    }

    package var calls: [Call] { fake.withState { $0.calls } }

    package func calls(to chat: String) -> [Call] {
        calls.filter { $0.to == chat }
    }

    /// The bodies accepted for one chat, in order.
    package func delivered(to chat: String) -> [JSONValue] {
        calls(to: chat).filter(\.accepted).map(\.body)
    }

    package var mediaRequests: [String] { fake.withState { $0.mediaRequests } }
    package var problems: [String] { fake.problems }

    private static func respond(_ request: HTTPRequest, _ fake: LoopbackFake<State>) -> HTTPResponse {
        if request.method == .get, request.path.hasPrefix("/media/") {
            let id = String(request.path.dropFirst("/media/".count))
            return fake.withState { state in
                state.mediaRequests.append(id)
                guard let media = state.media[id] else { return .text("not found", status: .notFound) }
                return HTTPResponse(status: .ok, headers: ["Content-Type": media.contentType], body: media.bytes)
            }
        }
        guard request.method == .post, request.path == messagePath else {
            return .text("not found", status: .notFound)
        }
        let authorization = request.headers["Authorization"]
        let body = (try? JSONValue.parse(request.body)) ?? .null
        var problems = checks(body)
        if !(request.headers["Content-Type"] ?? "").hasPrefix("application/json") {
            problems.append("Content-Type \(request.headers["Content-Type"] ?? "none")")
        }
        return fake.withState { state in
            func record(_ status: Int, _ id: String? = nil) {
                state.calls.append(
                    Call(
                        authorization: authorization, contentType: request.headers["Content-Type"], body: body,
                        status: status, messageID: id, to: body["fullPhoneNumber"]?.stringValue ?? ""))
            }
            guard authorization == "Basic \(apiKey)" else {
                record(401)
                return answer(["result": false, "message": "Invalid API key"], status: 401)
            }
            if !problems.isEmpty {
                fake.report(problems)
                record(400)
                return answer(["result": false, "message": .string(problems.joined(separator: "; "))], status: 400)
            }
            if let refusal = state.script.next("send") {
                record(refusal.status)
                return answer(["result": false, "message": .string(refusal.message)], status: refusal.status)
            }
            let id = UUID().uuidString.lowercased()
            record(200, id)
            let queued =
                body["type"] == "Template"
                ? "Message created successfully"
                : "Message queued for sending via Interakt. Check webhook for delivery status"
            return answer(["result": true, "message": .string(queued), "id": .string(id)], status: 200)
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
        case "Template":
            let template = body["template"]
            problems += WhatsAppLimits.template(name: template?["name"], language: template?["languageCode"])
            let fields: Set<String> = [
                "name", "languageCode", "headerValues", "bodyValues", "buttonValues", "fileName",
            ]
            for key in (template?.objectValue ?? [:]).keys where !fields.contains(key) {
                problems.append("unexpected template key \(key)")
            }
            if let values = template?["bodyValues"], values.arrayValue == nil {
                problems.append("bodyValues \(values)")
            }
            if body["data"] != nil { problems.append("Template with data") }
        default:
            problems.append("type \(body["type"] ?? .null)")
        }
        let known: Set<String> = ["fullPhoneNumber", "callbackData", "type", "data", "template"]
        for key in (body.objectValue ?? [:]).keys where !known.contains(key) {
            problems.append("unexpected key \(key)")
        }
        return problems
    }
}
