import CLibjpeg
import Foundation
import Glibc

/// Photos of about the size asked for, different for every upload (the bot stores files by
/// content hash, so identical photos would skip the disk), and decodable whole (the bot
/// decodes every photo and refuses one that is only a JPEG signature).
///
/// One JPEG of random pixels is made at start; each upload is that JPEG with a comment
/// segment carrying a counter right after its start marker, which decoders skip.
final class JPEGSized: @unchecked Sendable {
    /// Base64 of the JPEG after its 2-byte start marker, shared by every upload: the start
    /// marker and the comment are 15 bytes, a whole number of base64 groups.
    private let tail: String
    private let lock = NSLock()
    private var counter: UInt64 = 0

    init(kilobytes: Int) {
        let target = kilobytes * 1024
        var side = 64
        var jpeg = Self.noise(side: side)
        while jpeg.count < target {
            // Bytes grow with the pixel count; aim a little past the target.
            side = Int(Double(side) * (Double(target) / Double(jpeg.count)).squareRoot() * 1.05) + 8
            jpeg = Self.noise(side: side)
        }
        tail = Data(jpeg[2...]).base64EncodedString()
    }

    /// Base64 of the next upload.
    func next() -> String {
        let value = lock.withLock {
            counter += 1
            return counter
        }
        // Start of image, then a comment segment (length 11: itself and nine bytes).
        var head: [UInt8] = [0xFF, 0xD8, 0xFF, 0xFE, 0x00, 0x0B, 0x20]
        withUnsafeBytes(of: value.bigEndian) { head.append(contentsOf: $0) }
        return Data(head).base64EncodedString() + tail
    }

    /// A baseline JPEG (quality 85) of `side` × `side` random RGB pixels, through libjpeg.
    /// Its errors would exit the process; these fixed, valid parameters raise none.
    private static func noise(side: Int) -> [UInt8] {
        let compress = UnsafeMutablePointer<jpeg_compress_struct>.allocate(capacity: 1)
        let errors = UnsafeMutablePointer<jpeg_error_mgr>.allocate(capacity: 1)
        // libjpeg keeps these two addresses until the end and writes the result there.
        let output = UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>.allocate(capacity: 1)
        let outputSize = UnsafeMutablePointer<UInt>.allocate(capacity: 1)
        defer {
            compress.deallocate()
            errors.deallocate()
            output.deallocate()
            outputSize.deallocate()
        }
        compress.initialize(to: jpeg_compress_struct())
        errors.initialize(to: jpeg_error_mgr())
        output.initialize(to: nil)
        outputSize.initialize(to: 0)
        compress.pointee.err = jpeg_std_error(errors)
        jpeg_CreateCompress(compress, JPEG_LIB_VERSION, MemoryLayout<jpeg_compress_struct>.size)
        jpeg_mem_dest(compress, output, outputSize)
        compress.pointee.image_width = JDIMENSION(side)
        compress.pointee.image_height = JDIMENSION(side)
        compress.pointee.input_components = 3
        compress.pointee.in_color_space = JCS_RGB
        jpeg_set_defaults(compress)
        jpeg_set_quality(compress, 85, 1)
        jpeg_start_compress(compress, 1)
        var generator = SystemRandomNumberGenerator()
        var row = [UInt8](repeating: 0, count: side * 3)
        for _ in 0..<side {
            for index in row.indices { row[index] = UInt8.random(in: 0...255, using: &generator) }
            row.withUnsafeMutableBufferPointer { pixels in
                var scanline: JSAMPROW? = pixels.baseAddress
                _ = jpeg_write_scanlines(compress, &scanline, 1)
            }
        }
        jpeg_finish_compress(compress)
        let jpeg = Array(UnsafeBufferPointer(start: output.pointee, count: Int(outputSize.pointee)))
        free(output.pointee)
        jpeg_destroy_compress(compress)
        return jpeg
    }
}
