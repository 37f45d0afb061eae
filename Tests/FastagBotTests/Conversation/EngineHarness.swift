import FastagTestKit
import Foundation
import TestKit
import Testing

@testable import FastagBot

/// One engine with its fakes, and a chat driven through it (the session id follows the
/// replies, as a front door's would).
final class EngineHarness {
    static let agentMobile = StoredEngine.mobile
    static let start = StoredEngine.start

    let store: EngineMemoryStore
    let provider = EngineFakeProvider()
    let sms = EngineFakeSMS()
    let time = ManualTime(EngineHarness.start)
    let engine: ConversationEngine
    let agent: Agent
    var sessionID: String
    var chatID: String

    init(
        agent: Agent = .engineTest(id: 1, firstName: "Ravi", lastName: "Kumar", mobile: EngineHarness.agentMobile),
        otherAgents: [Agent] = [], chatID: String = "chat-1", policy: (inout ConversationPolicy) -> Void = { _ in }
    ) async throws {
        self.agent = agent
        self.chatID = chatID
        store = EngineMemoryStore(agents: [agent] + otherAgents)
        var settings = ConversationPolicy()
        settings.helpLink = "https://help.example"
        policy(&settings)
        engine = ConversationEngine(
            services: ConversationServices(provider: provider, store: store, sms: sms, policy: settings), time: time)
        sessionID = try await engine.session(channel: .whatsapp, chatID: chatID).session.id
    }

    /// Sends one input and follows the reply's session.
    @discardableResult
    func send(_ input: ConversationInput) async throws -> Reply {
        let reply = try await engine.handle(input, sessionID: sessionID)
        sessionID = reply.sessionID
        return reply
    }

    @discardableResult
    func say(_ text: String) async throws -> Reply { try await send(.text(text)) }

    @discardableResult
    func photo() async throws -> Reply { try await send(.image(ImageBytes.jpeg)) }

    /// Says `text` and expects a refusal: the reason, then the same question, in one message,
    /// the chat still at `step`.
    func refuses(
        _ text: String, _ reason: String, then question: String, at step: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        EngineAssignTests.expectRefusal(
            try await say(text), reason, question, step: step, sourceLocation: sourceLocation)
    }

    /// The stored session the chat is at.
    func stored() async throws -> Session {
        try #require(try await store.session(sessionID))
    }

    /// Says each text and expects each refusal with its reason, the same question after it.
    func refuses(
        _ cases: KeyValuePairs<String, String>, then question: String, at step: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        for (text, reason) in cases {
            try await refuses(text, reason, then: question, at: step, sourceLocation: sourceLocation)
        }
    }

    /// Says the answer that completes the flow, the provider then reporting `figures`, and
    /// expects `done` with the menu's options, in the next session, at the menu. Returns the
    /// reply and the completed session.
    func completes(
        saying text: String, figures: AgentFigures, with done: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> (reply: Reply, completed: String) {
        provider.script { $0.figures = figures }
        let completed = sessionID
        let reply = try await say(text)
        #expect(
            reply.sessionID != completed && reply.flow == "menu" && reply.step == "menu", "\(reply.text)",
            sourceLocation: sourceLocation)
        #expect(reply.messages == [BotMessage(done, options: Copy.menuOptions)], sourceLocation: sourceLocation)
        return (reply, completed)
    }

    /// A chat of the default agent, logged in: at the menu.
    static func loggedIn() async throws -> EngineHarness {
        let chat = try await EngineHarness()
        try await chat.login()
        return chat
    }

    /// Logs in with the OTP the fake SMS received; the chat is then at the menu.
    @discardableResult
    func login() async throws -> Reply {
        try await say(Self.agentMobile)
        let code = try #require(sms.lastCode)
        return try await say(code)
    }

    /// The assign flow against the engine's fakes (`AssignScript.engineFakes`).
    static let script = AssignScript.engineFakes()

    /// Answers each question as the script does, from where the chat is (the menu, or a
    /// step of the assign flow), until the bot asks `step`; every answer must be taken.
    /// Makers, models and descriptors are answered only when asked (the registry answers for
    /// the vehicle as scripted).
    @discardableResult
    func assign(until step: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Reply {
        try await Self.script.walk(from: try await stored().state, until: step, sourceLocation: sourceLocation) {
            try await send($0)
        }
    }

    /// From the menu (or a step of the assign flow) to the confirmation.
    @discardableResult
    func assignToConfirmation(sourceLocation: SourceLocation = #_sourceLocation) async throws -> Reply {
        try await assign(until: "confirm", sourceLocation: sourceLocation)
    }

    /// A logged-in chat at the assign flow's confirmation, the provider's calls so far
    /// forgotten; `registry` is what the provider's registry says of the script's vehicle.
    static func atConfirmation(registry: RegistryVehicle? = nil) async throws -> EngineHarness {
        let chat = try await EngineHarness()
        if let registry { chat.provider.script { $0.registry[script.vehicle] = registry } }
        try await chat.login()
        try await chat.assignToConfirmation()
        chat.provider.clearCalls()
        return chat
    }
}
