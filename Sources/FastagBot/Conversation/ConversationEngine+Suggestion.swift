/// "Did you mean MARUTI?": an answer a typo away from an option is not picked silently.
/// The option is kept in the session beside the question (`<step>.suggestion`), the
/// question shows as "Did you mean…?" with Yes and No, and the next input answers it: Yes
/// picks the option, No asks the question again, anything else is an answer to the
/// question itself. Every step that picks from options gets this through
/// `StepContext.choose`; none of them knows about it.
extension ConversationEngine {
    static let suggestionSide = "suggestion"

    /// The option suggested at the session's question, if one waits for Yes or No.
    static func pendingSuggestion(_ session: Session) -> Option? {
        guard let value = session[session.stepName, side: suggestionSide], let id = value["id"]?.stringValue,
            let title = value["title"]?.stringValue
        else { return nil }
        return Option(id: id, title: title)
    }

    /// Asks "Did you mean…?" about `option`, the session otherwise as it was.
    func suggest(_ option: Option, in session: Session, agent: Agent?, now: Int64, _ target: ChatDelivery?)
        async throws -> Reply
    {
        var session = session
        session.lastActivityAt = now
        session[session.stepName, side: Self.suggestionSide] = [
            "id": .string(option.id), "title": .string(option.title),
        ]
        // A refusal (the answer was not taken) without a reason: the question is the point.
        return try await finish(
            StepContext(session: session, agent: agent, services: services, now: now), refusal: true, target)
    }

    /// What the input does to a waiting suggestion, which it always takes out of `session`:
    /// Yes becomes the pick of the suggested option, No the question asked again (`declined`),
    /// anything else is left to answer the question.
    func answerSuggestion(_ input: ConversationInput, in session: inout Session) -> (
        input: ConversationInput, declined: Bool
    ) {
        guard let option = Self.pendingSuggestion(session) else { return (input, false) }
        session[session.stepName, side: Self.suggestionSide] = nil
        let answer: Bool? =
            switch input {
            case .choice(let id, _) where Messages.suggestionOptions.contains { $0.id == id }: id == "suggestion_yes"
            default: input.words.flatMap(YesNo.read)
            }
        switch answer {
        case true?: return (.choice(id: option.id, title: option.title), false)
        case false?: return (input, true)
        case nil: return (input, false)
        }
    }
}
