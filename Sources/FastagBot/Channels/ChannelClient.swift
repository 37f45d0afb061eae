/// Sends replies on one channel and fetches the photos agents send on it.
protocol ChannelClient: Sendable {
    /// Sends one prepared body. `outboxID` may be echoed back in status callbacks.
    func send(_ body: JSONValue, outboxID: Int64) async -> SendOutcome
    /// The body that sends the approved template to a chat whose 24-hour window is closed.
    func templateBody(_ template: ChatTemplate, to chatID: String) -> JSONValue
    /// The bytes of a photo the agent sent, judged by `IncomingMedia` (type and size before
    /// the bytes are fetched when the channel says them).
    func download(_ media: ChatMedia) async -> DownloadOutcome
    /// Marks an inbound message read and shows the agent that the bot is typing; one attempt,
    /// best-effort (nothing waits for it).
    func markRead(messageID: String) async -> ReadMarkOutcome
}

enum ReadMarkOutcome: Sendable, Equatable {
    case marked
    case failed(String)
    /// The channel has no such call.
    case unsupported
}

/// An approved message template (`WHATSAPP_TEMPLATE_NAME`, `WHATSAPP_TEMPLATE_LANGUAGE`): the
/// only kind of message a chat whose 24-hour service window is closed may receive. Its body
/// takes no parameters; it asks the agent to reply, which opens the window again.
struct ChatTemplate: Sendable, Equatable {
    var name: String
    var language: String
}

enum SendOutcome: Sendable, Equatable {
    case sent(providerMessageID: String?)
    /// Worth trying again later (5xx, a timeout, no connection).
    case retry(String)
    /// The business number is over its throughput (Graph 130429, HTTP 429): every send on the
    /// channel slows down, not only this one.
    case throttled(String)
    /// Too many messages to this one chat (Graph 131056): only its queue backs off.
    case pairLimited(String)
    /// The chat's 24-hour service window is closed (Graph 131047): no free-form message can
    /// go until the agent writes again, so retrying is pointless.
    case windowClosed(String)
    /// Will never work (a 4xx other than 429): recorded and given up.
    case failed(String)
}

enum DownloadOutcome: Sendable, Equatable {
    case bytes([UInt8])
    /// Not a photo the bot takes (a sticker, a PDF, too large…), named for the agent
    /// ("sticker", "PDF document"): answered like any unsupported message, never fetched again.
    case refused(String)
    case retry(String)
    case failed(String)
}

extension SendOutcome {
    /// Classifies an HTTP answer the usual way: 2xx done, 429 slower, 5xx later, other 4xx never.
    static func from(status: Int, detail: String, providerMessageID: String?) -> SendOutcome {
        switch status {
        case 200..<300: .sent(providerMessageID: providerMessageID)
        case 429: .throttled("HTTP \(status) \(detail)")
        case 500..<600: .retry("HTTP \(status) \(detail)")
        default: .failed("HTTP \(status) \(detail)")
        }
    }
}
