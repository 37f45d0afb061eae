import FastagBot
import FastagTestKit
import Foundation
import SQLite
import TestKit
import Testing

/// `RETENTION_DAYS`: what is older than the period goes (answered chat messages, replies
/// sent or given up, photos and customer details of finished sessions); what is newer,
/// unfinished or still to be done stays. The clock is the application's own, moved by hand.
@Suite(.onBothBackends) struct RetentionTests {
    static let customer: JSONValue = [
        "first_name": "Asha", "last_name": "Rao", "dob": "1990-03-05", "id_type": "pan", "id_number": "ABCDE1234F",
        "user_mobile": "9876501234", "vehicle_number": "MH12AB1234", "plan": "500",
    ]
    static let withoutCustomer: JSONValue = ["id_type": "pan", "vehicle_number": "MH12AB1234", "plan": "500"]

    /// A session with the customer's details and photos, completed or left open.
    static func session(photos: [(String, UInt64)], completed: Bool, on server: TestServer) async throws -> JSONValue {
        let session = try await server.session(["data": customer])
        for (kind, seed) in photos {
            _ = try await PrivateFilesTests.upload(PrivateFilesTests.photo(seed), kind, to: session, on: server)
        }
        if completed { _ = try await server.json(200, "POST", "/sessions/\(session.id)/complete") }
        return session
    }

    /// The photos kept (files or rows, `storedPhotos`).
    static func files(_ server: TestServer) async throws -> Set<String> {
        try await server.storedPhotos()
    }

    /// The chats whose 24-hour window is kept.
    static func windows(_ storage: Storage) async throws -> [String] {
        try await storage.pool.read { db in
            try db.query("SELECT chat_id FROM chat_windows ORDER BY chat_id").map { try $0.get("chat_id") }
        }
    }

    static func photoFile(_ seed: UInt64) -> String {
        ImageBytes.sha256(PrivateFilesTests.photo(seed))
    }

    @Test func pruningRemovesWhatIsOlderThanThePeriodAndKeepsTheRest() async throws {
        let clock = ManualTime()
        try await ChatBed.run(time: clock) { bed in
            let server = bed.server
            let storage = server.app.storage
            #expect(server.app.retention.days == 30)
            #expect(await Self.waitForTheRunAtStart(server))

            // Day 0: a chat answered, one session finished and one still open.
            let oldChat = bed.whatsApp("919800000001")
            try await oldChat.send(.text("Hi"))
            try await oldChat.expect([.text(Copy.askAgentMobile)])
            #expect(try await server.waitUntilChatsSettle())
            let finished = try await Self.session(
                photos: [("rc_front", 11), ("rc_back", 12)], completed: true, on: server)
            let open = try await Self.session(photos: [("rc_front", 12)], completed: false, on: server)
            let oldInbox = try await storage.inboxRows(chat: oldChat.chat)
            let oldOutbox = try await storage.outboxRows(chat: oldChat.chat)
            #expect(oldInbox.count == 1 && oldOutbox.map(\.status) == ["sent"])

            // 31 days later: another chat, another finished session.
            clock.advance(seconds: 31 * 86_400)
            let newChat = bed.whatsApp("919800000002")
            try await newChat.send(.text("Hi"))
            try await newChat.expect([.text(Copy.askAgentMobile)])
            #expect(try await server.waitUntilChatsSettle())
            let recent = try await Self.session(photos: [("rc_front", 13)], completed: true, on: server)

            // What the running pipeline never leaves lying: day-0 work not done yet, and a
            // reply given up on day 0.
            await server.app.pipeline.stop()
            let day0 = clock.nowMilliseconds() - 31 * 86_400_000
            try await storage.pool.write { db in
                try db.run(
                    """
                    INSERT INTO inbox (channel, provider_message_id, chat_id, payload, received_at)
                    VALUES ('whatsapp', 'unanswered', '919800000003', '{}', ?)
                    """, day0)
                for status in ["pending", "failed"] {
                    try db.run(
                        """
                        INSERT INTO outbox (channel, chat_id, payload, status, next_attempt_at, created_at, updated_at)
                        VALUES ('whatsapp', '919800000003', '{}', ?, ?, ?, ?)
                        """, status, day0, day0, day0)
                }
            }
            let filesBefore = try await Self.files(server)

            let report = try await server.app.retention.prune()

            let inbox = try await storage.inboxRows()
            #expect(Set(inbox.map(\.chatID)) == [newChat.chat, "919800000003"])
            #expect(!inbox.contains { oldInbox.map(\.id).contains($0.id) })
            let outbox = try await storage.outboxRows()
            #expect(outbox.filter { $0.chatID == newChat.chat }.map(\.status) == ["sent"])
            #expect(outbox.filter { $0.chatID == "919800000003" }.map(\.status) == ["pending"])
            #expect(outbox.count == 2)

            // The finished session's photos went, but not the one the open session shares.
            #expect(try await storage.documents.list(sessionID: finished.id).isEmpty)
            #expect(try await storage.documents.list(sessionID: open.id).count == 1)
            #expect(try await storage.documents.list(sessionID: recent.id).count == 1)
            #expect(try await Self.files(server) == filesBefore.subtracting([Self.photoFile(11)]))
            #expect(try await Self.files(server) == [Self.photoFile(12), Self.photoFile(13)])

            // The finished session stays as a record, without the customer.
            #expect(try await server.fetch("/sessions/\(finished.id)")["data"] == Self.withoutCustomer)
            #expect(try await server.fetch("/sessions/\(finished.id)")["status"] == "completed")
            #expect(try await server.fetch("/sessions/\(open.id)")["data"] == Self.customer)
            #expect(try await server.fetch("/sessions/\(recent.id)")["data"] == Self.customer)

            var expected = Retention.Report()
            expected.inboxMessages = 1
            expected.outboxReplies = 2
            expected.photos = 2
            expected.photoFiles = 1
            expected.sessionsCleared = 1
            expected.chatWindows = 1
            #expect(report == expected)
            #expect(try await Self.windows(storage) == [newChat.chat])
            #expect(try await server.app.retention.prune().total == 0)

            // Once the recent things are old too, they go as well; open work never does.
            clock.advance(seconds: 31 * 86_400)
            let later = try await server.app.retention.prune()
            #expect(later.inboxMessages == 1 && later.outboxReplies == 1 && later.photos == 1)
            #expect(later.chatWindows == 1)
            #expect(try await Self.windows(storage).isEmpty)
            #expect(try await server.fetch("/sessions/\(recent.id)")["data"] == Self.withoutCustomer)
            #expect(try await storage.inboxRows().map(\.chatID) == ["919800000003"])
            #expect(try await storage.outboxRows().map(\.status) == ["pending"])
            #expect(try await Self.files(server) == [Self.photoFile(12)])
        }
    }

