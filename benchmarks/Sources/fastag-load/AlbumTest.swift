import Dispatch
import Foundation

/// Document photos sent as WhatsApp sends an album: the demo agent (logged in by its number,
/// `AGENT_LOGIN=whatsapp`) walks the assign dialogue to the photos over signed webhooks, then
/// sends its photos back to back, one webhook each, and the time is measured from the first
/// webhook to the first reply reaching the fake Graph API; the replies that follow within a
/// few seconds are counted (the bot should answer an album once). Each repetition measures an
/// album of all the photos and, as the reference, a single photo; `menu` ends the flow.
final class AlbumTest: @unchecked Sendable {
    struct Options {
        var repetitions = 5
        var photos = 5
        var imageKB = 150
    }

    static let chat = "919876543210"

    let botOptions: BotOptions
    let options: Options
    private let graph = FakeGraph()
    private var serial = 0
    private var mediaSerial = 0

    init(bot: BotOptions, options: Options) {
        botOptions = bot
        self.options = options
    }

    func run() async throws {
        try graph.start()
        let group = try BotGroup(
            botOptions,
            environment: [
                "WHATSAPP_API_URL": graph.apiURL,
                "WHATSAPP_ACCESS_TOKEN": WebhookLoadTest.accessToken,
                "WHATSAPP_PHONE_NUMBER_ID": WebhookLoadTest.phoneNumberID,
                "WHATSAPP_APP_SECRET": WebhookLoadTest.appSecret, "WHATSAPP_VERIFY_TOKEN": "load-verify-token",
                "AGENT_LOGIN": "whatsapp",
            ])
        defer { group.stop() }
        let bot = group.bots[0]
        bot.dropLog()
        let client = BlockingHTTPClient(port: bot.port)
        let image = JPEGSized(kilobytes: options.imageKB)
        print("server on port \(bot.port), fake Graph API on \(graph.apiURL), \(options.imageKB) KB photos")

        var albums: [(first: Double, replies: Int)] = []
        var singles: [(first: Double, replies: Int)] = []
        for repetition in 0..<options.repetitions {
            for count in [options.photos, 1] {
                try await walkToPhotos(client, vehicle: "MH12AB\(2000 + repetition * 2 + (count == 1 ? 1 : 0))")
                let result = try await sendPhotos(client, count: count, image: image)
                if count == 1 { singles.append(result) } else { albums.append(result) }
                print(
                    String(
                        format:
                            "repetition %d: %d photo(s): first reply %.0f ms after the first webhook, %d reply(ies)",
                        repetition + 1, count, result.first, result.replies))
                try await say(client, "menu")
            }
        }
        let median = { (values: [Double]) in values.sorted()[values.count / 2] }
        let albumMedian = median(albums.map(\.first))
        let singleMedian = median(singles.map(\.first))
        print(
            String(
                format: "median: album of %d → first reply %.0f ms (replies: %@); single photo → %.0f ms; ratio %.2f",
                options.photos, albumMedian,
                Set(albums.map(\.replies)).sorted().map(String.init).joined(separator: ","),
                singleMedian, albumMedian / singleMedian))
        print("read receipts received: \(graph.readMarks)")
        let rejected = graph.rejected
        if !rejected.isEmpty { print("the fake Graph API rejected \(rejected.count) requests; first: \(rejected[0])") }
        await graph.stop()
    }

    /// From wherever the chat is to the first document photo (sandbox answers).
    private func walkToPhotos(_ client: BlockingHTTPClient, vehicle: String) async throws {
        for text in [
            "menu", "1", vehicle, "K4321", "9123456780", "123456", "Asha", "Patil", "05-03-1990", "2", "K1234567",
            "31-12-2035", "1",
        ] {
            try await say(client, text)
        }
    }

    /// Sends `text` and waits for its answer (all of it: until the replies pause).
    private func say(_ client: BlockingHTTPClient, _ text: String) async throws {
        let before = graph.replyCounts()[Self.chat] ?? 0
        serial += 1
        try post(client, WebhookLoadTest.payload(chat: Self.chat, id: "wamid.ALBUM\(serial)", text: text))
        try await waitForReply(after: before)
        try await settle(milliseconds: 300)
    }

    /// Sends `count` photos, one webhook each, back to back; returns the milliseconds from the
    /// first webhook to the first reply, and the replies that came within 3 s of the last.
    private func sendPhotos(_ client: BlockingHTTPClient, count: Int, image: JPEGSized) async throws
        -> (first: Double, replies: Int)
    {
        let before = graph.replyCounts()[Self.chat] ?? 0
        var ids: [String] = []
        for _ in 0..<count {
            mediaSerial += 1
            let id = "\(880_000_000 + mediaSerial)"
            graph.addMedia(id, Array(Data(base64Encoded: image.next()) ?? Data()))
            ids.append(id)
        }
        let started = DispatchTime.now().uptimeNanoseconds
        for id in ids {
            serial += 1
            try post(client, Self.imagePayload(chat: Self.chat, id: "wamid.ALBUM\(serial)", mediaID: id))
        }
        try await waitForReply(after: before)
        let first = graph.arrivals()[Self.chat]?[before] ?? started
        try await Task.sleep(for: .seconds(3))
        try await settle(milliseconds: 300)
        let replies = (graph.replyCounts()[Self.chat] ?? 0) - before
        return (Double(first - started) / 1e6, replies)
    }

    private func post(_ client: BlockingHTTPClient, _ payload: String) throws {
        let body = Array(payload.utf8)
        let (status, answer) = try client.send(
            method: "POST", path: "/webhook",
            headers: [
                ("Content-Type", "application/json"),
                ("X-Hub-Signature-256", WebhookSignature.header(body: body, secret: WebhookLoadTest.appSecret)),
            ], body: body)
        guard status == 200 else {
            throw BlockingHTTPClient.Failure(
                description: "webhook: HTTP \(status) \(String(decoding: answer, as: UTF8.self))")
        }
    }

    private func waitForReply(after count: Int) async throws {
        let deadline = DispatchTime.now().uptimeNanoseconds + 30_000_000_000
        while (graph.replyCounts()[Self.chat] ?? 0) <= count {
            guard DispatchTime.now().uptimeNanoseconds < deadline else {
                throw BlockingHTTPClient.Failure(description: "no reply within 30 s")
            }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    private func settle(milliseconds: Int) async throws {
        var last = graph.totalReplies()
        while true {
            try await Task.sleep(for: .milliseconds(milliseconds))
            let now = graph.totalReplies()
            if now == last { return }
            last = now
        }
    }

    /// A notification with one image message (whatsapp-cloud-api.md sections 2 and 9).
    static func imagePayload(chat: String, id: String, mediaID: String) -> String {
        """
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages",\
        "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"919800000000",\
        "phone_number_id":"\(WebhookLoadTest.phoneNumberID)"},"contacts":[{"profile":{"name":"Field Agent"},\
        "wa_id":"\(chat)"}],"messages":[{"from":"\(chat)","id":"\(id)","timestamp":"\(Int(Date().timeIntervalSince1970))",\
        "type":"image","image":{"mime_type":"image/jpeg","sha256":"","id":"\(mediaID)"}}]}}]}]}
        """
    }
}
