import Dispatch
import Foundation
import HTTPServerKit
import Synchronization

/// The Graph API, as little as the benchmarks need: every `POST /v21.0/{phone-number-id}/messages`
/// with the right token is answered like Meta does and its arrival time recorded against the
/// recipient (`to`); read receipts (`"status": "read"`, no recipient) are only counted. Media
/// added with `addMedia` is served as Meta does: `GET /v21.0/{media-id}` gives a URL, the URL
/// the bytes. On request (`hold`) the next reply to one recipient is held unanswered instead,
/// as a stalled Graph API would.
final class FakeGraph: Sendable {
    private final class Recorder: Sendable {
        let received = Mutex<[String: [UInt64]]>([:])
        let rejected = Mutex<[String]>([])
        /// Recipients whose next reply is held; and when a held reply arrived, by recipient.
        let holding = Mutex<Set<String>>([])
        let held = Mutex<[String: UInt64]>([:])
        let readMarks = Mutex(0)
        let media = Mutex<[String: [UInt8]]>([:])

        func handle(_ request: HTTPRequest) async -> HTTPResponse {
            if !holding.withLock({ $0.isEmpty }),
                let message = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any],
                let to = message["to"] as? String, holding.withLock({ $0.remove(to) != nil })
            {
                held.withLock { $0[to] = DispatchTime.now().uptimeNanoseconds }
                // Never answered in time: the sender is killed meanwhile, or gives up.
                try? await Task.sleep(for: .seconds(60))
                return HTTPResponse(status: .serviceUnavailable)
            }
            return respond(request)
        }

        func respond(_ request: HTTPRequest) -> HTTPResponse {
            let arrived = DispatchTime.now().uptimeNanoseconds
            if request.method == .get, let answer = serveMedia(request) { return answer }
            if request.method == .post,
                let message = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any],
                message["status"] as? String == "read", message["message_id"] is String
            {
                readMarks.withLock { $0 += 1 }
                return HTTPResponse(
                    status: .ok, headers: ["Content-Type": "application/json"], body: Array(#"{"success":true}"#.utf8))
            }
            guard request.method == .post, request.path == "/v21.0/\(WebhookLoadTest.phoneNumberID)/messages",
                request.headers["Authorization"] == "Bearer \(WebhookLoadTest.accessToken)",
                let message = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any],
                let to = message["to"] as? String
            else {
                rejected.withLock { $0.append("\(request.method) \(request.path)") }
                return HTTPResponse(
                    status: .badRequest, body: Array(#"{"error":{"message":"bad request","code":100}}"#.utf8))
            }
            received.withLock { $0[to, default: []].append(arrived) }
            return HTTPResponse(
                status: .ok, headers: ["Content-Type": "application/json"],
                body: Array(
                    """
                    {"messaging_product":"whatsapp","contacts":[{"input":"\(to)","wa_id":"\(to)"}],\
                    "messages":[{"id":"wamid.OUT\(to)x\(arrived)"}]}
                    """.utf8))
        }

        /// `GET /v21.0/{media-id}` → the media's URL and facts; `GET /v21.0/media/{media-id}` → its bytes.
        func serveMedia(_ request: HTTPRequest) -> HTTPResponse? {
            guard request.headers["Authorization"] == "Bearer \(WebhookLoadTest.accessToken)" else { return nil }
            let path = request.path.split(separator: "/").map(String.init)
            if path.count == 3, path[1] == "media", let bytes = media.withLock({ $0[path[2]] }) {
                return HTTPResponse(status: .ok, headers: ["Content-Type": "image/jpeg"], body: bytes)
            }
            guard path.count == 2, let bytes = media.withLock({ $0[path[1]] }),
                let host = request.headers["Host"]
            else { return nil }
            let answer = """
                {"messaging_product":"whatsapp","url":"http://\(host)/v21.0/media/\(path[1])",\
                "mime_type":"image/jpeg","file_size":\(bytes.count),"id":"\(path[1])"}
                """
            return HTTPResponse(status: .ok, headers: ["Content-Type": "application/json"], body: Array(answer.utf8))
        }
    }

    private let recorder = Recorder()
    private let server: HTTPServer

    init() {
        let recorder = recorder
        server = HTTPServer(
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, shutdownGracePeriod: .milliseconds(200))
        ) { request in await recorder.handle(request) }
    }

    func start() throws { try server.start() }
    func stop() async { await server.shutdown() }

    var apiURL: String { "http://127.0.0.1:\(server.port)/v21.0" }
    /// Requests that were not a well-formed, authorized send.
    var rejected: [String] { recorder.rejected.withLock { $0 } }

    func chatsAnswered(_ chats: [String]) -> Bool {
        recorder.received.withLock { received in chats.allSatisfy { received[$0] != nil } }
    }

    /// Holds the next reply to `chat` unanswered (once).
    func hold(_ chat: String) { _ = recorder.holding.withLock { $0.insert(chat) } }
    /// When the held reply to `chat` arrived, if it did.
    func heldArrival(_ chat: String) -> UInt64? { recorder.held.withLock { $0[chat] } }

    /// Serves `bytes` as the JPEG of WhatsApp media `id`.
    func addMedia(_ id: String, _ bytes: [UInt8]) { recorder.media.withLock { $0[id] = bytes } }
    /// Read receipts received so far.
    var readMarks: Int { recorder.readMarks.withLock { $0 } }

    func replyCounts() -> [String: Int] { recorder.received.withLock { $0.mapValues(\.count) } }
    func totalReplies() -> Int { recorder.received.withLock { $0.values.reduce(0) { $0 + $1.count } } }
    func arrivals() -> [String: [UInt64]] { recorder.received.withLock { $0 } }

    /// Whether no reply has arrived for `seconds` (and at least one has).
    func quietFor(seconds: Double) -> Bool {
        let last = recorder.received.withLock { $0.values.compactMap(\.last).max() } ?? 0
        return last > 0 && DispatchTime.now().uptimeNanoseconds - last > UInt64(seconds * 1e9)
    }

    func measuredReplies(since baseline: [String: Int]) -> Int {
        recorder.received.withLock { received in
            received.reduce(0) { $0 + $1.value.count - (baseline[$1.key] ?? 0) }
        }
    }
}
