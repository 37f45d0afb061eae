import FastagTestKit
import Testing

@testable import FastagBot

/// How media messages are read from the webhooks and kept in the inbox.
struct ChatMediaParsingTests {
    static func parsed(_ inbound: Inbound) throws -> ChatMessage.Content {
        let body = WhatsAppPayload.message(inbound, from: "919876543210", id: "wamid.IN1")
        return try #require(WhatsAppWebhook.parse(Array(body.jsonText.utf8))?.messages.first).content
    }

    @Test func whatsAppMediaIsReadWithItsTypeAndHowItWasSent() throws {
        #expect(
            try Self.parsed(.image("101")) == .image(ChatMedia(mediaID: "101", url: nil, mimeType: "image/jpeg")))
        #expect(
            try Self.parsed(.document("102", mimeType: "image/png", filename: "RC.png"))
                == .image(ChatMedia(mediaID: "102", url: nil, mimeType: "image/png", asDocument: true)))
        // A generic type speaks through the file's name.
        #expect(
            try Self.parsed(.document("103", mimeType: "application/octet-stream", filename: "scan.JPEG"))
                == .image(ChatMedia(mediaID: "103", url: nil, mimeType: "image/jpeg", asDocument: true)))
        let refused: [(Inbound, String)] = [
            (.document("104", mimeType: "application/pdf", filename: "RC.pdf"), "PDF document"),
            (.document("105", mimeType: "image/webp", filename: "RC.webp"), "WebP image"),
            (.document("106", mimeType: "image/gif", filename: "RC.gif"), "GIF image"),
            (.document("107", mimeType: "image/heif", filename: "RC.heif"), "HEIC image"),
            (.document("108", mimeType: "application/zip", filename: "RC.zip"), "document"),
            (.other("sticker"), "sticker"), (.other("video"), "video"), (.other("audio"), "audio"),
        ]
        for (inbound, kind) in refused {
            #expect(try Self.parsed(inbound) == .unsupported(kind: kind), "\(inbound)")
        }
    }

    @Test func inboxPayloadsStoredBeforeMediaTypesStillRead() throws {
        let old: JSONValue = ["kind": "image", "media_id": "555", "url": nil]
        let message = try #require(
            ChatMessage(channel: .whatsapp, messageID: "wamid.1", chatID: "919876543210", payload: old))
        #expect(message.content == .image(ChatMedia(mediaID: "555", url: nil)))
        #expect(message.payload == old, "a photo of unknown type is written as before")
        let interakt: JSONValue = ["kind": "image", "media_id": nil, "url": "https://cdn.example/1.jpg"]
        let fromInterakt = try #require(
            ChatMessage(channel: .interakt, messageID: "x", chatID: "919876543210", payload: interakt))
        #expect(fromInterakt.content == .image(ChatMedia(mediaID: nil, url: "https://cdn.example/1.jpg")))
    }

    @Test func aDocumentPhotoKeepsItsTypeInTheInbox() throws {
        let media = ChatMedia(mediaID: "9", url: nil, mimeType: "image/png", asDocument: true)
        let message = ChatMessage(
            channel: .whatsapp, messageID: "wamid.2", chatID: "919876543210", content: .image(media))
        let read = ChatMessage(
            channel: .whatsapp, messageID: "wamid.2", chatID: "919876543210", payload: message.payload)
        #expect(read?.content == .image(media))
    }

    @Test func sizesAndTypesAreJudgedBeforeTheBytes() {
        let photo = ChatMedia(mediaID: "1", url: nil)
        let document = ChatMedia(mediaID: "1", url: nil, asDocument: true)
        #expect(IncomingMedia.refusal(photo, mimeType: "image/jpeg", size: 5 * 1024 * 1024) == nil)
        #expect(
            IncomingMedia.refusal(photo, mimeType: "image/jpeg", size: 5 * 1024 * 1024 + 1) == "photo larger than 5 MB")
        #expect(IncomingMedia.refusal(document, mimeType: "Image/PNG; q=1", size: 25 * 1024 * 1024) == nil)
        #expect(
            IncomingMedia.refusal(document, mimeType: "image/png", size: 25 * 1024 * 1024 + 1)
                == "document larger than 25 MB")
        #expect(IncomingMedia.refusal(photo, mimeType: "image/webp", size: 10) == "WebP image")
        #expect(IncomingMedia.refusal(photo, mimeType: nil, size: nil) == nil, "unknown: judged by the bytes")
    }
}
