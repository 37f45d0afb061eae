import Foundation
import SQLite

/// One conversation of one agent on one channel: where it stands and what it has
/// collected. All of it lives in the database, so a restart resumes at the same step.
public struct Session: Sendable, Equatable {
    public var id: String
    public var agentID: Int64?
    public var channel: Channel
    public var chatID: String?
    public var flow: String
    public var state: String
    public var data: [String: JSONValue]
    public var providerRequestID: String?
    public var providerSessionID: String?
    public var status: Status
    public var authenticatedAt: Int64?
    public var createdAt: Int64
    public var updatedAt: Int64
    public var lastActivityAt: Int64
    public var completedAt: Int64?
    public var expiredAt: Int64?

    public enum Channel: String, Sendable, CaseIterable {
        case api, whatsapp, interakt
    }

    public enum Status: String, Sendable, CaseIterable {
        case open, completed, expired, cancelled
    }

    public init(id: String, channel: Channel, chatID: String?, flow: String, state: String, now: Int64) {
        self.id = id
        self.channel = channel
        self.chatID = chatID
        self.flow = flow
        self.state = state
        data = [:]
        status = .open
        createdAt = now
        updatedAt = now
        lastActivityAt = now
    }

    init(row: Row) throws {
        id = try row.get("id")
        agentID = try row.get("agent_id")
        channel = Channel(rawValue: try row.get("channel")) ?? .api
        chatID = try row.get("chat_id")
        flow = try row.get("flow")
        state = try row.get("state")
        let text: String = try row.get("data")
        data = (try? JSONValue.parse(Array(text.utf8)).objectValue) ?? [:]
        providerRequestID = try row.get("provider_request_id")
        providerSessionID = try row.get("provider_session_id")
        status = Status(rawValue: try row.get("status")) ?? .open
        authenticatedAt = try row.get("authenticated_at")
        createdAt = try row.get("created_at")
        updatedAt = try row.get("updated_at")
        lastActivityAt = try row.get("last_activity_at")
        completedAt = try row.get("completed_at")
        expiredAt = try row.get("expired_at")
    }

    static let columns = """
        id, agent_id, channel, chat_id, flow, state, data, provider_request_id, provider_session_id, status,
        authenticated_at, created_at, updated_at, last_activity_at, completed_at, expired_at
        """

    var dataText: String { JSONValue.object(data).jsonText }
}

/// A recorded change of state.
public struct SessionEvent: Sendable, Equatable {
    public var fromState: String?
    public var toState: String
    public var at: Int64
}
