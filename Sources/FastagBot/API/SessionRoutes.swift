import Foundation
import HTTPServerKit

/// `/sessions`: operators look into conversations, correct them, attach documents.
struct SessionRoutes {
    let storage: Storage
    /// An open session idle longer than this is stuck (`SESSION_IDLE_TIMEOUT`).
    var idleTimeoutSeconds: Int64 = 900

    var routes: [APIRoute] {
        let sessions = storage.sessions
        let documents = storage.documents
        let time = storage.time
        return [
            Self.collection.list(filters: [
                .agentFilter("Only this agent's sessions."),
                .statusFilter(Session.Status.self, "Only sessions with this status."),
                APIRoute.Parameter(
                    name: "state", schema: JSONSchema.string(), description: "Only sessions at this step."),
                APIRoute.Parameter(
                    name: "agent_mobile", schema: Schemas.mobileInput(), description: "Only this agent's sessions."),
                APIRoute.Parameter(
                    name: "vehicle_number", schema: Schemas.vehicleNumberInput(),
                    description: "Only sessions for this vehicle."),
                APIRoute.Parameter(
                    name: "channel", schema: JSONSchema.string(values: Session.Channel.allCases.map(\.rawValue)),
                    description: "Only sessions on this channel."),
                APIRoute.Parameter(
                    name: "stuck", schema: JSONSchema.string(values: ["true", "false"]),
                    description:
                        "true: only open sessions idle past the idle timeout, or whose chat has a failed reply."),
            ]) { [idleTimeoutSeconds] request in
                var filter = SessionStore.Filter(
                    agentID: try request.queryInteger("agent_id", in: InputLimits.id),
                    status: try request.queryChoice("status", Session.Status.self),
                    state: request.query["state"])
                filter.agentMobile = try request.query["agent_mobile"].map { text in
                    try Self.queryValue("agent_mobile", text, Validators.mobile)
                }
                filter.vehicleNumber = try request.query["vehicle_number"].map { text in
                    try Self.queryValue("vehicle_number", text, Validators.vehicleNumber)
                }
                filter.channel = try request.queryChoice("channel", Session.Channel.self)
                switch request.query["stuck"] {
                case nil, "false": break
                case "true": filter.stuckBefore = time.nowMilliseconds() - idleTimeoutSeconds * 1000
                default: throw HTTPError(.unprocessableContent, "Invalid 'stuck': must be 'true' or 'false'")
                }
                return try await sessions.list(filter, page: try request.page())
            },

            Self.collection.get(sessions.get),

            Self.collection.create(
                "Open a session", body: Self.input(create: true),
                example: ["agent_id": 1, "channel": "api", "data": ["note": "opened by hand"]], bodyRequired: false,
                store: sessions.create
            ) { body in
                let channel = try body.choice("channel", Session.Channel.self) ?? .api
                var session = Session(
                    id: RandomID.uuid(), channel: channel,
                    chatID: try body.validated("chat_id", nullable: true, Self.chatID),
                    flow: try body.validated("flow", Self.stepName) ?? "login",
                    state: try body.validated("state", Self.stepName) ?? "agent_mobile", now: time.nowMilliseconds())
                session.agentID = try body.integer("agent_id", in: InputLimits.id, nullable: true)
                session.data = try body.object("data") ?? [:]
                return session
            }
            .describe("Sessions are normally opened by the bot itself; this is for operators and tests.")
            .errors(400, 404, 409, 422),

            Self.collection.change(
                body: Self.input(create: false), example: ["data": ["plan": "500 Plan", "note": nil]],
                apply: Self.change(sessions), read: SessionChanges.init
            )
            .describe("Only the fields sent change. `data` is merged key by key; a null value removes a key."),

            Self.collection.action(.put, "state", summary: "Move a session to a step") { id, request in
                var body = try RequestBody(request)
                let state = try body.required("state", Self.stepName)
                try body.finish()
                return .json(
                    try await sessions.modify(id) { session in
                        guard session.status == .open else {
                            throw StoreError.conflict(
                                "Session \(id) is \(session.status.rawValue); its state cannot change")
                        }
                        session.state = state
                    }.json)
            }
            .describe("The change is recorded in the session's history.")
            .body(
                JSONSchema.object(["state": Self.stepNameSchema("A step name.")], required: ["state"]),
                example: ["state": "plan"]
            )
            .response(200, "The session at its new step", JSONSchema.ref("Session"), example: Examples.session)
            .errors(400, 404, 409, 422),

            Self.collection.action(.post, "documents", summary: "Attach a document photo") { id, request in
                var body = try RequestBody(request)
                let kind = try body.requiredChoice("kind", Document.Kind.self)
                let image = try ImageInput.decode(try body.requiredString("image_base64"), field: "image_base64")
                try body.finish()
                guard await ImageCheck.isReadable(image) else {
                    throw RequestBody.invalid("image_base64", "cannot be read as a whole JPEG or PNG image")
                }
                return .json(try await documents.save(image, kind: kind, sessionID: id).json, status: .created)
            }
            .describe(
                "A JPEG or PNG (checked by content: it must decode whole), at most 5 MB, base64-encoded. A second photo of the same kind replaces the first."
            )
            .body(
                JSONSchema.object(
                    [
                        "kind": JSONSchema.string(values: Document.Kind.allCases.map(\.rawValue)),
                        "image_base64": JSONSchema.string("The image, base64 (a data: URL prefix is accepted)."),
                    ], required: ["kind", "image_base64"]),
                example: ["kind": "rc_front", "image_base64": "/9j/4AAQSkZJRgABAQAAAQABAAD..."]
            )
            .response(201, "The stored document", JSONSchema.ref("Document"), example: Examples.document)
            .errors(400, 404, 422)
            .limitBody(to: APIRoute.BodyLimit.photo),

            Self.collection.action(.post, "complete", summary: "Mark a session completed") { id, _ in
                let now = time.nowMilliseconds()
                return .json(
                    try await sessions.modify(id) { session in
                        guard session.status == .open else {
                            throw StoreError.conflict("Session \(id) is already \(session.status.rawValue)")
                        }
                        session.status = .completed
                        session.completedAt = now
                    }.json)
            }
            .response(200, "The completed session", JSONSchema.ref("Session"), example: Examples.session)
            .errors(404, 409),

            Self.collection.delete(sessions.delete)
                .describe(
                    "Removes the session with its history, its document records and their photo files (a photo another session also has stays)."
                )
                .errors(404),
        ]
    }

