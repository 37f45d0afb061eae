import FastagTestKit
import Foundation
import Synchronization
import Testing

@testable import FastagBot

/// Two replicas' leases on one PostgreSQL database (two `LeaseStore`s: two holders), on a
/// clock that moves only when told: who gets a lease, until when the other waits, a dead
/// holder's lease taken over once it expires, and the fence that stops the old holder.
@Suite struct LeaseStoreTests {
    @Test func leasesAreTakenInTurnAndTakenOverWhenTheyExpire() async throws {
        let database = try TestDatabase("leases", backend: .postgres)
        defer { database.remove() }
        let time = ManualTime()
        let storage = try database.storage(time: time)
        defer { storage.close() }
        let pool = try #require(storage.leases?.pool)
        let first = LeaseStore(pool: pool, time: time)
        let second = LeaseStore(pool: pool, time: time)
        let now = time.nowMilliseconds()

        #expect(try await first.tryAcquire("session:a") == .acquired)
        #expect(try await first.tryAcquire("session:a") == .acquired, "its own lease, again")
        #expect(
            try await second.tryAcquire("session:a")
                == .heldElsewhere(until: now + first.lifetime, holder: first.holder))
        #expect(try await second.tryAcquire("session:b") == .acquired, "another name is free")

        // Given back, it is the other's at once.
        try await first.release("session:a")
        #expect(try await second.tryAcquire("session:a") == .acquired)

        // The holder stops renewing (it died): the lease is the other's once it expires, and
        // the old holder's write that confirms it fails.
        time.advance(seconds: Double(first.lifetime) / 1000 + 0.001)
        #expect(try await first.tryAcquire("session:b") == .acquired)
        let fenced = await #expect(throws: LeaseStore.Lost.self) {
            try await storage.pool.write { db in try second.confirm(["session:b"], now: time.nowMilliseconds(), in: db)
            }
        }
        #expect(fenced?.name == "session:b")

        // Renewal keeps a lease from expiring.
        try await first.renewAll()
        time.advance(seconds: Double(first.lifetime) / 2000)
        try await first.renewAll()
        time.advance(seconds: Double(first.lifetime) / 1500)
        if case .acquired = try await second.tryAcquire("session:b") {
            Issue.record("a renewed lease was taken")
        }

        // At shutdown a replica gives all of its leases back.
        try await first.releaseAll()
        #expect(try await second.tryAcquire("session:b") == .acquired)
    }

    /// `holding` waits while another replica holds the lease, and gets it once it is given back.
    @Test func holdingWaitsForTheOtherReplica() async throws {
        let database = try TestDatabase("leases", backend: .postgres)
        defer { database.remove() }
        let storage = try database.storage()
        defer { storage.close() }
        let pool = try #require(storage.leases?.pool)
        let (first, second) = (LeaseStore(pool: pool, time: SystemTime()), LeaseStore(pool: pool, time: SystemTime()))
        #expect(try await first.tryAcquire("chat:x") == .acquired)
        let order = OrderLog()
        async let waiting: Void = second.holding("chat:x") { order.append("second") }
        try await Task.sleep(for: .milliseconds(50))
        order.append("first gives back")
        try await first.release("chat:x")
        try await waiting
        #expect(order.entries == ["first gives back", "second"])
    }
}

/// What happened, in order, across tasks.
final class OrderLog: Sendable {
    private let state = Mutex<[String]>([])
    func append(_ entry: String) { state.withLock { $0.append(entry) } }
    var entries: [String] { state.withLock { $0 } }
}
