import Foundation

/// Leases that replicas sharing one database take, so that they never work on one thing at
/// once: a session (one input at a time), a chat (one replica answers it, one sends its
/// replies). A lease names its holder, this replica, and lasts `lifetime` unless renewed:
/// the replica renews all of its own every third of that (`renewAll`), so the leases of a
/// replica that dies (SIGKILL, a lost machine) expire and the others take them over.
///
/// Taking and giving back a lease is one statement, on connections of their own that commit
/// without waiting for the disk (`synchronous_commit=off`): a lease lost in a database crash
/// is simply free again. What makes that safe is the fence: the transaction that stores the
/// work done under a lease first renews it (`confirm`, on the stores' durable connections),
/// and fails if the lease is no longer this replica's, so work done by a replica that lost its
/// lease (a long stall) is never stored over its successor's.
package struct LeaseStore: Sendable {
    /// The lease connections: each statement its own transaction, committed asynchronously.
    let pool: StoragePool
    let time: any TimeSource
    /// This replica: its host, process and a random part (the random end of a v7 id; its start
    /// is the clock, alike for holders made in the same millisecond), so that a restarted
    /// process is another holder.
    package let holder: String
    /// How long a lease lasts without renewal, in milliseconds; also how long a dead
    /// replica's sessions and chats wait before another replica takes them.
    let lifetime: Int64

    init(pool: StoragePool, time: any TimeSource, lifetime: Int64 = 5000) {
        self.pool = pool
        self.time = time
        self.lifetime = lifetime
        holder = "\(ProcessInfo.processInfo.hostName)/\(getpid())/\(RandomID.uuid().suffix(12))"
    }

    enum Attempt: Equatable, Sendable {
        case acquired
        /// Another replica, `holder`, holds it until then (unless it renews it).
        case heldElsewhere(until: Int64, holder: String)
    }

    /// The names of the leases the current task holds, which its writes confirm.
    @TaskLocal static var held: [String] = []

    /// Takes the lease when it is free, expired or already this replica's: one round trip,
    /// which also says until when another replica holds it (the SELECT sees the row as it
    /// was before the INSERT).
    func tryAcquire(_ name: String) async throws -> Attempt {
        let now = time.nowMilliseconds()
        let (holder, lifetime) = (holder, lifetime)
        return try await pool.read { db in
            let row = try db.queryOne(
                """
                WITH taken AS (
                    INSERT INTO leases (name, holder, expires_at) VALUES (?1, ?2, ?3)
                    ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                    WHERE leases.holder = excluded.holder OR leases.expires_at <= ?4
                    RETURNING 1
                )
                SELECT (SELECT count(*) FROM taken) AS taken,
                    (SELECT expires_at FROM leases WHERE name = ?1) AS until,
                    (SELECT holder FROM leases WHERE name = ?1) AS holder
                """, name, holder, now + lifetime, now)
            guard let row else { throw SQLConnection.NoRow(sql: "taking a lease") }
            if try row.get("taken", as: Int.self) == 1 { return .acquired }
            return .heldElsewhere(
                until: try row.get("until", as: Int64?.self) ?? now,
                holder: try row.get("holder", as: String?.self) ?? "")
        }
    }

    /// Takes the lease, waiting while another replica holds it (it gives it back, or it
    /// expires); throws `Busy` after `patience`.
    func acquire(_ name: String, patience: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + patience
        var pause: Int64 = 2
        while case .heldElsewhere(let until, _) = try await tryAcquire(name) {
            guard ContinuousClock.now < deadline else { throw Busy(name: name) }
            let wait = max(1, min(pause, until - time.nowMilliseconds() + 1))
            try await Task.sleep(for: .milliseconds(wait))
            pause = min(pause * 2, 64)
        }
    }

    /// Runs `body` holding the lease (its writes confirm it), then gives it back.
    func holding<T: Sendable>(_ name: String, _ body: () async throws -> T) async throws -> T {
        try await acquire(name)
        do {
            let result = try await Self.$held.withValue(Self.held + [name]) { try await body() }
            try await release(name)
            return result
        } catch {
            try? await release(name)
            throw error
        }
    }

    func release(_ name: String) async throws {
        let holder = holder
        _ = try await pool.read { db in try db.run("DELETE FROM leases WHERE name = ? AND holder = ?", name, holder) }
    }

    /// Gives back every lease of this replica (at shutdown).
    func releaseAll() async throws {
        let holder = holder
        _ = try await pool.read { db in try db.run("DELETE FROM leases WHERE holder = ?", holder) }
    }

    /// Extends every lease of this replica by `lifetime` from now.
    func renewAll() async throws {
        let (holder, until) = (holder, time.nowMilliseconds() + lifetime)
        _ = try await pool.read { db in try db.run("UPDATE leases SET expires_at = ? WHERE holder = ?", until, holder) }
    }

    /// Inside a transaction that stores work done under `names`: renews them, or throws
    /// `Lost` when one is no longer this replica's (it expired and another took it).
    func confirm(_ names: [String], now: Int64, in db: SQLConnection) throws {
        for name in names {
            let renewed = try db.run(
                "UPDATE leases SET expires_at = ? WHERE name = ? AND holder = ?", now + lifetime, name, holder)
            guard renewed == 1 else { throw Lost(name: name) }
        }
    }

    /// Another replica kept the lease for longer than the caller would wait.
    struct Busy: TransientStorageError, CustomStringConvertible {
        let name: String
        var description: String { "\(name) is busy on another replica; try again" }
    }

    /// The lease expired while its work was under way, and another replica took it over.
    struct Lost: Error, CustomStringConvertible {
        let name: String
        var description: String { "the lease on \(name) expired and another replica took it over" }
    }
}
