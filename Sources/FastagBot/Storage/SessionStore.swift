import Foundation

/// Sessions and their state history. Every change of `state` is recorded in
/// `session_events` in the same transaction (the funnel: how many sessions reach each step
/// and how long each takes).
package struct SessionStore: Sendable {
    let pool: StoragePool
    let time: any TimeSource
    let photos: PhotoStore

    struct Filter: Sendable {
        var agentID: Int64?
        var status: Session.Status?
        var state: String?
        var agentMobile: String?
        var vehicleNumber: String?
        var channel: Session.Channel?
        /// Open and idle since before this time (Unix ms), or with a reply that failed.
        var stuckBefore: Int64?
        init(agentID: Int64? = nil, status: Session.Status? = nil, state: String? = nil) {
            self.agentID = agentID
            self.status = status
            self.state = state
        }
    }

    func list(_ filter: Filter = Filter(), page: PageRequest = PageRequest()) async throws -> Page<Session> {
        let vehicle = pool.dialect.jsonText("vehicle_number", in: "data")
        // A stuck session: open and idle past the timeout, or a reply of its chat failed
        // since it began (the console's list of what needs a hand).
        let stuck = """
            (status = 'open' AND (last_activity_at < ?7 OR (chat_id IS NOT NULL AND EXISTS (SELECT 1 FROM outbox o
                WHERE o.channel = sessions.channel AND o.chat_id = sessions.chat_id AND o.status = 'failed'
                AND o.created_at >= sessions.created_at))))
            """
        let listing = Listing<Session>(
            condition: "(CAST(?1 AS BIGINT) IS NULL OR agent_id = ?1) AND (CAST(?2 AS TEXT) IS NULL OR status = ?2)"
                + " AND (CAST(?3 AS TEXT) IS NULL OR state = ?3)"
                + " AND (CAST(?4 AS TEXT) IS NULL OR agent_id IN (SELECT id FROM agents WHERE mobile = ?4))"
                + " AND (CAST(?5 AS TEXT) IS NULL OR \(vehicle) = ?5) AND (CAST(?6 AS TEXT) IS NULL OR channel = ?6)"
                + " AND (CAST(?7 AS BIGINT) IS NULL OR \(stuck))",
            arguments: [
                filter.agentID, filter.status?.rawValue, filter.state, filter.agentMobile, filter.vehicleNumber,
                filter.channel?.rawValue, filter.stuckBefore,
            ], order: "created_at, id")
        return try await pool.read { db in try listing.page(page, in: db) }
    }

    func get(_ id: String) async throws -> Session? {
        try await pool.read { db in try Session.get(id, in: db) }
    }

    /// The open session of a chat, if any.
    func openSession(channel: Session.Channel, chatID: String) async throws -> Session? {
        try await pool.read { db in
            try Session.fetchOne("channel = ? AND chat_id = ? AND status = 'open'", channel.rawValue, chatID, in: db)
        }
    }

    func create(_ session: Session) async throws -> Session {
        try await pool.write { db in try Self.insert(session, in: db) }
    }

    static func insert(_ session: Session, in db: SQLConnection) throws -> Session {
        if let agentID = session.agentID { _ = try Agent.existing(agentID, in: db) }
        try StoreError.mapConstraint("Chat \(session.chatID ?? "") already has an open session") {
            try db.run(
                """
                INSERT INTO sessions (id, agent_id, channel, chat_id, flow, state, data, provider_request_id,
                    provider_session_id, status, authenticated_at, created_at, updated_at, last_activity_at,
                    completed_at, expired_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                session.id, session.agentID, session.channel.rawValue, session.chatID, session.flow, session.state,
                session.dataText, session.providerRequestID, session.providerSessionID, session.status.rawValue,
                session.authenticatedAt, session.createdAt, session.updatedAt, session.lastActivityAt,
                session.completedAt, session.expiredAt)
        }
        try recordEvent(session, after: nil, at: session.createdAt, in: db)
        return session
    }

    /// Writes every field of `session` back, recording a state change when there is one.
    func save(_ session: Session) async throws -> Session {
        try await pool.write { db in try Self.save(session, in: db) }
    }

    static func save(_ session: Session, in db: SQLConnection) throws -> Session {
        let previous = try Session.existing(session.id, locking: true, in: db)
        if let agentID = session.agentID, agentID != previous.agentID { _ = try Agent.existing(agentID, in: db) }
        try StoreError.mapConstraint("Chat \(session.chatID ?? "") already has an open session") {
            try db.run(
                """
                UPDATE sessions SET agent_id = ?, chat_id = ?, flow = ?, state = ?, data = ?, provider_request_id = ?,
                    provider_session_id = ?, status = ?, authenticated_at = ?, updated_at = ?, last_activity_at = ?,
                    completed_at = ?, expired_at = ?
                WHERE id = ?
                """,
                session.agentID, session.chatID, session.flow, session.state, session.dataText,
                session.providerRequestID, session.providerSessionID, session.status.rawValue, session.authenticatedAt,
                session.updatedAt, session.lastActivityAt, session.completedAt, session.expiredAt, session.id)
        }
        if previous.state != session.state {
            try recordEvent(session, after: previous, at: session.updatedAt, in: db)
        }
        return session
    }

    /// Records the session's arrival at its state with what the funnel reads (its flow and
    /// agent; `marks`: 1 its first arrival there, 2 its entry into the flow), and closes the
    /// event it left (where it went, the whole seconds it stayed, 4 when that ended the
    /// flow: `completed`, or the login or the menu moving on to another flow; 8 when it left
    /// the flow otherwise, as an assign sent back to the menu), so the funnel reads events alone (see `Schema`'s version 13).
    static func recordEvent(_ session: Session, after previous: Session?, at: Int64, in db: SQLConnection) throws {
        if previous != nil {
            try db.run(
                """
                UPDATE session_events SET next_state = ?1, seconds = (?2 - at) / 1000,
                    marks = marks + CASE WHEN ?1 = 'completed' OR (flow <> ?4 AND flow IN ('login', 'menu')) THEN 4
                        WHEN flow <> ?4 THEN 8 ELSE 0 END
                WHERE session_id = ?3 AND next_state IS NULL
                """, session.state, at, session.id, session.flow)
        }
        let entered = previous.map { $0.flow != session.flow } ?? true
        try db.run(
            """
            INSERT INTO session_events (session_id, from_state, to_state, at, flow, agent_id, marks)
            SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 + CASE WHEN EXISTS (SELECT 1 FROM session_events
                WHERE session_id = ?1 AND to_state = ?3) THEN 0 ELSE 1 END
            """, session.id, previous?.state, session.state, at, session.flow, session.agentID, entered ? 2 : 0)
    }

    package func events(_ id: String) async throws -> [SessionEvent] {
        try await pool.read { db in try SessionEvent.fetchAll("session_id = ?", id, orderBy: "id", in: db) }
    }

    /// Reads, changes and saves a session in one transaction.
    func modify(_ id: String, _ change: @escaping @Sendable (inout Session) throws -> Void) async throws
        -> Session
    {
        let now = time.nowMilliseconds()
        return try await pool.write { db in
            var session = try Session.existing(id, locking: true, in: db)
            try change(&session)
            session.updatedAt = now
            return try Self.save(session, in: db)
        }
    }

    /// Deletes the session with its history and documents, and then the photos no
    /// other session shares.
    func delete(_ id: String) async throws {
        let photos = try await pool.write { db in
            let photos = try PhotoStore.StoredPhoto.select("session_id = ?", [id], in: db)
            guard try db.run("DELETE FROM sessions WHERE id = ?", id) == 1 else {
                throw StoreError.notFound("Session \(id) not found")
            }
            return photos
        }
        await self.photos.removeUnreferenced(photos)
    }
}
