/// A registered FASTag field agent. Wallet and FASTags-left are the provider's figures as
/// last seen (the sandbox's own books in sandbox mode).
package struct Agent: Sendable, Equatable {
    package var id: Int64
    var firstName: String
    var lastName: String
    package var mobile: String
    var shauryapayAgentID: String?
    package var status: Status
    package var walletBalancePaise: Int64
    package var fastagsLeft: Int64
    var createdAt: Int64
    var updatedAt: Int64
    /// The language the bot speaks to the agent (chosen in a chat, or set by an operator).
    package var language: Language = .english
    /// What the agents' listing adds for the console; nil elsewhere.
    package var activity: Activity?

    package struct Activity: Sendable, Equatable {
        package var activations: Int
        /// The last input of any of the agent's sessions.
        package var lastSeenAt: Int64?
    }

    package enum Status: String, Sendable, CaseIterable {
        case active, inactive
    }

    package var fullName: String { lastName.isEmpty ? firstName : "\(firstName) \(lastName)" }
}

/// The fields of a new agent.
package struct NewAgent: Sendable {
    var firstName: String
    package var lastName: String
    var mobile: String
    package var shauryapayAgentID: String?
    var status: Agent.Status
    package var walletBalancePaise: Int64
    package var fastagsLeft: Int64
    package var language: Language

    package init(
        firstName: String, lastName: String = "", mobile: String, shauryapayAgentID: String? = nil,
        status: Agent.Status = .active, walletBalancePaise: Int64 = 0, fastagsLeft: Int64 = 0,
        language: Language = .english
    ) {
        self.language = language
        self.firstName = firstName
        self.lastName = lastName
        self.mobile = mobile
        self.shauryapayAgentID = shauryapayAgentID
        self.status = status
        self.walletBalancePaise = walletBalancePaise
        self.fastagsLeft = fastagsLeft
    }
}

/// A partial update: nil leaves a field as it is.
package struct AgentChanges: Sendable {
    var firstName: String?
    var lastName: String?
    var mobile: String?
    var shauryapayAgentID: String??
    var status: Agent.Status?
    var walletBalancePaise: Int64?
    package var fastagsLeft: Int64?
    package var language: Language?

    package init() {}
}
