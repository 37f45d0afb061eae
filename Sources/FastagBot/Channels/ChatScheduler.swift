import Synchronization

/// A chat on a channel: the unit of ordering for inbox messages and outbox replies.
struct ChatKey: Hashable, Sendable {
    var channel: Session.Channel
    var chatID: String

    init(channel: Session.Channel, chatID: String) {
        self.channel = channel
        self.chatID = chatID
    }
}

/// Work the database holds, as a scan of it found it: chats with work due now, and when the
/// earliest waiting work (a retry) falls due.
struct ChatWorkScan: Sendable {
    var due: [ChatKey]
    var next: Int64?
}

/// Runs work chat by chat: one drain of a chat at a time (so its work stays in order), at
/// most `width` chats at once, in the order they asked. Whoever stores new work marks its
/// chat, which starts its drain right there when there is room (in memory: a busy backlog
/// costs no queries to find, and no thread is woken just to pass the work on); a scan of
/// the database finds the rest: at start (work an earlier run left), when a retry falls
/// due, and every few seconds as a safety net. With `widthCountsWaits: false`, a drain
/// waiting for another service (`OutsideWait`) does not count against the width.
final class ChatScheduler: Sendable {
    /// Drains what one chat has due; returns when it must be looked at again (a retry), if ever.
    typealias Drain = @Sendable (ChatKey) async -> Int64?
    typealias Scan = @Sendable (_ now: Int64) async throws -> ChatWorkScan

    private struct State {
        /// Drains waiting for another service at the moment (counted only when waits do not
        /// count against the width).
        var waiting = 0
        var running = false
        /// Chats waiting for a drain, oldest first; `head` is the next one.
        var queue: [ChatKey] = []
        var head = 0
        var queued: Set<ChatKey> = []
        var draining: Set<ChatKey> = []
        /// Chats marked while draining: drained once more when they finish.
        var again: Set<ChatKey> = []
        /// When the database must be scanned next (0: at once).
        var scanAt: Int64 = 0
        var loop: Task<Void, Never>?
        var drain: Drain?
    }

    /// Chats drained at once, at most.
    private let width: Int
    /// Whether a drain waiting outside (`OutsideWait`) still counts against `width`.
    private let countsWaits: Bool
    private let time: any TimeSource
    private let safetyScanInterval: Int64 = 5000
    private let bell = Doorbell()
    private let state: Mutex<State>

    init(width: Int, widthCountsWaits: Bool = true, time: any TimeSource) {
        state = Mutex(State())
        self.width = max(1, width)
        countsWaits = widthCountsWaits
        self.time = time
    }

    var isRunning: Bool { state.withLock { $0.running } }

    /// Starts draining; `scan` runs first, so work left by an earlier run is found.
    func start(scan: @escaping Scan, drain: @escaping Drain, onScanError: @escaping @Sendable (any Error) -> Void) {
        state.withLock { state in
            guard !state.running else { return }
            state.running = true
            state.scanAt = 0
            state.drain = drain
            state.loop = Task { await self.loop(scan: scan, onScanError: onScanError) }
        }
    }

    /// Stops starting drains and waits for those under way to finish.
    func stop() async {
        let loop = state.withLock { state -> Task<Void, Never>? in
            state.running = false
            return state.loop
        }
        bell.ring()
        await loop?.value
        while !state.withLock({ $0.draining.isEmpty }) {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// These chats have new work.
    func mark(_ chats: some Sequence<ChatKey>) {
        launch(
            state.withLock { state in
                for chat in chats { Self.enqueue(chat, &state) }
                return claim(&state)
            })
    }

    /// Scans the database at once (another replica handed work back, or signals were missed).
    func rescan() {
        state.withLock { $0.scanAt = 0 }
        bell.ring()
    }

    private static func enqueue(_ chat: ChatKey, _ state: inout State) {
        if state.draining.contains(chat) {
            state.again.insert(chat)
        } else if state.queued.insert(chat).inserted {
            state.queue.append(chat)
        }
    }

    private func loop(scan: Scan, onScanError: @Sendable (any Error) -> Void) async {
        while isRunning {
            let now = time.nowMilliseconds()
            let scanning = state.withLock { state in
                // A retry a drain returns while the scan runs lowers this again (`finish`):
                // the scan may have read the database before that retry was stored.
                guard state.scanAt <= now else { return false }
                state.scanAt = now + safetyScanInterval
                return true
            }
            if scanning {
                do {
                    let found = try await scan(now)
                    launch(
                        state.withLock { state in
                            state.scanAt = min(found.next ?? .max, state.scanAt)
                            for chat in found.due { Self.enqueue(chat, &state) }
                            return claim(&state)
                        })
                } catch {
                    onScanError(error)
                    state.withLock { $0.scanAt = min($0.scanAt, now + 1000) }
                }
            }
            let wake = state.withLock { $0.scanAt } - time.nowMilliseconds()
            await bell.wait(upTo: .milliseconds(max(1, min(wake, 1000))))
        }
    }

    /// Takes queued chats to drain, as many as there is room for (none once stopped).
    private func claim(_ state: inout State) -> [(ChatKey, Drain)] {
        guard state.running, let drain = state.drain else { return [] }
        var chats: [(ChatKey, Drain)] = []
        while state.draining.count - state.waiting < width, state.head < state.queue.count {
            let chat = state.queue[state.head]
            state.head += 1
            state.queued.remove(chat)
            state.draining.insert(chat)
            chats.append((chat, drain))
        }
        if state.head > 1024, state.head * 2 > state.queue.count {
            state.queue.removeFirst(state.head)
            state.head = 0
        }
        return chats
    }

    private func launch(_ chats: [(ChatKey, Drain)]) {
        let observer: (any OutsideWait.Observer)? = countsWaits ? nil : self
        for (chat, drain) in chats {
            Task {
                let retryAt = await OutsideWait.$observer.withValue(observer) { await drain(chat) }
                finish(chat, retryAt: retryAt)
            }
        }
    }

    private func finish(_ chat: ChatKey, retryAt: Int64?) {
        let (next, sooner) = state.withLock { state -> ([(ChatKey, Drain)], Bool) in
            state.draining.remove(chat)
            if state.again.remove(chat) != nil { Self.enqueue(chat, &state) }
            var sooner = false
            if let retryAt, retryAt < state.scanAt {
                state.scanAt = retryAt
                sooner = true
            }
            return (claim(&state), sooner)
        }
        launch(next)
        // The loop sleeps until the next scan it knew of; this retry comes before it.
        if sooner { bell.ring() }
    }
}

extension ChatScheduler: OutsideWait.Observer {
    func waitBegan() {
        launch(
            state.withLock { state in
                state.waiting += 1
                return claim(&state)
            })
    }

    func waitEnded() {
        state.withLock { $0.waiting -= 1 }
    }
}
