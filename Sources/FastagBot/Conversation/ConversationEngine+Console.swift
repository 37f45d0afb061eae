/// The console's "Try the bot" panel talks to the sandbox as an agent already signed in: the
/// operator proved who they are with the admin token, and the sandbox's demo agent is no
/// one's real account, so the OTP step is skipped (the routes offer this in sandbox mode only).
extension ConversationEngine {
    /// A step-API session of the agent with this mobile number, at the menu and logged in,
    /// replacing the number's open step-API session (as a new login would) in one write.
    func openSignedIn(agentMobile mobile: String) async throws -> Reply? {
        guard let agent = try await store.agent(mobile: mobile), agent.status == .active else { return nil }
        return try await startSignedIn(as: agent, chatID: mobile)
    }
}
