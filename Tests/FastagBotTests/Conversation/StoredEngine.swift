import FastagTestKit
import Foundation
import Testing

@testable import FastagBot

/// The engine over the product's storage (a `TestDatabase`), with the engine's scripted
/// provider and SMS gateway, one registered agent and a clock the test moves.
final class StoredEngine {
    static let mobile = "9876543210"
    /// 21-09-2026 in India, a Monday.
    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    let database: TestDatabase
    let time = ManualTime(StoredEngine.start)
    let provider = EngineFakeProvider()
    let sms = EngineFakeSMS()
    let storage: Storage
    let engine: ConversationEngine
    private var chats = 0

    init(_ policy: (inout ConversationPolicy) -> Void = { _ in }) async throws {
        database = try TestDatabase("stored-engine")
        storage = try database.storage(time: time)
        _ = try await storage.agents.create(
            NewAgent(firstName: "Ravi", lastName: "Kumar", mobile: Self.mobile, walletBalancePaise: 100_000))
        var settings = ConversationPolicy()
        policy(&settings)
        engine = ConversationEngine(provider: provider, storage: storage, sms: sms, policy: settings, time: time)
    }

    deinit { database.remove() }

    /// A new chat's session (each on a channel of its own in turn: the limits do not care).
    func newSession() async throws -> String {
        chats += 1
        let channels: [Session.Channel] = [.whatsapp, .interakt, .api]
        let channel = channels[chats % channels.count]
        if channel == .api { return try await engine.startLogin(chatID: "api-\(chats)").id }
        return try await engine.session(channel: channel, chatID: "chat-\(chats)").session.id
    }

    func say(_ text: String, in session: String) async throws -> Reply {
        try await engine.handle(.text(text), sessionID: session)
    }

    /// A new session at the OTP question (one more OTP sent).
    func sessionAtOTP() async throws -> String {
        let session = try await newSession()
        let reply = try await say(Self.mobile, in: session)
        try #require(reply.step == "agent_otp", "\(reply.text)")
        return session
    }

    /// A code that is not the last one sent.
    var wrongCode: String { sms.lastCode == "1111" ? "2222" : "1111" }

    /// Answers the assign flow as the engine's script does, in `session` (at the menu or in
    /// the flow), until the bot asks `step`.
    @discardableResult
    func assign(until step: String, in session: String, sourceLocation: SourceLocation = #_sourceLocation)
        async throws -> Reply
    {
        let at = try #require(try await storage.sessions.get(session), sourceLocation: sourceLocation).state
        return try await EngineHarness.script.walk(from: at, until: step, sourceLocation: sourceLocation) {
            try await engine.handle($0, sessionID: session)
        }
    }
}
