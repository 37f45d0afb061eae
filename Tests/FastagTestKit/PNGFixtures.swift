/// PNGs of every colour type, bit depth and interlace, written byte by byte: the image data
/// goes in stored (uncompressed) deflate blocks, so a file is as large as its pixels, which
/// also makes large documents cheap to build.
package enum PNGFixtures {
    package enum ColorType: UInt8, Sendable, CaseIterable {
        case gray = 0
        case rgb = 2
        case palette = 3
        case grayAlpha = 4
        case rgba = 6

        var channels: Int {
            switch self {
            case .gray, .palette: 1
            case .grayAlpha: 2
            case .rgb: 3
            case .rgba: 4
            }
        }
    }

    /// A `width`×`height` PNG whose pixel at (x, y) has the samples `pixel(x, y)` (one per
    /// channel, each within `depth` bits; a palette index for `.palette`). `palette` is RGB
    /// triples; `transparency` is a tRNS chunk's data as given.
    package static func png(
        width: Int, height: Int, type: ColorType, depth: Int, interlaced: Bool = false,
        palette: [[UInt8]] = [], transparency: [UInt8]? = nil, pixel: (Int, Int) -> [Int]
    ) -> [UInt8] {
        var raw: [UInt8] = []
        let passes: [(x: Int, y: Int, dx: Int, dy: Int)] =
            interlaced
            ? [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
            : [(0, 0, 1, 1)]
        for pass in passes {
            let columns = Array(stride(from: pass.x, to: width, by: pass.dx))
            guard !columns.isEmpty else { continue }
            for y in stride(from: pass.y, to: height, by: pass.dy) {
                raw.append(0)  // filter: none
                var row = BitPacker()
                for x in columns {
                    for sample in pixel(x, y) { row.append(sample, bits: depth) }
                }
                raw += row.finish()
            }
        }
        let header =
            bigEndian(UInt32(width)) + bigEndian(UInt32(height))
            + [UInt8(depth), type.rawValue, 0, 0, interlaced ? 1 : 0]
        var file: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header)
        if !palette.isEmpty { file += chunk("PLTE", palette.flatMap { $0 }) }
        if let transparency { file += chunk("tRNS", transparency) }
        return file + chunk("IDAT", zlibStored(raw)) + chunk("IEND", [])
    }

    /// A PNG of about `bytes` bytes, 8-bit RGB noise from `seed`, 1000 pixels wide.
    package static func noise(bytes: Int, seed: UInt64) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        let height = max(1, bytes / 3001)
        return png(width: 1000, height: height, type: .rgb, depth: 8) { _, _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return [Int(state & 0xFF), Int((state >> 8) & 0xFF), Int((state >> 16) & 0xFF)]
        }
    }

    private struct BitPacker {
        var bytes: [UInt8] = []
        var current: UInt32 = 0
        var filled = 0

        mutating func append(_ sample: Int, bits: Int) {
            if bits == 16 {
                bytes += [UInt8(sample >> 8), UInt8(sample & 0xFF)]
                return
            }
            current = current << UInt32(bits) | UInt32(sample & ((1 << bits) - 1))
            filled += bits
            if filled == 8 {
                bytes.append(UInt8(current))
                current = 0
                filled = 0
            }
        }

        mutating func finish() -> [UInt8] {
            if filled > 0 { bytes.append(UInt8(current << UInt32(8 - filled))) }
            return bytes
        }
    }

    private static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let count = min(65535, data.count - offset)
            let last: UInt8 = offset + count == data.count ? 1 : 0
            out += [last, UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)]
            out += data[offset..<(offset + count)]
            offset += count
        } while offset < data.count
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        return out + bigEndian(b << 16 | a)
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + typed + bigEndian(crc32(typed))
    }

    private static let crcTable: [UInt32] = (0..<256).map { (index: UInt32) in
        var crc = index
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        return crc
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        let table = crcTable
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return ~crc
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}
