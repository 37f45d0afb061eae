import FastagTestKit
import Testing

@testable import FastagBot

/// `DOCUMENT_PHOTOS`: the assign flow asks for the listed photos only, in their order, with
/// counts that match the list, and uploads only those (NPCI's KYV rule of October 2025 lets
/// an issuer drop the side photo).
@Suite("Engine: the document photos a deployment asks for")
struct EngineDocumentPhotosTests {
    static let withoutSide: [Document.Kind] = [.rcFront, .rcBack, .vehicleFront, .tagFixed]

    @Test func theDefaultListAsksForTheFiveOfTheDialogue() async throws {
        let chat = try await EngineHarness.loggedIn()
        // The wallet's creation is noted before the first photo is asked for.
        #expect(try await chat.assign(until: "doc_rc_front").text.hasSuffix("\n" + Copy.askRCFront))
        #expect(try await chat.photo().text == Copy.askRCBack)
        #expect(try await chat.photo().text == Copy.askVehicleFront)
        #expect(try await chat.photo().text == Copy.askVehicleSide)
        #expect(try await chat.photo().text == Copy.askTagFixed)
        #expect(try await chat.photo().text == Copy.askSerial)
        #expect(chat.provider.arguments("uploadDocument").map { $0["kind"] } == Document.Kind.allCases.map(\.rawValue))
    }

    @Test func withoutTheSidePhotoTheFlowCompletesWithFour() async throws {
        let chat = try await EngineHarness(policy: { $0.documentPhotos = Self.withoutSide })
        try await chat.login()
        let first = try await chat.assign(until: "doc_rc_front")
        #expect(first.text.hasSuffix("\nNow please send the following 4 images one by one:\n📄 RC Front"))
        #expect(try await chat.photo().text == Copy.askRCBack)
        #expect(try await chat.photo().text == Copy.askVehicleFront)
        #expect(try await chat.photo().text == Copy.askTagFixed)
        #expect(try await chat.photo().text == Copy.askSerial)
        #expect(try await chat.stored().data["doc_vehicle_side"] == nil)
        try await chat.assignToConfirmation()
        let done = try await chat.say("Yes")
        #expect(done.text.hasPrefix("🎉 Success! Your FASTag has been Activated ✅"))
        #expect(chat.provider.arguments("uploadDocument").map { $0["kind"] } == Self.withoutSide.map(\.rawValue))
    }

    @Test func oneListedPhotoIsAskedForAlone() async throws {
        let chat = try await EngineHarness(policy: { $0.documentPhotos = [.rcFront] })
        try await chat.login()
        let first = try await chat.assign(until: "doc_rc_front")
        #expect(first.text.hasSuffix("\nNow please send the following image:\n📄 RC Front"))
        #expect(try await chat.photo().text == Copy.askSerial)
    }

    @Test func theStepAPIDocumentsAndTakesOnlyTheListedPhotos() throws {
        let endpoint = try #require(
            StepEndpoints.all(photos: Self.withoutSide).first { $0.path == "upload_image" })
        #expect(endpoint.summary == "One of the four document photos (step 12)")
        let imageType = endpoint.body.schema["properties"]?["image_type"]?["description"]?.stringValue ?? ""
        #expect(imageType.hasPrefix("rc_front, rc_back, vehicle_front or tag_fixed,"))
        #expect(!imageType.contains("vehicle_side"))
        var side = RequestBody(fields: ["image_type": "vehicle_side", "image_base64": "AAAA"])
        #expect(throws: (any Error).self) { try endpoint.body.inputs(&side) }

        let noTag = try #require(
            StepEndpoints.all(photos: [.rcFront, .rcBack]).first { $0.path == "upload_image" })
        #expect(noTag.summary == "One of the two document photos (step 12)")
        #expect(noTag.body.schema["properties"]?["skip"] == nil)
        #expect(noTag.body.takesPhotos)

        let all = try #require(StepEndpoints.all().first { $0.path == "upload_image" })
        #expect(all.summary == "One of the five document photos (step 12)")
    }
}
