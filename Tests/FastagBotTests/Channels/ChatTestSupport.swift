import FastagBot
import Foundation
import SQLite
import Testing

/// A sandbox server with both chat channels pointed at fakes on loopback.
struct ChatBed: Sendable {
    let server: TestServer
    let graph: FakeGraphAPI
    let interakt: FakeInterakt

    static func run(
        time: any TimeSource = SystemTime(), _ configure: (inout Settings) -> Void = { _ in },
        _ body: (ChatBed) async throws -> Void
    ) async throws {
        let graph = try FakeGraphAPI()
        let interakt = try FakeInterakt()
        let server: TestServer
        do {
            server = try TestServer(time: time) { settings in
                settings.useWhatsApp(graph)
                settings.useInterakt(interakt)
                configure(&settings)
            }
        } catch {
            await graph.stop()
            await interakt.stop()
            throw error
        }
        let bed = ChatBed(server: server, graph: graph, interakt: interakt)
        do {
            try await body(bed)
        } catch {
            await bed.stop()
            throw error
        }
        await bed.stop()
        #expect(graph.problems == [], "Graph API contract")
        #expect(interakt.problems == [], "Interakt contract")
    }

    func stop() async {
        await server.stop()
        await graph.stop()
        await interakt.stop()
    }

    func whatsApp(_ chat: String) -> ChatDriver { ChatDriver(.whatsapp(graph), chat: chat, baseURL: server.baseURL) }
    func interakt(_ chat: String) -> ChatDriver { ChatDriver(.interakt(interakt), chat: chat, baseURL: server.baseURL) }

    /// The last agent OTP the sandbox wrote to the log.
    var agentOTP: String? { StepDriver.sandboxOTP(in: server.logs.lines.joined(separator: "\n")) }
}

/// One outbox row as stored.
struct OutboxRow: Sendable {
    let id: Int64
    let channel: String
    let chatID: String
    let status: String
    let attempts: Int
    let lastError: String?
    let providerMessageID: String?
    let inboxID: Int64?
}

/// One inbox row as stored.
struct InboxRow: Sendable {
    let id: Int64
    let channel: String
    let providerMessageID: String
    let chatID: String
    let processed: Bool
    let attempts: Int
    let lastError: String?
}

extension Storage {
    func outboxRows(chat: String? = nil) async throws -> [OutboxRow] {
        try await pool.read { db in
            try db.query(
                """
                SELECT id, channel, chat_id, status, attempts, last_error, provider_message_id, inbox_id FROM outbox
                WHERE ?1 IS NULL OR chat_id = ?1 ORDER BY id
                """, [chat]
            ).map { row in
                OutboxRow(
                    id: try row.get("id"), channel: try row.get("channel"), chatID: try row.get("chat_id"),
                    status: try row.get("status"), attempts: try row.get("attempts"),
                    lastError: try row.get("last_error"), providerMessageID: try row.get("provider_message_id"),
                    inboxID: try row.get("inbox_id"))
            }
        }
    }

    func inboxRows(chat: String? = nil) async throws -> [InboxRow] {
        try await pool.read { db in
            try db.query(
                """
                SELECT id, channel, provider_message_id, chat_id, processed_at, attempts, last_error FROM inbox
                WHERE ?1 IS NULL OR chat_id = ?1 ORDER BY id
                """, [chat]
            ).map { row in
                InboxRow(
                    id: try row.get("id"), channel: try row.get("channel"),
                    providerMessageID: try row.get("provider_message_id"), chatID: try row.get("chat_id"),
                    processed: (try row.get("processed_at", as: Int64?.self)) != nil,
                    attempts: try row.get("attempts"), lastError: try row.get("last_error"))
            }
        }
    }
}

extension TestServer {
    /// A gauge or counter from `/metrics` (the sum over its label sets).
    func metric(_ name: String) async throws -> Double? {
        let text = try await get("/metrics").text
        return Self.metric(name, in: text)
    }

    /// Whether a counter reaches `value` (counters move just after the rows they count).
    func metric(_ name: String, reaches value: Double, seconds: Double = 10) async throws -> Bool {
        try await eventually(seconds) { try await metric(name) == value }
    }

    static func metric(_ name: String, in text: String) -> Double? {
        let values = text.split(separator: "\n").filter { $0.hasPrefix(name + " ") || $0.hasPrefix(name + "{") }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
        return values.isEmpty ? nil : values.reduce(0, +)
    }

    /// Waits until every chat message is answered and every reply sent or given up.
    func waitUntilChatsSettle(seconds: Double = 30) async throws -> Bool {
        try await eventually(seconds) {
            try app.storage.inbox.backlog() == 0 && app.storage.outbox.backlog() == 0
        }
    }
}

/// The sandbox's answers and option ids, for the chat flows.
enum ChatCopy {
    static let askAgentMobile = "Please enter your registered mobile number to continue."
    static let menuOptions = [
        (id: "menu_assign", title: "Assign a FASTag"), (id: "menu_replace", title: "Replace a FASTag"),
    ]
    static let idOptions = [
        (id: "id_pan", title: "PAN"), (id: "id_passport", title: "Passport"), (id: "id_dl", title: "Driving License"),
        (id: "id_voter", title: "Voter Id"),
    ]
    static let confirmOptions = [(id: "confirm_yes", title: "Yes"), (id: "confirm_no", title: "No")]

    /// The sandbox's plans today, with their option ids.
    static var planOptions: [(id: String, title: String)] {
        StepAPITests.sandboxPlans.map { name in
            (id: "plan_" + (name.split(separator: " ").first { Int($0) != nil } ?? ""), title: name)
        }
    }

    static func numberedOptions(_ field: String, _ titles: [String]) -> [(id: String, title: String)] {
        titles.enumerated().map { (id: "\(field)_\($0.offset + 1)", title: $0.element) }
    }

    static func menu(wallet: String = "₹5,000", fastags: Int = 10) -> [Outgoing] {
        Outgoing.message(Copy.menu("Demo Agent", wallet: wallet, fastags: fastags), options: menuOptions)
    }

    static func unsupported(_ kind: String, then question: String) -> [Outgoing] {
        [.text("Sorry, I can't read \(kind) message. Please reply with text, a button or a photo.\n\n" + question)]
    }
}
