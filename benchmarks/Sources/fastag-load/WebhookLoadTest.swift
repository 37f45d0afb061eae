import Dispatch
import Foundation
import Synchronization

/// Signed WhatsApp webhooks from a fixed number of keep-alive connections, each sent as soon
/// as the previous one is acknowledged, against the bot with its WhatsApp channel pointed at
/// a fake Graph API inside this process. Measures webhooks acknowledged per second, the
/// acknowledgement latency, and the time from each acknowledgement to its reply reaching
/// the fake Graph API.
///
/// Every connection owns its own chats, so one chat's messages are sent one after another
/// and its replies arrive in the same order: the k-th reply of a chat answers its k-th
/// message.
final class WebhookLoadTest: @unchecked Sendable {
    struct Options {
        var connections = 64
        var chatsPerConnection = 16
        /// Webhooks per second across all connections; 0 sends each as soon as the last is answered.
        var rate = 0.0
    }

    static let appSecret = "load-app-secret-00000000000"
    static let accessToken = "load-graph-token-0000000000"
    static let phoneNumberID = "106540352242922"

    let botOptions: BotOptions
    let seconds: Double
    let options: Options
    private let graph = FakeGraph()
    private let stats = Mutex(Stats())

    private struct Stats {
        var ackLatencies: [Double] = []
        /// Per chat, when each of its measured messages was acknowledged.
        var ackTimes: [String: [UInt64]] = [:]
        var errors: [String] = []
        /// Sends that started more than a millisecond after their planned time.
        var late = 0
    }

    init(bot: BotOptions, seconds: Double, options: Options) {
        botOptions = bot
        self.seconds = seconds
        self.options = options
    }

    func run() async throws {
        try graph.start()
        let group = try BotGroup(
            botOptions,
            environment: [
                "WHATSAPP_API_URL": graph.apiURL,
                "WHATSAPP_ACCESS_TOKEN": Self.accessToken, "WHATSAPP_PHONE_NUMBER_ID": Self.phoneNumberID,
                "WHATSAPP_APP_SECRET": Self.appSecret, "WHATSAPP_VERIFY_TOKEN": "load-verify-token",
            ])
        defer { group.stop() }
        let bot = group.bots[0]
        bot.dropLog()
        let chats = (0..<options.connections).map { connection in
            (0..<options.chatsPerConnection).map { String(919_000_000_000 + connection * 1000 + $0) }
        }
        let allChats = chats.flatMap { $0 }
        print(
            "server on port \(bot.port), fake Graph API on \(graph.apiURL), \(options.connections) connections, "
                + "\(allChats.count) chats, synchronous=\(botOptions.synchronous)")

        // Warm-up: every chat says hello once and gets its greeting, so the measured
        // messages meet existing sessions, as most messages do.
        let warmupDeadline = DispatchTime.now().uptimeNanoseconds + 60_000_000_000
        runConnections(port: bot.port, chats: chats, until: warmupDeadline, rounds: 1, measure: false)
        try await waitForReplies(until: { self.graph.chatsAnswered(allChats) }, seconds: 60, what: "greetings")
        try await settle()
        let baseline = graph.replyCounts()

        let cpuBefore = bot.cpuSeconds
        let started = DispatchTime.now().uptimeNanoseconds
        let deadline = started + UInt64(seconds * 1e9)
        runConnections(port: bot.port, chats: chats, until: deadline, rounds: .max, measure: true)
        let finished = DispatchTime.now().uptimeNanoseconds
        let sent = stats.withLock { $0.ackTimes.values.reduce(0) { $0 + $1.count } }
        // Replies due together to one chat go as one message (the bot's TextMerge) when the
        // sender falls a chat's message interval behind: then fewer than `sent` arrive, and the
        // wait ends once none has arrived for two seconds.
        try await waitForReplies(
            until: { self.graph.measuredReplies(since: baseline) >= sent || self.graph.quietFor(seconds: 2) },
            seconds: 180, what: "replies")
        let drained = DispatchTime.now().uptimeNanoseconds
        let cpu = bot.cpuSeconds - cpuBefore
        try await settle()
        report(elapsed: Double(finished - started) / 1e9, drain: Double(drained - finished) / 1e9, baseline: baseline)
        print(
            String(
                format: "bot CPU: %.1f s, %.0f µs per webhook (acknowledged, answered and its reply sent)", cpu,
                cpu * 1e6 / Double(max(1, sent))))
        await graph.stop()
    }

    // MARK: - Sending

