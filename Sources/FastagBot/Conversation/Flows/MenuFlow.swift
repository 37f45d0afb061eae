extension FlowName {
    static let menu = FlowName(rawValue: "menu")
}

/// The menu, where a login lands and every flow ends: the agent's figures, and the flows to start.
enum MenuFlow {
    /// The menu: one question that never completes; its answer starts a flow.
    static let flow = Flow(name: .menu, steps: [choice])

    static let choice = Step.question(
        .menu,
        prepare: { (context: inout StepContext) in
            try await refreshFigures(&context)
        },
        prepares: StepName.menu.key("fastags"),
        hint: "Reply 1 to assign a new FASTag or 2 to replace one.",
        prompt: { session in
            Prompt(
                Messages.menu(
                    agentName: session[.menu, side: "agent_name"]?.stringValue ?? "",
                    walletPaise: session[.menu, side: "wallet"]?.intValue ?? 0,
                    fastagsLeft: session[.menu, side: "fastags"]?.intValue ?? 0),
                options: Messages.menuOptions)
        }
    ) { input, context in
        let option = try context.choose(input, from: Messages.menuOptions)
        // Both flows use a tag from the agent's stock.
        guard (context.session[.menu, side: "fastags"]?.intValue ?? 0) > 0 else {
            throw StepFailure.refused(Messages.noFastagsLeft)
        }
        guard let flow = starts[option.id] else {
            throw StepFailure.refused(Messages.pickAnOption)
        }
        context.switchFlow(to: flow)
    }

    /// The flow each option of the menu starts.
    static let starts: [String: FlowName] = ["menu_assign": .assign, "menu_replace": .replace]

    /// The option of the menu that starts `flow`.
    static func option(starting flow: FlowName) -> Option? {
        Messages.menuOptions.first { starts[$0.id] == flow }
    }

    /// Reads the provider's wallet and FASTag figures into the session (and the agent's
    /// row); when the provider does not answer, the last figures seen are shown.
    static func refreshFigures(_ context: inout StepContext) async throws {
        guard let agent = context.agent else { throw StepFailure.refused(Messages.loginFirst) }
        var figures = AgentFigures(walletPaise: agent.walletBalancePaise, fastagsLeft: agent.fastagsLeft)
        if let fresh = try? await context.provider.figures(try context.providerAgent()) {
            figures = fresh
            if fresh != AgentFigures(walletPaise: agent.walletBalancePaise, fastagsLeft: agent.fastagsLeft) {
                try await context.store.updateFigures(agentID: agent.id, fresh)
                context.agent?.walletBalancePaise = fresh.walletPaise
                context.agent?.fastagsLeft = fresh.fastagsLeft
            }
        }
        context.set(.menu, side: "agent_name", agent.fullName)
        context.set(.menu, side: "wallet", .int(figures.walletPaise))
        context.set(.menu, side: "fastags", .int(figures.fastagsLeft))
    }
}

extension StepContext {
    /// Leaves the current flow for another; what was collected is dropped.
    mutating func switchFlow(to name: FlowName) {
        session.flowName = name
        let language = session.chosenLanguage
        session.data = [:]
        session.chosenLanguage = language
    }
}
