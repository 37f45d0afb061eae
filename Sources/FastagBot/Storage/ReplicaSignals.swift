import PostgreSQL

/// What replicas sharing a PostgreSQL database tell each other, with `NOTIFY` on one channel:
/// a chat has new work that another replica holds (so the holder looks again at once rather
/// than at its next scan), or a replica gave its chats back (so the others scan now).
/// On SQLite there is one process and nothing to tell.
enum ReplicaSignal: Sendable, Equatable {
    case answer(ChatKey)
    case send(ChatKey)
    /// Look at the whole inbox and outbox again.
    case rescan

    static let channel = "fastag_chats"

    var payload: String {
        switch self {
        case .answer(let chat): "answer\t\(chat.channel.rawValue)\t\(chat.chatID)"
        case .send(let chat): "send\t\(chat.channel.rawValue)\t\(chat.chatID)"
        case .rescan: "rescan"
        }
    }

    init?(payload: String) {
        let parts = payload.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        if parts == ["rescan"] {
            self = .rescan
            return
        }
        guard parts.count == 3, let channel = Session.Channel(rawValue: parts[1]) else { return nil }
        let chat = ChatKey(channel: channel, chatID: parts[2])
        switch parts[0] {
        case "answer": self = .answer(chat)
        case "send": self = .send(chat)
        default: return nil
        }
    }
}

extension Storage {
    /// Tells every replica listening (this one too).
    func signal(_ signal: ReplicaSignal) async throws {
        guard location.isPostgres else { return }
        try await pool.write { db in try db.notify(ReplicaSignal.channel, signal.payload) }
    }

    /// Hands every signal to `handler` until the returned listener is closed; `.rescan` also
    /// when the listening connection was replaced (signals sent meanwhile were missed).
    /// Nil on SQLite.
    func listenForSignals(_ handler: @escaping @Sendable (ReplicaSignal) -> Void) async throws -> Listener? {
        guard case .postgres(let url) = location else { return nil }
        let listener = try Listener(url: url) { event in
            switch event {
            case .notification(let notification):
                if let signal = ReplicaSignal(payload: notification.payload) { handler(signal) }
            case .reconnected:
                handler(.rescan)
            }
        }
        try await listener.listen(ReplicaSignal.channel)
        return listener
    }
}
