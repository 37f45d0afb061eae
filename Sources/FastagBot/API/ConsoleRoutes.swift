import HTTPServerKit

/// The operators' console's actions and its session timeline: a session sent back to the
/// menu or cancelled, a failed reply sent again, an agent deactivated or reactivated.
struct ConsoleRoutes {
    let storage: Storage
    /// Told of a reply queued again, so that it goes now rather than at the next scan.
    let repliesQueued: @Sendable (ChatKey) -> Void

    var routes: [APIRoute] {
        let (console, timelines, agents, queued) = (storage.console, storage.timeline, storage.agents, repliesQueued)
        return [
            APIRoute(
                .get, "/sessions/{session_id}/timeline", summary: "A session's timeline", tag: "Console", access: .admin
            ) {
                request in
                let (session, entries) = try await timelines.timeline(try SessionRoutes.sessionID(request))
                return .json(["session": session.json, "entries": .array(entries.map(Self.json))])
            }
            .describe(
                "Oldest first: each state change, each Shauryapay call (outcome, latency), and for a chat each message received (the input; answers to personal questions and OTPs hidden, any word of four digits or more masked), each reply (masked the same way) and what the channel said of it (delivery)."
            )
            .response(200, "The session and its timeline", JSONSchema.ref("Timeline"), example: Self.timelineExample)
            .errors(404),

            APIRoute(
                .post, "/sessions/{session_id}/menu", summary: "Send a session back to the menu", tag: "Console",
                access: .admin
            ) {
                request in .json(try await console.sendToMenu(try SessionRoutes.sessionID(request)).json)
            }
            .describe(
                "The login is kept; the flow's answers are dropped. 409 when the session is closed or has no login."
            )
            .response(200, "The session at the menu", JSONSchema.ref("Session"), example: Examples.session)
            .errors(404, 409),

            APIRoute(
                .post, "/sessions/{session_id}/cancel", summary: "Cancel a session", tag: "Console", access: .admin
            ) {
                request in .json(try await console.cancel(try SessionRoutes.sessionID(request)).json)
            }
            .describe("The chat's next message starts a new session. 409 when the session is already closed.")
            .response(200, "The cancelled session", JSONSchema.ref("Session"), example: Examples.session)
            .errors(404, 409),

            APIRoute(
                .post, "/replies/{reply_id}/resend", summary: "Send a failed reply again", tag: "Console",
                access: .admin
            ) {
                request in
                let id = try request.id("reply_id", of: "Reply")
                queued(try await console.resend(id))
                return .json(["status": "ok"])
            }
            .describe("The reply is queued again with its attempts started afresh. 409 unless it failed.")
            .response(200, "Queued", JSONSchema.ref("Acknowledgement"), example: ["status": "ok"])
            .errors(404, 409),

            Self.agentStatus("deactivate", .inactive, agents),
            Self.agentStatus("reactivate", .active, agents),
        ]
    }

    /// `POST /agents/{agent_id}/deactivate|reactivate`: the same as `PUT` with a status; a
    /// deactivated agent's login ends at its next message.
    static func agentStatus(_ action: String, _ status: Agent.Status, _ agents: AgentStore) -> APIRoute {
        APIRoute(
            .post, "/agents/{agent_id}/\(action)",
            summary: action == "deactivate" ? "Deactivate an agent" : "Reactivate an agent",
            tag: "Console", access: .admin
        ) { request in
            var changes = AgentChanges()
            changes.status = status
            return .json(
                try await agents.detailed(try await agents.update(try request.id("agent_id", of: "Agent"), changes))
                    .json)
        }
        .response(200, "The agent", JSONSchema.ref("Agent"), example: Examples.agent)
        .errors(404)
    }

    static func json(_ entry: TimelineStore.Entry) -> JSONValue {
        var fields: [String: JSONValue] = ["at": .string(ISOTime.string(entry.at)), "kind": .string(entry.kind)]
        if let text = entry.text { fields["text"] = .string(text) }
        if let step = entry.step { fields["step"] = .string(step) }
        if let outcome = entry.outcome { fields["outcome"] = .string(outcome) }
        if let latency = entry.latencyMilliseconds { fields["latency_ms"] = .int(latency) }
        if let code = entry.errorCode { fields["error_code"] = .string(code) }
        if let reply = entry.replyID { fields["reply_id"] = .int(reply) }
        return .object(fields)
    }

    static let timelineExample: JSONValue = [
        "session": Examples.session,
        "entries": [
            ["at": "2026-11-25T09:30:00.000Z", "kind": "input", "text": "MH**********34", "step": "vehicle_number"],
            [
                "at": "2026-11-25T09:30:00.400Z", "kind": "state", "text": "vehicle_number → engine_number",
                "step": "engine_number",
            ],
            [
                "at": "2026-11-25T09:30:00.500Z", "kind": "reply", "text": "Enter the last 5 of the engine number",
                "reply_id": 41,
            ],
            [
                "at": "2026-11-25T09:30:02.000Z", "kind": "delivery", "outcome": "failed", "error_code": "131026",
                "reply_id": 41,
            ],
            [
                "at": "2026-11-25T09:31:00.000Z", "kind": "provider_call", "step": "sendCustomerOTP", "outcome": "ok",
                "latency_ms": 420,
            ],
        ],
    ]
}

extension Schemas {
    static let timeline = JSONSchema.object(
        [
            "session": JSONSchema.ref("Session"),
            "entries": JSONSchema.array(
                JSONSchema.object(
                    [
                        "at": JSONSchema.time(),
                        "kind": JSONSchema.string(values: ["state", "input", "reply", "delivery", "provider_call"]),
                        "text": JSONSchema.string("Personal data masked."),
                        "step": JSONSchema.string("The state, the question an input answered, or the provider call."),
                        "outcome": JSONSchema.string(
                            "ok or failed for a call; sent, delivered, read or failed for a reply."),
                        "latency_ms": JSONSchema.integer(minimum: 0),
                        "error_code": JSONSchema.string("Meta's code for a reply; rejected or unavailable for a call."),
                        "reply_id": JSONSchema.integer(minimum: 1),
                    ], required: ["at", "kind"])),
        ], required: ["session", "entries"])
}
