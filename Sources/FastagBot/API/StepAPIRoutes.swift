import Foundation
import HTTPServerKit

/// The step API that Interakt workflows call (CONVERSATION.md section 7): one endpoint per
/// question, plus `/sessions/{id}/message` that answers whatever the session is asking.
/// Every answer is `{"status","message","session_id","options","data"}`, with `data.step`
/// naming the question the session is now at, so a workflow can branch on it.
struct StepAPIRoutes {
    let engine: ConversationEngine

    var routes: [APIRoute] {
        [start, verifyOTP, message] + StepEndpoints.all(photos: engine.services.policy.documentPhotos).map(route)
    }

    // MARK: - Login

    private var start: APIRoute {
        APIRoute(.post, "/agents/start", summary: "Start an agent login", tag: "Step API", access: .stepAPI) {
            [engine] request in
            var body = try RequestBody(request)
            let mobile = try body.required("mobile_number", Validators.mobile)
            try body.finish()
            let session = try await engine.startLogin(chatID: mobile)
            return .json(Self.body(try await engine.handle(.text(mobile), sessionID: session.id)))
        }
        .describe(
            "Opens a session for the agent's mobile number and sends the agent a 4-digit OTP by SMS (in sandbox mode, to the log). A previous session of the same number is closed."
        )
        .body(
            JSONSchema.object(["mobile_number": Schemas.mobileInput()], required: ["mobile_number"]),
            example: ["mobile_number": "9876543210"]
        )
        .response(200, "What the bot says next", JSONSchema.ref("StepAnswer"), example: StepExamples.otpSent)
        .errors(400, 422)
    }

    private var verifyOTP: APIRoute {
        APIRoute(.post, "/agents/verify_otp", summary: "Finish an agent login", tag: "Step API", access: .stepAPI) {
            [engine] request in
            var body = try RequestBody(request)
            let mobile = try body.required("mobile_number", Validators.mobile)
            let otp = try body.requiredString("otp")
            let sessionID = try body.validated("session_id", Self.sessionID)
            try body.finish()
            let id: String
            if let sessionID {
                id = sessionID
            } else {
                guard let open = try await engine.session(forAPIChat: mobile) else {
                    throw HTTPError(.notFound, "No login in progress for \(mobile); call /agents/start first")
                }
                id = open
            }
            return .json(Self.body(try await engine.handle([(.text(otp), [.agentOTP])], sessionID: id, channel: .api)))
        }
        .describe(
            "On success the answer is the menu, with `agent_name`, `wallet_balance` and `fastags_left` in `data`. A session of a WhatsApp or Interakt chat is answered only by that chat: 403."
        )
        .body(
            JSONSchema.object(
                [
                    "mobile_number": Schemas.mobileInput(), "otp": JSONSchema.string("The 4-digit OTP."),
                    "session_id": JSONSchema.string("Optional: the session of /agents/start.", format: "uuid"),
                ], required: ["mobile_number", "otp"]),
            example: ["mobile_number": "9876543210", "otp": "4821"]
        )
        .response(200, "The menu, or why the OTP was refused", JSONSchema.ref("StepAnswer"), example: StepExamples.menu)
        .errors(400, 403, 404, 422)
        .conflict()
    }

    // MARK: - Any step

    private var message: APIRoute {
        APIRoute(
            .post, "/sessions/{session_id}/message", summary: "Answer whatever the session is asking", tag: "Step API",
            access: .stepAPI
        ) { [engine] request in
            let id = try SessionRoutes.sessionID(request)
            let input = try Self.messageInput(request)
            return .json(Self.body(try await engine.handle(input, sessionID: id, channel: .api)))
        }
        .describe(
            "One webhook step of a workflow can drive the whole dialogue with this: send what the agent typed (`text`), the id of a tapped option (`option_id`) or a photo (`image_base64`). The words menu, back, help, resend and logout work here too. A session of a WhatsApp or Interakt chat is answered only by that chat: 403."
        )
        .body(Self.messageSchema, example: ["text": "MH12AB1234"])
        .response(200, "What the bot says next", JSONSchema.ref("StepAnswer"), example: StepExamples.engine)
        .errors(400, 403, 404, 422)
        .conflict()
        .limitBody(to: APIRoute.BodyLimit.photo)
    }

    // MARK: - Step endpoints

