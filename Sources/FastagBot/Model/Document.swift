/// A document photo of a session, stored as a file named by its SHA-256.
package struct Document: Sendable, Equatable {
    var id: Int64
    var sessionID: String
    var vehicleID: Int64?
    package var kind: Kind
    package var sha256: String
    var mimeType: String
    var sizeBytes: Int
    var storedPath: String
    package var uploadedToProviderAt: Int64?
    var createdAt: Int64

    /// The five photos of an assignment, in the order they are asked for.
    package enum Kind: String, Sendable, CaseIterable {
        case rcFront = "rc_front"
        case rcBack = "rc_back"
        case vehicleFront = "vehicle_front"
        case vehicleSide = "vehicle_side"
        case tagFixed = "tag_fixed"
    }
}

/// Image bytes checked by their content, not by what the sender claims.
package struct ImageData: Sendable, Equatable {
    let bytes: [UInt8]
    let mimeType: String

    static let maxBytes = 5 * 1024 * 1024

    enum Refusal: Error, Equatable {
        case notAnImage
        case tooLarge(Int)
        case empty
    }

    init(_ bytes: [UInt8]) throws(Refusal) {
        guard !bytes.isEmpty else { throw .empty }
        guard bytes.count <= Self.maxBytes else { throw .tooLarge(bytes.count) }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            mimeType = "image/jpeg"
        } else if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            mimeType = "image/png"
        } else {
            throw .notAnImage
        }
        self.bytes = bytes
    }

    var fileExtension: String { mimeType == "image/png" ? "png" : "jpg" }
}
