/// What an agent sends, on either channel.
package enum Inbound: Sendable, Equatable {
    case text(String)
    case button(id: String, title: String)
    case list(id: String, title: String, description: String?)
    /// A photo, by the media id the fake serves it under.
    case image(String)
    /// A file sent as a document (WhatsApp `document`, Interakt `Document`): its media id, the
    /// type the sender's app declares and its name.
    case document(String, mimeType: String, filename: String)
    /// Something else: a WhatsApp `type` (`audio`, `sticker`, `video`, `location`) or an Interakt
    /// `message_content_type` (`Audio`, `Location`…).
    case other(String)
}
