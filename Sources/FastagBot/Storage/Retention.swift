import Synchronization

/// Removes what the bot keeps only to do its work, once it is older than the retention
/// period:
/// - answered chat messages (`inbox`): what agents typed (customers' names, mobiles, ID
///   numbers) and the agents' numbers;
/// - replies that were sent or given up (`outbox`): they repeat customers' details;
/// - chats' 24-hour windows (`chat_windows`) with no reply waiting: they name agents' numbers;
/// - the photos (rows and files) of finished sessions (completed, expired, cancelled);
/// - the customer's identity in the data of finished sessions (`personalKeys`);
/// - the records of Shauryapay calls (`provider_calls`): the console reads recent ones.
///
/// Sessions themselves with their history, vehicles, FASTags and their transactions stay:
/// they are the operators' record of each activation. Every step works in batches, each a
/// short write of its own, so other writes never wait long behind it.
package final class Retention: Sendable {
    /// How much one run removed.
    package struct Report: Sendable, Equatable {
        package var inboxMessages = 0
        package var outboxReplies = 0
        package var photos = 0
        /// Photo files removed (on SQLite), or photos' rows (on PostgreSQL, see `PhotoStore`).
        package var photoFiles = 0
        package var sessionsCleared = 0
        package var providerCalls = 0
        package var chatWindows = 0

        package init() {}

        package var total: Int {
            inboxMessages + outboxReplies + photos + photoFiles + sessionsCleared + providerCalls + chatWindows
        }
    }

    /// The keys of a session's data that describe the customer. The FASTag row keeps the
    /// name and mobile an activation was made for; the rest is needed only while the flow runs.
    static let personalKeys = [
        "user_mobile", "first_name", "last_name", "dob", "id_number", "id_expiry", "reason_description",
    ]

    /// Rows one write removes at most.
    static let batchSize = 500

    /// Days kept; 0 keeps everything (only photo files no row refers to are removed).
    package let days: Int
    private let storage: Storage
    /// Finished sessions are cleared in order of `updated_at`; this is how far the runs of
    /// this process have gone, so a run reads only the sessions that finished since.
    private let clearedUpTo = Mutex<(updatedAt: Int64, rowKey: RowKey)?>(nil)

    init(storage: Storage, days: Int) {
        self.storage = storage
        self.days = days
    }

    /// Removes what is older than the period now (by the storage's clock).
    package func prune() async throws -> Report {
        var report = Report()
        if days > 0 {
            let cutoff = storage.time.nowMilliseconds() - Int64(days) * 86_400_000
            // Replies first: a message is kept while a reply refers to it.
            report.outboxReplies = try await inBatches {
                try $0.run(
                    """
                    DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE status != 'pending' AND updated_at < ?
                        ORDER BY updated_at LIMIT ?)
                    """, cutoff, Self.batchSize)
            }
            report.inboxMessages = try await inBatches {
                try $0.run(
                    """
                    DELETE FROM inbox WHERE id IN (SELECT id FROM inbox i WHERE processed_at IS NOT NULL
                        AND processed_at < ? AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.inbox_id = i.id)
                        ORDER BY processed_at LIMIT ?)
                    """, cutoff, Self.batchSize)
            }
            // A window is kept while a reply of its chat waits (parked, it may wait for days):
            // without it the sender would take that chat's window for open.
            report.chatWindows = try await inBatches {
                try $0.run(
                    """
                    DELETE FROM chat_windows WHERE (channel, chat_id) IN (SELECT channel, chat_id FROM chat_windows w
                        WHERE last_inbound_at < ? AND coalesce(template_sent_at, 0) < ? AND NOT EXISTS (
                          SELECT 1 FROM outbox o WHERE o.channel = w.channel AND o.chat_id = w.chat_id
                            AND o.status = 'pending')
                        LIMIT ?)
                    """, cutoff, cutoff, Self.batchSize)
            }
            (report.photos, report.photoFiles) = try await prunePhotos(before: cutoff)
            report.sessionsCleared = try await clearSessions(before: cutoff)
            report.providerCalls = try await inBatches {
                try $0.run(
                    "DELETE FROM provider_calls WHERE id IN (SELECT id FROM provider_calls WHERE at < ? ORDER BY at LIMIT ?)",
                    cutoff, Self.batchSize)
            }
        }
        report.photoFiles += try await storage.photos.sweep()
        return report
    }

    /// Runs `batch` in writes of its own until one removes less than a full batch.
    private func inBatches(_ batch: @escaping @Sendable (SQLConnection) throws -> Int) async throws -> Int {
        var total = 0
        while !Task.isCancelled {
            let removed = try await storage.pool.write(batch)
            total += removed
            if removed < Self.batchSize { break }
        }
        return total
    }

    private func prunePhotos(before cutoff: Int64) async throws -> (rows: Int, files: Int) {
        var rows = 0
        var files = 0
        while !Task.isCancelled {
            let removed = try await storage.pool.write { db in
                // Read the documents (few: the period's photos) and look each session up,
                // rather than reading every finished session there ever was.
                let photos = try db.query(
                    """
                    SELECT d.id, d.sha256, d.stored_path FROM documents d \(db.dialect.joinInThisOrder) sessions s
                        ON s.id = d.session_id
                    WHERE s.status != 'open' AND s.updated_at < ? LIMIT ?
                    """, cutoff, Self.batchSize)
                for photo in photos {
                    try db.run("DELETE FROM documents WHERE id = ?", try photo.get("id", as: Int64.self))
                }
                return try photos.map {
                    PhotoStore.StoredPhoto(sha256: try $0.get("sha256"), path: try $0.get("stored_path"))
                }
            }
            rows += removed.count
            files += await storage.photos.removeUnreferenced(removed)
            if removed.count < Self.batchSize { break }
        }
        return (rows, files)
    }

    /// Removes `personalKeys` from the data of sessions that finished before `cutoff`.
    private func clearSessions(before cutoff: Int64) async throws -> Int {
        let dialect = storage.pool.dialect
        let key = dialect.resumableRowKey
        let clear = """
            UPDATE sessions SET data = \(dialect.jsonRemovingKeys(Self.personalKeys, from: "data"))
            WHERE \(key) = ? AND \(dialect.jsonHasAnyKey(Self.personalKeys, in: "data"))
            """
        var cleared = 0
        while !Task.isCancelled {
            let start = clearedUpTo.withLock { $0 }
            let (changed, end) = try await storage.pool.write { db -> (Int, (updatedAt: Int64, rowKey: RowKey)?) in
                var arguments: [any SQLBindable] = [cutoff]
                if let start { arguments += [start.updatedAt, start.rowKey] }
                let batch = try db.query(
                    """
                    SELECT \(key) AS row_key, updated_at FROM sessions WHERE status != 'open' AND updated_at < ?
                        \(start == nil ? "" : "AND (updated_at, \(key)) > (?, ?)") ORDER BY updated_at, \(key) LIMIT ?
                    """, arguments + [Self.batchSize])
                var changed = 0
                for row in batch {
                    changed += try db.run(clear, try row.get("row_key", as: RowKey.self))
                }
                guard let last = batch.last else { return (changed, nil) }
                return (changed, (try last.get("updated_at"), try last.get("row_key")))
            }
            cleared += changed
            guard let end else { break }
            clearedUpTo.withLock { $0 = end }
        }
        return cleared
    }
}
