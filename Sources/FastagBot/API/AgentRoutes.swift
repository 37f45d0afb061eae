import HTTPServerKit

/// `/agents`: operators register agents, change them, and correct their FASTag count.
struct AgentRoutes {
    let storage: Storage

    var routes: [APIRoute] {
        let agents = storage.agents
        return [
            APIRoute(.get, "/agents/", summary: "List agents", tag: "Agents", access: .admin) { request in
                let page = try await agents.list(
                    status: try request.queryChoice("status", Agent.Status.self), page: try request.page())
                return .json(page.json(\.json))
            }
            .query(
                "status", JSONSchema.string(values: Agent.Status.allCases.map(\.rawValue)),
                "Only agents with this status."
            )
            .paged()
            .response(200, "A page of agents", JSONSchema.page(of: "Agent"), example: Examples.agentPage)
            .errors(422),

            APIRoute(.get, "/agents/{agent_id}", summary: "Get an agent", tag: "Agents", access: .admin) { request in
                let id = try request.id("agent_id", of: "Agent")
                guard let agent = try await agents.get(id) else { throw StoreError.notFound("Agent \(id) not found") }
                return .json(agent.json)
            }
            .response(200, "The agent", JSONSchema.ref("Agent"), example: Examples.agent)
            .errors(404),

            APIRoute(.post, "/agents/", summary: "Register an agent", tag: "Agents", access: .admin) { request in
                var body = try RequestBody(request)
                let agent = NewAgent(
                    firstName: try body.required("first_name", APIInput.name),
                    lastName: try body.validated("last_name", APIInput.name) ?? "",
                    mobile: try body.required("mobile", Validators.mobile),
                    shauryapayAgentID: try body.validated(
                        "shauryapay_agent_id", nullable: true, APIInput.shauryapayAgentID),
                    status: try body.choice("status", Agent.Status.self) ?? .active,
                    walletBalancePaise: try body.integer("wallet_balance_paise", in: InputLimits.balancePaise) ?? 0,
                    fastagsLeft: try body.integer("fastags_left", in: InputLimits.fastagCount) ?? 0)
                try body.finish()
                return .json(try await agents.create(agent).json, status: .created)
            }
            .body(agentInput(required: ["first_name", "mobile"]), example: Examples.newAgent)
            .response(201, "The new agent", JSONSchema.ref("Agent"), example: Examples.agent)
            .errors(400, 409, 422),

            APIRoute(.put, "/agents/{agent_id}", summary: "Change an agent", tag: "Agents", access: .admin) { request in
                let id = try request.id("agent_id", of: "Agent")
                var body = try RequestBody(request)
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
                try body.finish()
                return .json(try await agents.update(id, changes).json)
            }
            .describe("Only the fields sent change.")
            .body(agentInput(required: []), example: ["status": "inactive", "fastags_left": 25])
            .response(200, "The changed agent", JSONSchema.ref("Agent"), example: Examples.agent)
            .errors(400, 404, 409, 422),

            APIRoute(.delete, "/agents/{agent_id}", summary: "Delete an agent", tag: "Agents", access: .admin) {
                request in
                try await agents.delete(try request.id("agent_id", of: "Agent"))
                return HTTPResponse(status: .noContent)
            }
            .describe(
                "Refused while the agent has an open session. The agent's history stays; the mobile number is free again."
            )
            .response(204, "Deleted")
            .errors(404, 409),

            APIRoute(
                .post, "/agents/{agent_id}/decrement-fastags", summary: "Take one FASTag off an agent's count",
                tag: "Agents", access: .admin
            ) { request in
                .json(try await agents.decrementFastags(try request.id("agent_id", of: "Agent")).json)
            }
            .describe("Refused with 409 when the count is already zero.")
            .response(200, "The agent with the new count", JSONSchema.ref("Agent"), example: Examples.agent)
            .errors(404, 409),
        ]
    }

    private func agentInput(required: [String]) -> JSONValue {
        JSONSchema.object(
            [
                "first_name": Schemas.name(), "last_name": Schemas.name(), "mobile": Schemas.mobileInput(),
                "shauryapay_agent_id": Schemas.shauryapayAgentID,
                "status": JSONSchema.string(values: Agent.Status.allCases.map(\.rawValue)),
                "wallet_balance_paise": JSONSchema.integer(
                    "Wallet balance in paise (₹1 = 100); at most ₹1 crore.", in: InputLimits.balancePaise),
                "fastags_left": JSONSchema.integer(in: InputLimits.fastagCount),
            ], required: required)
    }
}
