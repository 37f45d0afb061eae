import FastagTestKit
import Foundation
import TestKit
import Testing

@testable import FastagBot

/// Media as agents really send it (protocols/whatsapp-cloud-api.md 2.2, 6 and 11): stickers,
/// videos, voice notes, PDFs and WebP documents refused by name without a download; sizes
/// judged from the media lookup before the bytes; photos sent as documents (JPEG or PNG, up
/// to 25 MB) taken, the large ones converted to a JPEG within 5 MB before they are stored;
/// every download attempt through a fresh lookup, the fake's URLs serving once.
@Suite(.onBothBackends) struct ChatMediaTests {
    static let agentChat = "919876543210"
    static let script: AssignScript = {
        var script = AssignScript.sandbox()
        script.photos = (1...5).map { ImageFixtures.jpeg(bytes: 20_000, seed: UInt64(300 + $0)) }
        return script
    }()

    /// Logs the demo agent in and walks the assign flow to its first photo, RC Front.
    static func atRCFront(_ chat: ChatDriver, _ bed: ChatBed) async throws {
        try await chat.say(.text("Hi"), [.text(Copy.askAgentMobile)])
        try await chat.say(.text("98765 43210"), [.text(Copy.agentOTPSent)])
        let otp = try #require(bed.agentOTP, "no agent OTP in the log")
        try await chat.say(.text(otp), Outgoing.demoMenu())
        try await chat.walkToPhotos(script)
    }

    static func refusal(_ what: String, _ photo: String = "📄 RC Front", ask: String = Copy.askRCFront) -> [Outgoing] {
        [.text(Copy.notAPhoto(what, photo) + "\n\n" + ask)]
    }

