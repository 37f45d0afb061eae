@testable import FastagBot

extension Agent {
    /// An agent as the `agents` table would hold it.
    static func engineTest(
        id: Int64, firstName: String, lastName: String = "", mobile: String, status: Status = .active,
        walletPaise: Int64 = 100_000, fastagsLeft: Int64 = 5
    ) -> Agent {
        Agent(
            id: id, firstName: firstName, lastName: lastName, mobile: mobile, shauryapayAgentID: "SP-\(id)",
            status: status, walletBalancePaise: walletPaise, fastagsLeft: fastagsLeft, createdAt: 0, updatedAt: 0)
    }
}