    @Test func zeroDaysKeepsEverything() async throws {
        let clock = ManualTime()
        try await withServer(over: .loopback, time: clock, { $0.retentionDays = 0 }) { server in
            #expect(await Self.waitForTheRunAtStart(server))
            let finished = try await Self.session(photos: [("rc_front", 21)], completed: true, on: server)
            clock.advance(seconds: 3650 * 86_400)
            #expect(try await server.app.retention.prune().total == 0)
            #expect(try await server.fetch("/sessions/\(finished.id)")["data"] == Self.customer)
            #expect(try await Self.files(server) == [Self.photoFile(21)])
        }
    }

    /// Photos no row has (sessions deleted by earlier versions, a crash between a file and
    /// its row) go at the next run; the others stay.
    @Test func photoFilesNoRowHasAreRemoved() async throws {
        try await withServer(over: .loopback) { server in
            #expect(await Self.waitForTheRunAtStart(server))
            let session = try await Self.session(photos: [("rc_front", 31)], completed: false, on: server)
            let orphan = Self.photoFile(32)
            switch server.database.backend {
            case .sqlite:
                let directory = server.documentsDirectory
                let leftovers = [orphan + ".jpg", Self.photoFile(33) + ".jpg.tmp-\(UUID().uuidString)", "notes.txt"]
                for name in leftovers {
                    #expect(FileManager.default.createFile(atPath: "\(directory)/\(name)", contents: Data([1, 2, 3])))
                }
                let report = try await server.app.retention.prune()
                #expect(report.photoFiles == 2)
                #expect(try await Self.files(server) == [Self.photoFile(31), "notes.txt"])
            case .postgres:
                try await server.app.storage.pool.write { db in
                    try db.run(
                        "INSERT INTO document_photos (sha256, bytes, created_at) VALUES (?, ?, 0)", orphan,
                        [UInt8]([1, 2, 3]))
                }
                let report = try await server.app.retention.prune()
                #expect(report.photoFiles == 1)
                #expect(try await Self.files(server) == [Self.photoFile(31)])
            }
            #expect(try await server.app.storage.documents.list(sessionID: session.id).count == 1)
        }
    }

    @Test func theSettingIsReadCheckedAndShownByCheckConfig() async throws {
        let scratch = try AgentCommandTests.Scratch()
        for (text, days) in [("0", 0), ("7", 7), ("90", 90), ("3650", 3650)] {
            let loaded = try SettingsLoader.load(
                environment: ["RETENTION_DAYS": text], arguments: [], workingDirectory: scratch.directory)
            #expect(loaded.settings.retentionDays == days)
        }
        for text in ["1", "6", "-1", "3651", "30d"] {
            #expect(throws: SettingsLoader.Failure.self, "\(text)") {
                try SettingsLoader.load(
                    environment: ["RETENTION_DAYS": text], arguments: [], workingDirectory: scratch.directory)
            }
        }
        let (status, output) = try await scratch.run(["check-config"])
        #expect(status == 0)
        #expect(output.contains("RETENTION_DAYS=30 [default]"), "\(output)")
    }

    /// Waits for the run the application makes at start, so that it cannot take part in
    /// what a test's own run counts.
    static func waitForTheRunAtStart(_ server: TestServer) async -> Bool {
        await eventually { server.logs.lines.contains { $0.contains("retention: removed") } }
    }
}
