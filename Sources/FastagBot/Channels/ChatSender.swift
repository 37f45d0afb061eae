import Synchronization

/// The send side of the chat pipeline: delivers each chat's outbox replies in order, within
/// the providers' limits (protocols/whatsapp-cloud-api.md sections 8 and 11, interakt.md 6):
/// - each channel's sends are paced (`SendPacer`), and slow down together when the provider
///   says the number is over its throughput;
/// - a chat over the pair-rate limit (131056) backs off alone, 4^n seconds;
/// - plain-text replies due together go as one message, to spend fewer sends;
/// - a chat whose 24-hour window is closed gets the approved template once, and its replies
///   wait (parked) until the agent writes again; without a template they are given up.
final class ChatSender: Sendable {
    private let outbox: OutboxStore
    private let clients: [Session.Channel: any ChannelClient]
    private let pacers: [Session.Channel: SendPacer]
    private let logger: Logger
    private let metrics: Metrics
    private let time: any TimeSource
    private let limits: ChatPipeline.Limits
    /// Consecutive pair-rate refusals per chat (process-local, like the chat's turn).
    private let pairStrikes = Mutex<[ChatKey: Int]>([:])

    init(
        outbox: OutboxStore, clients: [Session.Channel: any ChannelClient], logger: Logger, metrics: Metrics,
        time: any TimeSource, limits: ChatPipeline.Limits
    ) {
        self.outbox = outbox
        self.clients = clients
        self.logger = logger
        self.metrics = metrics
        self.time = time
        self.limits = limits
        pacers = [
            // A tenth of a second's sends at once at most, then spread out (SendPacer).
            .whatsapp: SendPacer(
                limit: limits.whatsappSendRate, window: 1000, burst: max(1, limits.whatsappSendRate / 10),
                pause: limits.throughputPause),
            .interakt: SendPacer(
                limit: limits.interaktSendRatePerMinute, window: 60_000, pause: limits.throughputPause),
        ]
        metrics.declareCounter(
            "chat_delivery_failures_total", help: "Replies the channel reported failed, by channel and error code.",
            labels: ["channel", "code"])
        metrics.declareCounter(
            "chat_delivery_waits_total",
            help: "Sends held back, by channel and reason (rate, throughput, pair_rate, window).",
            labels: ["channel", "reason"])
        metrics.declareCounter(
            "chat_replies_merged_total", help: "Text replies that went out inside an earlier reply's message.",
            labels: ["channel"])
        metrics.declareCounter(
            "chat_templates_total", help: "Templates sent to chats whose 24-hour window closed, by outcome.",
            labels: ["channel", "outcome"])
    }

    /// Sends a chat's replies in order until none is due; returns when the next one is.
    func sendChat(_ chat: ChatKey, while running: () -> Bool) async -> Int64? {
        while running() {
            let head: OutboxStore.Head
            do {
                head = try await outbox.head(of: chat)
            } catch {
                logger.error("chat outbox could not be read", ["error": .string("\(error)")])
                return time.nowMilliseconds() + 1000
            }
            switch head {
            case .none: return nil
            case .waiting(let until): return until
            case .due(let items, let window):
                if let retryAt = await send(items, chat, window) { return retryAt }
            case .unreadable(let id, let attempts, let error):
                if let retryAt = await giveUp(id, attempts: attempts, chat.channel, error) { return retryAt }
            }
        }
        return nil
    }

    /// Sends the head reply (with the text replies due after it); returns when to try the
    /// chat again if it must wait.
    private func send(_ items: [OutboxStore.Item], _ chat: ChatKey, _ window: ChatWindow) async -> Int64? {
        let now = time.nowMilliseconds()
        if window.isClosed(at: now) { return await windowClosed(chat, window, "the 24-hour window is closed") }
        guard let client = clients[chat.channel] else {
            return await record(
                .failed("the \(chat.channel.rawValue) channel is not configured"), [items[0]], chat, window)
        }
        if let wait = await waitForSlot(chat.channel, now: now) { return wait }
        let (body, batch) = TextMerge.merge(items)
        return await record(await client.send(body, outboxID: batch[0].id), batch, chat, window)
    }

