import CJPEG
import Dispatch

/// Document photos as Shauryapay is sent them. Its production app re-encodes every photo as
/// a JPEG of at most 200 KB before `uploadDocument` (protocols/shauryapay.md §2.9; the
/// server's own limit is not documented), while agents send camera photos of several
/// hundred kilobytes. The stored document keeps the original; only the upload is smaller.
enum UploadPhoto {
    static let maxBytes = 200 * 1024
    /// Larger images are not decoded at all: a small file can announce a huge image.
    static let maxPixels = 50_000_000

    /// Quality first, then size: halving the sides quarters the bytes, so a photo that does
    /// not fit at quality 55 is shrunk rather than ruined.
    static let attempts: [(scale: Int32, quality: Int32)] = [
        (1, 85), (1, 70), (1, 55), (2, 80), (2, 60), (4, 75), (4, 55), (8, 60),
    ]

    /// Re-encoding takes tens to hundreds of milliseconds of one processor: it runs on a queue
    /// of its own, one photo at a time, not on the threads that run every task.
    private static let queue = DispatchQueue(label: "fastag-bot.upload-photo")

    /// `bytes(for:)`, off the task threads when there is re-encoding to do.
    static func prepared(_ image: ImageData) async -> [UInt8] {
        guard needsReencoding(image, maxBytes: maxBytes) else { return image.bytes }
        return await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: bytes(for: image)) }
        }
    }

    /// The bytes to upload for `image`: itself when it is a JPEG within `maxBytes`,
    /// otherwise the first re-encoding (see `attempts`) that fits, or the smallest one made.
    /// What libjpeg cannot read (a PNG, a CMYK JPEG) goes as it is and Shauryapay decides.
    static func bytes(for image: ImageData, maxBytes: Int = maxBytes) -> [UInt8] {
        guard needsReencoding(image, maxBytes: maxBytes) else { return image.bytes }
        var smallest = image.bytes
        for attempt in attempts {
            guard let encoded = reencode(image.bytes, scale: attempt.scale, quality: attempt.quality) else {
                return image.bytes
            }
            if encoded.count <= maxBytes { return encoded }
            if encoded.count < smallest.count { smallest = encoded }
        }
        return smallest
    }

    private static func needsReencoding(_ image: ImageData, maxBytes: Int) -> Bool {
        image.mimeType == "image/jpeg" && image.bytes.count > maxBytes
    }

    /// One decode-encode pass through libjpeg, or nil when it cannot read `jpeg`.
    static func reencode(_ jpeg: [UInt8], scale: Int32, quality: Int32) -> [UInt8]? {
        var output: UnsafeMutablePointer<UInt8>?
        var length: UInt = 0
        let status = jpeg.withUnsafeBufferPointer { input in
            cjpeg_reencode(input.baseAddress, UInt(input.count), scale, quality, UInt(maxPixels), &output, &length)
        }
        guard status == 0, let output else { return nil }
        defer { cjpeg_free(output) }
        return Array(UnsafeBufferPointer(start: output, count: Int(length)))
    }
}
