import HTTPServerKit

/// `/agents`: operators register agents, change them, and correct their FASTag count.
struct AgentRoutes {
    let storage: Storage

    var routes: [APIRoute] {
        let agents = storage.agents
        return [
            Self.collection.list(filters: [
                .statusFilter(Agent.Status.self, "Only agents with this status.")
            ]) { request in
                try await agents.list(
                    status: try request.queryChoice("status", Agent.Status.self), page: try request.page())
            },

            Self.collection.get { id in try await agents.get(id).asyncMap(agents.detailed) },

            Self.collection.create(
                "Register an agent", body: agentInput(required: ["first_name", "mobile"]), example: Examples.newAgent,
                store: { try await agents.detailed(try await agents.create($0)) }
            ) { body in
                NewAgent(
                    firstName: try body.required("first_name", APIInput.name),
                    lastName: try body.validated("last_name", APIInput.name) ?? "",
                    mobile: try body.required("mobile", Validators.mobile),
                    shauryapayAgentID: try body.validated(
                        "shauryapay_agent_id", nullable: true, APIInput.shauryapayAgentID),
                    status: try body.choice("status", Agent.Status.self) ?? .active,
                    walletBalancePaise: try body.integer("wallet_balance_paise", in: InputLimits.balancePaise) ?? 0,
                    fastagsLeft: try body.integer("fastags_left", in: InputLimits.fastagCount) ?? 0,
                    language: try body.choice("language", Language.self) ?? .english)
            }
            .errors(400, 409, 422),

            Self.collection.change(
                body: agentInput(required: []), example: ["status": "inactive", "fastags_left": 25],
                apply: { try await agents.detailed(try await agents.update($0, $1)) }
            ) { body in
                var changes = AgentChanges()
                changes.firstName = try body.validated("first_name", APIInput.name)
                changes.lastName = try body.validated("last_name", APIInput.name)
                changes.mobile = try body.validated("mobile", Validators.mobile)
                if body.contains("shauryapay_agent_id") {
                    changes.shauryapayAgentID = .some(
                        try body.validated("shauryapay_agent_id", nullable: true, APIInput.shauryapayAgentID))
                }
                changes.status = try body.choice("status", Agent.Status.self)
                changes.walletBalancePaise = try body.integer("wallet_balance_paise", in: InputLimits.balancePaise)
                changes.fastagsLeft = try body.integer("fastags_left", in: InputLimits.fastagCount)
                changes.language = try body.choice("language", Language.self)
                return changes
            }
            .describe("Only the fields sent change."),

            Self.collection.delete(agents.delete)
                .describe(
                    "Refused while the agent has an open session. The agent's history stays; the mobile number is free again."
                )
                .errors(404, 409),

            Self.collection.action(.post, "decrement-fastags", summary: "Take one FASTag off an agent's count") {
                id, _ in
                .json(try await agents.detailed(try await agents.decrementFastags(id)).json)
            }
            .describe("Refused with 409 when the count is already zero.")
            .response(200, "The agent with the new count", JSONSchema.ref("Agent"), example: Examples.agent)
            .errors(404, 409),
        ]
    }

    static let collection = CollectionRoutes<Agent, Int64>(
        path: "/agents", tag: "Agents", noun: "agent", article: "an", plural: "agents", schema: "Agent",
        example: Examples.agent, json: \.json)

    private func agentInput(required: [String]) -> JSONValue {
        JSONSchema.object(
            [
                "first_name": Schemas.name(), "last_name": Schemas.name(), "mobile": Schemas.mobileInput(),
                "shauryapay_agent_id": Schemas.shauryapayAgentID,
                "status": JSONSchema.string(values: Agent.Status.allCases.map(\.rawValue)),
                "wallet_balance_paise": JSONSchema.integer(
                    "Wallet balance in paise (₹1 = 100); at most ₹1 crore.", in: InputLimits.balancePaise),
                "fastags_left": JSONSchema.integer(in: InputLimits.fastagCount),
                "language": Schemas.language,
            ], required: required)
    }
}

extension Optional where Wrapped: Sendable {
    /// `map` with an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
