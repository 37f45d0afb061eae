import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// Forms agents type, through the step endpoints (issue 13, item 2): "Did you mean…?" is an
/// answer with Yes and No as its options, and the same endpoint takes the Yes or the No.
@Suite(.onBothBackends) struct StepAPIFormsTests {
    static let moves = AssignScript.sandbox().endpointMoves()
    static let askMaker = Copy.askMaker(SandboxCatalog.makers)

    @Test func didYouMeanAtTheMakerEndpoint() async throws {
        try await SandboxBed.run { bed in
            let (server, driver) = (bed.server, bed.driver)
            let session = try await bed.login()
            let atMaker = try #require(Self.moves.firstIndex { $0.step == "vehicle_maker" })
            try await driver.run(Self.moves[...atMaker], session: session)
            let path = "/fastags/assign/vehicle_maker"
            func maker(_ text: String) -> JSONValue {
                ["session_id": .string(session), "vehicle_maker": .string(text)]
            }

            // A typo: not picked, asked about, with Yes and No.
            let asked = try await driver.refused(path, maker("marutii"), step: "vehicle_maker")
            #expect(asked.message == Copy.didYouMean("MARUTI") && asked.options == ["Yes", "No"], "\(asked.text)")
            var stored = try await server.fetch("/sessions/\(session)")
            #expect(stored["state"] == "vehicle_maker" && stored["data"]?["vehicle_maker"] == nil)

            // No: the question again, with the makers.
            try await driver.step(
                path, maker("No"), says: Copy.suggestionDeclined + "\n\n" + Self.askMaker, step: "vehicle_maker",
                options: SandboxCatalog.makers)

            // Several makers start alike: they are named.
            let several = try await driver.refused(path, maker("mahindra"), step: "vehicle_maker")
            let mahindras = "MAHINDRA & MAHINDRA, MAHINDRA RENAULT, MAHINDRA REVA, MAHINDRA SSANGYONG"
            #expect(several.message == Copy.severalMatch("mahindra", mahindras) + "\n\n" + Self.askMaker)

            // Yes, in Hinglish: the suggested maker is picked.
            let again = try await driver.refused(path, maker("maruthi suzuki"), step: "vehicle_maker")
            #expect(again.message == Copy.didYouMean("MARUTI") && again.options == ["Yes", "No"])
            try await driver.step(path, maker("haan ji"), step: "vehicle_model")
            stored = try await server.fetch("/sessions/\(session)")
            #expect(stored["data"]?["vehicle_maker"] == "MARUTI", "\(stored)")
        }
    }

    /// Digits of a Hindi keyboard in a step body: the OTP and the date of birth.
    @Test func devanagariDigitsInBodies() async throws {
        try await SandboxBed.run { bed in
            let (server, driver) = (bed.server, bed.driver)
            let session = try await bed.login()
            let atOTP = try #require(Self.moves.firstIndex { $0.step == "user_otp" })
            try await driver.run(Self.moves[...atOTP], session: session)
            try await driver.step(
                "/fastags/assign/user_otp", ["session_id": .string(session), "otp": "१२३४५६"], step: "first_name")
            try await driver.step(
                "/fastags/assign/user_info",
                ["session_id": .string(session), "first_name": "Asha", "last_name": "Patil", "dob": "५ मार्च १९९०"],
                step: "id_type", options: Copy.idOptions.titles)
            let stored = try await server.fetch("/sessions/\(session)")
            #expect(stored["data"]?["dob"] == "05-03-1990", "\(stored)")
        }
    }
}
