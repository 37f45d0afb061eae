import FastagTestKit
import Testing

@testable import FastagBot

/// PNGs become JPEGs through libpng and libjpeg: every colour type and bit depth, palettes,
/// transparency (flattened on white) and interlacing, checked by decoding the JPEG made.
@Suite struct PNGConversionTests {
    /// One PNG kind, a flat colour (the top-left quarter another one, to see orientation), and
    /// the RGB each should come out as.
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let png: [UInt8]
        let colour: [Int]
        let corner: [Int]
        var testDescription: String { name }
    }

    static let width = 37
    static let height = 23

    static func make(
        _ name: String, _ type: PNGFixtures.ColorType, depth: Int, interlaced: Bool = false,
        palette: [[UInt8]] = [], transparency: [UInt8]? = nil, samples: [Int], corner: [Int],
        colour: [Int], cornerColour: [Int]
    ) -> Case {
        let png = PNGFixtures.png(
            width: width, height: height, type: type, depth: depth, interlaced: interlaced, palette: palette,
            transparency: transparency
        ) { x, y in x < width / 2 && y < height / 2 ? corner : samples }
        return Case(name: name, png: png, colour: colour, corner: cornerColour)
    }

    static let cases: [Case] = {
        var cases: [Case] = []
        for depth in [1, 2, 4, 8, 16] {
            let top = (1 << depth) - 1
            cases.append(
                make(
                    "grey \(depth)-bit", .gray, depth: depth, samples: [top], corner: [0], colour: [255, 255, 255],
                    cornerColour: [0, 0, 0]))
        }
        for depth in [8, 16] {
            let scale = depth == 16 ? 257 : 1
            for interlaced in [false, true] {
                cases.append(
                    make(
                        "RGB \(depth)-bit\(interlaced ? " interlaced" : "")", .rgb, depth: depth,
                        interlaced: interlaced,
                        samples: [200 * scale, 40 * scale, 40 * scale], corner: [0, 0, 255 * scale],
                        colour: [200, 40, 40], cornerColour: [0, 0, 255]))
            }
            cases.append(
                make(
                    "grey and alpha \(depth)-bit", .grayAlpha, depth: depth, samples: [0, 0],
                    corner: [0, 255 * scale], colour: [255, 255, 255], cornerColour: [0, 0, 0]))
            cases.append(
                make(
                    "RGBA \(depth)-bit", .rgba, depth: depth, samples: [0, 0, 255 * scale, 128 * scale],
                    corner: [0, 160 * scale, 0, 255 * scale], colour: [127, 127, 255], cornerColour: [0, 160, 0]))
        }
        for depth in [1, 2, 4, 8] {
            cases.append(
                make(
                    "palette \(depth)-bit", .palette, depth: depth, palette: [[20, 120, 220], [250, 200, 0]],
                    samples: [1], corner: [0], colour: [250, 200, 0], cornerColour: [20, 120, 220]))
        }
        cases.append(
            make(
                "palette with tRNS, interlaced", .palette, depth: 8, interlaced: true,
                palette: [[0, 0, 0], [0, 128, 0]],
                transparency: [0, 255], samples: [0], corner: [1], colour: [255, 255, 255], cornerColour: [0, 128, 0]))
        cases.append(
            make(
                "grey with tRNS", .gray, depth: 8, transparency: [0, 7], samples: [7], corner: [60],
                colour: [255, 255, 255], cornerColour: [60, 60, 60]))
        return cases
    }()

    @Test(arguments: cases)
    func becomesAJPEGOfTheSameColours(_ sample: Case) throws {
        let image = try ImageData(sample.png)
        #expect(ImageCheck.isReadableNow(image), "libpng reads it whole")
        let jpeg = UploadPhoto.bytes(for: image)
        #expect(jpeg.starts(with: [0xFF, 0xD8, 0xFF]))
        #expect(jpeg.count <= UploadPhoto.maxBytes)
        let decoded = try #require(UploadPhoto.pixels(jpeg))
        #expect(decoded.width == Self.width && decoded.height == Self.height)
        #expect(Self.near(Self.pixel(decoded, x: Self.width - 3, y: Self.height - 3), sample.colour), "body")
        #expect(Self.near(Self.pixel(decoded, x: 2, y: 2), sample.corner), "top-left corner")
    }

    @Test func halvingTheSidesAveragesThePixels() throws {
        // Alternate black and white columns average to mid grey at half the size.
        let png = PNGFixtures.png(width: 40, height: 10, type: .gray, depth: 8) { x, _ in [x % 2 == 0 ? 0 : 254] }
        let jpeg = try #require(UploadPhoto.fromPNG(png, scale: 2, quality: 90))
        let decoded = try #require(UploadPhoto.pixels(jpeg))
        #expect(decoded.width == 20 && decoded.height == 5)
        #expect(Self.near(Self.pixel(decoded, x: 10, y: 2), [127, 127, 127]))
    }

    @Test func damagedOrHugePNGsAreNotConverted() throws {
        let png = PNGFixtures.png(width: 8, height: 8, type: .rgb, depth: 8) { _, _ in [1, 2, 3] }
        #expect(UploadPhoto.fromPNG(Array(png.prefix(png.count - 20)), scale: 1, quality: 80) == nil, "cut short")
        var corrupt = png
        corrupt[60] ^= 0xFF
        #expect(UploadPhoto.fromPNG(corrupt, scale: 1, quality: 80) == nil, "a CRC that does not match")
        #expect(UploadPhoto.fromPNG(ImageBytes.jpeg, scale: 1, quality: 80) == nil, "not a PNG")
        // IHDR announcing 100000×100000 over a few bytes of data: refused before any decoding.
        let huge = PNGFixtures.png(width: 100_000, height: 1, type: .gray, depth: 1) { _, _ in [0] }
        var announced = huge
        announced.replaceSubrange(20..<24, with: [0x00, 0x01, 0x86, 0xA0])
        #expect(UploadPhoto.fromPNG(announced, scale: 1, quality: 80) == nil)
    }

    @Test func aPNGUploadIsAlwaysAJPEGWithinTheLimit() async throws {
        let (png, uploaded) = try await offTheTaskThreads {
            let png = PNGFixtures.noise(bytes: 1_500_000, seed: 5)
            return (png, UploadPhoto.bytes(for: try ImageData(png)))
        }
        #expect(png.count > 1_000_000)
        #expect(uploaded.starts(with: [0xFF, 0xD8, 0xFF]))
        #expect(uploaded.count <= UploadPhoto.maxBytes, "\(uploaded.count) bytes")
        #expect(UploadPhoto.pixels(uploaded) != nil)
    }

    static func pixel(_ image: (width: Int, height: Int, rgb: [UInt8]), x: Int, y: Int) -> [Int] {
        let offset = (y * image.width + x) * 3
        return image.rgb[offset..<(offset + 3)].map(Int.init)
    }

    /// JPEG is lossy: flat colours come back within a few levels (chroma a little more).
    static func near(_ actual: [Int], _ expected: [Int]) -> Bool {
        zip(actual, expected).allSatisfy { abs($0 - $1) <= 8 }
    }
}
