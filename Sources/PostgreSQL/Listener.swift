import CPostgres
import Dispatch
import Synchronization

/// A message sent with `NOTIFY` / `pg_notify`.
public struct PostgresNotification: Sendable, Equatable {
    /// The channel it was sent on, as the sender spelled it.
    public let channel: String
    /// Up to 8000 bytes of text chosen by the sender ("" when it sent none).
    public let payload: String
    /// The server process of the session that sent it.
    public let senderPID: Int32

    public init(channel: String, payload: String, senderPID: Int32) {
        self.channel = channel
        self.payload = payload
        self.senderPID = senderPID
    }
}

/// A dedicated connection that `LISTEN`s on channels and hands every notification to a handler
/// (https://www.postgresql.org/docs/current/sql-notify.html).
///
/// No thread waits on it: its socket is watched by a Dispatch read source on the listener's own
/// serial queue, which reads whatever arrived (`PQconsumeInput`, `PQnotifies`) and calls the
/// handler there. When the connection drops (a restart, `pg_terminate_backend`), the listener
/// connects again, with a growing pause between attempts, `LISTEN`s on every channel again,
/// and tells the handler `.reconnected`: notifications sent while it was away are lost, so a
/// consumer then looks for work it may have missed.
public final class Listener: Sendable {
    /// What the handler receives.
    public enum Event: Sendable, Equatable {
        case notification(PostgresNotification)
        /// The connection was replaced and listens again; anything sent meanwhile was missed.
        case reconnected
    }

    private let core: ListenerCore

    /// Connects and starts watching. The handler runs on the listener's queue, one event at a
    /// time, in the order the server sent them; it should be quick (hand work to a task).
    ///
    /// - Throws: `PostgresError` (`.unableToConnect`) when the first connection fails.
    public init(
        url: PostgresURL, options: Database.Options = Database.Options(),
        handler: @escaping @Sendable (Event) -> Void
    ) throws(PostgresError) {
        core = ListenerCore(url: url, options: options, handler: handler)
        try core.start()
    }

    /// Starts listening on `channel` (kept across reconnections).
    ///
    /// - Throws: `PostgresError` when the server refuses it (a name longer than 63 bytes is cut
    ///   by the server, not refused). A lost connection is no error: the channel is listened to
    ///   once the listener has reconnected.
    public func listen(_ channel: String) async throws {
        try await core.perform { try $0.listen(channel) }
    }

    /// Stops listening on `channel`.
    ///
    /// - Throws: `PostgresError` when the server refuses it.
    public func unlisten(_ channel: String) async throws {
        try await core.perform { try $0.unlisten(channel) }
    }

    deinit {
        core.close()
    }

    /// The server process of the current connection (0 while reconnecting).
    public var backendPID: Int32 { core.backendPID.load(ordering: .relaxed) }

    /// Stops watching and closes the connection; no event is delivered after it returns (when
    /// called from the handler: after the handler returns). Idempotent.
    public func close() {
        core.close()
    }
}

/// The listener's state, confined to `queue` (hence `@unchecked Sendable`): only `backendPID`
/// and `closed` are read from other threads, and they are atomic.
private final class ListenerCore: @unchecked Sendable {
    let url: PostgresURL
    let options: Database.Options
    let handler: @Sendable (Listener.Event) -> Void
    let queue = DispatchQueue(label: "postgres.listener")
    let backendPID = Atomic<Int32>(0)
    let closed = Atomic<Bool>(false)
    private var database: Database?
    private var source: (any DispatchSourceRead)?
    private var channels: [String] = []
    private var retryDelayMilliseconds = ListenerCore.firstRetryMilliseconds
    static let firstRetryMilliseconds = 50
    static let lastRetryMilliseconds = 2000

    /// Marks `queue`, so that `close` can tell it is called from the handler.
    private static let onQueue = DispatchSpecificKey<Bool>()

    init(url: PostgresURL, options: Database.Options, handler: @escaping @Sendable (Listener.Event) -> Void) {
        self.url = url
        self.options = options
        self.handler = handler
        queue.setSpecific(key: Self.onQueue, value: true)
    }

