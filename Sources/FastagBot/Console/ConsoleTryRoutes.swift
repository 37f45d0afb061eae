import HTTPServerKit

/// "Try the bot": the console's chat panel talks to the sandbox as the demo agent. Each
/// answer is what WhatsApp would show: the same shapes the chat channel sends
/// (`ReplyFormat`: up to 3 buttons, a list of up to 10, longer lists paged with "More…"),
/// so a tap sends back the id WhatsApp would. Sandbox mode only: live mode answers 404.
struct ConsoleTryRoutes {
    let engine: ConversationEngine
    let sandbox: Bool

    var routes: [APIRoute] { [open, message] }

    private var open: APIRoute {
        APIRoute(
            .post, "/console/try", summary: "Open a chat as the sandbox's demo agent", tag: "Console", access: .admin
        ) { [engine, sandbox] _ in
            guard sandbox else { throw Self.liveMode }
            guard let reply = try await engine.openSignedIn(agentMobile: SandboxProvider.demoAgentMobile) else {
                throw HTTPError(.notFound, "The sandbox's demo agent is missing or inactive")
            }
            return .json(Self.body(reply), status: .created)
        }
        .describe(
            "A step-API session of the demo agent (\(SandboxProvider.demoAgentMobile)), already logged in and at the menu; the agent's previous step-API session is closed."
        )
        .response(201, "The menu, as WhatsApp would show it", Self.answerSchema, example: Self.example)
        .errors(404)
    }

    private var message: APIRoute {
        APIRoute(
            .post, "/console/try/{session_id}/message", summary: "Say something to the bot as the demo agent",
            tag: "Console", access: .admin
        ) { [engine, sandbox] request in
            guard sandbox else { throw Self.liveMode }
            let id = try SessionRoutes.sessionID(request)
            let input = try StepAPIRoutes.messageInput(request)
            return .json(Self.body(try await engine.handle(input, sessionID: id, channel: .api)))
        }
        .describe(
            "As POST /sessions/{session_id}/message (the same engine, the same words: menu, back, help…), answered in WhatsApp's shapes. `option_id` is the id of a tapped button or row, \"More…\" included."
        )
        .body(StepAPIRoutes.messageSchema, example: ["option_id": "assign"])
        .response(200, "The bot's messages", Self.answerSchema, example: Self.example)
        .response(
            409, "The session is closed (data.step says how, data.next_session_id what continues it)",
            JSONSchema.ref("StepConflict"),
            example: [
                "status": "error", "message": "This session is cancelled; continue with session 01a24a8d-…",
                "session_id": "3f1c2a9e-5b7d-4c1e-9a2b-6d8e0f1a2b3c", "data": ["step": "cancelled"],
            ]
        )
        .errors(400, 403, 404, 422)
        .limitBody(to: APIRoute.BodyLimit.photo)
    }

    private static let liveMode = HTTPError(.notFound, "Trying the bot is for sandbox mode only")

    /// The reply as WhatsApp messages (without the addressing the Graph API needs).
    static func body(_ reply: Reply) -> JSONValue {
        let messages: [JSONValue] = reply.messages.flatMap { message in
            ReplyFormat.shapes(message).map { shape -> JSONValue in
                if case .text(let text) = shape { return ["type": "text", "text": ["body": .string(text)]] }
                return ["type": "interactive", "interactive": ReplyFormat.interactive(shape) ?? .null]
            }
        }
        return [
            "session_id": .string(reply.sessionID), "refused": .bool(reply.isRefusal),
            "flow": .string(reply.flow.rawValue), "step": .string(reply.step.rawValue),
            "messages": .array(messages), "data": .object(reply.data),
        ]
    }

    private static let answerSchema = JSONSchema.object(
        [
            "session_id": JSONSchema.string(format: "uuid"), "refused": JSONSchema.boolean(),
            "flow": JSONSchema.string(), "step": JSONSchema.string(),
            "messages": [
                "type": "array",
                "items": JSONSchema.freeObject("A WhatsApp message: `text`, or `interactive` (buttons or a list)."),
            ],
            "data": JSONSchema.freeObject("As the step API's `data`."),
        ], required: ["session_id", "refused", "flow", "step", "messages", "data"])

    private static let example: JSONValue = [
        "session_id": "3f1c2a9e-5b7d-4c1e-9a2b-6d8e0f1a2b3c", "refused": false, "flow": "menu", "step": "menu",
        "messages": [
            [
                "type": "interactive",
                "interactive": [
                    "type": "button", "body": ["text": "Welcome, Demo Agent. What would you like to do?"],
                    "action": [
                        "buttons": [
                            ["type": "reply", "reply": ["id": "assign", "title": "Assign FASTag"]],
                            ["type": "reply", "reply": ["id": "replace", "title": "Replace FASTag"]],
                        ]
                    ],
                ],
            ]
        ],
        "data": ["step": "menu", "flow": "menu", "agent_name": "Demo Agent"],
    ]
}
