import Dispatch
import Foundation
import HTTPServerKit
import Synchronization

/// The Graph API's send endpoint, as little as the benchmark needs: every
/// `POST /v21.0/{phone-number-id}/messages` with the right token is answered like Meta does
/// and its arrival time recorded against the recipient (`to`). On request (`hold`) the next
/// reply to one recipient is held unanswered instead, as a stalled Graph API would.
final class FakeGraph: Sendable {
    private final class Recorder: Sendable {
        let received = Mutex<[String: [UInt64]]>([:])
        let rejected = Mutex<[String]>([])
        /// Recipients whose next reply is held; and when a held reply arrived, by recipient.
        let holding = Mutex<Set<String>>([])
        let held = Mutex<[String: UInt64]>([:])

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

    func replyCounts() -> [String: Int] { recorder.received.withLock { $0.mapValues(\.count) } }
    func totalReplies() -> Int { recorder.received.withLock { $0.values.reduce(0) { $0 + $1.count } } }
    func arrivals() -> [String: [UInt64]] { recorder.received.withLock { $0 } }

    func measuredReplies(since baseline: [String: Int]) -> Int {
        recorder.received.withLock { received in
            received.reduce(0) { $0 + $1.value.count - (baseline[$1.key] ?? 0) }
        }
    }
}
