import Synchronization

/// Behind both chat webhooks: a worker answers inbox messages (one chat's messages strictly
/// in order, different chats in parallel) and a sender delivers outbox replies (again in
/// order per chat) with retries and exponential backoff. Both resume whatever the database
/// holds when they start, so nothing acknowledged is lost across a crash or restart.
public final class ChatPipeline: Sendable {
    public struct Limits: Sendable {
        /// Chats answered at once.
        public var workers = 64
        /// Replies in flight at once.
        public var senders = 64
        /// A reply (or a photo download) is given up after this many failed attempts.
        public var maxAttempts = 10
        public var firstRetryDelay: Duration = .milliseconds(500)
        public var longestRetryDelay: Duration = .seconds(60)

        public init() {}
    }

    private struct State {
        var running = false
        var answering: Set<String> = []
        var sending: Set<String> = []
        var loops: [Task<Void, Never>] = []
    }

    private let engine: ConversationEngine
    private let inbox: InboxStore
    private let outbox: OutboxStore
    private let clients: [Session.Channel: any ChannelClient]
    private let logger: Logger
    private let metrics: Metrics
    private let time: any TimeSource
    private let limits: Limits
    private let inboxBell = Doorbell()
    private let outboxBell = Doorbell()
    private let state = Mutex(State())

    init(
        engine: ConversationEngine, storage: Storage, clients: [Session.Channel: any ChannelClient], logger: Logger,
        metrics: Metrics, limits: Limits = Limits()
    ) {
        self.engine = engine
        inbox = storage.inbox
        outbox = storage.outbox
        self.clients = clients
        self.logger = logger
        self.metrics = metrics
        time = storage.time
        self.limits = limits
        metrics.declareCounter(
            "chat_deliveries_total", help: "Replies handed to a channel, by channel and outcome.",
            labels: ["channel", "outcome"])
        metrics.declareCounter("chat_messages_total", help: "Chat messages answered, by channel.", labels: ["channel"])
        metrics.addGauge("chat_inbox_backlog", help: "Chat messages received and not yet answered.") { [inbox] in
            Double((try? inbox.backlog()) ?? 0)
        }
        metrics.addGauge("chat_outbox_backlog", help: "Replies waiting to be sent.") { [outbox] in
            Double((try? outbox.backlog()) ?? 0)
        }
    }

    /// Starts the worker and the sender; both begin with what the database already holds.
    public func start() {
        state.withLock { state in
            guard !state.running else { return }
            state.running = true
            state.loops = [Task { await self.answerLoop() }, Task { await self.sendLoop() }]
        }
    }

    public func stop() async {
        let loops = state.withLock { state -> [Task<Void, Never>] in
            state.running = false
            return state.loops
        }
        inboxBell.ring()
        outboxBell.ring()
        for loop in loops { await loop.value }
    }

    /// New messages were stored.
    public func messagesArrived() { inboxBell.ring() }

    private var running: Bool { state.withLock { $0.running } }

    // MARK: - Answering

    private func answerLoop() async {
        while running {
            do {
                let items = try await inbox.pending(limit: 1024)
                var byChat: [(chat: String, items: [InboxStore.Item])] = []
                var index: [String: Int] = [:]
                for item in items {
                    let key = "\(item.message.channel.rawValue):\(item.message.chatID)"
                    if let position = index[key] {
                        byChat[position].items.append(item)
                    } else {
                        index[key] = byChat.count
                        byChat.append((key, [item]))
                    }
                }
                for (chat, items) in byChat {
                    let claimed = state.withLock { state -> Bool in
                        guard state.answering.count < limits.workers, !state.answering.contains(chat) else {
                            return false
                        }
                        state.answering.insert(chat)
                        return true
                    }
                    guard claimed, let first = items.first?.message else { continue }
                    Task {
                        // Read again now that the chat is ours: the list above may predate the
                        // answers of the worker that held the chat until a moment ago.
                        let fresh =
                            (try? await inbox.pending(channel: first.channel, chatID: first.chatID, limit: 1024)) ?? []
                        for item in fresh {
                            // A message that must wait holds back the rest of its chat.
                            guard await answer(item) else { break }
                        }
                        state.withLock { _ = $0.answering.remove(chat) }
                        inboxBell.ring()
                    }
                }
            } catch {
                logger.error("chat inbox could not be read", ["error": .string("\(error)")])
            }
            await inboxBell.wait(upTo: .seconds(1))
        }
    }

