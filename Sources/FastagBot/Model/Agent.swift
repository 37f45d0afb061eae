/// A registered FASTag field agent. Wallet and FASTags-left are the provider's figures as
/// last seen (the sandbox's own books in sandbox mode).
public struct Agent: Sendable, Equatable {
    public var id: Int64
    public var firstName: String
    public var lastName: String
    public var mobile: String
    public var shauryapayAgentID: String?
    public var status: Status
    public var walletBalancePaise: Int64
    public var fastagsLeft: Int64
    public var createdAt: Int64
    public var updatedAt: Int64

    public enum Status: String, Sendable, CaseIterable {
        case active, inactive
    }

    public var fullName: String { lastName.isEmpty ? firstName : "\(firstName) \(lastName)" }
}

/// The fields of a new agent.
public struct NewAgent: Sendable {
    public var firstName: String
    public var lastName: String
    public var mobile: String
    public var shauryapayAgentID: String?
    public var status: Agent.Status
    public var walletBalancePaise: Int64
    public var fastagsLeft: Int64

    public init(
        firstName: String, lastName: String = "", mobile: String, shauryapayAgentID: String? = nil,
        status: Agent.Status = .active, walletBalancePaise: Int64 = 0, fastagsLeft: Int64 = 0
    ) {
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
public struct AgentChanges: Sendable {
    public var firstName: String?
    public var lastName: String?
    public var mobile: String?
    public var shauryapayAgentID: String??
    public var status: Agent.Status?
    public var walletBalancePaise: Int64?
    public var fastagsLeft: Int64?

    public init() {}
}
