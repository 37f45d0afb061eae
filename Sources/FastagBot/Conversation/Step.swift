/// One step of a flow: a question the agent answers, or an automatic provider call that
/// runs as soon as the flow reaches it. A step is done when its `field` is in the
/// session's data (values a step keeps on the side live under `field.something`); clearing a field (an edit, `back`) also clears every step that
/// depends on it, and the engine then asks the first step of the table that is not done.
/// So back, edit-from-confirmation and resume-after-restart all follow from this table.
struct Step: Sendable {
    package enum Kind: Sendable {
        case question
        case automatic
    }

    typealias Accept = @Sendable (ConversationInput, inout StepContext) async throws -> Void
    typealias Prepare = @Sendable (inout StepContext) async throws -> Void
    typealias Resend = @Sendable (inout StepContext) async throws -> Void

    let name: StepName
    let kind: Kind
    /// The data key whose presence means "done".
    let field: StepName
    /// Fields whose change invalidates this step's answer.
    let dependsOn: [StepName]
    /// Whether the step belongs to the path at all for this session.
    let applies: @Sendable (Session) -> Bool
    /// Runs when the flow arrives at the step, before asking (e.g. fetches the plans).
    let prepare: Prepare?
    /// The data key `prepare` fills: its absence means the step was never prepared.
    let prepares: String?
    let prompt: @Sendable (Session) -> Prompt
    /// Validates the answer (or, for automatic steps, performs the call) and stores it.
    let accept: Accept
    /// One line on what is accepted, shown by `help`.
    let hint: String
    /// How the confirmation's edit list names this field; nil when not editable.
    let editLabel: String?
    let resend: Resend?
    /// What `back` clears at this step when the question before it in the table is not the
    /// one the agent saw before (the edit list goes back to the confirmation).
    let backClears: StepName?
    /// Where the step API answers the step; nil: only `/sessions/{id}/message` does.
    var endpoint: StepEndpoint? = nil
    var numbering: Numbering
    /// Set on a step whose success is a fact with the provider, not an answer (a verified
    /// OTP, a created wallet): `back` never clears it, a later failure of
    /// the same input keeps it, and a retry resumes after it. Edits that invalidate it (a new
    /// vehicle or mobile, another ID proof) redo it in a new provider session. The text is
    /// what `back` says when it would have to undo the fact.
    var fact: String? = nil

    var isFact: Bool { fact != nil }

    static func question(
        _ name: StepName, field: StepName? = nil, dependsOn: [StepName] = [],
        applies: @escaping @Sendable (Session) -> Bool = { _ in true },
        prepare: Prepare? = nil, prepares: String? = nil, hint: String, editLabel: String? = nil,
        resend: Resend? = nil, backClears: StepName? = nil, prompt: @escaping @Sendable (Session) -> Prompt,
        accept: @escaping Accept
    ) -> Step {
        Step(
            name: name, kind: .question, field: field ?? name, dependsOn: dependsOn, applies: applies, prepare: prepare,
            prepares: prepares, prompt: prompt, accept: accept, hint: hint, editLabel: editLabel,
            resend: resend, backClears: backClears, numbering: .next)
    }

    /// A question answered in words: `validate` checks them (its reason is the refusal) and
    /// gives the text kept as the answer.
    static func typed(
        _ name: StepName, dependsOn: [StepName] = [], applies: @escaping @Sendable (Session) -> Bool = { _ in true },
        expecting what: String, hint: String, editLabel: String? = nil,
        prompt: @escaping @Sendable (Session) -> Prompt,
        validate: @escaping @Sendable (String, StepContext) throws(InvalidInput) -> String
    ) -> Step {
        .question(name, dependsOn: dependsOn, applies: applies, hint: hint, editLabel: editLabel, prompt: prompt) {
            input, context in
            let current = context
            let answer = try context.validate(input, expecting: what) { text throws(InvalidInput) in
                try validate(text, current)
            }
            context.set(name, answer)
        }
    }

    static func automatic(
        _ name: StepName, field: StepName? = nil, dependsOn: [StepName],
        applies: @escaping @Sendable (Session) -> Bool = { _ in true },
        run: @escaping @Sendable (inout StepContext) async throws -> Void
    ) -> Step {
        Step(
            name: name, kind: .automatic, field: field ?? name, dependsOn: dependsOn, applies: applies, prepare: nil,
            prepares: nil, prompt: { _ in Prompt("") }, accept: { _, context throws in try await run(&context) },
            hint: "", editLabel: nil, resend: nil, backClears: nil, numbering: .none)
    }

    func isDone(_ session: Session) -> Bool { session[field] != nil }

    /// The step, its success a fact `back` explains with `why` (see `fact`).
    func fact(_ why: String) -> Step {
        var step = self
        step.fact = why
        return step
    }

    func isPrepared(_ session: Session) -> Bool { prepares.map { session.data[$0] != nil } ?? true }

    /// The side value that marks an answer filled in from elsewhere (the vehicle registry)
    /// rather than given by the agent; `back` does not return to such a question.
    static let source = "source"

    func answeredByAgent(_ session: Session) -> Bool { session[field, side: Step.source] == nil }
}

/// A flow: its name and its table of steps, in the order they are asked.
struct Flow: Sendable {
    let name: FlowName
    let steps: [Step]
    /// Whether CONVERSATION.md numbers the flow's steps (the step API's summaries quote them).
    var numbered = false

    func step(named name: StepName) -> Step? { steps.first { $0.name == name } }

    /// The first step that applies and is not done.
    func pendingStep(_ session: Session) -> Step? {
        steps.first { $0.applies(session) && !$0.isDone(session) }
    }

    /// Every field that depends, directly or through others, on `fields`, those included.
    func dependents(of fields: [StepName]) -> Set<StepName> {
        var result = Set(fields)
        var changed = true
        while changed {
            changed = false
            for step in steps where !result.contains(step.field) && step.dependsOn.contains(where: result.contains) {
                result.insert(step.field)
                changed = true
            }
        }
        return result
    }

    /// The first fact done in `session` that clearing `fields` would undo.
    func factUndone(clearing fields: [StepName], in session: Session) -> Step? {
        let doomed = dependents(of: fields)
        return steps.first { $0.isFact && doomed.contains($0.field) && $0.isDone(session) }
    }

    /// Whether `session` got further than `original` with the provider: a fact or an
    /// automatic step done since. That progress is saved even when the input fails later on.
    func progressed(_ session: Session, since original: Session) -> Bool {
        guard session.id == original.id, session.flow == original.flow else { return false }
        return steps.contains {
            ($0.isFact || $0.kind == .automatic) && $0.isDone(session) && !$0.isDone(original)
        }
    }

    /// Whether the session's step is already answered while steps after it are not done: an
    /// input whose automatic steps failed part way. Any answer resumes at the one that failed.
    func isResuming(_ session: Session) -> Bool {
        step(named: session.stepName)?.isDone(session) ?? false
    }

    /// Clears `fields` and everything that depends on them, with their side values.
    func clear(_ fields: [StepName], in session: inout Session) {
        let doomed = dependents(of: fields)
        for key in session.data.keys {
            let owner = key.split(separator: ".", maxSplits: 1).first.map(String.init) ?? key
            if doomed.contains(StepName(rawValue: owner)) { session.data[key] = nil }
        }
    }
}
