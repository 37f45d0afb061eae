import HTTPServerKit

/// How the step API answers an input the engine could not apply at all. A conflict has the
/// shape of an answer, with the step the session is at in `data.step`, so that a workflow can
/// branch on it.
extension ConversationEngine.EngineError: HTTPResponseError {
    var status: HTTPStatus {
        switch self {
        case .unknownSession: .notFound
        case .otherChannel: .forbidden
        case .wrongStep, .closed: .conflict
        }
    }

    var message: String {
        switch self {
        case .unknownSession(let id):
            "Session \(id) not found"
        case .otherChannel(let id, let channel):
            "Session \(id) belongs to a \(Self.chatName(channel)) chat and is answered there, not through the step API"
        case .wrongStep(_, let current, let flow):
            "This session is at step '\(current.rawValue)' of the \(flow.rawValue) flow; answer that step first"
        case .closed(_, let status, let successor):
            "This session is \(status.rawValue)"
                + (successor.map { "; continue with session \($0)" } ?? "; log in again")
        }
    }

    var response: HTTPResponse {
        let sessionID: String
        var data: [String: JSONValue]
        switch self {
        case .unknownSession, .otherChannel:
            return ErrorResponse.body(status: status, message: message)
        case .wrongStep(let id, let current, let flow):
            sessionID = id
            data = ["step": .string(current.rawValue), "flow": .string(flow.rawValue)]
        case .closed(let id, let status, let successor):
            sessionID = id
            data = ["step": .string(status.rawValue)]
            if let successor { data["next_session_id"] = .string(successor) }
        }
        return .json(
            ["status": "error", "message": .string(message), "session_id": .string(sessionID), "data": .object(data)],
            status: status)
    }

    /// A chat channel as operators know it.
    static func chatName(_ channel: Session.Channel) -> String {
        switch channel {
        case .whatsapp: "WhatsApp"
        case .interakt: "Interakt"
        case .api: "step API"
        }
    }
}
