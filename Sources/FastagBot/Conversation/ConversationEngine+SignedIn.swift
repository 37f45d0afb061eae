/// A front door whose agent is known without an OTP: the terminal chat (`fastag-bot chat`),
/// which an operator runs on the sandbox as its demo agent.
extension ConversationEngine {
    /// Opens a session at the menu, signed in as `agent`, as the step-API chat `chatID`
    /// (closing that chat's open session in the same write), and answers with the menu.
    func startSignedIn(as agent: Agent, chatID: String) async throws -> Reply {
        try await exclusively("chat:api:\(chatID)") {
            let now = time.nowMilliseconds()
            var session = Session(
                id: RandomID.uuid(), channel: .api, chatID: chatID, flow: .menu, step: .menu, now: now)
            session.agentID = agent.id
            session.authenticatedAt = now
            var context = StepContext(session: session, agent: agent, services: services, now: now)
            // As a new chat's menu: figures the provider cannot give now are fetched at the next input.
            if let prepare = flow(session).step(named: session.stepName)?.prepare { try? await prepare(&context) }
            try await open(context.session, inAPIChat: chatID)
            return reply(context, refusal: false)
        }
    }
}
