/// One outbox row as stored.
package struct OutboxRow: Sendable {
    package let id: Int64
    package let channel: String
    package let chatID: String
    package let status: String
    package let attempts: Int
    package let lastError: String?
    package let providerMessageID: String?
    package let inboxID: Int64?
    /// The channel's error code of a reported failure.
    package let errorCode: Int64?
}
