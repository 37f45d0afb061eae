import TestKit

/// Photo-sized images for the document steps, built in memory.
package enum ImageFixtures {
    /// A decodable baseline JPEG (greyscale, 512 pixels wide) of at least `bytes` bytes: the
    /// standard Huffman tables of ITU T.81 Annex K code pseudo-random quantised DCT blocks,
    /// so the file is what a camera photo is to a parser, only noisier. `seed` makes each
    /// image different (and the same on every run).
    package static func jpeg(bytes target: Int, seed: UInt64) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        var writer = BitWriter()
        let dc = huffman(bits: dcBits, values: dcValues)
        let ac = huffman(bits: acBits, values: acValues)
        let blocksPerRow = 64
        var rows = 0
        var previousDC = 0
        let overhead = 2 + 18 + 69 + 13 + 212 + 10 + 2
        repeat {
            for _ in 0..<blocksPerRow {
                let value = Int(random.next() % 41) - 20
                let difference = value - previousDC
                previousDC = value
                let (size, bits) = magnitude(difference)
                writer.write(dc[UInt8(size)]!)
                if size > 0 { writer.write((bits, size)) }
                var zeros = 0
                for _ in 1..<64 {
                    let coefficient = random.next() % 3 == 0 ? Int(random.next() % 61) - 30 : 0
                    if coefficient == 0 {
                        zeros += 1
                        continue
                    }
                    while zeros >= 16 {
                        writer.write(ac[0xF0]!)
                        zeros -= 16
                    }
                    let (size, bits) = magnitude(coefficient)
                    writer.write(ac[UInt8(zeros << 4 | size)]!)
                    writer.write((bits, size))
                    zeros = 0
                }
                if zeros > 0 { writer.write(ac[0x00]!) }
            }
            rows += 1
        } while writer.bytes.count + overhead < target
        let scan = writer.finish()
        let height = rows * 8
        let width = blocksPerRow * 8

        var file: [UInt8] = [0xFF, 0xD8]
        file +=
            [0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [
                0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
            ]
        file += [0xFF, 0xDB, 0x00, 0x43, 0x00] + [UInt8](repeating: 2, count: 64)
        file += [0xFF, 0xC0, 0x00, 0x0B, 0x08, UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8)]
        file += [UInt8(width & 0xFF), 0x01, 0x01, 0x11, 0x00]
        let tables: [UInt8] = [0x00] + dcBits + dcValues + [0x10] + acBits + acValues
        file += [0xFF, 0xC4, UInt8((tables.count + 2) >> 8), UInt8((tables.count + 2) & 0xFF)] + tables
        file += [0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]
        file += scan
        file += [0xFF, 0xD9]
        return file
    }

    /// The category (bit length) of a coefficient and its additional bits.
    private static func magnitude(_ value: Int) -> (size: Int, bits: Int) {
        guard value != 0 else { return (0, 0) }
        let size = Int.bitWidth - abs(value).leadingZeroBitCount
        return (size, value > 0 ? value : value + (1 << size) - 1)
    }

    /// Canonical Huffman codes (T.81 Annex C) from the count of codes of each length.
    private static func huffman(bits: [UInt8], values: [UInt8]) -> [UInt8: (Int, Int)] {
        var table: [UInt8: (Int, Int)] = [:]
        var code = 0
        var index = 0
        for length in 1...16 {
            for _ in 0..<Int(bits[length - 1]) {
                table[values[index]] = (code, length)
                code += 1
                index += 1
            }
            code <<= 1
        }
        return table
    }

    private struct BitWriter {
        var bytes: [UInt8] = []
        private var buffer = 0
        private var count = 0

        mutating func write(_ code: (Int, Int)) {
            let (value, length) = code
            for shift in stride(from: length - 1, through: 0, by: -1) {
                buffer = buffer << 1 | (value >> shift) & 1
                count += 1
                if count == 8 { flush() }
            }
        }

        private mutating func flush() {
            let byte = UInt8(buffer)
            bytes.append(byte)
            if byte == 0xFF { bytes.append(0x00) }
            buffer = 0
            count = 0
        }

        /// Pads the last byte with one bits.
        mutating func finish() -> [UInt8] {
            while count != 0 {
                buffer = buffer << 1 | 1
                count += 1
                if count == 8 { flush() }
            }
            return bytes
        }
    }

    // Standard luminance tables, ITU T.81 Annex K.3.
    private static let dcBits: [UInt8] = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
    private static let dcValues: [UInt8] = Array(0...11)
    private static let acBits: [UInt8] = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7D]
    private static let acValues: [UInt8] = [
        0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
        0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xA1, 0x08, 0x23, 0x42, 0xB1, 0xC1, 0x15, 0x52, 0xD1, 0xF0,
        0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0A, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x25, 0x26, 0x27, 0x28,
        0x29, 0x2A, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3A, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49,
        0x4A, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5A, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
        0x6A, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
        0x8A, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7,
        0xA8, 0xA9, 0xAA, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBA, 0xC2, 0xC3, 0xC4, 0xC5,
        0xC6, 0xC7, 0xC8, 0xC9, 0xCA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9, 0xDA, 0xE1, 0xE2,
        0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8,
        0xF9, 0xFA,
    ]
}
