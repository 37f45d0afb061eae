@testable import FastagBot

extension Document {
    /// A document row for an image stored in memory.
    static func engineTest(id: Int64, sessionID: String, kind: Kind, image: ImageData, now: Int64) -> Document {
        let digest = Crypto.hex(Crypto.sha256(image.bytes))
        return Document(
            id: id, sessionID: sessionID, vehicleID: nil, kind: kind, sha256: digest, mimeType: image.mimeType,
            sizeBytes: image.bytes.count, storedPath: "documents/\(digest).\(image.fileExtension)",
            uploadedToProviderAt: nil, createdAt: now)
    }
}
