/// One inbox row as stored.
package struct InboxRow: Sendable {
    package let id: Int64
    package let channel: String
    package let providerMessageID: String
    package let chatID: String
    package let processed: Bool
    package let attempts: Int
    package let lastError: String?
}