    @Test func whatIsNotAPhotoIsRefusedByNameWithoutADownload() async throws {
        try await ChatBed.run { bed in
            let chat = bed.whatsApp(Self.agentChat)
            try await Self.atRCFront(chat, bed)
            try await chat.say(.other("sticker"), Self.refusal("a sticker"))
            try await chat.say(.other("video"), Self.refusal("a video"))
            try await chat.say(.other("audio"), Self.refusal("an audio message"))
            try await chat.say(
                .document("7100001", mimeType: "application/pdf", filename: "RC.pdf"), Self.refusal("a PDF document"))
            try await chat.say(
                .document("7100002", mimeType: "image/webp", filename: "RC.webp"), Self.refusal("a WebP image"))
            try await chat.say(
                .document("7100003", mimeType: "image/heic", filename: "IMG_1.HEIC"), Self.refusal("a HEIC image"))
            #expect(bed.graph.mediaRequests.isEmpty, "\(bed.graph.mediaRequests.map(\.path))")

            // Sizes come from the lookup: refused before the bytes are asked for.
            bed.graph.addMedia("7100004", ImageBytes.jpeg, fileSize: 6 * 1024 * 1024)
            try await chat.say(.image("7100004"), Self.refusal("a photo larger than 5 MB"))
            bed.graph.addMedia("7100005", ImageBytes.jpeg, fileSize: 26 * 1024 * 1024)
            try await chat.say(
                .document("7100005", mimeType: "image/jpeg", filename: "RC.jpg"),
                Self.refusal("a document larger than 25 MB"))
            // The lookup's type counts too (the webhook said JPEG, the file is WebP).
            bed.graph.addMedia("7100006", ImageBytes.jpeg, mimeType: "image/webp")
            try await chat.say(.image("7100006"), Self.refusal("a WebP image"))
            #expect(
                bed.graph.mediaRequests.map(\.path)
                    == ["7100004", "7100005", "7100006"].map { "/\(FakeGraphAPI.version)/\($0)" })
            #expect(try await bed.server.storedPhotos().isEmpty)
        }
    }

    @Test func aPNGSentAsADocumentIsKeptAsItCame() async throws {
        try await ChatBed.run { bed in
            let chat = bed.whatsApp(Self.agentChat)
            try await Self.atRCFront(chat, bed)
            let png = PNGFixtures.noise(bytes: 300_000, seed: 11)
            chat.addMedia("7200001", png)
            try await chat.say(
                .document("7200001", mimeType: "image/png", filename: "RC front.png"), [.text(Copy.askRCBack)])
            #expect(try await bed.server.storedPhotos() == [ImageBytes.sha256(png)])
            #expect(try await bed.server.storedPhoto(ImageBytes.sha256(png)) == png)
            // A document of a generic type named .jpg is judged by its name, then its bytes.
            let jpeg = ImageFixtures.jpeg(bytes: 30_000, seed: 12)
            chat.addMedia("7200002", jpeg, mimeType: "application/octet-stream")
            try await chat.say(
                .document("7200002", mimeType: "application/octet-stream", filename: "RC back.JPG"),
                [.text(Copy.askVehicleFront)])
        }
    }

    @Test func largePhotosSentAsDocumentsAreStoredAsJPEGsWithin5MB() async throws {
        let (png, jpeg) = try await offTheTaskThreads {
            (PNGFixtures.noise(bytes: 5_600_000, seed: 21), ImageFixtures.jpeg(bytes: 5_400_000, seed: 22))
        }
        try await ChatBed.run { bed in
            let chat = bed.whatsApp(Self.agentChat)
            try await Self.atRCFront(chat, bed)
            chat.addMedia("7300001", png)
            try await chat.say(.document("7300001", mimeType: "image/png", filename: "RC.png"), [.text(Copy.askRCBack)])
            chat.addMedia("7300002", jpeg)
            try await chat.say(
                .document("7300002", mimeType: "image/jpeg", filename: "RC.jpg"), [.text(Copy.askVehicleFront)])
            let stored = try await bed.server.storedPhotos()
            #expect(stored.count == 2)
            // Both converted: neither the PNG nor the large JPEG is kept as it came.
            for sha in stored {
                let bytes = try #require(try await bed.server.storedPhoto(sha))
                #expect(bytes.starts(with: [0xFF, 0xD8, 0xFF]), "stored as a JPEG")
                #expect(bytes.count <= 5 * 1024 * 1024, "\(bytes.count) bytes")
                #expect(UploadPhotoCheck.decodes(bytes))
            }
        }
    }

    @Test func aRetriedDownloadLooksTheMediaUpAgain() async throws {
        try await ChatBed.run { bed in
            let chat = bed.whatsApp(Self.agentChat)
            try await Self.atRCFront(chat, bed)
            chat.addMedia("7400001", ImageFixtures.jpeg(bytes: 20_000, seed: 31))
            bed.graph.failDownloads("7400001", .status(503))
            try await chat.say(.image("7400001"), [.text(Copy.askRCBack)])
            let requests = bed.graph.mediaRequests.map(\.path)
            let lookup = "/\(FakeGraphAPI.version)/7400001"
            let download = "/media/7400001"
            #expect(requests == [lookup, download, lookup, download])
            let tickets = bed.graph.downloads(of: "7400001").compactMap(\.ticket)
            #expect(tickets.count == 2 && Set(tickets).count == 2, "each attempt with its own URL: \(tickets)")
            // The fake reports a URL used twice (ChatBed checks there is no such problem).
        }
    }

    @Test func interaktMediaIsJudgedByItsHeaders() async throws {
        try await ChatBed.run { bed in
            let chat = bed.interakt(Self.agentChat)
            try await Self.atRCFront(chat, bed)
            chat.addMedia("7500001", Array("%PDF-1.4".utf8), mimeType: "application/pdf")
            try await chat.say(.document("7500001", mimeType: "", filename: ""), Self.refusal("a PDF document"))
            chat.addMedia("7500002", Array("RIFF....WEBPVP8 ".utf8), mimeType: "image/webp")
            try await chat.say(.image("7500002"), Self.refusal("a WebP image"))
            chat.addMedia("7500003", [0xFF, 0xD8, 0xFF] + [UInt8](repeating: 0, count: 6 * 1024 * 1024))
            try await chat.say(.image("7500003"), Self.refusal("a photo larger than 5 MB"))
            let png = PNGFixtures.noise(bytes: 100_000, seed: 41)
            chat.addMedia("7500004", png)
            try await chat.say(.document("7500004", mimeType: "", filename: ""), [.text(Copy.askRCBack)])
            #expect(try await bed.server.storedPhotos() == [ImageBytes.sha256(png)])
        }
    }
}

extension ChatDriver {
    /// Walks `script` from the menu up to its first photo, checking every reply, as
    /// `walk(_:mediaID:)` does.
    fileprivate func walkToPhotos(_ script: AssignScript) async throws {
        for turn in script.turns {
            let expected =
                turn.says.dropLast().map(Outgoing.text)
                + Outgoing.message(turn.says.last ?? "", options: turn.options)
            switch turn.answer {
            case .text(let text): try await say(.text(text), expected)
            case .pick(let title, _): _ = try await choose(title, expected)
            case .photo: return
            }
        }
    }
}

/// Whether bytes are a JPEG libjpeg decodes whole.
enum UploadPhotoCheck {
    static func decodes(_ bytes: [UInt8]) -> Bool {
        guard let image = try? ImageData(bytes) else { return false }
        return ImageCheck.isReadableNow(image)
    }
}
