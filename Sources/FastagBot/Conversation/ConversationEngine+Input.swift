/// Inputs: applying answers to a session, running the automatic steps they lead to, and
/// saving the session when all of it succeeded, or as far as the provider got with it.
extension ConversationEngine {
    /// Applies inputs in order to one session, each checked against the steps it may
    /// answer (`nil`: any). Throws `EngineError.wrongStep` when the first input does not fit
    /// the session's step. The inputs are answered together or not at all: a refusal of
    /// any of them (a bad value, a provider failure) leaves the session where the first
    /// found it, so that the same inputs can be sent again, unless a fact was established
    /// on the way (the session then stays after it). With `channel`, a session of
    /// another channel is refused (`EngineError.otherChannel`) before anything is applied.
    /// Inputs sent to a step endpoint of `flow` may answer its first question straight from
    /// the menu.
    func handle(
        _ inputs: [(input: ConversationInput, steps: Set<StepName>?)], sessionID: String,
        channel: Session.Channel? = nil, endpointOf flow: FlowName? = nil, delivery target: ChatDelivery? = nil
    ) async throws -> Reply {
        try await exclusively("session:\(sessionID)") {
            var inputs = inputs
            if let flow, let first = inputs.first,
                let pick = try await menuPick(of: flow, before: first.steps, sessionID)
            {
                inputs.insert(pick, at: 0)
            }
            var reply: Reply?
            var currentID = sessionID
            var original: Session?
            for (index, item) in inputs.enumerated() {
                let session = try await openSession(currentID)
                if let channel, session.channel != channel {
                    throw EngineError.otherChannel(session: session.id, channel: session.channel)
                }
                if index == 0 { original = session }
                if let steps = item.steps, !steps.contains(session.stepName) {
                    if index == 0 {
                        throw EngineError.wrongStep(
                            session: session.id, current: session.stepName, flow: session.flowName)
                    }
                    break
                }
                // Only the last input's answer goes to the chat (a chat sends one input at a time).
                let next = try await apply(item.input, to: session, index == inputs.count - 1 ? target : nil)
                reply = next
                currentID = next.sessionID
                if next.isRefusal {
                    // As the refusal left it: a failing automatic step keeps the facts before it.
                    if index > 0, let original, let reason = next.reason,
                        let refused = try await store.session(next.sessionID),
                        try await canUndo(to: original, from: refused)
                    {
                        // Only step-API bodies carry several inputs; they have no chat to deliver to.
                        reply = try await refuse(
                            original, agent: try await agentOf(original), now: time.nowMilliseconds(), reason, nil)
                    }
                    break
                }
            }
            guard let reply else {
                // No input at all answers no step: the session's own step is still to answer.
                let session = try await openSession(sessionID)
                throw EngineError.wrongStep(session: session.id, current: session.stepName, flow: session.flowName)
            }
            return reply
        }
    }

    /// Whether `session` may be put back to `original`: the same session and flow, and no
    /// fact (a verified OTP, a created wallet) established in between.
    func canUndo(to original: Session, from session: Session) async throws -> Bool {
        guard session.id == original.id, session.flow == original.flow, session.status == .open else { return false }
        return !flow(original).steps.contains { $0.isFact && !$0.isDone(original) && $0.isDone(session) }
    }

    /// Applies one input to a session (of `channel`, when given).
    func handle(_ input: ConversationInput, sessionID: String, channel: Session.Channel? = nil)
        async throws -> Reply
    {
        try await handle([(input, nil)], sessionID: sessionID, channel: channel)
    }

    /// The menu's choice of `flow`, when the session is at the menu and `steps` include the
    /// flow's first question: the agent answers that question as if the flow had been picked.
    func menuPick(of flow: FlowName, before steps: Set<StepName>?, _ sessionID: String) async throws -> (
        input: ConversationInput, steps: Set<StepName>?
    )? {
        guard let option = MenuFlow.option(starting: flow),
            let first = flows[flow]?.steps.first(where: { $0.kind == .question }),
            steps?.contains(first.name) == true,
            try await openSession(sessionID).stepName == .menu
        else { return nil }
        return (.choice(id: option.id, title: option.title), [.menu])
    }

