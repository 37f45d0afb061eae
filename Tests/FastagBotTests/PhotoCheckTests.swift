import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// A document photo must decode: an image's first bytes followed by something else (a web
/// page) were stored as a photo because only the signature was looked at.
@Suite(.onBothBackends) struct PhotoCheckTests {
    static let html = Array("<html><body><script>alert(1)</script></body></html>".utf8)

    /// Bytes that start like an image and are not one, by name.
    static var impostors: [(String, [UInt8])] {
        let jpeg = ImageBytes.jpeg
        // Every header of a real JPEG, up to and with its scan header, then the page.
        let scan = (0..<(jpeg.count - 1)).first { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xDA } ?? 0
        let png = ImageBytes.png
        var badCRC = png
        badCRC[32] ^= 0x01  // the last byte of IHDR's CRC
        return [
            ("a JFIF header, then HTML", ImageBytes.jpegHeaderThenHTML),
            ("every JPEG header, then HTML", Array(jpeg[..<(scan + 10)]) + html),
            ("a JPEG cut short", Array(jpeg[..<(jpeg.count - 40)])),
            ("a PNG signature, then HTML", Array(png[..<8]) + html),
            ("a PNG whose IHDR CRC is wrong", badCRC),
            ("a PNG without IEND", Array(png[..<(png.count - 12)])),
        ]
    }

    @Test func theFixturesThemselvesDecode() async throws {
        try await withServer { server in
            let session = try await server.session()
            for (kind, bytes) in [("rc_front", ImageBytes.jpeg), ("rc_back", ImageBytes.png)] {
                _ = try await server.post(
                    "/sessions/\(session.id)/documents",
                    ["kind": .string(kind), "image_base64": .string(Data(bytes).base64EncodedString())])
            }
            #expect(try await server.app.storage.documents.list(sessionID: session.id).count == 2)
        }
    }

    @Test func theRESTRouteRefusesWhatDoesNotDecode() async throws {
        try await withServer { server in
            let session = try await server.session()
            for (name, bytes) in Self.impostors {
                let reply = try await server.call(
                    "POST", "/sessions/\(session.id)/documents",
                    json: ["kind": "rc_front", "image_base64": .string(Data(bytes).base64EncodedString())])
                expectError(reply, 422, field: "image_base64", mentioning: "whole JPEG or PNG")
                #expect(reply.status == 422, "\(name)")
            }
            #expect(try await server.app.storage.documents.list(sessionID: session.id).isEmpty)
            let directory = server.app.settings.dataDirectory + "/documents"
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            #expect(files.isEmpty, "\(files)")
        }
    }

    @Test func theDocumentsStepRefusesWhatDoesNotDecode() async throws {
        try await SandboxBed.run { bed in
            let (server, driver) = (bed.server, bed.driver)
            let session = try await bed.login()
            try await driver.run(AssignScript.sandbox().endpointMoves()[..<7], session: session)
            let before = try await server.fetch("/sessions/\(session)")
            #expect(before["state"] == "doc_rc_front")
            for (name, bytes) in Self.impostors {
                let image = JSONValue.string(Data(bytes).base64EncodedString())
                for (path, body) in [
                    ("/fastags/assign/upload_image", ["session_id": .string(session), "image_type": "rc_front"]),
                    ("/sessions/\(session)/message", [:]),
                ] as [(String, [String: JSONValue])] {
                    var fields = body
                    fields["image_base64"] = image
                    let answer = try await driver.refused(path, .object(fields), step: "doc_rc_front")
                    #expect(
                        answer.message.hasPrefix("That photo could not be read"), "\(name) at \(path): \(answer.text)")
                }
            }
            let after = try await server.fetch("/sessions/\(session)")
            #expect(after["data"] == before["data"])
            #expect(try await server.app.storage.documents.list(sessionID: session).isEmpty)
            // The file written while the check ran is gone again (SQLite keeps photos as files).
            let directory = server.app.settings.dataDirectory + "/documents"
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            #expect(files.isEmpty, "\(files)")

            // A photo that decodes is taken at the same step.
            try await driver.step(
                "/fastags/assign/upload_image",
                [
                    "session_id": .string(session), "image_type": "rc_front",
                    "image_base64": AssignScript.sandbox().photo(0),
                ],
                says: Copy.askRCBack, step: "doc_rc_back")
        }
    }
}
