import Synchronization

/// Paces one channel's sends within its provider's limit: at most `limit` sends in any
/// `window` (WhatsApp: `WHATSAPP_SEND_RATE` a second per business number; Interakt:
/// `INTERAKT_SEND_RATE_PER_MINUTE`). A sliding window of the recent send times rather than a
/// token bucket: a bucket full at the start of a minute lets twice its rate through within
/// that minute, which a per-minute quota refuses. When the provider says the number is over
/// its throughput anyway (Graph 130429, HTTP 429), every send pauses briefly and the rate
/// is halved for a while. Process-local: each replica paces itself (docs/DEPLOY.md).
final class SendPacer: Sendable {
    private struct State {
        /// Send times within the last window, oldest first.
        var sent: [Int64] = []
        var pausedUntil: Int64 = 0
        var slowUntil: Int64 = 0
    }

    private let limit: Int
    private let window: Int64
    private let pause: Int64
    private let slowFor: Int64
    private let state = Mutex(State())

    /// `limit` sends per `window` milliseconds; after a throughput error, `pause` ms without
    /// sends, then half the limit for `slowFor` ms.
    init(limit: Int, window: Int64, pause: Int64 = 1000, slowFor: Int64 = 60_000) {
        self.limit = max(1, limit)
        self.window = max(1, window)
        self.pause = pause
        self.slowFor = slowFor
    }

    /// Takes a send's place now, or says when to ask again.
    func reserve(now: Int64) -> Int64? {
        state.withLock { state in
            if now < state.pausedUntil { return state.pausedUntil }
            let allowed = now < state.slowUntil ? max(1, limit / 2) : limit
            let expired = state.sent.prefix { $0 <= now - window }.count
            state.sent.removeFirst(expired)
            if state.sent.count >= allowed { return state.sent[state.sent.count - allowed] + window + 1 }
            state.sent.append(now)
            return nil
        }
    }

    /// The provider said the number is over its throughput: no sends until the returned time.
    func throttled(now: Int64) -> Int64 {
        state.withLock { state in
            state.pausedUntil = max(state.pausedUntil, now + pause)
            state.slowUntil = now + slowFor
            return state.pausedUntil
        }
    }
}
