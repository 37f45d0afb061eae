import CJPEG
import Dispatch

/// Whether image bytes are the picture their signature says. `ImageData` only looks at the
/// first bytes, so a JPEG header followed by HTML passed as a photo and was stored. A JPEG is
/// decoded whole by libjpeg (at 1/8 scale: every compressed byte is still read); a PNG's
/// chunks are walked to IEND with each CRC checked, IHDR first and sane, then libpng decodes
/// it whole (its compressed data inflates), as `UploadPhoto` will to send it as a JPEG.
enum ImageCheck {
    /// Larger images are refused, as `UploadPhoto` refuses to re-encode them.
    static let maxPixels = UploadPhoto.maxPixels

    /// Decoding a 5 MB photo takes tens of milliseconds of one processor: it runs on a queue of
    /// its own, never on an event loop or a thread that runs tasks.
    private static let queue = DispatchQueue(label: "fastag-bot.image-check")

    static func isReadable(_ image: ImageData) async -> Bool {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: isReadableNow(image)) }
        }
    }

    static func isReadableNow(_ image: ImageData) -> Bool {
        switch image.mimeType {
        case "image/jpeg":
            image.bytes.withUnsafeBufferPointer { input in
                cjpeg_check(input.baseAddress, UInt(input.count), UInt(maxPixels)) == 0
            }
        case "image/png":
            isWholePNG(image.bytes)
                && image.bytes.withUnsafeBufferPointer { input in
                    cpng_check(input.baseAddress, UInt(input.count), UInt(maxPixels)) == 0
                }
        default: false
        }
    }

    /// Signature, IHDR (13 bytes: a size within `maxPixels`, a valid depth for its colour
    /// type), at least one IDAT, IEND; every chunk inside the bytes with a matching CRC.
    static func isWholePNG(_ bytes: [UInt8]) -> Bool {
        guard bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { return false }
        var offset = 8
        var sawData = false
        while bytes.count - offset >= 12 {
            let length = Int(bigEndian32(bytes, at: offset))
            guard length <= bytes.count - offset - 12 else { return false }
            let type = Array(bytes[(offset + 4)..<(offset + 8)])
            guard type.allSatisfy({ ($0 | 0x20) &- 0x61 < 26 }) else { return false }
            let end = offset + 8 + length
            guard crc32(bytes[(offset + 4)..<end]) == bigEndian32(bytes, at: end) else { return false }
            let data = bytes[(offset + 8)..<end]
            if offset == 8 {
                guard type == Array("IHDR".utf8), isValidHeader(Array(data)) else { return false }
            }
            if type == Array("IDAT".utf8) { sawData = true }
            if type == Array("IEND".utf8) { return sawData }
            offset = end + 4
        }
        return false
    }

    private static func isValidHeader(_ data: [UInt8]) -> Bool {
        guard data.count == 13 else { return false }
        let width = Int(bigEndian32(data, at: 0))
        let height = Int(bigEndian32(data, at: 4))
        guard width > 0, height > 0, width <= Int(Int32.max), height <= Int(Int32.max),
            width.multipliedReportingOverflow(by: height).partialValue <= maxPixels
        else { return false }
        let depth = data[8]
        let depths: [UInt8: [UInt8]] = [0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16]]
        guard depths[data[9]]?.contains(depth) == true else { return false }
        return data[10] == 0 && data[11] == 0 && data[12] <= 1
    }

    private static func bigEndian32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
    }

    private static let crcTable: [UInt32] = (0..<256).map { (index: UInt32) in
        var crc = index
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        return crc
    }

    /// CRC-32 as PNG uses it (ISO 3309), over a chunk's type and data.
    private static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        let table = crcTable
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return ~crc
    }
}
