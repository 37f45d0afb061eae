import PostgreSQL
import Synchronization
import TestKit
import Testing

/// Events a listener delivered, in order.
final class Inbox: Sendable {
    private let events = Mutex<[Listener.Event]>([])

    func receive(_ event: Listener.Event) { events.withLock { $0.append(event) } }

    var all: [Listener.Event] { events.withLock { $0 } }

    var notifications: [PostgresNotification] {
        all.compactMap { event in
            if case .notification(let notification) = event { return notification }
            return nil
        }
    }

    var reconnections: Int { all.filter { $0 == .reconnected }.count }

    func payloads(on channel: String) -> [String] {
        notifications.filter { $0.channel == channel }.map(\.payload)
    }
}

/// `Listener` and `notify`: LISTEN/NOTIFY between two connections, also after the listener's
/// connection was terminated. Channels are named after the test's schema: notifications are
/// database-wide, and other tests run at the same time.
@Suite struct ListenerTests {
    let schema: TestSchema
    let inbox = Inbox()

    init() throws {
        schema = try TestSchema()
    }

    func makeListener() throws -> Listener {
        let inbox = self.inbox
        return try Listener(url: schema.url) { inbox.receive($0) }
    }

    /// A listener already listening on a channel of this test's own, `<prefix>_<schema>`.
    func listening(_ prefix: String) async throws -> (listener: Listener, channel: String) {
        let listener = try makeListener()
        let channel = "\(prefix)_\(schema.name)"
        do {
            try await listener.listen(channel)
        } catch {
            listener.close()
            throw error
        }
        return (listener, channel)
    }

    @Test func deliversNotificationsFromAnotherConnection() async throws {
        let (listener, channel) = try await listening("jobs")
        defer { listener.close() }
        let sender = try schema.connect()
        try sender.notify(channel, payload: "chat-42")
        try sender.notify(channel, payload: "ünïcode 'quotes' \"double\" ; DROP TABLE x")
        #expect(await eventually { inbox.payloads(on: channel).count == 2 })
        #expect(inbox.payloads(on: channel) == ["chat-42", "ünïcode 'quotes' \"double\" ; DROP TABLE x"])
        #expect(inbox.notifications.allSatisfy { $0.senderPID == sender.backendPID })
        #expect(inbox.reconnections == 0)
    }

    /// NOTIFY is transactional: delivered on COMMIT, never for a rollback.
    @Test func notificationsFollowTheTransaction() async throws {
        let (listener, channel) = try await listening("tx")
        defer { listener.close() }
        let sender = try schema.connect()
        #expect(throws: Boom()) {
            try sender.transaction {
                try sender.notify(channel, payload: "rolled back")
                throw Boom()
            }
        }
        try sender.transaction { try sender.notify(channel, payload: "committed") }
        try sender.notify(channel, payload: "after")
        #expect(await eventually { inbox.payloads(on: channel).count == 2 })
        #expect(inbox.payloads(on: channel) == ["committed", "after"])
    }

    /// Several channels, names that need quoting, and UNLISTEN. One sender's notifications
    /// arrive in the order sent, so "b" arriving without "a" before it shows "a" was not delivered.
    @Test func channelsAndUnlisten() async throws {
        let listener = try makeListener()
        defer { listener.close() }
        let first = "First Channel \"\(schema.name)\""
        let second = "second_\(schema.name)"
        try await listener.listen(first)
        try await listener.listen(second)
        try await listener.listen(second)
        let sender = try schema.connect()
        try sender.notify(first, payload: "1")
        try sender.notify(second, payload: "2")
        #expect(await eventually { inbox.notifications.count == 2 })
        try await listener.unlisten(first)
        try sender.notify(first, payload: "not delivered")
        try sender.notify(second, payload: "3")
        #expect(await eventually { inbox.payloads(on: second) == ["2", "3"] })
        #expect(inbox.payloads(on: first) == ["1"])
    }

    /// The listener's backend is terminated: it reconnects, LISTENs again, says so, and
    /// receives what is sent afterwards. Twice, to show the second connection is watched too.
    @Test func reconnectsAfterItsBackendIsTerminated() async throws {
        let (listener, channel) = try await listening("again")
        defer { listener.close() }
        let sender = try schema.connect()
        let admin = try schema.adminConnection()
        try sender.notify(channel, payload: "before")
        #expect(await eventually { inbox.payloads(on: channel) == ["before"] })

        for round in 1...2 {
            let pid = listener.backendPID
            #expect(pid != 0)
            #expect(try admin.scalar("SELECT pg_terminate_backend($1, 30000)", [Int(pid)], as: Bool.self))
            #expect(await eventually { inbox.reconnections == round })
            #expect(listener.backendPID != pid)
            #expect(listener.backendPID != 0)
            try sender.notify(channel, payload: "after \(round)")
            #expect(await eventually { inbox.payloads(on: channel).last == "after \(round)" })
        }
        #expect(inbox.payloads(on: channel) == ["before", "after 1", "after 2"])
    }

    /// A listener keeps listening through a server restart, in a cluster of this test's own.
    @Test func reconnectsAfterTheServerRestarts() async throws {
        let cluster = try PostgresCluster()
        let inbox = self.inbox
        let listener = try Listener(url: try cluster.postgresURL) { inbox.receive($0) }
        defer { listener.close() }
        try await listener.listen("restart")
        try cluster.restart()
        #expect(await eventually { inbox.reconnections >= 1 })
        let sender = try Database(url: try cluster.postgresURL)
        try sender.notify("restart", payload: "back")
        #expect(await eventually { inbox.payloads(on: "restart") == ["back"] })
    }

    @Test func closeStopsDelivery() async throws {
        let (listener, _) = try await listening("closed")
        let pid = listener.backendPID
        listener.close()
        listener.close()
        let admin = try schema.adminConnection()
        // Its session is gone from the server.
        #expect(
            try await eventually {
                try admin.scalar("SELECT count(*) FROM pg_stat_activity WHERE pid = $1", [Int(pid)], as: Int.self) == 0
            })
        #expect(inbox.all.isEmpty)
    }

    /// The handler may close its own listener (no deadlock); nothing is delivered after that.
    @Test func closingFromTheHandler() async throws {
        let inbox = self.inbox
        let holder = ListenerHolder()
        let listener = try Listener(url: schema.url) { event in
            inbox.receive(event)
            holder.listener?.close()
        }
        holder.listener = listener
        let channel = "self_\(schema.name)"
        try await listener.listen(channel)
        let sender = try schema.connect()
        try sender.transaction {
            try sender.notify(channel, payload: "1")
            try sender.notify(channel, payload: "2")
        }
        #expect(await eventually { listener.backendPID == 0 })
        #expect(inbox.payloads(on: channel) == ["1"])
        holder.listener = nil
    }
}

/// Lets a listener's handler reach the listener it belongs to.
final class ListenerHolder: Sendable {
    private let value = Mutex<Listener?>(nil)
    var listener: Listener? {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
