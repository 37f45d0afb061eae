import Dispatch
import Foundation

/// How long a killed replica's chats take to move to another replica: two replicas on one
/// PostgreSQL database, their WhatsApp channel pointed at a fake Graph API in this process.
///
/// Each repetition greets a new chat. The fake Graph API holds that chat's first reply
/// unanswered, so the replica sending it keeps the chat's send lease (`send:whatsapp:<chat>`
/// in the `leases` table names it, with its pid). A second message to the chat is answered
/// meanwhile, and its reply waits in the outbox behind the held one. That replica is then
/// killed with SIGKILL: its lease stays until it expires (5 s after its last renewal), and
/// then the other replica sends the chat's waiting replies (the held one again, as a reply in
/// flight may go twice, then the rest, in order). Measured: from the kill to the first and
/// to the last of those replies reaching the fake Graph API. The kill comes at a random
/// moment within one renewal period after that, as a crash would. The second message goes to the
/// other replica in even repetitions (it is then already waiting for the lease) and to the
/// holder in odd ones (the other finds the chat by its periodic scan).
final class TakeoverTest: @unchecked Sendable {
    struct Options {
        var repetitions = 5
    }

    let botOptions: BotOptions
    let options: Options
    private let graph = FakeGraph()

    init(bot: BotOptions, options: Options) {
        botOptions = bot
        self.options = options
    }

    func run() async throws {
        guard botOptions.databaseURL != nil else { throw failure("takeover needs --database-url (PostgreSQL)") }
        var replicas = botOptions
        replicas.replicas = 2
        try graph.start()
        let group = try BotGroup(
            replicas,
            environment: [
                "WHATSAPP_API_URL": graph.apiURL,
                "WHATSAPP_ACCESS_TOKEN": WebhookLoadTest.accessToken,
                "WHATSAPP_PHONE_NUMBER_ID": WebhookLoadTest.phoneNumberID,
                "WHATSAPP_APP_SECRET": WebhookLoadTest.appSecret, "WHATSAPP_VERIFY_TOKEN": "load-verify-token",
            ])
        defer { group.stop() }
        guard let database = group.database else { throw failure("no PostgreSQL database") }
        for bot in group.bots { bot.dropLog() }
        print(
            "servers on ports \(group.ports.map(String.init).joined(separator: ", ")), \(group.databaseDescription), "
                + "fake Graph API on \(graph.apiURL)")

        var first: [Double] = []
        var last: [Double] = []
        for repetition in 0..<options.repetitions {
            let chat = String(919_500_000_000 + repetition)
            graph.hold(chat)
            try send(port: group.ports[repetition % 2], chat: chat, id: "wamid.TAKE\(repetition)a", text: "hi")
            try await waitUntil("the greeting's reply reached the fake Graph API") {
                self.graph.heldArrival(chat) != nil
            }

            let holderPID = try await value("the send lease of \(chat) was found") {
                try database.query(
                    "SELECT holder FROM leases WHERE name = 'send:whatsapp:\(chat)'"
                ).split(separator: "/").dropFirst().first.flatMap { pid_t($0) }
            }
            guard let holder = group.bots.firstIndex(where: { $0.pid == holderPID }) else {
                throw failure("lease holder pid \(holderPID) is not a replica of this run")
            }
            let via = repetition % 2 == 0 ? 1 - holder : holder
            try send(port: group.ports[via], chat: chat, id: "wamid.TAKE\(repetition)b", text: "hello")
            let pending = try await value("the second message was answered") { () -> Int? in
                let counts = try database.query(
                    """
                    SELECT (SELECT count(*) FROM inbox WHERE chat_id = '\(chat)' AND processed_at IS NULL),
                           (SELECT count(*) FROM outbox WHERE chat_id = '\(chat)' AND status = 'pending')
                    """
                ).trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|").compactMap { Int($0) }
                return counts.count == 2 && counts[0] == 0 && counts[1] >= 2 ? counts[1] : nil
            }
            let delivered = graph.replyCounts()[chat] ?? 0
            // A kill falls anywhere between two renewals of the lease (a third of its life).
            try await Task.sleep(for: .milliseconds(Int.random(in: 0..<1667)))

            let killed = DispatchTime.now().uptimeNanoseconds
            group.bots[holder].killNow()
            try await waitUntil("the other replica sent the waiting replies", seconds: 60) {
                (self.graph.replyCounts()[chat] ?? 0) >= delivered + pending
            }
            let arrivals = Array((graph.arrivals()[chat] ?? []).dropFirst(delivered))
            first.append(Double(arrivals[0] - killed) / 1e9)
            last.append(Double(arrivals[pending - 1] - killed) / 1e9)
            print(
                String(
                    format: "repetition %d: replica %d (pid %d) held the chat, second message via the %@, "
                        + "%d replies waiting; after the kill: first %.2f s, last %.2f s",
                    repetition + 1, holder + 1, holderPID, via == holder ? "holder" : "other replica", pending,
                    first.last!, last.last!))
            try group.restart(holder)
            group.bots[holder].dropLog()
        }
        print(
            String(
                format: "takeover over %d repetitions: last waiting reply median %.2f s, max %.2f s "
                    + "(first reply median %.2f s, max %.2f s)",
                last.count, median(last), last.max() ?? 0, median(first), first.max() ?? 0))
        await graph.stop()
    }

    private func send(port: Int, chat: String, id: String, text: String) throws {
        let body = Array(WebhookLoadTest.payload(chat: chat, id: id, text: text).utf8)
        let signature = WebhookSignature.header(body: body, secret: WebhookLoadTest.appSecret)
        let (status, answer) = try BlockingHTTPClient(port: port).send(
            method: "POST", path: "/webhook",
            headers: [("Content-Type", "application/json"), ("X-Hub-Signature-256", signature)], body: body)
        guard status == 200 else { throw failure("webhook: HTTP \(status) \(String(decoding: answer, as: UTF8.self))") }
    }

    private func waitUntil(_ what: String, seconds: Double = 20, _ done: () -> Bool) async throws {
        _ = try await value(what, seconds: seconds) { done() ? true : nil }
    }

    /// Polls `probe` every 20 ms until it gives a value.
    private func value<T>(_ what: String, seconds: Double = 20, _ probe: () throws -> T?) async throws -> T {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        while true {
            if let value = try probe() { return value }
            guard DispatchTime.now().uptimeNanoseconds < deadline else {
                throw failure("waited \(seconds) s, but not until \(what)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    private func failure(_ text: String) -> BlockingHTTPClient.Failure {
        BlockingHTTPClient.Failure(description: text)
    }
}
