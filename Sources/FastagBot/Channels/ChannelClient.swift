/// Sends replies on one channel and fetches the photos agents send on it.
protocol ChannelClient: Sendable {
    /// Sends one prepared body. `outboxID` may be echoed back in status callbacks.
    func send(_ body: JSONValue, outboxID: Int64) async -> SendOutcome
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

enum SendOutcome: Sendable, Equatable {
    case sent(providerMessageID: String?)
    /// Worth trying again later (429, 5xx, a timeout, no connection).
    case retry(String)
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
    /// Classifies an HTTP answer the usual way: 2xx done, 429 and 5xx later, other 4xx never.
    static func from(status: Int, detail: String, providerMessageID: String?) -> SendOutcome {
        switch status {
        case 200..<300: .sent(providerMessageID: providerMessageID)
        case 429, 500..<600: .retry("HTTP \(status) \(detail)")
        default: .failed("HTTP \(status) \(detail)")
        }
    }
}
