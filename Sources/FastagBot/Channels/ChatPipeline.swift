import Glibc

/// Behind both chat webhooks: a worker answers inbox messages (one chat's messages strictly
/// in order, different chats in parallel) and a sender delivers outbox replies (again in
/// order per chat) with retries and exponential backoff. Both resume whatever the database
/// holds when they start, so nothing acknowledged is lost across a crash or restart.
package final class ChatPipeline: Sendable {
    struct Limits: Sendable {
        /// Chats answered at once, not counting those waiting for Shauryapay or a photo
        /// download: answering is processor work, and more of it at once than the processors
        /// can do only delays every acknowledgement and reply (docs/PERFORMANCE.md).
        var workers = 2 * max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        /// Replies in flight at once.
        var senders = 64
        /// A reply (or a photo download) is given up after this many failed attempts.
        var maxAttempts = 10
        var firstRetryDelay: Duration = .milliseconds(500)
        var longestRetryDelay: Duration = .seconds(60)
        /// Photos of one chat received within this many milliseconds of each other, while the
        /// session asks for document photos, are one burst with one answer (`CHAT_ALBUM_WINDOW`).
        var albumWindow: Int64 = 2000
        /// Sends a second from the WhatsApp business number (`WHATSAPP_SEND_RATE`).
        var whatsappSendRate = 80
        /// Sends a minute to Interakt (`INTERAKT_SEND_RATE_PER_MINUTE`, the plan's quota).
        var interaktSendRatePerMinute = 300
        /// How long every send of a channel pauses after a throughput error (130429, HTTP 429).
        var throughputPause: Int64 = 1000
        /// The first pair-rate backoff (131056); the n-th in a row waits 4^(n-1) times longer.
        var pairRateBackoff: Duration = .seconds(4)
        /// Sent once to a chat whose 24-hour window closed with replies waiting; nil: those
        /// replies are given up.
        var template: ChatTemplate?

        init() {}
    }

    let engine: ConversationEngine
    private let storage: Storage
    let inbox: InboxStore
    private let outbox: OutboxStore
    let clients: [Session.Channel: any ChannelClient]
    let logger: Logger
    let metrics: Metrics
    let time: any TimeSource
    let limits: Limits
    let answering: ChatScheduler
    private let sending: ChatScheduler
    private let sender: ChatSender

    init(
        engine: ConversationEngine, storage: Storage, clients: [Session.Channel: any ChannelClient], logger: Logger,
        metrics: Metrics, limits: Limits = Limits()
    ) {
        self.engine = engine
        self.storage = storage
        inbox = storage.inbox
        outbox = storage.outbox
        self.clients = clients
        self.logger = logger
        self.metrics = metrics
        time = storage.time
        self.limits = limits
        answering = ChatScheduler(width: limits.workers, widthCountsWaits: false, time: storage.time)
        sending = ChatScheduler(width: limits.senders, time: storage.time)
        sender = ChatSender(
            outbox: storage.outbox, clients: clients, logger: logger, metrics: metrics, time: storage.time,
            limits: limits)
        metrics.declareCounter(
            "chat_deliveries_total", help: "Replies handed to a channel, by channel and outcome.",
            labels: ["channel", "outcome"])
        metrics.declareCounter(
            "chat_read_marks_total", help: "Read receipts with a typing indicator, by channel and outcome.",
            labels: ["channel", "outcome"])
        metrics.declareCounter("chat_messages_total", help: "Chat messages answered, by channel.", labels: ["channel"])
        metrics.addGauge("chat_inbox_backlog", help: "Chat messages received and not yet answered.") { [inbox] in
            Double((try? inbox.backlog()) ?? 0)
        }
        metrics.addGauge("chat_outbox_backlog", help: "Replies waiting to be sent, parked ones aside.") { [outbox] in
            Double((try? outbox.backlog()) ?? 0)
        }
        metrics.addGauge(
            "chat_outbox_parked", help: "Replies waiting for their chat's agent to write (24-hour window closed)."
        ) { [outbox] in
            Double((try? outbox.parked()) ?? 0)
        }
    }

    /// Starts the worker and the sender; both begin with what the database already holds.
    func start() {
        answering.start(
            scan: { [inbox] now in try await inbox.scan(now: now) },
            drain: { chat in await self.inTurn(.answer(chat)) { await self.answerChat(chat) } },
            onScanError: { [logger] error in
                logger.error("chat inbox could not be read", ["error": .string("\(error)")])
            }
        )
        sending.start(
            scan: { [outbox] now in try await outbox.scan(now: now) },
            drain: { chat in
                await self.inTurn(.send(chat)) { await self.sender.sendChat(chat) { self.sending.isRunning } }
            },
            onScanError: { [logger] error in
                logger.error("chat outbox could not be read", ["error": .string("\(error)")])
            })
    }

    package func stop() async {
        await answering.stop()
        await sending.stop()
    }

    /// New messages of these chats were stored.
    func messagesArrived(in chats: [ChatKey]) { answering.mark(chats) }

    /// Replies of these chats were queued again (an operator's resend): send them now.
    func repliesQueued(in chats: [ChatKey]) { sending.mark(chats) }

    /// Marks newly stored messages read, with the typing indicator, each in a task of its own:
    /// one attempt, never waited for (by the webhook's answer or the reply), a failure only
    /// logged at debug and counted. Channels without read receipts (Interakt) are skipped.
    func markRead(_ messages: [ChatMessage]) {
        for message in messages {
            guard let client = clients[message.channel] else { continue }
            let (logger, metrics) = (logger, metrics)
            Task {
                switch await client.markRead(messageID: message.messageID) {
                case .marked:
                    metrics.increment("chat_read_marks_total", labels: [message.channel.rawValue, "marked"])
                case .failed(let reason):
                    metrics.increment("chat_read_marks_total", labels: [message.channel.rawValue, "failed"])
                    logger.debug(
                        "chat message not marked read",
                        ["channel": .string(message.channel.rawValue), "error": .string(reason)])
                case .unsupported:
                    break
                }
            }
        }
    }

    /// What a replica said (this one's own signals come back too): only a look meant for this
    /// replica, the chat's holder, is acted on, so that no signal starts another.
    func received(_ signal: ReplicaSignal) {
        switch signal {
        case .look(let work, let holder):
            guard holder == storage.leases?.holder else { return }
            switch work {
            case .answer(let chat): answering.mark(CollectionOfOne(chat))
            case .send(let chat): sending.mark(CollectionOfOne(chat))
            }
        case .rescan:
            answering.rescan()
            sending.rescan()
        }
    }

    // MARK: - Turns across replicas

    /// Runs a chat's drain while this replica holds the chat's lease for that work (answering,
    /// sending), so that replicas sharing the database never work on one chat at once and its
    /// order holds. When another replica holds it, that one is told to look again (it may
    /// have finished its last look before this work was stored), and this one looks when the
    /// lease would expire: a replica that died holding it is taken over then. With one
    /// process (SQLite) the drain just runs.
    private func inTurn(_ work: ChatWork, _ drain: () async -> Int64?) async -> Int64? {
        guard let leases = storage.leases else { return await drain() }
        let name = work.leaseName
        do {
            switch try await leases.tryAcquire(name) {
            case .acquired:
                let retryAt = await LeaseStore.$held.withValue([name]) { await drain() }
                do {
                    try await leases.release(name)
                } catch {
                    logger.error("chat lease not given back; it expires", ["error": .string("\(error)")])
                }
                return retryAt
            case .heldElsewhere(let until, let holder):
                try await storage.signal(.look(work, holder: holder))
                return until + 1
            }
        } catch {
            logger.error("chat lease could not be taken", ["error": .string("\(error)")])
            return time.nowMilliseconds() + 1000
        }
    }

    // MARK: - Answering

    /// Answers a chat's messages in order until none is left or one must wait; returns when
    /// the waiting one can be tried again.
    private func answerChat(_ chat: ChatKey) async -> Int64? {
        while answering.isRunning {
            let items: [InboxStore.Item]
            let waitingUntil: Int64?
            do {
                (items, waitingUntil) = try await inbox.pending(chat, limit: 64)
            } catch {
                logger.error("chat inbox could not be read", ["error": .string("\(error)")])
                return time.nowMilliseconds() + 1000
            }
            guard !items.isEmpty else { return waitingUntil }
            for item in items {
                // Photos sent while the session asks for them are answered as a burst; the
                // inbox is read again after it.
                let missing = item.message.isImage ? await photosMissing(chat) : 0
                let burst = missing > 0
                let outcome = burst ? await answerBurst(chat, missing: missing) : await answer(item)
                sending.mark(CollectionOfOne(chat))
                if case .wait(let until) = outcome { return until }
                if burst { break }
            }
        }
        return nil
    }

    enum Answered {
        case done
        /// The message (and so its chat) waits until this time.
        case wait(until: Int64)
    }

    /// Answers one message, or says until when it must wait (its chat then waits too). A
    /// photo already fetched comes as `downloaded`.
    func answer(_ item: InboxStore.Item, downloaded: DownloadOutcome? = nil) async -> Answered {
        let message = item.message
        let delivery = ChatDelivery(inboxID: item.id, channel: message.channel, chatID: message.chatID)
        do {
            let input: ConversationInput
            switch message.content {
            case .text(let text): input = .text(text)
            case .choice(let id, let title): input = .choice(id: id, title: title)
            case .unsupported(let kind): input = .unsupported(kind)
            case .image(let media):
                guard let client = clients[message.channel] else {
                    input = .unsupported("photo")
                    break
                }
                let outcome: DownloadOutcome
                if let downloaded {
                    outcome = downloaded
                } else {
                    outcome = await client.download(media)
                }
                switch outcome {
                case .bytes(let bytes): input = .image(bytes)
                case .refused(let kind): input = .unsupported(kind)
                case .failed(let reason):
                    // It never will be (an unknown or expired media id): the agent is asked to
                    // send it again, as when its retries are used up.
                    logger.warning(
                        "chat photo could not be fetched", ["inbox_id": .int(Int(item.id)), "error": .string(reason)])
                    return await apologize(delivery, reason)
                case .retry(let reason):
                    return await postpone(item, reason)
                }
            }
            let reply = try await engine.answer(
                input, channel: message.channel, chatID: message.chatID, senderMobile: message.senderMobile,
                delivery: delivery)
            if !reply.untranslated.isEmpty {
                // Only how many: the texts may carry a customer's details.
                logger.debug(
                    "reply partly in English (no translation)",
                    ["inbox_id": .int(Int(item.id)), "texts": .int(reply.untranslated.count)])
            }
            metrics.increment("chat_messages_total", labels: [message.channel.rawValue])
            return .done
        } catch {
            return await failed(item.id, delivery, error)
        }
    }

    /// What an error of answering a message means for it: tried again, or answered with an apology.
    func failed(_ id: Int64, _ delivery: ChatDelivery, _ error: any Error) async -> Answered {
        if case .closed = error as? ConversationEngine.EngineError {
            // The session closed between lookup and use; the next round finds the new one.
            return .wait(until: time.nowMilliseconds())
        }
        switch error {
        case is InboxStore.AlreadyAnswered:
            // Another replica answered it (it took the chat over while this one stalled).
            return .done
        case let error as LeaseStore.Lost:
            logger.warning("chat taken over by another replica", ["error": .string("\(error)")])
            return .done
        case let error as any TransientStorageError:
            // Nothing was stored: the message is answered again, in its turn, in a second.
            logger.warning("chat message waits: \(error)", ["inbox_id": .int(Int(id))])
            return .wait(until: time.nowMilliseconds() + 1000)
        default:
            logger.error("chat message not answered", ["inbox_id": .int(Int(id)), "error": .string("\(error)")])
            return await apologize(delivery, "\(error)")
        }
    }

    /// Answers with an apology (and marks the message answered); if even that cannot be
    /// stored, the message is tried again in a second.
    private func apologize(_ delivery: ChatDelivery, _ reason: String) async -> Answered {
        do {
            try await engine.apologize(delivery: delivery, error: reason)
            return .done
        } catch is InboxStore.AlreadyAnswered {
            return .done
        } catch {
            logger.error(
                "chat apology not stored", ["inbox_id": .int(Int(delivery.inboxID)), "error": .string("\(error)")])
            return .wait(until: time.nowMilliseconds() + 1000)
        }
    }

    private func postpone(_ item: InboxStore.Item, _ reason: String) async -> Answered {
        let attempts = item.attempts + 1
        guard attempts < limits.maxAttempts else {
            logger.warning("chat photo given up", ["inbox_id": .int(Int(item.id)), "error": .string(reason)])
            return await apologize(
                ChatDelivery(inboxID: item.id, channel: item.message.channel, chatID: item.message.chatID), reason)
        }
        let until = time.nowMilliseconds() + delay(attempts)
        do {
            try await inbox.postpone(item.id, attempts: attempts, until: until, error: reason)
        } catch {
            logger.error(
                "chat inbox could not be updated", ["inbox_id": .int(Int(item.id)), "error": .string("\(error)")])
        }
        return .wait(until: until)
    }

    private func delay(_ attempts: Int) -> Int64 { limits.retryDelay(attempts) }
}

/// Where the engine's reply to a chat message goes: the outbox of that chat, in the same
/// transaction that saves the conversation and marks the inbox message answered.
struct ChatDelivery: Sendable, Equatable {
    var inboxID: Int64
    var channel: Session.Channel
    var chatID: String
    /// Other messages the same reply answers (the earlier photos of a burst), marked
    /// answered in the same transaction.
    var alsoAnswers: [Int64] = []
}
