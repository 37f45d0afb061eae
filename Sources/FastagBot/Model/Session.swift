import Foundation

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
}

extension Session {
    /// A new open session, with no data yet.
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
}

/// A recorded change of state.
public struct SessionEvent: Sendable, Equatable {
    public var fromState: String?
    public var toState: String
    public var at: Int64
}
