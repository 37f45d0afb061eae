import Foundation

/// One conversation of one agent on one channel: where it stands and what it has
/// collected. All of it lives in the database, so a restart resumes at the same step.
struct Session: Sendable, Equatable {
    var id: String
    var agentID: Int64?
    var channel: Channel
    var chatID: String?
    var flow: String
    var state: String
    var data: [String: JSONValue]
    var providerRequestID: String?
    var providerSessionID: String?
    var status: Status
    var authenticatedAt: Int64?
    var createdAt: Int64
    var updatedAt: Int64
    var lastActivityAt: Int64
    var completedAt: Int64?
    var expiredAt: Int64?

    enum Channel: String, Sendable, CaseIterable {
        case api, whatsapp, interakt
    }

    enum Status: String, Sendable, CaseIterable {
        case open, completed, expired, cancelled
    }
}

extension Session {
    /// A new open session, with no data yet.
    init(id: String, channel: Channel, chatID: String?, flow: String, state: String, now: Int64) {
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
