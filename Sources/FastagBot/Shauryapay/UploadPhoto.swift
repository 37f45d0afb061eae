import CJPEG
import Dispatch

/// Document photos as Shauryapay is sent them. Its production app re-encodes every photo as
/// a JPEG of at most 200 KB before `uploadDocument` (protocols/shauryapay.md §2.9; the
/// server's own limit is not documented), while agents send camera photos of several
/// hundred kilobytes, and PNGs. The stored document keeps what was received (a PNG stays a
/// PNG); what is uploaded is always a JPEG within `maxBytes` when libjpeg or libpng can read it.
enum UploadPhoto {
    static let maxBytes = 200 * 1024
    /// Larger images are not decoded at all: a small file can announce a huge image.
    static let maxPixels = 50_000_000

    /// Quality first, then size: halving the sides quarters the bytes, so a photo that does
    /// not fit at quality 55 is shrunk rather than ruined.
    static let attempts: [(scale: Int32, quality: Int32)] = [
        (1, 85), (1, 70), (1, 55), (2, 80), (2, 60), (4, 75), (4, 55), (8, 60), (16, 60), (32, 60),
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

    /// `jpeg(_:mimeType:maxBytes:)` off the task threads: a large photo sent as a document,
    /// made small enough to store.
    static func jpeg(_ bytes: [UInt8], mimeType: String, maxBytes: Int) async -> [UInt8]? {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: jpeg(bytes, mimeType: mimeType, maxBytes: maxBytes)) }
        }
    }

    /// The bytes to upload for `image`: itself when it is a JPEG within `maxBytes`,
    /// otherwise the first JPEG encoding (see `attempts`) that fits, or the smallest one made.
    /// What neither library can read (a CMYK JPEG) goes as it is and Shauryapay decides.
    static func bytes(for image: ImageData, maxBytes: Int = maxBytes) -> [UInt8] {
        guard needsReencoding(image, maxBytes: maxBytes) else { return image.bytes }
        guard let encoded = jpeg(image.bytes, mimeType: image.mimeType, maxBytes: maxBytes) else { return image.bytes }
        // A JPEG whose every re-encoding came out larger keeps its own bytes.
        return image.mimeType == "image/jpeg" && encoded.count > image.bytes.count ? image.bytes : encoded
    }

    private static func needsReencoding(_ image: ImageData, maxBytes: Int) -> Bool {
        image.mimeType == "image/png" || (image.mimeType == "image/jpeg" && image.bytes.count > maxBytes)
    }

    /// A JPEG of `bytes` (a JPEG or a PNG) within `maxBytes`: the first of `attempts` that
    /// fits, else the smallest made; nil when the picture cannot be read.
    static func jpeg(_ bytes: [UInt8], mimeType: String, maxBytes: Int) -> [UInt8]? {
        var smallest: [UInt8]?
        for attempt in attempts(for: bytes, mimeType: mimeType, maxBytes: maxBytes) {
            let encoded =
                mimeType == "image/png"
                ? fromPNG(bytes, scale: attempt.scale, quality: attempt.quality)
                : reencode(bytes, scale: attempt.scale, quality: attempt.quality)
            guard let encoded else { return smallest }
            if encoded.count <= maxBytes { return encoded }
            if encoded.count < smallest?.count ?? Int.max { smallest = encoded }
            // libjpeg scales by at most 1/8; a PNG is averaged at any scale.
            if mimeType != "image/png", attempt.scale == 8 { break }
        }
        return smallest
    }

    /// `attempts`, without those a PNG's size rules out: each decodes the whole PNG again, and
    /// a photo JPEG takes at least half a bit a pixel, so sides that leave more than 16 pixels
    /// a byte of `maxBytes` cannot fit (a 12 MP PNG for 200 KB starts at half its sides).
    private static func attempts(for bytes: [UInt8], mimeType: String, maxBytes: Int) -> [(
        scale: Int32, quality: Int32
    )] {
        guard mimeType == "image/png", bytes.count >= 24 else { return attempts }
        let side = { (offset: Int) in bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) } }
        let (width, height) = (side(16), side(20))
        let fitting = attempts.drop { (width / Int($0.scale)) * (height / Int($0.scale)) > maxBytes * 16 }
        return fitting.isEmpty ? Array(attempts.suffix(1)) : Array(fitting)
    }

    /// One decode-encode pass through libjpeg, or nil when it cannot read `jpeg`.
    static func reencode(_ jpeg: [UInt8], scale: Int32, quality: Int32) -> [UInt8]? {
        output { output, length in
            jpeg.withUnsafeBufferPointer { input in
                cjpeg_reencode(input.baseAddress, UInt(input.count), scale, quality, UInt(maxPixels), output, length)
            }
        }
    }

    /// One PNG decode (libpng, alpha on white) and JPEG encode, or nil when it cannot read `png`.
    static func fromPNG(_ png: [UInt8], scale: Int32, quality: Int32) -> [UInt8]? {
        output { output, length in
            png.withUnsafeBufferPointer { input in
                cpng_to_jpeg(input.baseAddress, UInt(input.count), scale, quality, UInt(maxPixels), output, length)
            }
        }
    }

    /// The pixels of `jpeg` (RGB rows), or nil when libjpeg cannot read it: what a
    /// conversion made, for checking it.
    static func pixels(_ jpeg: [UInt8]) -> (width: Int, height: Int, rgb: [UInt8])? {
        var output: UnsafeMutablePointer<UInt8>?
        var width: UInt32 = 0
        var height: UInt32 = 0
        let status = jpeg.withUnsafeBufferPointer { input in
            cjpeg_decode_rgb(input.baseAddress, UInt(input.count), UInt(maxPixels), &output, &width, &height)
        }
        guard status == 0, let output else { return nil }
        defer { cjpeg_free(output) }
        let rgb = Array(UnsafeBufferPointer(start: output, count: Int(width) * Int(height) * 3))
        return (Int(width), Int(height), rgb)
    }

    private static func output(
        _ encode: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>, UnsafeMutablePointer<UInt>) -> Int32
    ) -> [UInt8]? {
        var output: UnsafeMutablePointer<UInt8>?
        var length: UInt = 0
        guard encode(&output, &length) == 0, let output else { return nil }
        defer { cjpeg_free(output) }
        return Array(UnsafeBufferPointer(start: output, count: Int(length)))
    }
}
