import PostgreSQL

/// Work a chat has, each kind in order and in one replica's hands at a time (its lease).
enum ChatWork: Hashable, Sendable {
    case answer(ChatKey)
    case send(ChatKey)

    var chat: ChatKey {
        switch self {
        case .answer(let chat), .send(let chat): chat
        }
    }

    var kind: String {
        switch self {
        case .answer: "answer"
        case .send: "send"
        }
    }

    /// The name of its lease: `answer:whatsapp:919876543210`.
    var leaseName: String { "\(kind):\(chat.channel.rawValue):\(chat.chatID)" }
}

/// What replicas sharing a PostgreSQL database tell each other, with `NOTIFY` on one channel:
/// to the replica holding a chat, that the chat has new work (it may have had its last look
/// before that work was stored: it looks again at once rather than at its next scan); to all,
/// that a replica gave its chats back (they scan now). Every replica hears every signal (its
/// own too) and acts only on those meant for it. On SQLite there is one process and nothing
/// to tell.
enum ReplicaSignal: Sendable, Equatable {
    /// For `holder`: look at this work again.
    case look(ChatWork, holder: String)
    /// For all: look at the whole inbox and outbox again.
    case rescan

    /// The channel's name, with the schema's appended (`channelSQL`): deployments (or tests)
    /// sharing one database in schemas of their own never wake each other's replicas.
    static let channel = "fastag_chats"
    static let channelSQL = "'\(channel)_' || coalesce(current_schema(), '')"

    /// `look<TAB>answer<TAB>holder<TAB>whatsapp<TAB>919876543210`, or `rescan`.
    var payload: String {
        switch self {
        case .look(let work, let holder):
            ["look", work.kind, holder, work.chat.channel.rawValue, work.chat.chatID].joined(separator: "\t")
        case .rescan: "rescan"
        }
    }

    init?(payload: String) {
        let parts = payload.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        if parts == ["rescan"] {
            self = .rescan
            return
        }
        guard parts.count == 5, parts[0] == "look", let channel = Session.Channel(rawValue: parts[3]) else {
            return nil
        }
        let chat = ChatKey(channel: channel, chatID: parts[4])
        switch parts[1] {
        case "answer": self = .look(.answer(chat), holder: parts[2])
        case "send": self = .look(.send(chat), holder: parts[2])
        default: return nil
        }
    }
}

extension Storage {
    /// Tells every replica listening (this one too); each acts on what is meant for it.
    func signal(_ signal: ReplicaSignal) async throws {
        guard location.isPostgres else { return }
        try await pool.write { db in
            _ = try db.query("SELECT pg_notify(\(ReplicaSignal.channelSQL), ?)", signal.payload)
        }
    }

    /// Hands every signal to `handler` until the returned listener is closed; `.rescan` also
    /// when the listening connection was replaced (signals sent meanwhile were missed).
    /// Nil on SQLite.
    func listenForSignals(_ handler: @escaping @Sendable (ReplicaSignal) -> Void) async throws -> Listener? {
        guard case .postgres(let url) = location else { return nil }
        let channel = try await pool.read { try $0.scalar("SELECT \(ReplicaSignal.channelSQL)", as: String.self) }
        let listener = try Listener(url: url) { event in
            switch event {
            case .notification(let notification):
                if let signal = ReplicaSignal(payload: notification.payload) { handler(signal) }
            case .reconnected:
                handler(.rescan)
            }
        }
        try await listener.listen(channel)
        return listener
    }
}