    func start() throws(PostgresError) {
        let database = try Database(url: url, options: options)
        database.reconnectsAutomatically = false
        queue.sync { self.attach(database) }
    }

    func perform(_ work: @escaping @Sendable (ListenerCore) throws -> Void) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            queue.async { continuation.resume(with: Result { try work(self) }) }
        }
    }

    func listen(_ channel: String) throws {
        if !channels.contains(channel) { channels.append(channel) }
        do {
            try database?.execute("LISTEN \(Self.quoted(channel))")
        } catch {
            guard error.isConnectionLost else {
                channels.removeAll { $0 == channel }
                throw error
            }
            connectionLost()
        }
        deliverNotifications()
    }

    func unlisten(_ channel: String) throws {
        channels.removeAll { $0 == channel }
        do {
            try database?.execute("UNLISTEN \(Self.quoted(channel))")
        } catch {
            guard error.isConnectionLost else { throw error }
            connectionLost()
        }
    }

    func close() {
        guard !closed.exchange(true, ordering: .sequentiallyConsistent) else { return }
        if DispatchQueue.getSpecific(key: Self.onQueue) != nil {
            // From the handler: tear down here; the connection closes when this block is done.
            detach()
            return
        }
        let finished = DispatchSemaphore(value: 0)
        queue.async {
            self.detach()
            // The source's cancel handler (queued after this block) closes the connection.
            self.queue.async { finished.signal() }
        }
        finished.wait()
    }

    private func detach() {
        source?.cancel()
        source = nil
        database = nil
        backendPID.store(0, ordering: .relaxed)
    }

    /// Watches `database`'s socket from now on.
    private func attach(_ database: Database) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard let connection = database.connection else { return }
        self.database = database
        backendPID.store(database.backendPID, ordering: .relaxed)
        let source = DispatchSource.makeReadSource(fileDescriptor: PQsocket(connection), queue: queue)
        // Strong: the core lives as long as it watches, that is until `close`.
        source.setEventHandler { self.readable() }
        // Closing the socket only after the source let go of it: a new connection may get the
        // same descriptor number, and a source still registered on it would watch the wrong one.
        source.setCancelHandler { _ = database }
        self.source = source
        source.resume()
    }

    private func readable() {
        guard let database, let connection = database.connection, !closed.load(ordering: .relaxed) else { return }
        // PQconsumeInput reads; PQisBusy parses what was read (notifications, or the server's
        // FATAL goodbye, which sets the flag `isConnected` reads).
        if PQconsumeInput(connection) == 0 || PQisBusy(connection) != 0 || !database.isConnected {
            connectionLost()
            return
        }
        deliverNotifications()
    }

    private func deliverNotifications() {
        guard let connection = database?.connection else { return }
        while let notification = PQnotifies(connection) {
            let event = PostgresNotification(
                channel: String(cString: notification.pointee.relname),
                payload: String(cString: notification.pointee.extra), senderPID: notification.pointee.be_pid)
            PQfreemem(notification)
            if !closed.load(ordering: .relaxed) { handler(.notification(event)) }
        }
    }

    /// Drops the connection (once the source let go of its socket) and starts reconnecting.
    private func connectionLost() {
        guard database != nil else { return }
        backendPID.store(0, ordering: .relaxed)
        database = nil
        source?.cancel()
        source = nil
        reconnect()
    }

    private func reconnect() {
        guard !closed.load(ordering: .relaxed) else { return }
        do {
            let database = try Database(url: url, options: options)
            database.reconnectsAutomatically = false
            for channel in channels { try database.execute("LISTEN \(Self.quoted(channel))") }
            retryDelayMilliseconds = Self.firstRetryMilliseconds
            attach(database)
            handler(.reconnected)
            deliverNotifications()
        } catch {
            queue.asyncAfter(deadline: .now() + .milliseconds(retryDelayMilliseconds)) { self.reconnect() }
            retryDelayMilliseconds = min(retryDelayMilliseconds * 2, Self.lastRetryMilliseconds)
        }
    }

    /// A channel name as an SQL identifier (LISTEN takes no parameters).
    static func quoted(_ channel: String) -> String {
        "\"" + channel.replacing("\"", with: "\"\"") + "\""
    }
}
