import Synchronization

/// Paces one channel's sends within its provider's limit: at most `limit` sends in any
/// `window` (WhatsApp: `WHATSAPP_SEND_RATE` a second per business number; Interakt:
/// `INTERAKT_SEND_RATE_PER_MINUTE`). A sliding window of the recent send times holds the
/// limit: a token bucket alone, full at the start of a minute, lets twice its rate through
/// within that minute, which a per-minute quota refuses. Within it, `burst` spreads the sends:
/// at most that many at once, then one every `window / limit` (a bucket of `burst` tokens, as
/// GCRA's virtual schedule), so a burst does not spend a whole window's budget at once and
/// leave the sends after it waiting for the window to pass. When the provider says the
/// number is over its throughput anyway (Graph 130429, HTTP 429), every send pauses briefly
/// and the rate is halved for a while. Process-local: each replica paces itself (docs/DEPLOY.md).
final class SendPacer: Sendable {
    private struct State {
        /// Send times within the last window, oldest first.
        var sent: [Int64] = []
        var pausedUntil: Int64 = 0
        var slowUntil: Int64 = 0
        /// When the next send is due on the spread-out schedule (GCRA's theoretical arrival time), ms.
        var due: Double = 0
    }

    private let limit: Int
    private let burst: Int
    private let window: Int64
    private let pause: Int64
    private let slowFor: Int64
    private let state = Mutex(State())

    /// `limit` sends per `window` milliseconds, at most `burst` of them at once (nil: the
    /// whole limit); after a throughput error, `pause` ms without sends, then half the limit
    /// for `slowFor` ms.
    init(limit: Int, window: Int64, burst: Int? = nil, pause: Int64 = 1000, slowFor: Int64 = 60_000) {
        self.limit = max(1, limit)
        self.burst = max(1, burst ?? limit)
        self.window = max(1, window)
        self.pause = pause
        self.slowFor = slowFor
    }

    /// A send's place in the pace.
    enum Slot: Equatable {
        /// Send now.
        case now
        /// Booked: send at this time (within the horizon asked for), after the sends booked before.
        case booked(Int64)
        /// Nothing booked: ask again at this time (a pause, or a slot beyond the horizon).
        case notBefore(Int64)
    }

    /// Takes a send's place now, or says when to ask again.
    func reserve(now: Int64) -> Int64? {
        switch book(now: now, within: 0) {
        case .now: nil
        case .booked(let at), .notBefore(let at): at
        }
    }

    /// Books the earliest time a send may go within the limit and the spread, in the order
    /// sends ask: now, or a later time at most `horizon` ms away that the caller waits for.
    /// Sends held at the limit so go one by one as places free, first come first served,
    /// instead of each asking again later and the quickest taking the freed place.
    func book(now: Int64, within horizon: Int64) -> Slot {
        state.withLock { state in
            if now < state.pausedUntil { return .notBefore(state.pausedUntil) }
            let allowed = now < state.slowUntil ? max(1, limit / 2) : limit
            let expired = state.sent.prefix { $0 <= now - window }.count
            state.sent.removeFirst(expired)
            // Never before a send booked earlier: the times stay in order, so the last `allowed`
            // of them are the ones a new send must follow by more than a window.
            var at = max(now, state.sent.last ?? now)
            if state.sent.count >= allowed { at = max(at, state.sent[state.sent.count - allowed] + window + 1) }
            let interval = Double(window) / Double(allowed)
            let tolerance = Double(min(burst, allowed) - 1) * interval
            at = max(at, Int64((state.due - tolerance).rounded(.up)))
            guard at - now <= horizon else { return .notBefore(at) }
            state.sent.append(at)
            state.due = max(state.due, Double(at)) + interval
            return at == now ? .now : .booked(at)
        }
    }

    /// Whether sends are paused at `now` (a throughput error since a send was booked), and until when.
    func pausedUntil(now: Int64) -> Int64? {
        state.withLock { now < $0.pausedUntil ? $0.pausedUntil : nil }
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