    static let collection = CollectionRoutes<Session, String>(
        path: "/sessions", tag: "Sessions", noun: "session", article: "a", plural: "sessions", schema: "Session",
        example: Examples.session, idParameter: "session_id", identify: Self.sessionID, json: \.json)

    /// A query parameter read by the validator its body field uses.
    static func queryValue(_ name: String, _ text: String, _ validate: (String) throws(InvalidInput) -> String) throws
        -> String
    {
        do throws(InvalidInput) {
            return try validate(text)
        } catch {
            throw HTTPError(.unprocessableContent, "Invalid '\(name)': \(error.reason)")
        }
    }

    /// Session ids are UUIDs; anything else cannot exist.
    static func sessionID(_ request: HTTPRequest) throws -> String {
        let text = request.parameter("session_id").lowercased()
        guard UUID(uuidString: text) != nil else {
            throw StoreError.notFound("Session \(request.parameter("session_id")) not found")
        }
        return text
    }

    /// What `PUT /sessions/{session_id}` changes, applied in one transaction.
    static func change(_ sessions: SessionStore) -> @Sendable (String, SessionChanges) async throws -> Session {
        { id, changes in
            try await sessions.modify(id) { session in
                if let agentID = changes.agentID { session.agentID = agentID }
                if let chatID = changes.chatID { session.chatID = chatID }
                if let flow = changes.flow { session.flow = flow }
                for (key, value) in changes.data ?? [:] {
                    // Not `data[key] = value == .null ? nil : value`: JSONValue is
                    // ExpressibleByNilLiteral, so that `nil` would be stored as JSON null.
                    if value == .null {
                        session.data.removeValue(forKey: key)
                    } else {
                        session.data[key] = value
                    }
                }
            }
        }
    }

    /// Step and flow names: lower-case letters, digits and underscores.
    static func stepName(_ text: String) throws(InvalidInput) -> String {
        guard (1...64).contains(text.utf8.count),
            text.utf8.allSatisfy({ ($0 &- 0x61 < 26) || ($0 &- 0x30 < 10) || $0 == 0x5F })
        else { throw InvalidInput("must be lower-case letters, digits and underscores") }
        return text
    }

    /// The chat a session belongs to (a phone number for WhatsApp and Interakt).
    static func chatID(_ text: String) throws(InvalidInput) -> String {
        try APIInput.text(maxLength: InputLimits.textLength)(text)
    }

    static func stepNameSchema(_ description: String? = nil) -> JSONValue {
        JSONSchema.string(
            description ?? "Lower-case letters, digits and underscores.", pattern: InputPatterns.stepName,
            example: "plan")
    }

    private static func input(create: Bool) -> JSONValue {
        let data = JSONSchema.freeObject(create ? "Initial values." : "Keys to set; null removes a key.")
        let agent = Schemas.id(nullable: true)
        let chat = Schemas.text("The chat's phone number for WhatsApp and Interakt sessions.", nullable: true)
        let flow = stepNameSchema("login, menu, assign or replace.")
        guard create else {
            return JSONSchema.object(["agent_id": agent, "chat_id": chat, "flow": flow, "data": data])
        }
        return JSONSchema.object(
            [
                "agent_id": agent, "channel": JSONSchema.string(values: Session.Channel.allCases.map(\.rawValue)),
                "chat_id": chat, "flow": flow, "state": stepNameSchema("The step to start at."), "data": data,
            ])
    }
}

/// The fields of `PUT /sessions/{session_id}`; nil leaves a field as it is.
struct SessionChanges: Sendable {
    var agentID: Int64??
    var chatID: String??
    var data: [String: JSONValue]?
    var flow: String?

    init(_ body: inout RequestBody) throws {
        if body.contains("agent_id") {
            agentID = .some(try body.integer("agent_id", in: InputLimits.id, nullable: true))
        }
        if body.contains("chat_id") {
            chatID = .some(try body.validated("chat_id", nullable: true, SessionRoutes.chatID))
        }
        data = try body.object("data")
        flow = try body.validated("flow", SessionRoutes.stepName)
    }
}

/// Base64 images sent in JSON bodies.
enum ImageInput {
    static func decode(_ text: String, field: String) throws -> ImageData {
        var payload = Substring(text)
        if payload.hasPrefix("data:"), let comma = payload.firstIndex(of: ",") {
            payload = payload[payload.index(after: comma)...]
        }
        guard let data = Data(base64Encoded: String(payload), options: .ignoreUnknownCharacters) else {
            throw RequestBody.invalid(field, "is not valid base64")
        }
        do {
            return try ImageData(Array(data))
        } catch .notAnImage {
            throw RequestBody.invalid(field, "must be a JPEG or PNG image")
        } catch .tooLarge(let size) {
            throw RequestBody.invalid(field, "the image is \(size / 1024) KB; the limit is 5 MB")
        } catch {
            throw RequestBody.invalid(field, "is empty")
        }
    }
}
