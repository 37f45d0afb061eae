import FastagTestKit
import Foundation
import SQLite
import TestKit
import Testing

@testable import FastagBot

/// The agent login limits through the real server: they belong to the mobile number, so
/// neither new sessions nor another front door (step API, WhatsApp, Interakt) start them again.
@Suite(.onBothBackends) struct OTPLimitFrontDoorTests {
    static let token = "otp-limit-step-token-0123456789"
    static let mobile = "9876543210"
    static let askMobile = Copy.askAgentMobile
    static let askOTP = Copy.agentOTPSent
    static let wrongOTP = "That OTP is not correct.\n\n" + askOTP

    /// OTPs the sandbox wrote to the log, in order.
    static func sentOTPs(_ server: TestServer) -> [String] {
        server.logs.lines.filter { $0.contains("agent login OTP") }.compactMap { SandboxCatalog.agentOTP(in: $0) }
    }

    /// India time of `column`'s value in a stored OTP-limit row, as the agent is told it.
    static func clock(_ server: TestServer, _ sql: String) async throws -> String {
        let value = try await server.app.storage.pool.read { db in try db.scalar(sql, as: Int64.self) }
        return Messages.indiaClock(value)
    }

    static func wrong(_ code: String?) -> String { code == "1111" ? "2222" : "1111" }

    @Test func sixLoginsForOneMobileThroughTheStepAPISendThreeOTPs() async throws {
        let server = try TestServer { $0.stepAPIToken = Self.token }
        let driver = StepDriver(server: server, token: Self.token)
        var answers: [StepDriver.Answer] = []
        for _ in 1...6 {
            answers.append(try await driver.send("/agents/start", ["mobile_number": .string(Self.mobile)]))
        }
        #expect(Self.sentOTPs(server).count == 3)
        for answer in answers.prefix(3) {
            #expect(answer.isSuccess && answer.step == "agent_otp" && answer.message == Self.askOTP)
        }
        let retry = try await Self.clock(server, "SELECT min(sent_at) + 600000 FROM otp_sends")
        for answer in answers.dropFirst(3) {
            #expect(answer.status == 200 && answer.body["status"] == "error" && answer.step == "agent_mobile")
            #expect(
                answer.message
                    == "Too many OTPs were sent to this number. You can ask for a new one after \(retry).\n\n"
                    + Self.askMobile)
        }
        await server.stop()
    }

    @Test func wrongCodesThroughTheStepAPIAndWhatsAppLockEveryFrontDoor() async throws {
        try await ChatBed.run({ $0.stepAPIToken = Self.token }) { bed in
            let driver = StepDriver(server: bed.server, token: Self.token)
            let started = try await driver.step(
                "/agents/start", ["mobile_number": .string(Self.mobile)], says: Self.askOTP, step: "agent_otp")
            let apiSession = try #require(started.sessionID)
            let verify = { (code: String) -> JSONValue in
                ["mobile_number": .string(Self.mobile), "otp": .string(code), "session_id": .string(apiSession)]
            }
            for _ in 1...3 {
                let answer = try await driver.refused(
                    "/agents/verify_otp", verify(Self.wrong(Self.sentOTPs(bed.server).last)), step: "agent_otp")
                #expect(answer.message == Self.wrongOTP)
            }

            // A WhatsApp chat for the same mobile: a new session, a new OTP, the same count.
            let whatsApp = bed.whatsApp("919000000001")
            try await whatsApp.say(.text("Hi"), [.text(Self.askMobile)])
            try await whatsApp.say(.text(Self.mobile), [.text(Self.askOTP)])
            let latest = try #require(Self.sentOTPs(bed.server).last)
            try await whatsApp.say(.text(Self.wrong(latest)), [.text(Self.wrongOTP)])
            try await whatsApp.send(.text(Self.wrong(latest)))
            let lockedUntil = "SELECT locked_until FROM otp_attempts WHERE locked_until IS NOT NULL"
            let lockStored = try await eventually {
                try await bed.server.app.storage.pool.read { db in try db.queryOne(lockedUntil) != nil }
            }
            try #require(lockStored, "the fifth wrong code set no lock")
            let until = try await Self.clock(bed.server, lockedUntil)
            let locked = "Too many wrong OTPs. You can log in again after \(until)."
            try await whatsApp.expect([.text(locked), .text(Self.askMobile)])

            // Every front door now refuses: the right code in the step API session, a new
            // login there, the WhatsApp chat and an Interakt chat. No OTP is sent.
            let right = try await driver.send("/agents/verify_otp", verify(latest))
            #expect(right.step == "agent_mobile" && right.message == locked + "\n\n" + Self.askMobile)
            let again = try await driver.send("/agents/start", ["mobile_number": .string(Self.mobile)])
            #expect(again.body["status"] == "error" && again.message == locked + "\n\n" + Self.askMobile)
            try await whatsApp.say(.text(Self.mobile), [.text(locked + "\n\n" + Self.askMobile)])
            let interakt = bed.interakt("919000000002")
            try await interakt.say(.text("Hi"), [.text(Self.askMobile)])
            try await interakt.say(.text(Self.mobile), [.text(locked + "\n\n" + Self.askMobile)])
            #expect(Self.sentOTPs(bed.server).count == 2)
        }
    }
}
