/// Which photos the chat channels take, judged as early as the channel allows: the type in
/// the webhook, the type and size in WhatsApp's media lookup or in the download's headers,
/// then the bytes. Photos are JPEG or PNG (protocols/whatsapp-cloud-api.md 11); anything else
/// is refused, unfetched when possible, with words that say what it was.
enum IncomingMedia {
    /// A photo sent as a photo: WhatsApp's own limit for images, and what is stored.
    static let photoMaxBytes = ImageData.maxBytes
    /// A photo sent as a document is uncompressed: a 12 MP phone photo is 3–8 MB as JPEG and
    /// up to ~20 MB as PNG; WhatsApp allows 100 MB documents. 25 MB takes every real photo
    /// while bounding what one download holds in memory (the response arrives whole) and
    /// what one conversion decodes; it is converted to a JPEG within `photoMaxBytes`.
    static let documentMaxBytes = 25 * 1024 * 1024

    /// `image/jpeg` from `Image/JPEG; charset=…`.
    static func essence(_ mimeType: String) -> String {
        String(mimeType.split(separator: ";", maxSplits: 1).first ?? "").trimming(" \t").lowercased()
    }

    /// Whether a declared type is a photo the bot takes. An unknown type (none, or a server's
    /// generic octet-stream) is judged by the bytes.
    static func isPhoto(_ mimeType: String?) -> Bool {
        guard let mimeType else { return true }
        return [
            "image/jpeg", "image/jpg", "image/pjpeg", "image/png", "application/octet-stream", "binary/octet-stream",
            "",
        ]
        .contains(essence(mimeType))
    }

    /// What was sent instead of a photo, in words for the agent: "WebP image", "PDF document".
    static func kind(of mimeType: String?, asDocument: Bool) -> String {
        let type = mimeType.map(essence) ?? ""
        switch type {
        case "application/pdf": return "PDF document"
        case "image/heic", "image/heif": return "HEIC image"
        case "image/webp": return "WebP image"
        case "image/gif": return "GIF image"
        default:
            if type.hasPrefix("image/"), let subtype = type.split(separator: "/").last,
                subtype.allSatisfy({ $0.isLetter || $0.isNumber }), subtype.count <= 8
            {
                return subtype.uppercased() + " image"
            }
            if type.hasPrefix("video/") { return "video" }
            if type.hasPrefix("audio/") { return "audio" }
            return asDocument ? "document" : "file"
        }
    }

    static func maxBytes(_ media: ChatMedia) -> Int { media.asDocument ? documentMaxBytes : photoMaxBytes }

    /// Why `media` is refused from what is known before its bytes: its declared type, its
    /// announced size. Nil when it may be fetched.
    static func refusal(_ media: ChatMedia, mimeType: String?, size: Int?) -> String? {
        if !isPhoto(mimeType) { return kind(of: mimeType, asDocument: media.asDocument) }
        if let size, size > maxBytes(media) { return tooLarge(media) }
        return nil
    }

    static func tooLarge(_ media: ChatMedia) -> String {
        media.asDocument
            ? "document larger than \(documentMaxBytes / 1024 / 1024) MB"
            : "photo larger than \(photoMaxBytes / 1024 / 1024) MB"
    }

    /// The fetched bytes: refused beyond the limit; a document photo beyond `photoMaxBytes`
    /// becomes a JPEG within it (the stored copy), refused if it cannot be read.
    static func accept(_ bytes: [UInt8], _ media: ChatMedia) async -> DownloadOutcome {
        guard bytes.count <= maxBytes(media) else { return .refused(tooLarge(media)) }
        guard bytes.count > photoMaxBytes else { return .bytes(bytes) }
        let mimeType =
            if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
                "image/jpeg"
            } else if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) {
                "image/png"
            } else {
                ""
            }
        guard !mimeType.isEmpty, let jpeg = await UploadPhoto.jpeg(bytes, mimeType: mimeType, maxBytes: photoMaxBytes),
            jpeg.count <= photoMaxBytes
        else { return .refused("\(tooLarge(ChatMedia(mediaID: nil, url: nil))) that could not be made smaller") }
        return .bytes(jpeg)
    }
}
