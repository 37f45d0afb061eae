import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// An agent who picks all the document photos at once: they arrive as separate image
/// messages (one webhook each or several in one, not always in order), and the bot answers
/// the burst once, the photos in their slots in the order they were sent.
@Suite(.onBothBackends) struct ChatAlbumTests {
    static let agentChat = "919876543210"
    static let photos = (1...5).map { ImageFixtures.jpeg(bytes: 20_000, seed: UInt64(300 + $0)) }
    static let script: AssignScript = {
        var script = AssignScript.sandbox()
        script.tagPhoto = true
        script.photos = photos
        return script
    }()
    static let unreadable =
        "📄 RC Back: That photo could not be read: it is damaged or not a whole image. "
        + "Please send a photo (JPEG or PNG, up to 5 MB)."

    /// A bed whose bursts are photos received within 3 s of each other: ample on a loopback.
    static func run(_ body: (ChatBed) async throws -> Void) async throws {
        try await ChatBed.run({ $0.chatAlbumWindow = .seconds(3) }, body)
    }

    /// Logs the demo agent in and walks the assign flow to the first photo's question.
    static func toPhotos(_ chat: ChatDriver, _ bed: ChatBed) async throws {
        try await chat.say(.text("Hi"), [.text(Copy.askAgentMobile)])
        try await chat.say(.text("98765 43210"), [.text(Copy.agentOTPSent)])
        let otp = try #require(bed.agentOTP, "no agent OTP in the log")
        try await chat.say(.text(otp), Outgoing.demoMenu())
        _ = try await chat.walk(script, until: "doc_rc_front") { "photo-\($0 + 1)" }
    }

    /// The kinds of the stored photos and which of `photos` each is (its index), by SHA-256.
    static func storedDocuments(_ bed: ChatBed) async throws -> [String: Int] {
        let rows = try await bed.server.app.storage.pool.read { db in
            try db.query("SELECT kind, sha256 FROM documents").map {
                (try $0.get(0, as: String.self), try $0.get(1, as: String.self))
            }
        }
        let hashes = photos.map(ImageBytes.sha256)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.0, hashes.firstIndex(of: $0.1) ?? -1) })
    }

    /// Nothing more is sent, and every message was answered.
    static func expectSettled(_ chat: ChatDriver, _ bed: ChatBed, sourceLocation: SourceLocation = #_sourceLocation)
        async throws
    {
        #expect(try await bed.server.waitUntilChatsSettle(), sourceLocation: sourceLocation)
        #expect(chat.delivered.count == chat.seen, "\(chat.delivered.map(\.jsonText))", sourceLocation: sourceLocation)
    }

    @Test func fiveWhatsAppPhotosAreAnsweredOnceInTheirSlots() async throws {
        try await Self.run { bed in
            let chat = bed.whatsApp(Self.agentChat)
            try await Self.toPhotos(chat, bed)
            // Sent a second apart (WhatsApp's timestamps); the first two in one webhook, the
            // fourth's webhook before the third's.
            let sent = Int(Date().timeIntervalSince1970)
            let item = { (index: Int) in
                WhatsAppPayload.item(
                    .image("photo-\(index + 1)"), from: Self.agentChat, id: chat.nextMessageID(),
                    timestamp: sent + index)
            }
            let both = try await chat.post(
                WhatsAppPayload.notification(messages: [item(0), item(1)], contact: chat.chat))
            #expect(both.status == 200)
            for index in [3, 2, 4] {
                let answer = try await chat.post(
                    WhatsAppPayload.notification(messages: [item(index)], contact: chat.chat))
                #expect(answer.status == 200)
            }
            try await chat.expect([.text("✅ 5 of 5 photos received\n\n" + Copy.askSerial)])
            try await Self.expectSettled(chat, bed)
            #expect(
                try await Self.storedDocuments(bed)
                    == ["rc_front": 0, "rc_back": 1, "vehicle_front": 2, "vehicle_side": 3, "tag_fixed": 4])
            let inbox = try await bed.server.app.storage.inboxRows(chat: Self.agentChat)
            #expect(inbox.count > 5 && inbox.allSatisfy { $0.processed })
            // The flow goes on from the serial number.
            try await chat.say(
                .text(Self.script.serial),
                Outgoing.message(
                    Copy.askBarcode([Self.script.barcode]),
                    options: [
                        Option(id: "barcode_1", title: Self.script.barcode)
                    ]))
        }
    }

    @Test func threeInteraktPhotosNameTheMissingOneThenOneIsAnsweredAlone() async throws {
        try await Self.run { bed in
            let chat = bed.interakt(Self.agentChat)
            try await Self.toPhotos(chat, bed)
            for index in 1...3 { try await chat.send(.image("photo-\(index)")) }
            try await chat.expect([.text("✅ 3 of 5 photos received, now send 📸 Vehicle Side")])
            try await Self.expectSettled(chat, bed)
            #expect(try await Self.storedDocuments(bed) == ["rc_front": 0, "rc_back": 1, "vehicle_front": 2])
            // A photo alone is answered as ever: the next photo's question.
            try await chat.say(.image("photo-4"), Outgoing.message(Copy.askTagFixed, options: Copy.skipOptions))
            try await Self.expectSettled(chat, bed)
        }
    }

    @Test func aSinglePhotoIsAnsweredAlone() async throws {
        try await Self.run { bed in
            let chat = bed.whatsApp(Self.agentChat)
            try await Self.toPhotos(chat, bed)
            try await chat.say(.image("photo-1"), [.text(Copy.askRCBack)])
            try await Self.expectSettled(chat, bed)
            #expect(try await Self.storedDocuments(bed) == ["rc_front": 0])
        }
    }

    @Test func anUnreadablePhotoOfABurstIsNamedAndItsSlotAskedAgain() async throws {
        try await Self.run { bed in
            let chat = bed.whatsApp(Self.agentChat)
            try await Self.toPhotos(chat, bed)
            let damaged = Array(Self.photos[1].dropLast(40))
            chat.addMedia("damaged", damaged)
            let ids = ["photo-1", "damaged", "photo-3", "photo-4", "photo-5"]
            let sent = Int(Date().timeIntervalSince1970)
            let items = ids.enumerated().map { index, id in
                WhatsAppPayload.item(
                    .image(id), from: Self.agentChat, id: chat.nextMessageID(), timestamp: sent + index)
            }
            #expect(
                try await chat.post(WhatsAppPayload.notification(messages: items, contact: chat.chat)).status == 200)
            try await chat.expect([.text(Self.unreadable + "\n\n✅ 4 of 5 photos received, now send 📄 RC Back")])
            try await Self.expectSettled(chat, bed)
            #expect(
                try await Self.storedDocuments(bed)
                    == ["rc_front": 0, "vehicle_front": 2, "vehicle_side": 3, "tag_fixed": 4])
            // The missing one alone completes the set.
            try await chat.say(.image("photo-2"), [.text(Copy.askSerial)])
            #expect(try await Self.storedDocuments(bed).count == 5)
        }
    }
}
