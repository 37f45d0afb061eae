import FastagBot

/// One message the bot sent to a chat channel's fake (the Graph API or Interakt), and how the
/// fake answered it.
package struct ChannelCall: Sendable {
    package let authorization: String?
    package let contentType: String?
    package let body: JSONValue
    /// The HTTP status the fake answered with.
    package let status: Int
    /// The channel's id for the message, given when it was accepted.
    package let messageID: String?
    /// The chat it was sent to.
    package let to: String

    package var accepted: Bool { status == 200 }
    /// Interakt's `callbackData`: our outbox id, echoed in its status webhooks.
    package var callbackData: String? { body["callbackData"]?.stringValue }
}
