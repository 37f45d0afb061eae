import FastagBot
import SQLite

/// The chat tables as stored, for checks the API does not expose.
extension Storage {
    package func outboxRows(chat: String? = nil) async throws -> [OutboxRow] {
        try await pool.read { db in
            try db.query(
                """
                SELECT id, channel, chat_id, status, attempts, last_error, provider_message_id, inbox_id, error_code
                FROM outbox
                WHERE CAST(?1 AS TEXT) IS NULL OR chat_id = ?1 ORDER BY id
                """, [chat]
            ).map { row in
                OutboxRow(
                    id: try row.get("id"), channel: try row.get("channel"), chatID: try row.get("chat_id"),
                    status: try row.get("status"), attempts: try row.get("attempts"),
                    lastError: try row.get("last_error"), providerMessageID: try row.get("provider_message_id"),
                    inboxID: try row.get("inbox_id"), errorCode: try row.get("error_code"))
            }
        }
    }

    package func inboxRows(chat: String? = nil) async throws -> [InboxRow] {
        try await pool.read { db in
            try db.query(
                """
                SELECT id, channel, provider_message_id, chat_id, processed_at, attempts, last_error FROM inbox
                WHERE CAST(?1 AS TEXT) IS NULL OR chat_id = ?1 ORDER BY id
                """, [chat]
            ).map { row in
                InboxRow(
                    id: try row.get("id"), channel: try row.get("channel"),
                    providerMessageID: try row.get("provider_message_id"), chatID: try row.get("chat_id"),
                    processed: (try row.get("processed_at", as: Int64?.self)) != nil,
                    attempts: try row.get("attempts"), lastError: try row.get("last_error"))
            }
        }
    }

    package func outboxRow(_ id: Int64) async throws -> OutboxRow? {
        try await outboxRows().first { $0.id == id }
    }
}
