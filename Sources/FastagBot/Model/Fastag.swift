/// A physical FASTag, identified by its barcode (tag number).
public struct Fastag: Sendable, Equatable {
    public var id: Int64
    public var tagNumber: String
    public var serialNumber: String?
    public var agentID: Int64?
    public var vehicleID: Int64?
    public var customerName: String?
    public var customerMobile: String?
    public var plan: String?
    public var status: Status
    public var balancePaise: Int64
    public var activatedAt: Int64?
    public var createdAt: Int64
    public var updatedAt: Int64

    public enum Status: String, Sendable, CaseIterable {
        case available, active, inactive, replaced
    }
}

/// A movement on a tag: activation, recharge, deactivation, replacement.
public struct FastagTransaction: Sendable, Equatable {
    public var id: Int64
    public var fastagID: Int64
    public var kind: Kind
    public var amountPaise: Int64
    public var balanceAfterPaise: Int64
    public var sessionID: String?
    public var note: String?
    public var createdAt: Int64

    public enum Kind: String, Sendable, CaseIterable {
        case activation, recharge, deactivation, replacement
    }
}

/// Tag fields to create or change; nil leaves a field as it is.
public struct FastagFields: Sendable {
    public var tagNumber: String?
    public var serialNumber: String??
    public var agentID: Int64??
    public var customerName: String??
    public var customerMobile: String??
    public var plan: String??
    public var balancePaise: Int64?

    public init(tagNumber: String? = nil) {
        self.tagNumber = tagNumber
    }
}

/// What an activation links a tag to.
public struct Activation: Sendable {
    public var vehicleID: Int64
    public var customerName: String?
    public var customerMobile: String?
    public var plan: String?
    public var amountPaise: Int64
    public var sessionID: String?

    public init(
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
