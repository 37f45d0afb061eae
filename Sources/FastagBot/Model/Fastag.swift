/// A physical FASTag, identified by its barcode (tag number).
struct Fastag: Sendable, Equatable {
    var id: Int64
    var tagNumber: String
    var serialNumber: String?
    var agentID: Int64?
    var vehicleID: Int64?
    var customerName: String?
    var customerMobile: String?
    var plan: String?
    /// The vehicle class it was activated for (`4`…); nil when unknown.
    var vehicleClass: String?
    var status: Status
    var balancePaise: Int64
    var activatedAt: Int64?
    var createdAt: Int64
    var updatedAt: Int64

    enum Status: String, Sendable, CaseIterable {
        case available, active, inactive, replaced
    }
}

/// A movement on a tag: activation, recharge, deactivation, replacement.
struct FastagTransaction: Sendable, Equatable {
    var id: Int64
    var fastagID: Int64
    var kind: Kind
    var amountPaise: Int64
    var balanceAfterPaise: Int64
    var sessionID: String?
    var note: String?
    var createdAt: Int64

    enum Kind: String, Sendable, CaseIterable {
        case activation, recharge, deactivation, replacement
    }
}

/// Tag fields to create or change; nil leaves a field as it is.
struct FastagFields: Sendable {
    var tagNumber: String?
    var serialNumber: String??
    var agentID: Int64??
    var customerName: String??
    var customerMobile: String??
    var plan: String??
    var balancePaise: Int64?

    init(tagNumber: String? = nil) {
        self.tagNumber = tagNumber
    }
}

/// What an activation links a tag to.
struct Activation: Sendable {
    var vehicleID: Int64
    var customerName: String?
    var customerMobile: String?
    var plan: String?
    var amountPaise: Int64
    var sessionID: String?
    /// The class the tag is activated for; nil keeps the tag's.
    var vehicleClass: String?

    init(
        vehicleID: Int64, customerName: String? = nil, customerMobile: String? = nil, plan: String? = nil,
        amountPaise: Int64 = 0, sessionID: String? = nil, vehicleClass: String? = nil
    ) {
        self.vehicleClass = vehicleClass
        self.vehicleID = vehicleID
        self.customerName = customerName
        self.customerMobile = customerMobile
        self.plan = plan
        self.amountPaise = amountPaise
        self.sessionID = sessionID
    }
}