    func apply(_ input: ConversationInput, to session: Session, _ target: ChatDelivery?) async throws -> Reply {
        let now = time.nowMilliseconds()
        let agent = try await agentOf(session)
        let policy = services.policy
        if session.authenticatedAt != nil, agent?.status != .active {
            // An operator deactivated the agent: the login ends now, not when it would expire.
            return try await restart(
                session, agent: nil, status: .cancelled, note: Messages.agentInactive, now: now, target)
        }
        if let authenticated = session.authenticatedAt, now - authenticated > policy.loginLifetimeSeconds * 1000 {
            return try await restart(
                session, agent: nil, status: .expired, note: Messages.loginExpired, now: now, target)
        }
        if session.flowName != .menu, now - session.lastActivityAt > policy.idleTimeoutSeconds * 1000 {
            return try await restart(
                session, agent: agent, status: .expired, note: Messages.sessionIdle, now: now, target)
        }
        // A question whose figures or options were never fetched (a session stored before
        // its question was prepared) gets them now rather than refusing every answer.
        var session = session
        if let step = flow(session).step(named: session.stepName), let prepare = step.prepare,
            !step.isPrepared(session)
        {
            var context = StepContext(session: session, agent: agent, services: services, now: now)
            try? await prepare(&context)
            session = context.session
        }
        let (answered, declined) = answerSuggestion(input, in: &session)
        if declined {
            var context = StepContext(session: session, agent: agent, services: services, now: now)
            context.session.lastActivityAt = now
            context.notes = [Messages.suggestionDeclined]
            return try await finish(context, refusal: false, target)
        }
        if let text = answered.words, let word = GlobalWord(typed: text) {
            return try await handle(word, in: session, agent: agent, now: now, target)
        }
        if let language = answered.words.flatMap(Language.asked(by:)) {
            return try await switchLanguage(to: language, in: session, agent: agent, now: now, target)
        }
        let input = pickedByTitle(answered, in: session)
        if case .choice(let id, _) = input, let page = Option.morePage(id) {
            return try await show(page: page, of: session, agent: agent, now: now, target)
        }
        if case .unsupported(let kind) = input {
            // At a photo step the answer names the photo asked for and how to send it.
            let photo = Document.Kind.allCases.first { StepName.document($0) == session.stepName }
            let message = photo.map { Messages.notAPhoto(kind, for: $0) } ?? Messages.unsupported(kind)
            return try await refuse(session, agent: agent, now: now, message, target)
        }
        let flow = flow(session)
        guard let step = flow.step(named: session.stepName) else {
            var context = StepContext(session: session, agent: agent, services: services, now: now)
            return try await advance(&context, original: session, target)
        }
        var context = StepContext(session: session, agent: agent, services: services, now: now)
        if flow.isResuming(session) {
            // The step was answered and the automatic steps after it failed part way: the
            // answer stands, whatever this input is; the flow carries on where it stopped.
            return try await advance(&context, original: session, target)
        }
        switch try await run(&context, in: flow, { try await step.accept(input, &$0) }) {
        case .refused(let reason):
            return try await refuse(session, agent: agent, now: now, reason, target)
        case .suggested(let option):
            return try await suggest(option, in: session, agent: agent, now: now, target)
        case .done, .redone:
            return try await advance(&context, original: session, target)
        }
    }

    /// Walks the flow from the top to the first step that is not done, running automatic
    /// steps on the way; saves and answers with that step's question.
    func advance(_ context: inout StepContext, original: Session, _ target: ChatDelivery?) async throws -> Reply {
        context.session.lastActivityAt = context.now
        context.session.updatedAt = context.now
        for _ in 0..<64 {
            if let finish = context.finish { return try await complete(&context, finish, target) }
            let flow = self.flow(context.session)
            guard let step = flow.pendingStep(context.session) else {
                // A flow with nothing left to ask (login) continues at the menu.
                context.switchFlow(to: .menu)
                continue
            }
            let outcome = try await run(&context, in: flow) { context in
                if step.kind == .automatic {
                    try await step.accept(.text(""), &context)
                } else if let prepare = step.prepare {
                    try await prepare(&context)
                }
            }
            switch outcome {
            case .refused(let reason):
                guard flow.progressed(context.session, since: original) else {
                    return try await refuse(original, agent: context.agent, now: context.now, reason, target)
                }
                // What succeeded with the provider (a verified OTP, the wallet, an upload) is
                // saved with the answers it rests on; a retry resumes at this step.
                context.notes.append(reason)
                var answer = try await finish(context, refusal: true, target)
                answer.reason = reason
                return answer
            case .suggested:
                // Only an answer suggests; a preparation or a provider call never picks an option.
                return try await refuse(original, agent: context.agent, now: context.now, Messages.pickAnOption, target)
            case .redone:
                continue
            case .done:
                // An automatic step is done; a question may have been answered by its preparation.
                if step.kind == .automatic || step.isDone(context.session) { continue }
            }
            context.session.stepName = step.name
            return try await finish(context, refusal: false, target)
        }
        throw EngineError.wrongStep(
            session: context.session.id, current: context.session.stepName, flow: context.session.flowName)
    }

    /// Runs a step's code (its answer, automatic call, preparation or resend) on `context`.
    /// A `redo` clears the answers to ask again, with its note, unless `redoable` is false:
    /// then, like every other failure, it refuses the input.
    func run(
        _ context: inout StepContext, in flow: Flow, redoable: Bool = true,
        _ body: (inout StepContext) async throws -> Void
    ) async throws -> StepOutcome {
        do {
            // The provider's calls made by the step are recorded against this session.
            try await ProviderCallContext.$sessionID.withValue(context.session.id) { try await body(&context) }
            return .done
        } catch let failure as StepFailure {
            switch failure {
            case .refused(let reason):
                return .refused(reason)
            case .provider(let error):
                return .refused(error.agentMessage)
            case .redo(let note, let fields):
                guard redoable else { return .refused(note) }
                flow.clear(fields, in: &context.session)
                context.notes.append(note)
                return .redone
            case .suggest(let option):
                return .suggested(option)
            }
        }
    }
}

/// How running a step's code went.
enum StepOutcome {
    case done
    /// Answers the provider refused were cleared, to be asked again.
    case redone
    /// Nothing of the input counts; the agent is told why.
    case refused(String)
    /// Nothing of the input counts; the agent is asked whether this option was meant.
    case suggested(Option)
}
