import SQLite

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

    init(row: Row) throws {
        id = try row.get("id")
        tagNumber = try row.get("tag_number")
        serialNumber = try row.get("serial_number")
        agentID = try row.get("agent_id")
        vehicleID = try row.get("vehicle_id")
        customerName = try row.get("customer_name")
        customerMobile = try row.get("customer_mobile")
        plan = try row.get("plan")
        status = Status(rawValue: try row.get("status")) ?? .inactive
        balancePaise = try row.get("balance_paise")
        activatedAt = try row.get("activated_at")
        createdAt = try row.get("created_at")
        updatedAt = try row.get("updated_at")
    }

    static let columns = """
        id, tag_number, serial_number, agent_id, vehicle_id, customer_name, customer_mobile, plan, status,
        balance_paise, activated_at, created_at, updated_at
        """
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

    init(row: Row) throws {
        id = try row.get("id")
        fastagID = try row.get("fastag_id")
        kind = Kind(rawValue: try row.get("kind")) ?? .recharge
        amountPaise = try row.get("amount_paise")
        balanceAfterPaise = try row.get("balance_after_paise")
        sessionID = try row.get("session_id")
        note = try row.get("note")
        createdAt = try row.get("created_at")
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
