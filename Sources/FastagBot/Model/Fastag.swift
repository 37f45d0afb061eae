/// A physical FASTag, identified by its barcode (tag number).
package struct Fastag: Sendable, Equatable {
    package var id: Int64
    package var tagNumber: String
    package var serialNumber: String?
    package var agentID: Int64?
    package var vehicleID: Int64?
    package var customerName: String?
    package var customerMobile: String?
    package var plan: String?
    package var status: Status
    package var balancePaise: Int64
    package var activatedAt: Int64?
    package var createdAt: Int64
    package var updatedAt: Int64

    package enum Status: String, Sendable, CaseIterable {
        case available, active, inactive, replaced
    }
}

/// A movement on a tag: activation, recharge, deactivation, replacement.
package struct FastagTransaction: Sendable, Equatable {
    package var id: Int64
    package var fastagID: Int64
    package var kind: Kind
    package var amountPaise: Int64
    package var balanceAfterPaise: Int64
    package var sessionID: String?
    package var note: String?
    package var createdAt: Int64

    package enum Kind: String, Sendable, CaseIterable {
        case activation, recharge, deactivation, replacement
    }
}

/// Tag fields to create or change; nil leaves a field as it is.
package struct FastagFields: Sendable {
    package var tagNumber: String?
    package var serialNumber: String??
    package var agentID: Int64??
    package var customerName: String??
    package var customerMobile: String??
    package var plan: String??
    package var balancePaise: Int64?

    package init(tagNumber: String? = nil) {
        self.tagNumber = tagNumber
    }
}

/// What an activation links a tag to.
package struct Activation: Sendable {
    package var vehicleID: Int64
    package var customerName: String?
    package var customerMobile: String?
    package var plan: String?
    package var amountPaise: Int64
    package var sessionID: String?

    package init(
        vehicleID: Int64, customerName: String? = nil, customerMobile: String? = nil, plan: String? = nil,
        amountPaise: Int64 = 0, sessionID: String? = nil
    ) {
        self.vehicleID = vehicleID
        self.customerName = customerName
        self.customerMobile = customerMobile
        self.plan = plan
        self.amountPaise = amountPaise
        self.sessionID = sessionID
    }
}