    /// One thread per connection, each sending its chats' messages round-robin until the
    /// deadline or `rounds` passes over its chats.
    private func runConnections(port: Int, chats: [[String]], until deadline: UInt64, rounds: Int, measure: Bool) {
        let group = DispatchGroup()
        for (connection, owned) in chats.enumerated() {
            group.enter()
            let thread = Thread { [self] in
                defer { group.leave() }
                let client = BlockingHTTPClient(port: port)
                // At a fixed rate every connection sends on its own schedule, offset from the others.
                let interval = measure && options.rate > 0 ? UInt64(1e9 * Double(chats.count) / options.rate) : 0
                var planned = DispatchTime.now().uptimeNanoseconds + interval * UInt64(connection) / UInt64(chats.count)
                var round = 0
                var serial = 0
                while round < rounds {
                    for chat in owned {
                        if interval > 0 {
                            let now = DispatchTime.now().uptimeNanoseconds
                            if planned > now {
                                usleep(UInt32((planned - now) / 1000))
                            } else if now - planned > 1_000_000 {
                                stats.withLock { $0.late += 1 }
                            }
                            planned += interval
                        }
                        guard DispatchTime.now().uptimeNanoseconds < deadline else { return }
                        serial += 1
                        let id = "wamid.LOAD\(measure ? "M" : "W")\(connection)x\(serial)"
                        let text = measure ? "hello \(serial)" : "hi"
                        send(client, chat: chat, id: id, text: text, measure: measure)
                    }
                    round += 1
                }
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
    }

    private func send(_ client: BlockingHTTPClient, chat: String, id: String, text: String, measure: Bool) {
        let body = Array(Self.payload(chat: chat, id: id, text: text).utf8)
        let signature = WebhookSignature.header(body: body, secret: Self.appSecret)
        let start = DispatchTime.now().uptimeNanoseconds
        do {
            let (status, answer) = try client.send(
                method: "POST", path: "/webhook",
                headers: [("Content-Type", "application/json"), ("X-Hub-Signature-256", signature)], body: body)
            let acknowledged = DispatchTime.now().uptimeNanoseconds
            guard status == 200 else {
                stats.withLock { $0.errors.append("HTTP \(status): \(String(decoding: answer, as: UTF8.self))") }
                return
            }
            guard measure else { return }
            stats.withLock { stats in
                stats.ackLatencies.append(Double(acknowledged - start) / 1e6)
                stats.ackTimes[chat, default: []].append(acknowledged)
            }
        } catch {
            stats.withLock { $0.errors.append("\(error)") }
        }
    }

    /// A WhatsApp Cloud API notification with one text message (whatsapp-cloud-api.md section 2).
    static func payload(chat: String, id: String, text: String) -> String {
        """
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages",\
        "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"919800000000",\
        "phone_number_id":"\(phoneNumberID)"},"contacts":[{"profile":{"name":"Field Agent"},"wa_id":"\(chat)"}],\
        "messages":[{"from":"\(chat)","id":"\(id)","timestamp":"\(Int(Date().timeIntervalSince1970))",\
        "type":"text","text":{"body":"\(text)"}}]}}]}]}
        """
    }

    // MARK: - Waiting

    private func waitForReplies(until done: () -> Bool, seconds: Double, what: String) async throws {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        while !done() {
            guard DispatchTime.now().uptimeNanoseconds < deadline else {
                throw BlockingHTTPClient.Failure(description: "the \(what) did not all arrive within \(seconds) s")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Waits until no reply has arrived for half a second (a message may be answered by
    /// more than one reply).
    private func settle() async throws {
        var last = graph.totalReplies()
        while true {
            try await Task.sleep(for: .milliseconds(500))
            let now = graph.totalReplies()
            if now == last { return }
            last = now
        }
    }

    // MARK: - Report

    private func report(elapsed: Double, drain: Double, baseline: [String: Int]) {
        let (latencies, ackTimes, errors, late) = stats.withLock {
            ($0.ackLatencies.sorted(), $0.ackTimes, $0.errors, $0.late)
        }
        let arrivals = graph.arrivals()
        var delays: [Double] = []
        var unmatched = 0
        var repliesPerMessage: Set<Int> = []
        for (chat, acks) in ackTimes {
            let replies = Array((arrivals[chat] ?? []).dropFirst(baseline[chat] ?? 0))
            guard !acks.isEmpty, replies.count % acks.count == 0 else {
                unmatched += acks.count
                continue
            }
            let perMessage = replies.count / acks.count
            repliesPerMessage.insert(perMessage)
            for (index, acknowledged) in acks.enumerated() {
                // The last reply a message caused is the one that completes its answer.
                let arrived = replies[index * perMessage + perMessage - 1]
                delays.append(Double(Int64(arrived) - Int64(acknowledged)) / 1e6)
            }
        }
        delays.sort()
        print(
            String(
                format: "%d webhooks acknowledged in %.1f s: %.0f/s at %d connections (%@)", latencies.count, elapsed,
                Double(latencies.count) / elapsed, options.connections,
                options.rate > 0 ? String(format: "paced at %.0f/s, %d sent late", options.rate, late) : "unpaced"))
        print("                          p50 ms    p99 ms    max ms")
        print(
            String(
                format: "acknowledgement      %9.2f %9.2f %9.2f", percentile(latencies, 0.5),
                percentile(latencies, 0.99),
                latencies.last ?? 0))
        print(
            String(
                format: "ack -> reply at Graph %8.2f %9.2f %9.2f", percentile(delays, 0.5), percentile(delays, 0.99),
                delays.last ?? 0))
        print(
            String(
                format: "replies per message: %@; backlog drained %.2f s after the last webhook",
                repliesPerMessage.sorted().map(String.init).joined(separator: ","), drain))
        if unmatched > 0 {
            print("\(unmatched) messages whose replies could not be matched (merged: the sender fell behind)")
        }
        if !errors.isEmpty { print("\(errors.count) webhooks failed; first: \(errors[0])") }
        print("read receipts with the typing indicator received: \(graph.readMarks)")
        let rejected = graph.rejected
        if !rejected.isEmpty { print("the fake Graph API rejected \(rejected.count) requests; first: \(rejected[0])") }
    }
}
