import FastagTestKit
import Testing

@testable import FastagBot

/// `answerPhotos`: the photos of one burst fill the empty slots in order, and one reply
/// (marking every photo answered) says how many are in, which were refused, and what is next.
@Suite("Engine: a burst of document photos")
struct EnginePhotoBurstTests {
    static let damaged = Array(ImageBytes.jpeg.dropLast(40))
    static let unreadable =
        ": That photo could not be read: it is damaged or not a whole image. "
        + "Please send a photo (JPEG or PNG, up to 5 MB)."
    static let withoutSide: [Document.Kind] = [.rcFront, .rcBack, .vehicleFront, .tagFixed]

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// True: a good photo; false: a damaged one.
        var photos: [Bool]
        var kinds = Document.Kind.allCases
        var used: Int
        var text: String
        var options: [Option] = []
        /// The kinds stored afterwards.
        var stored: Set<Document.Kind>
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "five of five", photos: [true, true, true, true, true], used: 5,
            text: "✅ 5 of 5 photos received\n\n" + Copy.askSerial, stored: Set(Document.Kind.allCases)),
        Case(
            name: "three of five", photos: [true, true, true], used: 3,
            text: "✅ 3 of 5 photos received, now send 📸 Vehicle Side", stored: [.rcFront, .rcBack, .vehicleFront]),
        Case(
            name: "four of five: the fixed tag's may be skipped", photos: [true, true, true, true], used: 4,
            text: "✅ 4 of 5 photos received, now send 📸 Tag Fixed (If available)", options: Copy.skipOptions,
            stored: [.rcFront, .rcBack, .vehicleFront, .vehicleSide]),
        Case(
            name: "the second unreadable", photos: [true, false, true, true, true], used: 5,
            text: "📄 RC Back" + unreadable + "\n\n✅ 4 of 5 photos received, now send 📄 RC Back",
            stored: [.rcFront, .vehicleFront, .vehicleSide, .tagFixed]),
        Case(
            name: "the first two unreadable", photos: [false, false], used: 2,
            text: "📄 RC Front" + unreadable + "\n\n📄 RC Back" + unreadable
                + "\n\n0 of 5 photos received, now send 📄 RC Front",
            stored: []),
        Case(
            name: "more photos than slots", photos: [true, true, true, true, true, true], used: 5,
            text: "✅ 5 of 5 photos received\n\n" + Copy.askSerial, stored: Set(Document.Kind.allCases)),
        Case(
            name: "four of four (DOCUMENT_PHOTOS without the side)", photos: [true, true, true, true],
            kinds: withoutSide, used: 4, text: "✅ 4 of 4 photos received\n\n" + Copy.askSerial,
            stored: Set(withoutSide)),
    ]

    @Test(arguments: cases) func aBurst(_ burst: Case) async throws {
        let chat = try await EngineHarness(policy: { $0.documentPhotos = burst.kinds })
        try await chat.login()
        _ = try await chat.assign(until: "doc_rc_front")
        #expect(try await chat.engine.photosMissing(channel: .whatsapp, chatID: chat.chatID) == burst.kinds.count)
        let before = await chat.store.deliveries.count
        let photos = burst.photos.enumerated().map { index, good in
            (bytes: good ? ImageBytes.jpeg : Self.damaged, inboxID: Int64(100 + index))
        }
        let used = try await chat.engine.answerPhotos(photos, channel: .whatsapp, chatID: chat.chatID)
        #expect(used == burst.used)
        let deliveries = await chat.store.deliveries
        // One reply, answering each photo taken.
        #expect(deliveries.count == before + 1)
        let reply = try #require(deliveries.last)
        #expect(reply.messages == [BotMessage(burst.text, options: burst.options)])
        #expect(reply.target.inboxID == Int64(100 + used - 1))
        #expect(reply.target.alsoAnswers == (0..<(used - 1)).map { Int64(100 + $0) })
        let session = try await chat.stored()
        let stored = Set(burst.kinds.filter { session.data["doc_\($0.rawValue)"]?.intValue != nil })
        #expect(stored == burst.stored)
        // Uploads go in the flow's order: those after a missing photo wait for it.
        let uploaded = burst.kinds.prefix { burst.stored.contains($0) }.map(\.rawValue)
        #expect(chat.provider.arguments("uploadDocument").map { $0["kind"] } == uploaded)
    }

    @Test func aSessionThatAsksForNoPhotoTakesNone() async throws {
        let chat = try await EngineHarness.loggedIn()
        #expect(try await chat.engine.photosMissing(channel: .whatsapp, chatID: chat.chatID) == 0)
        let used = try await chat.engine.answerPhotos(
            [(ImageBytes.jpeg, 1), (ImageBytes.jpeg, 2)], channel: .whatsapp, chatID: chat.chatID)
        #expect(used == 0)
    }
}