    private func route(_ endpoint: StepEndpoints.Endpoint) -> APIRoute {
        var example = endpoint.body.example.objectValue ?? [:]
        example["session_id"] = "3f1c2a9e-5b7d-4c1e-9a2b-6d8e0f1a2b3c"
        return APIRoute(
            .post, "/fastags/\(endpoint.flow.rawValue)/\(endpoint.path)", summary: endpoint.summary, tag: "Step API",
            access: .stepAPI
        ) { [engine] request in
            var body = try RequestBody(request)
            let id = try body.required("session_id", Self.sessionID)
            let inputs = try endpoint.body.inputs(&body)
            try body.finish()
            guard !inputs.isEmpty else {
                throw HTTPError(.unprocessableContent, "Nothing to answer: the body has no value")
            }
            return .json(
                Self.body(try await engine.handle(inputs, sessionID: id, channel: .api, endpointOf: endpoint.flow)))
        }
        .describe("A session of a WhatsApp or Interakt chat is answered only by that chat: 403.")
        .body(Self.bodySchema(endpoint.body.schema), example: .object(example))
        .response(
            200, "The next question, or why the answer was refused", JSONSchema.ref("StepAnswer"),
            example: StepExamples.engine
        )
        .errors(400, 403, 404, 422)
        .conflict()
        .limitBody(to: endpoint.body.takesPhotos ? APIRoute.BodyLimit.photo : APIRoute.BodyLimit.json)
    }

    /// A step endpoint's body: `session_id` and the endpoint's own fields, with its rules
    /// on which of them must come (`anyOf`, and `minProperties` counting `session_id` too).
    private static func bodySchema(_ own: JSONValue) -> JSONValue {
        var schema = JSONSchema.object(
            properties: [("session_id", JSONSchema.string("From the previous answer.", format: "uuid"))]
                + (own["properties"]?.objectValue ?? [:]).sorted { $0.key < $1.key },
            required: ["session_id"] + (own["required"]?.arrayValue?.compactMap(\.stringValue) ?? []))
        if let anyOf = own["anyOf"] { schema = JSONSchema.adding(["anyOf": anyOf], to: schema) }
        if let least = own["minProperties"]?.intValue {
            schema = JSONSchema.adding(["minProperties": .int(least + 1)], to: schema)
        }
        return schema
    }

    /// A `session_id` in a body: a UUID, compared in lower case.
    static func sessionID(_ text: String) throws(InvalidInput) -> String {
        guard UUID(uuidString: text) != nil else { throw InvalidInput("must be the session_id of an earlier answer") }
        return text.lowercased()
    }

    // MARK: - Answers

    /// A reply as the step API answers it (the engine's refusals to run are errors that
    /// shape their own response: `EngineError+HTTP.swift`).
    static func body(_ reply: Reply) -> JSONValue {
        [
            "status": reply.isRefusal ? "error" : "success", "message": .string(reply.text),
            "session_id": .string(reply.sessionID), "options": .array(reply.options.map { .string($0.title) }),
            "data": .object(reply.data),
        ]
    }
}

extension APIRoute {
    /// 409: the session is at another step, or closed; `data.step` says which.
    fileprivate func conflict() -> APIRoute {
        response(
            409, "The session is at another step (data.step), or closed", JSONSchema.ref("StepConflict"),
            example: [
                "status": "error",
                "message": "This session is at step 'user_mobile' of the assign flow; answer that step first",
                "session_id": "3f1c2a9e-5b7d-4c1e-9a2b-6d8e0f1a2b3c",
                "data": ["step": "user_mobile", "flow": "assign"],
            ])
    }
}

extension StepAPIRoutes {
    /// The one input of a message body: `text`, `option_id` or `image_base64`, exactly one
    /// (`POST /sessions/{id}/message` and the console's chat).
    static func messageInput(_ request: HTTPRequest) throws -> ConversationInput {
        var body = try RequestBody(request)
        let text = try body.string("text")
        let option = try body.string("option_id")
        let image = try body.string("image_base64").map { try ImageInput.decode($0, field: "image_base64") }
        try body.finish()
        let inputs = [
            text.map { ConversationInput.text($0) }, option.map { .choice(id: $0, title: $0) },
            image.map { .image($0.bytes) },
        ]
        .compactMap { $0 }
        guard inputs.count == 1, let input = inputs.first else {
            throw HTTPError(.unprocessableContent, "Send exactly one of 'text', 'option_id' or 'image_base64'")
        }
        return input
    }

    /// The schema of a message body (`messageInput`).
    static let messageSchema = JSONSchema.adding(
        ["minProperties": 1, "maxProperties": 1],
        to: JSONSchema.object(
            [
                "text": JSONSchema.string("What the agent typed."),
                "option_id": JSONSchema.string("The id of a tapped button or list row."),
                "image_base64": JSONSchema.string("A JPEG or PNG photo, base64, at most 5 MB."),
            ],
            description: "Exactly one of the three."))
}
