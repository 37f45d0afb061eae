import FastagTestKit
import Foundation
import Testing

@testable import FastagBot
@testable import SQLite

extension StoredEngine {
    /// The stored count of tries for a subject, and its lock.
    func tries(_ subject: OTPSubject) async throws -> (attempts: Int, lockedUntil: Int64?) {
        try await storage.pool.read { db in
            guard
                let row = try db.queryOne(
                    "SELECT attempts, locked_until FROM otp_attempts WHERE subject = ?", subject.key)
            else { return (0, nil) }
            return (try row.get("attempts"), try row.get("locked_until"))
        }
    }
}

@Suite("OTP limits per mobile number", .onBothBackends)
struct OTPLimitTests {
    static let askMobile = Copy.askAgentMobile
    static let askOTP = Copy.agentOTPSent
    static let wrong = "That OTP is not correct.\n\n" + askOTP
    static let agent = OTPSubject.agentLogin(mobile: StoredEngine.mobile)

    static func tooManySends(_ clock: String) -> String {
        "Too many OTPs were sent to this number. You can ask for a new one after \(clock).\n\n" + askMobile
    }

    static func locked(_ clock: String) -> String { "Too many wrong OTPs. You can log in again after \(clock)." }

    @Test func threeOTPsPerMobileInAnyTenMinutesWhateverTheSession() async throws {
        let bot = try await StoredEngine()
        // 19:43:20, 19:44:20, 19:45:20 in India: three sessions, three SMS.
        for _ in 1...3 {
            _ = try await bot.sessionAtOTP()
            bot.time.advance(seconds: 60)
        }
        #expect(bot.sms.codes.count == 3)
        // More sessions and channels change nothing: the 4th waits for the first to leave the window.
        for _ in 4...6 {
            let reply = try await bot.say(StoredEngine.mobile, in: try await bot.newSession())
            #expect(reply.isRefusal && reply.step == "agent_mobile")
            #expect(reply.text == Self.tooManySends("19:54"))
        }
        // Resend is an OTP too.
        let waiting = try await bot.newSession()
        bot.time.advance(seconds: 10 * 60 - 3 * 60 - 1)
        #expect(try await bot.say(StoredEngine.mobile, in: waiting).text == Self.tooManySends("19:54"))
        #expect(bot.sms.codes.count == 3)
        // 19:53:20: the first send has left the window, the second leaves it at 19:54:20.
        bot.time.advance(seconds: 1)
        #expect(try await bot.say(StoredEngine.mobile, in: waiting).step == "agent_otp")
        #expect(bot.sms.codes.count == 4)
        bot.time.advance(seconds: 30)
        let resend = try await bot.say("resend", in: waiting)
        #expect(resend.isRefusal && resend.step == "agent_otp")
        #expect(resend.text.hasPrefix("Too many OTPs were sent to this number. You can ask for a new one after 19:55."))
        #expect(bot.sms.codes.count == 4)
        // The latest OTP still logs in.
        #expect(try await bot.say(try #require(bot.sms.lastCode), in: waiting).step == "menu")
    }

    @Test func fiveWrongCodesInTwoSessionsLockTheMobileEverywhere() async throws {
        let bot = try await StoredEngine()
        let first = try await bot.sessionAtOTP()
        for attempt in 1...3 {
            #expect(try await bot.say(bot.wrongCode, in: first).text == Self.wrong)
            #expect(try await bot.tries(Self.agent).attempts == attempt)
        }
        // A new session sends a new OTP but does not start the count again.
        let second = try await bot.sessionAtOTP()
        #expect(try await bot.say(bot.wrongCode, in: second).text == Self.wrong)
        let fifth = try await bot.say(bot.wrongCode, in: second)
        #expect(fifth.step == "agent_mobile")
        #expect(fifth.messages.map(\.text) == [Self.locked("19:59"), Self.askMobile])
        let stored = try await bot.tries(Self.agent)
        #expect(stored.attempts == 5 && stored.lockedUntil == bot.time.nowMilliseconds() + 15 * 60_000)

        // The right code in the first session is refused: the OTP is void and the mobile locked.
        let right = try await bot.say(try #require(bot.sms.lastCode), in: first)
        #expect(right.step == "agent_mobile" && right.messages.map(\.text) == [Self.locked("19:59"), Self.askMobile])
        // A third session, on another channel, gets no OTP until the lock ends.
        let third = try await bot.newSession()
        bot.time.advance(seconds: 15 * 60 - 1)
        let early = try await bot.say(StoredEngine.mobile, in: third)
        #expect(early.isRefusal && early.text == Self.locked("19:59") + "\n\n" + Self.askMobile)
        #expect(bot.sms.codes.count == 2)

        bot.time.advance(seconds: 1)
        #expect(try await bot.say(StoredEngine.mobile, in: third).step == "agent_otp")
        // The count starts again after the lock: a wrong code is the first of five.
        #expect(try await bot.say(bot.wrongCode, in: third).text == Self.wrong)
        #expect(try await bot.tries(Self.agent) == (1, nil))
        #expect(try await bot.say(try #require(bot.sms.lastCode), in: third).step == "menu")
        #expect(try await bot.tries(Self.agent) == (0, nil))
    }

    @Test func wrongCodesSentAtTheSameMomentAreAllCounted() async throws {
        let bot = try await StoredEngine { $0.agentOTPMaxSends = 8 }
        var sessions: [String] = []
        for _ in 1...8 { sessions.append(try await bot.sessionAtOTP()) }
        let engine = bot.engine
        let code = bot.wrongCode
        let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
            for session in sessions {
                group.addTask { try await engine.handle(.text(code), sessionID: session) }
            }
            return try await group.reduce(into: [Reply]()) { $0.append($1) }
        }
        // Five tries are counted (the fifth locks); the other three find the lock.
        #expect(replies.filter { $0.text == Self.wrong }.count == 4, "\(replies.map(\.text))")
        #expect(replies.filter { $0.messages.first?.text == Self.locked("19:59") }.count == 4)
        let stored = try await bot.tries(Self.agent)
        #expect(stored.attempts == 5 && stored.lockedUntil == bot.time.nowMilliseconds() + 15 * 60_000)
    }

    @Test func wrongCodesBelowTheLimitAtTheSameMomentAreAllCounted() async throws {
        let bot = try await StoredEngine {
            $0.agentOTPMaxSends = 12
            $0.agentOTPAttempts = 50
        }
        var sessions: [String] = []
        for _ in 1...12 { sessions.append(try await bot.sessionAtOTP()) }
        let engine = bot.engine
        let code = bot.wrongCode
        try await withThrowingTaskGroup(of: Void.self) { group in
            for session in sessions {
                group.addTask { _ = try await engine.handle(.text(code), sessionID: session) }
            }
            try await group.waitForAll()
        }
        #expect(try await bot.tries(Self.agent) == (12, nil))
    }

    @Test func settingsChangeTheNumbers() async throws {
        let bot = try await StoredEngine {
            $0.agentOTPMaxSends = 1
            $0.agentOTPSendWindowSeconds = 60
            $0.agentOTPAttempts = 2
            $0.agentLoginLockSeconds = 120
        }
        let session = try await bot.sessionAtOTP()
        #expect(
            try await bot.say(StoredEngine.mobile, in: try await bot.newSession()).text == Self.tooManySends("19:45"))
        #expect(try await bot.say(bot.wrongCode, in: session).text == Self.wrong)
        #expect(try await bot.say(bot.wrongCode, in: session).messages.first?.text == Self.locked("19:46"))
    }
}