    /// Answers one message; false when it must wait (its chat then waits too).
    private func answer(_ item: InboxStore.Item) async -> Bool {
        let message = item.message
        let delivery = ChatDelivery(inboxID: item.id, channel: message.channel, chatID: message.chatID)
        do {
            let input: ConversationInput
            switch message.content {
            case .text(let text): input = .text(text)
            case .choice(let id, let title): input = .choice(id: id, title: title)
            case .unsupported(let kind): input = .unsupported(kind)
            case .image(let mediaID, let url):
                guard let client = clients[message.channel] else {
                    input = .unsupported("photo")
                    break
                }
                switch await client.download(mediaID: mediaID, url: url) {
                case .bytes(let bytes): input = .image(bytes)
                case .failed(let reason):
                    // It never will be (an unknown or expired media id): the agent is asked to
                    // send it again, as when its retries are used up.
                    logger.warning(
                        "chat photo could not be fetched", ["inbox_id": .int(Int(item.id)), "error": .string(reason)])
                    try? await engine.apologize(delivery: delivery, error: reason)
                    outboxBell.ring()
                    return true
                case .retry(let reason):
                    return await postpone(item, reason)
                }
            }
            let (session, created) = try await engine.session(
                channel: message.channel, chatID: message.chatID, senderMobile: message.senderMobile)
            if created {
                // A new chat is greeted with its first question, whatever it said.
                _ = try await engine.prompt(sessionID: session.id, delivery: delivery)
            } else {
                _ = try await engine.handle([(input, nil)], sessionID: session.id, delivery: delivery)
            }
            metrics.increment("chat_messages_total", labels: [message.channel.rawValue])
        } catch ConversationEngine.EngineError.closed {
            // The session closed between lookup and use; the next round finds the new one.
            return false
        } catch {
            logger.error("chat message not answered", ["inbox_id": .int(Int(item.id)), "error": .string("\(error)")])
            try? await engine.apologize(delivery: delivery, error: "\(error)")
        }
        outboxBell.ring()
        return true
    }

    private func postpone(_ item: InboxStore.Item, _ reason: String) async -> Bool {
        let attempts = item.attempts + 1
        if attempts >= limits.maxAttempts {
            logger.warning("chat photo given up", ["inbox_id": .int(Int(item.id)), "error": .string(reason)])
            try? await engine.apologize(
                delivery: ChatDelivery(inboxID: item.id, channel: item.message.channel, chatID: item.message.chatID),
                error: reason)
            outboxBell.ring()
            return true
        }
        try? await inbox.postpone(
            item.id, attempts: attempts, until: time.nowMilliseconds() + delay(attempts), error: reason)
        return false
    }

    // MARK: - Sending

    private func sendLoop() async {
        while running {
            var wait = Duration.seconds(1)
            do {
                for item in try await outbox.due(limit: 1024) {
                    let chat = "\(item.channel.rawValue):\(item.chatID)"
                    let claimed = state.withLock { state -> Bool in
                        guard state.sending.count < limits.senders, !state.sending.contains(chat) else { return false }
                        state.sending.insert(chat)
                        return true
                    }
                    guard claimed else { continue }
                    Task {
                        // Read again now that the chat is ours: the reply above may have been
                        // sent by the worker that held the chat until a moment ago.
                        if let fresh = try? await outbox.due(channel: item.channel, chatID: item.chatID) {
                            await send(fresh)
                        }
                        state.withLock { _ = $0.sending.remove(chat) }
                        outboxBell.ring()
                    }
                }
                if let next = try await outbox.nextDue() {
                    let now = time.nowMilliseconds()
                    // A reply already due is being sent, or waits for a free sender: either
                    // rings when a send is done.
                    let busy = state.withLock { !$0.sending.isEmpty }
                    wait = next > now ? .milliseconds(min(1000, next - now)) : busy ? .seconds(1) : .milliseconds(1)
                }
            } catch {
                logger.error("chat outbox could not be read", ["error": .string("\(error)")])
            }
            await outboxBell.wait(upTo: wait)
        }
    }

    private func send(_ item: OutboxStore.Item) async {
        guard let client = clients[item.channel] else {
            try? await outbox.markFailed(
                item.id, attempts: item.attempts, error: "the \(item.channel.rawValue) channel is not configured")
            return
        }
        let attempts = item.attempts + 1
        let outcome = await client.send(item.body, outboxID: item.id)
        do {
            switch outcome {
            case .sent(let providerID):
                try await outbox.markSent(item.id, providerMessageID: providerID, attempts: attempts)
                metrics.increment("chat_deliveries_total", labels: [item.channel.rawValue, "sent"])
            case .retry(let reason) where attempts < limits.maxAttempts:
                try await outbox.markRetry(
                    item.id, attempts: attempts, at: time.nowMilliseconds() + delay(attempts), error: reason)
                metrics.increment("chat_deliveries_total", labels: [item.channel.rawValue, "retried"])
            case .retry(let reason), .failed(let reason):
                try await outbox.markFailed(item.id, attempts: attempts, error: reason)
                metrics.increment("chat_deliveries_total", labels: [item.channel.rawValue, "failed"])
                logger.warning("reply given up", ["outbox_id": .int(Int(item.id)), "error": .string(reason)])
            }
        } catch {
            logger.error(
                "outbox could not be updated", ["outbox_id": .int(Int(item.id)), "error": .string("\(error)")])
        }
    }

    /// Exponential backoff with ±20 % jitter, in milliseconds.
    private func delay(_ attempts: Int) -> Int64 {
        let first =
            Double(limits.firstRetryDelay.components.seconds) * 1000
            + Double(limits.firstRetryDelay.components.attoseconds) / 1e15
        let longest = Double(limits.longestRetryDelay.components.seconds) * 1000
        let base = min(longest, first * pow2(attempts - 1))
        return Int64(base * Double.random(in: 0.8...1.2))
    }

    private func pow2(_ exponent: Int) -> Double {
        Double(1 << min(max(exponent, 0), 20))
    }
}

/// Where the engine's reply to a chat message goes: the outbox of that chat, in the same
/// transaction that saves the conversation and marks the inbox message answered.
public struct ChatDelivery: Sendable, Equatable {
    public var inboxID: Int64
    public var channel: Session.Channel
    public var chatID: String
}
