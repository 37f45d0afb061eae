import FastagTestKit
import Foundation
import TestKit
import Testing

@testable import FastagBot

/// Runs `work` on a queue of its own (a thread apart from the pool that runs tasks). Making a
/// photo-sized fixture and re-encoding it hold a thread for a good part of a second in a
/// debug build, and the pool's threads are few (one per processor) and shared with every
/// other suite's deadlines.
func offTheTaskThreads<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        fixtureQueue.async { continuation.resume(with: Result { try work() }) }
    }
}

private let fixtureQueue = DispatchQueue(label: "fastag-bot-tests.fixtures")

@Suite(.serialized) struct UploadPhotoTests {
    @Test func aPhotoWithinTheLimitIsUploadedAsItIs() async throws {
        let (photo, uploaded) = try await offTheTaskThreads {
            let photo = try ImageData(ImageFixtures.jpeg(bytes: 150_000, seed: 1))
            return (photo.bytes, UploadPhoto.bytes(for: photo))
        }
        #expect(uploaded == photo)
    }

    @Test(arguments: [300_000, 1_000_000])
    func aLargerPhotoBecomesADecodableJPEGWithinTheLimit(size: Int) async throws {
        let (photo, uploaded, decodes) = try await offTheTaskThreads {
            let photo = try ImageData(ImageFixtures.jpeg(bytes: size, seed: UInt64(size)))
            let uploaded = UploadPhoto.bytes(for: photo)
            return (photo.bytes, uploaded, UploadPhoto.reencode(uploaded, scale: 1, quality: 90) != nil)
        }
        #expect(uploaded.count <= UploadPhoto.maxBytes, "\(uploaded.count) bytes")
        #expect(uploaded.count < photo.count)
        #expect(try ImageData(uploaded).mimeType == "image/jpeg")
        #expect(decodes, "the upload decodes")
    }

    @Test func theLimitIsReachedBySmallerSidesWhenQualityIsNotEnough() async throws {
        let (limit, uploaded, decodes) = try await offTheTaskThreads {
            let photo = try ImageData(ImageFixtures.jpeg(bytes: 400_000, seed: 7))
            let atFullSize = try #require(UploadPhoto.reencode(photo.bytes, scale: 1, quality: 55))
            let uploaded = UploadPhoto.bytes(for: photo, maxBytes: atFullSize.count / 2)
            return (atFullSize.count / 2, uploaded, UploadPhoto.reencode(uploaded, scale: 1, quality: 90) != nil)
        }
        #expect(uploaded.count <= limit)
        #expect(decodes)
    }

    @Test func theEXIFBlockTravelsWithThePhoto() async throws {
        // APP1 "Exif" right after SOI, as cameras write it (orientation lives there).
        let exif: [UInt8] = Array("Exif".utf8) + [0, 0] + Array("MM".utf8) + [0, 42, 0, 0, 0, 8, 0, 0]
        let uploaded = try await offTheTaskThreads {
            var bytes = ImageFixtures.jpeg(bytes: 300_000, seed: 3)
            let length = exif.count + 2
            bytes.insert(contentsOf: [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + exif, at: 2)
            return UploadPhoto.bytes(for: try ImageData(bytes))
        }
        #expect(uploaded.count <= UploadPhoto.maxBytes)
        #expect(uploaded.firstRange(of: exif) != nil)
    }

    @Test func whatLibjpegCannotReadIsUploadedAsItIs() throws {
        var garbage: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0]
        var state: UInt64 = 42
        while garbage.count < 300_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            garbage.append(UInt8(truncatingIfNeeded: state >> 33))
        }
        let damaged = try ImageData(garbage)
        #expect(UploadPhoto.reencode(damaged.bytes, scale: 1, quality: 85) == nil)
        #expect(UploadPhoto.bytes(for: damaged) == damaged.bytes)

        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        let png = try ImageData(signature + [UInt8](repeating: 7, count: 300_000))
        #expect(UploadPhoto.bytes(for: png) == png.bytes)
    }

    @Test func aHeaderAnnouncingAHugeImageIsNotDecoded() async throws {
        let (bytes, decoded, uploaded) = try await offTheTaskThreads {
            var bytes = ImageFixtures.jpeg(bytes: 250_000, seed: 5)
            let frame = try #require(bytes.indices.first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 })
            bytes.replaceSubrange((frame + 5)...(frame + 8), with: [0xFF, 0xF0, 0xFF, 0xF0])  // 65,520 × 65,520
            return (
                bytes, UploadPhoto.reencode(bytes, scale: 8, quality: 60), UploadPhoto.bytes(for: try ImageData(bytes))
            )
        }
        #expect(decoded == nil)
        #expect(uploaded == bytes)
    }
}
