/// `back`: the previous question of the table.
extension ConversationEngine {
    /// The previous question of the table, unless going there would undo a fact (a verified
    /// OTP, a created wallet: `Step.fact`), which `back` never does: it says
    /// why instead. Before the first question of a flow the menu starts is the menu.
    func back(_ session: Session, agent: Agent?, now: Int64, _ target: ChatDelivery?) async throws -> Reply {
        let flow = flow(session)
        guard let index = flow.steps.firstIndex(where: { $0.name == session.stepName }) else {
            return try await refuse(session, agent: agent, now: now, Messages.firstQuestion, target)
        }
        var context = StepContext(session: session, agent: agent, services: services, now: now)
        if let field = flow.steps[index].backClears {
            flow.clear([field], in: &context.session)
            return try await advance(&context, original: session, target)
        }
        for candidate in flow.steps[..<index].reversed() where candidate.applies(session) && candidate.isDone(session) {
            // Automatic steps and answers the agent did not give (registry data) are passed
            // over, facts among them excepted.
            guard candidate.isFact || (candidate.kind == .question && candidate.answeredByAgent(session)) else {
                continue
            }
            // The question's answer is cleared with all that rests on it: never a fact.
            if let fact = flow.factUndone(clearing: [candidate.field], in: session), let why = fact.fact {
                return try await refuse(session, agent: agent, now: now, why, target)
            }
            flow.clear([candidate.field], in: &context.session)
            return try await advance(&context, original: session, target)
        }
        if MenuFlow.starts.values.contains(session.flowName) {
            return try await restart(session, agent: agent, status: .cancelled, note: nil, now: now, target)
        }
        return try await refuse(session, agent: agent, now: now, Messages.firstQuestion, target)
    }
}
