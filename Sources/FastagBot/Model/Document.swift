/// A document photo of a session, stored as a file named by its SHA-256.
public struct Document: Sendable, Equatable {
    public var id: Int64
    public var sessionID: String
    public var vehicleID: Int64?
    public var kind: Kind
    public var sha256: String
    public var mimeType: String
    public var sizeBytes: Int
    public var storedPath: String
    public var uploadedToProviderAt: Int64?
    public var createdAt: Int64

    /// The five photos of an assignment, in the order they are asked for.
    public enum Kind: String, Sendable, CaseIterable {
        case rcFront = "rc_front"
        case rcBack = "rc_back"
        case vehicleFront = "vehicle_front"
        case vehicleSide = "vehicle_side"
        case tagFixed = "tag_fixed"
    }
}

/// Image bytes checked by their content, not by what the sender claims.
public struct ImageData: Sendable, Equatable {
    public let bytes: [UInt8]
    public let mimeType: String

    public static let maxBytes = 5 * 1024 * 1024

    public enum Refusal: Error, Equatable {
        case notAnImage
        case tooLarge(Int)
        case empty
    }

    public init(_ bytes: [UInt8]) throws(Refusal) {
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

    public var fileExtension: String { mimeType == "image/png" ? "png" : "jpg" }
}
