import Foundation

/// One conversation of one agent on one channel: where it stands and what it has
/// collected. All of it lives in the database, so a restart resumes at the same step.
package struct Session: Sendable, Equatable {
    package var id: String
    package var agentID: Int64?
    package var channel: Channel
    package var chatID: String?
    package var flow: String
    package var state: String
    package var data: [String: JSONValue]
    package var providerRequestID: String?
    package var providerSessionID: String?
    package var status: Status
    package var authenticatedAt: Int64?
    package var createdAt: Int64
    package var updatedAt: Int64
    package var lastActivityAt: Int64
    package var completedAt: Int64?
    package var expiredAt: Int64?

    package enum Channel: String, Sendable, CaseIterable {
        case api, whatsapp, interakt
    }

    package enum Status: String, Sendable, CaseIterable {
        case open, completed, expired, cancelled
    }
}

extension Session {
    /// A new open session, with no data yet.
    package init(id: String, channel: Channel, chatID: String?, flow: String, state: String, now: Int64) {
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
package struct SessionEvent: Sendable, Equatable {
    package var fromState: String?
    package var toState: String
    package var at: Int64
}
