import Testing

@testable import FastagBot

/// What makes a burst of photos and its order, without a server: the inbox order cut where
/// a message is no photo or a photo came later than the window, then the channels' send times.
@Suite struct ChatBurstOrderTests {
    static func item(_ id: Int64, at receivedAt: Int64, sent: Int64? = nil, image: Bool = true) -> InboxStore.Item {
        let content: ChatMessage.Content = image ? .image(ChatMedia(mediaID: "m\(id)", url: nil)) : .text("hi")
        return InboxStore.Item(
            id: id,
            message: ChatMessage(
                channel: .whatsapp, messageID: "w\(id)", chatID: "919800000001", content: content, sentAt: sent),
            attempts: 0, receivedAt: receivedAt)
    }

    @Test func aBurstEndsAtAMessageThatIsNoPhotoOrAfterAGap() {
        let items = [Self.item(1, at: 0), Self.item(2, at: 1500), Self.item(3, at: 3400), Self.item(4, at: 9000)]
        #expect(ChatPipeline.burst(items, window: 2000).map(\.id) == [1, 2, 3])
        #expect(ChatPipeline.burst(items, window: 1000).map(\.id) == [1])
        let withText = [Self.item(1, at: 0), Self.item(2, at: 10, image: false), Self.item(3, at: 20)]
        #expect(ChatPipeline.burst(withText, window: 2000).map(\.id) == [1])
        #expect(ChatPipeline.burst([Self.item(1, at: 0, image: false)], window: 2000).isEmpty)
    }

    @Test func aBurstIsOrderedBySendTimeThenAsReceived() {
        let crossed = [
            Self.item(1, at: 0, sent: 1000), Self.item(2, at: 5, sent: 3000), Self.item(3, at: 9, sent: 2000),
            Self.item(4, at: 12, sent: 3000),
        ]
        #expect(ChatPipeline.ordered(crossed).map(\.id) == [1, 3, 2, 4])
        // Without every send time, as received.
        let partly = [Self.item(1, at: 0, sent: 5000), Self.item(2, at: 5), Self.item(3, at: 9, sent: 1000)]
        #expect(ChatPipeline.ordered(partly).map(\.id) == [1, 2, 3])
    }

    @Test func interaktTimesAreReadAsUTC() {
        #expect(InteraktWebhook.utcMilliseconds("1970-01-01T00:00:00.000000") == 0)
        #expect(InteraktWebhook.utcMilliseconds("2025-01-01T10:00:00.000000") == 1_735_725_600_000)
        #expect(InteraktWebhook.utcMilliseconds("2024-02-29T23:59:59.5") == 1_709_251_199_500)
        #expect(InteraktWebhook.utcMilliseconds("2026-11-25T10:00:00") == 1_795_600_800_000)
        #expect(InteraktWebhook.utcMilliseconds("yesterday") == nil)
        #expect(InteraktWebhook.utcMilliseconds("2025-13-01T10:00:00") == nil)
    }
}