    /// Takes a send's place in its channel's pace, waiting here for a place booked within
    /// `ChatSender.slotHorizon` (the order of sends held at the limit is kept, and no scan of
    /// the outbox is needed to resume them), or says when to try again.
    private func waitForSlot(_ channel: Session.Channel, now: Int64) async -> Int64? {
        guard let pacer = pacers[channel] else { return nil }
        switch pacer.book(now: now, within: Self.slotHorizon) {
        case .now: return nil
        case .notBefore(let at):
            metrics.increment("chat_delivery_waits_total", labels: [channel.rawValue, "rate"])
            return at
        case .booked(let at):
            metrics.increment("chat_delivery_waits_total", labels: [channel.rawValue, "rate"])
            try? await Task.sleep(for: .milliseconds(at - now))
            let after = time.nowMilliseconds()
            // A throughput error meanwhile pauses this send too; a clock that did not move
            // (tests) has the chat looked at again when it does.
            if let paused = pacer.pausedUntil(now: after) { return paused }
            return after < at ? at : nil
        }
    }

    /// How far ahead a send books its place and waits for it in the drain (holding one of the
    /// sender's places): a second's window and its margin; a later place is asked for again then.
    static let slotHorizon: Int64 = 1100

    /// Takes a send's place in its channel's pace, or says when to try again.
    private func pace(_ channel: Session.Channel, now: Int64) -> Int64? {
        guard let wait = pacers[channel]?.reserve(now: now) else { return nil }
        metrics.increment("chat_delivery_waits_total", labels: [channel.rawValue, "rate"])
        return wait
    }

    /// Records what became of a send of `batch` (its head, and the text replies merged in).
    private func record(
        _ outcome: SendOutcome, _ batch: [OutboxStore.Item], _ chat: ChatKey, _ window: ChatWindow
    ) async -> Int64? {
        let head = batch[0]
        let attempts = head.attempts + 1
        let channel = chat.channel.rawValue
        let now = time.nowMilliseconds()
        do {
            switch outcome {
            case .sent(let providerID):
                try await outbox.markSent(batch, providerMessageID: providerID)
                pairStrikes.withLock { _ = $0.removeValue(forKey: chat) }
                metrics.increment("chat_deliveries_total", labels: [channel, "sent"], by: Double(batch.count))
                if batch.count > 1 {
                    metrics.increment("chat_replies_merged_total", labels: [channel], by: Double(batch.count - 1))
                }
                return nil
            case .windowClosed(let reason):
                // Meta's clock says the window closed before ours did: the same as a closed window.
                return await windowClosed(chat, window, reason)
            case .throttled(let reason) where attempts < limits.maxAttempts:
                let resume = pacers[chat.channel]?.throttled(now: now) ?? now
                metrics.increment("chat_delivery_waits_total", labels: [channel, "throughput"])
                return try await retry(head, attempts, at: max(resume, now + limits.retryDelay(attempts)), reason)
            case .pairLimited(let reason) where attempts < limits.maxAttempts:
                let strikes = pairStrikes.withLock { strikes in
                    strikes[chat, default: 0] += 1
                    return strikes[chat]!
                }
                metrics.increment("chat_delivery_waits_total", labels: [channel, "pair_rate"])
                return try await retry(head, attempts, at: now + limits.pairRateDelay(strikes), reason)
            case .retry(let reason) where attempts < limits.maxAttempts:
                return try await retry(head, attempts, at: now + limits.retryDelay(attempts), reason)
            case .retry(let reason), .throttled(let reason), .pairLimited(let reason), .failed(let reason):
                try await outbox.markFailed(head.id, attempts: attempts, error: reason)
                metrics.increment("chat_deliveries_total", labels: [channel, "failed"])
                logger.warning("reply given up", ["outbox_id": .int(Int(head.id)), "error": .string(reason)])
                return nil
            }
        } catch {
            // Unrecorded, the reply is still pending: it is sent again (a duplicate the agent
            // may see) rather than lost.
            logger.error(
                "outbox could not be updated", ["outbox_id": .int(Int(head.id)), "error": .string("\(error)")])
            return now + 1000
        }
    }

    private func retry(_ head: OutboxStore.Item, _ attempts: Int, at retryAt: Int64, _ reason: String) async throws
        -> Int64
    {
        try await outbox.markRetry(head.id, attempts: attempts, at: retryAt, error: reason)
        metrics.increment("chat_deliveries_total", labels: [head.channel.rawValue, "retried"])
        return retryAt
    }

