/// Bursts of photos: an agent who picks all the document photos at once sends them as
/// separate image messages (one webhook each or several in one, not always in order). While
/// the session asks for document photos, the photos of a chat received within
/// `Limits.albumWindow` of each other are answered together, with one reply
/// (`ConversationEngine.answerPhotos`). Each is fetched as soon as it is seen, so the wait
/// for the rest of a burst costs a single photo little more than its download.
extension ChatPipeline {
    typealias Download = Task<DownloadOutcome, Never>

    /// How many document photos the chat's session still misses (0: it asks for none).
    func photosMissing(_ chat: ChatKey) async -> Int {
        (try? await engine.photosMissing(channel: chat.channel, chatID: chat.chatID)) ?? 0
    }

    /// Answers the burst of photos at the head of the chat's inbox, once no photo has joined
    /// it for a window's length, a message that is no photo followed it, or it holds as many
    /// photos as the session misses (no later one could join it).
    func answerBurst(_ chat: ChatKey, missing: Int) async -> Answered {
        var downloads: [Int64: Download] = [:]
        while true {
            let items: [InboxStore.Item]
            do {
                items = try await inbox.pending(chat, limit: 64).items
            } catch {
                logger.error("chat inbox could not be read", ["error": .string("\(error)")])
                return .wait(until: time.nowMilliseconds() + 1000)
            }
            let burst = Self.burst(items, window: limits.albumWindow)
            guard let latest = burst.last?.receivedAt else { return .done }
            for item in burst where downloads[item.id] == nil { downloads[item.id] = download(item) }
            let quietAt = latest + limits.albumWindow
            let now = time.nowMilliseconds()
            if burst.count == items.count, burst.count < missing, now < quietAt, answering.isRunning {
                // Waiting is no work: other chats may be answered meanwhile. In slices, so that
                // the photo completing the burst ends the wait when it arrives.
                await OutsideWait.around { try? await Task.sleep(for: .milliseconds(min(quietAt - now, 100))) }
                continue
            }
            return await answer(Self.ordered(burst), downloads)
        }
    }

    /// The photos at the head of `items` (inbox order), each received within `window` of the one before.
    static func burst(_ items: [InboxStore.Item], window: Int64) -> [InboxStore.Item] {
        var burst: [InboxStore.Item] = []
        for item in items {
            guard item.message.isImage else { break }
            if let previous = burst.last, item.receivedAt - previous.receivedAt > window { break }
            burst.append(item)
        }
        return burst
    }

    /// A burst in the order the agent sent it: by the channel's send time when every photo
    /// has one (webhooks may cross), otherwise as received; ties as received.
    static func ordered(_ burst: [InboxStore.Item]) -> [InboxStore.Item] {
        guard burst.allSatisfy({ $0.message.sentAt != nil }) else { return burst }
        return burst.enumerated().sorted {
            ($0.element.message.sentAt ?? 0, $0.offset) < ($1.element.message.sentAt ?? 0, $1.offset)
        }.map(\.element)
    }

    /// Fetches a photo in a task of its own, at once.
    private func download(_ item: InboxStore.Item) -> Download {
        guard case .image(let media) = item.message.content, let client = clients[item.message.channel]
        else {
            return Task { .failed("the \(item.message.channel.rawValue) channel is not configured") }
        }
        return Task { await client.download(media) }
    }

    /// Answers the photos of the burst that could be fetched, up to the first that could not;
    /// a photo alone (or first before one that could not be fetched), a first photo that could
    /// not be fetched, or a session that no longer asks for photos, is answered alone, as ever.
    private func answer(_ burst: [InboxStore.Item], _ downloads: [Int64: Download]) async -> Answered {
        var photos: [(bytes: [UInt8], inboxID: Int64)] = []
        var firstOutcome: DownloadOutcome?
        for item in burst {
            let outcome = await downloads[item.id]?.value ?? .failed("not fetched")
            if firstOutcome == nil { firstOutcome = outcome }
            guard case .bytes(let bytes) = outcome else { break }
            photos.append((bytes, item.id))
        }
        let first = burst[0]
        // A photo alone is answered as ever (the next photo's question).
        if photos.count > 1 {
            let delivery = ChatDelivery(inboxID: first.id, channel: first.message.channel, chatID: first.message.chatID)
            do {
                let used = try await engine.answerPhotos(
                    photos, channel: first.message.channel, chatID: first.message.chatID)
                if used > 0 {
                    for _ in 0..<used {
                        metrics.increment("chat_messages_total", labels: [first.message.channel.rawValue])
                    }
                    return .done
                }
            } catch {
                return await failed(first.id, delivery, error)
            }
        }
        return await answer(first, downloaded: firstOutcome)
    }
}
