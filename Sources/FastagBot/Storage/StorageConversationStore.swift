/// The conversation engine's storage, over either backend.
struct StorageConversationStore: ConversationStore {
    let storage: Storage

    private var pool: StoragePool { storage.pool }

    func exclusively<T: Sendable>(_ key: String, _ body: () async throws -> T) async throws -> T {
        guard let leases = storage.leases else { return try await batchingSideWrites(body) }
        return try await leases.holding(key) { try await batchingSideWrites(body) }
    }

    /// Runs `body` with its side writes (`SideWrites`) kept for the engine's writes; what is
    /// left at the end, even after a failure, gets a write of its own (under the lease).
    private func batchingSideWrites<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        if SideWrites.current != nil { return try await body() }
        let side = SideWrites()
        let result: Result<T, any Error>
        do {
            result = .success(try await SideWrites.$current.withValue(side) { try await body() })
        } catch {
            result = .failure(error)
        }
        let left = side.take()
        if !left.isEmpty { _ = try? await write(side: left) { _ in } }
        return try result.get()
    }

    /// A write of the engine's: first it confirms the leases the task holds (`LeaseStore`),
    /// so that a replica that lost one stores nothing over the replica that took it; after
    /// its own statements come the input's side writes so far.
    @discardableResult
    private func write<T: Sendable>(
        side: [SideWrites.Write]? = nil, _ body: @escaping @Sendable (SQLConnection) throws -> T
    ) async throws -> T {
        let batch = SideWrites.current
        let side = side ?? batch?.take() ?? []
        let held = storage.leases == nil ? [] : LeaseStore.held
        let (leases, now) = (storage.leases, storage.time.nowMilliseconds())
        do {
            return try await pool.write { db in
                if let leases, !held.isEmpty { try leases.confirm(held, now: now, in: db) }
                let result = try body(db)
                for write in side { try write(db) }
                return result
            }
        } catch {
            batch?.giveBack(side)
            throw error
        }
    }

    func session(_ id: String) async throws -> Session? { try await storage.sessions.get(id) }

    func openSession(channel: Session.Channel, chatID: String) async throws -> Session? {
        try await storage.sessions.openSession(channel: channel, chatID: chatID)
    }

    func insert(_ session: Session, delivering delivery: Delivery?) async throws {
        let now = storage.time.nowMilliseconds()
        try await write { db in
            _ = try SessionStore.insert(session, in: db)
            if let delivery { try Self.record(delivery, error: nil, now: now, in: db) }
        }
    }

    func save(_ session: Session, delivering delivery: Delivery?) async throws {
        let now = storage.time.nowMilliseconds()
        try await write { db in
            _ = try SessionStore.save(session, in: db)
            try Self.markUploads(of: session, in: db)
            if let delivery { try Self.record(delivery, error: nil, now: now, in: db) }
        }
    }

    /// The assign flow notes each upload as `upload_<kind>`: the photo's row says so too.
    /// One statement for every kind (a save after the photos would otherwise run five); the
    /// cast types the parameter for PostgreSQL.
    static func markUploads(of session: Session, in db: SQLConnection) throws {
        let uploads = Document.Kind.allCases.compactMap { kind in
            session.data["upload_\(kind.rawValue)"]?.intValue.map { (kind: kind.rawValue, at: $0) }
        }
        guard !uploads.isEmpty else { return }
        let cases = Array(repeating: "WHEN ? THEN CAST(? AS BIGINT)", count: uploads.count).joined(separator: " ")
        let kinds = Array(repeating: "?", count: uploads.count).joined(separator: ", ")
        let arguments: [any SQLBindable] =
            uploads.flatMap { [$0.kind, $0.at] as [any SQLBindable] } + [session.id] + uploads.map(\.kind)
        try db.run(
            """
            UPDATE documents SET uploaded_to_provider_at = CASE kind \(cases) END
            WHERE session_id = ? AND kind IN (\(kinds)) AND uploaded_to_provider_at IS NULL
            """, arguments)
    }

    func deliver(_ delivery: Delivery, error: String?) async throws {
        let now = storage.time.nowMilliseconds()
        try await write { db in try Self.record(delivery, error: error, now: now, in: db) }
    }

    /// Queues the reply in the chat's channel format and marks the chat message answered.
    static func record(_ delivery: Delivery, error: String?, now: Int64, in db: SQLConnection) throws {
        let target = delivery.target
        let bodies: [JSONValue] = delivery.messages.flatMap { message -> [JSONValue] in
            switch target.channel {
            case .whatsapp: return ReplyFormat.whatsApp(message, to: target.chatID)
            case .interakt: return ReplyFormat.interakt(message, to: target.chatID)
            case .api: return []
            }
        }
        try OutboxStore.enqueue(
            bodies, channel: target.channel, chatID: target.chatID, inboxID: target.inboxID, now: now, in: db)
        for id in target.alsoAnswers { try InboxStore.markProcessed(id, now: now, in: db) }
        try InboxStore.markProcessed(target.inboxID, now: now, error: error, in: db)
    }

    func replace(_ old: Session, with successor: Session) async throws {
        try await write { db in
            _ = try SessionStore.save(old, in: db)
            _ = try SessionStore.insert(successor, in: db)
        }
    }

    func agent(id: Int64) async throws -> Agent? { try await storage.agents.get(id) }

    func agent(mobile: String) async throws -> Agent? { try await storage.agents.find(mobile: mobile) }

    /// Within an input, written with the input's next write (`SideWrites`).
    func updateFigures(agentID: Int64, _ figures: AgentFigures) async throws {
        let now = storage.time.nowMilliseconds()
        let update: SideWrites.Write = { db in
            try db.run(
                "UPDATE agents SET wallet_balance_paise = ?, fastags_left = ?, updated_at = ? WHERE id = ?",
                max(figures.walletPaise, 0), max(figures.fastagsLeft, 0), now, agentID)
        }
        guard let side = SideWrites.current else { return try await write(update) }
        side.add(update)
    }

    func setLanguage(_ language: Language, agentID: Int64) async throws {
        let now = storage.time.nowMilliseconds()
        try await write { db in
            try db.run(
                "UPDATE agents SET language = ?, updated_at = ? WHERE id = ?", language.rawValue, now, agentID)
        }
    }

    func agentOTP(agentID: Int64) async throws -> AgentOTP? {
        try await pool.read { db in try AgentOTP.fetchOne("agent_id = ?", agentID, in: db) }
    }

    func deleteAgentOTP(agentID: Int64) async throws {
        try await write { db in try db.run("DELETE FROM agent_otps WHERE agent_id = ?", agentID) }
    }

    func issueAgentOTP(_ otp: AgentOTP, subject: OTPSubject, limit: OTPSendLimit, now: Int64) async throws
        -> OTPIssue
    {
        try await write { db in try OTPLimitStore.issue(otp, subject: subject, limit: limit, now: now, in: db) }
    }

    func countOTPAttempt(_ subject: OTPSubject, limit: OTPAttemptLimit, now: Int64) async throws -> OTPAttempt {
        try await write { db in try OTPLimitStore.count(subject, limit: limit, now: now, in: db) }
    }

    func uncountOTPAttempt(_ subject: OTPSubject, _ attempt: OTPAttempt) async throws {
        try await write { db in try OTPLimitStore.uncount(subject, attempt, in: db) }
    }

    func clearOTPAttempts(_ subject: OTPSubject) async throws {
        try await write { db in try OTPLimitStore.clear(subject, in: db) }
    }

    func lastOTPSend(_ subject: OTPSubject) async throws -> Int64? {
        try await pool.read { db in try OTPLimitStore.lastSend(subject, in: db) }
    }

    func customerOTPSent(_ subject: OTPSubject, now: Int64) async throws {
        try await write { db in
            try OTPLimitStore.recordSend(subject, now: now, in: db)
            try OTPLimitStore.clear(subject, in: db)
        }
    }

    func saveDocument(
        _ image: ImageData, kind: Document.Kind, sessionID: String, checking check: @escaping @Sendable () async -> Bool
    ) async throws -> Document? {
        try await storage.documents.save(image, kind: kind, sessionID: sessionID, checking: check)
    }

    func documentImage(id: Int64) async throws -> ImageData? {
        guard let document = try await storage.documents.get(id) else { return nil }
        return try ImageData(try await storage.documents.read(document))
    }

    func complete(_ session: Session, successor: Session, record: CompletionRecord, delivering delivery: Delivery?)
        async throws -> Bool
    {
        let now = storage.time.nowMilliseconds()
        return try await write { db in
            // Idempotent: only an open session completes, so a repeated "Yes" records nothing;
            // the row stays locked until this commits, so two replicas cannot both see it open.
            let open = try db.queryOne(
                "SELECT id FROM sessions WHERE id = ? AND status = 'open'" + db.dialect.lockingRead, session.id)
            guard open != nil else { return false }
            switch record {
            case .activation(let activation):
                try Bookkeeping.recordActivation(activation, sessionID: session.id, now: now, in: db)
            case .replacement(let replacement):
                try Bookkeeping.recordReplacement(replacement, sessionID: session.id, now: now, in: db)
            }
            _ = try SessionStore.save(session, in: db)
            _ = try SessionStore.insert(successor, in: db)
            if let delivery { try Self.record(delivery, error: nil, now: now, in: db) }
            return true
        }
    }
}