    /// No free-form reply can reach the chat until the agent writes: the template goes once
    /// per closed window and the replies wait for the agent; without a template (or if it
    /// is refused) they are given up, each counted, rather than retried in vain.
    private func windowClosed(_ chat: ChatKey, _ window: ChatWindow, _ reason: String) async -> Int64? {
        let channel = chat.channel.rawValue
        metrics.increment("chat_delivery_waits_total", labels: [channel, "window"])
        guard let template = limits.template, let client = clients[chat.channel] else {
            return await giveUpWindow(chat, "\(reason) and no template is configured (WHATSAPP_TEMPLATE_NAME)")
        }
        let now = time.nowMilliseconds()
        if !window.templateSent {
            if let wait = pace(chat.channel, now: now) { return wait }
            switch await client.send(client.templateBody(template, to: chat.chatID), outboxID: 0) {
            case .sent:
                metrics.increment("chat_templates_total", labels: [channel, "sent"])
                do {
                    try await outbox.templateSent(to: chat)
                } catch {
                    logger.error("chat template not recorded", ["error": .string("\(error)")])
                    return now + 1000
                }
            case .failed(let why), .windowClosed(let why):
                metrics.increment("chat_templates_total", labels: [channel, "failed"])
                logger.error("chat template refused", ["template": .string(template.name), "error": .string(why)])
                return await giveUpWindow(chat, "\(reason) and the template was refused: \(why)")
            case .throttled:
                // Over the channel's rate (Interakt's only signal is a 429): every send on it
                // pauses, as after a reply's.
                metrics.increment("chat_templates_total", labels: [channel, "retried"])
                metrics.increment("chat_delivery_waits_total", labels: [channel, "throughput"])
                let resume = pacers[chat.channel]?.throttled(now: now) ?? now
                return max(resume, now + limits.retryDelay(limits.maxAttempts))
            case .retry, .pairLimited:
                metrics.increment("chat_templates_total", labels: [channel, "retried"])
                return now + limits.retryDelay(limits.maxAttempts)
            }
        }
        do {
            try await outbox.park(chat, window, reason: "waiting for the agent to write: \(reason)")
        } catch {
            logger.error("chat outbox could not be updated", ["error": .string("\(error)")])
            return now + 1000
        }
        return nil
    }

    private func giveUpWindow(_ chat: ChatKey, _ reason: String) async -> Int64? {
        let channel = chat.channel.rawValue
        do {
            let count = try await outbox.failPending(chat, error: reason, code: 131047)
            metrics.increment("chat_deliveries_total", labels: [channel, "failed"], by: Double(count))
            metrics.increment(
                "chat_delivery_failures_total", labels: [channel, DeliveryFailureCode.label(131047)],
                by: Double(count))
            logger.error("replies given up: \(reason)", ["channel": .string(channel), "replies": .int(count)])
            return nil
        } catch {
            logger.error("chat outbox could not be updated", ["error": .string("\(error)")])
            return time.nowMilliseconds() + 1000
        }
    }

    /// Gives up a reply whose stored body cannot be read back (the log and its row say why);
    /// returns when to try the chat again if even that cannot be recorded.
    private func giveUp(_ id: Int64, attempts: Int, _ channel: Session.Channel, _ error: UnreadableRow) async
        -> Int64?
    {
        logger.error("reply cannot be read back; given up", ["outbox_id": .int(Int(id)), "error": .string("\(error)")])
        do {
            try await outbox.markFailed(id, attempts: attempts, error: "\(error)")
            metrics.increment("chat_deliveries_total", labels: [channel.rawValue, "failed"])
            return nil
        } catch {
            logger.error("outbox could not be updated", ["outbox_id": .int(Int(id)), "error": .string("\(error)")])
            return time.nowMilliseconds() + 1000
        }
    }
}

extension ChatPipeline.Limits {
    /// Exponential backoff with ±20 % jitter, in milliseconds.
    func retryDelay(_ attempts: Int) -> Int64 {
        let first = Self.milliseconds(firstRetryDelay)
        let base = min(Self.milliseconds(longestRetryDelay), first * Double(1 << min(max(attempts - 1, 0), 20)))
        return Int64(base * Double.random(in: 0.8...1.2))
    }

    /// 4^n seconds after the n-th pair-rate refusal in a row (Turn.io's guidance), at most an hour.
    func pairRateDelay(_ strikes: Int) -> Int64 {
        min(3_600_000, Int64(Self.milliseconds(pairRateBackoff)) << (2 * Int64(min(max(strikes - 1, 0), 10))))
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}
