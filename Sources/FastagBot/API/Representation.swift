/// The JSON the API shows for each stored thing: snake_case keys, money in integer paise,
/// times as ISO-8601 UTC strings.
extension Agent {
    var json: JSONValue {
        var fields: [String: JSONValue] = [
            "id": .int(id), "first_name": .string(firstName), "last_name": .string(lastName), "mobile": .string(mobile),
            "shauryapay_agent_id": shauryapayAgentID.map(JSONValue.string) ?? .null, "status": .string(status.rawValue),
            "wallet_balance_paise": .int(walletBalancePaise), "fastags_left": .int(fastagsLeft),
            "language": .string(language.rawValue),
            "created_at": .string(ISOTime.string(createdAt)), "updated_at": .string(ISOTime.string(updatedAt)),
        ]
        if let activity {
            fields["activations"] = .int(Int64(activity.activations))
            fields["last_seen_at"] = activity.lastSeenAt.map { .string(ISOTime.string($0)) } ?? .null
        }
        return .object(fields)
    }
}

extension Session {
    var json: JSONValue {
        [
            "id": .string(id), "agent_id": agentID.map(JSONValue.int) ?? .null, "channel": .string(channel.rawValue),
            "chat_id": chatID.map(JSONValue.string) ?? .null, "flow": .string(flow), "state": .string(state),
            "status": .string(status.rawValue), "data": .object(data),
            "provider_request_id": providerRequestID.map(JSONValue.string) ?? .null,
            "provider_session_id": providerSessionID.map(JSONValue.string) ?? .null,
            "authenticated_at": .time(authenticatedAt), "created_at": .time(createdAt), "updated_at": .time(updatedAt),
            "last_activity_at": .time(lastActivityAt), "completed_at": .time(completedAt),
            "expired_at": .time(expiredAt),
        ]
    }
}

extension SessionEvent {
    var json: JSONValue {
        ["from_state": fromState.map(JSONValue.string) ?? .null, "to_state": .string(toState), "at": .time(at)]
    }
}

extension Vehicle {
    var json: JSONValue {
        [
            "id": .int(id), "registration_number": .string(registrationNumber), "engine_last5": .optional(engineLast5),
            "chassis_number": .optional(chassisNumber), "maker": .optional(maker), "model": .optional(model),
            "descriptor": .optional(descriptor), "colour": .optional(colour), "vehicle_type": .optional(vehicleType),
            "state_of_registration": .optional(stateOfRegistration), "vehicle_class": .optional(vehicleClass),
            "created_at": .time(createdAt),
            "updated_at": .time(updatedAt),
        ]
    }
}

extension Fastag {
    var json: JSONValue {
        [
            "id": .int(id), "tag_number": .string(tagNumber), "serial_number": .optional(serialNumber),
            "agent_id": agentID.map(JSONValue.int) ?? .null, "vehicle_id": vehicleID.map(JSONValue.int) ?? .null,
            "customer_name": .optional(customerName), "customer_mobile": .optional(customerMobile),
            "plan": .optional(plan), "vehicle_class": .optional(vehicleClass), "status": .string(status.rawValue),
            "balance_paise": .int(balancePaise),
            "activated_at": .time(activatedAt), "created_at": .time(createdAt), "updated_at": .time(updatedAt),
        ]
    }
}

extension FastagTransaction {
    var json: JSONValue {
        [
            "id": .int(id), "fastag_id": .int(fastagID), "kind": .string(kind.rawValue),
            "amount_paise": .int(amountPaise),
            "balance_after_paise": .int(balanceAfterPaise), "session_id": .optional(sessionID), "note": .optional(note),
            "created_at": .time(createdAt),
        ]
    }
}

extension Document {
    var json: JSONValue {
        [
            "id": .int(id), "session_id": .string(sessionID), "vehicle_id": vehicleID.map(JSONValue.int) ?? .null,
            "kind": .string(kind.rawValue), "sha256": .string(sha256), "mime_type": .string(mimeType),
            "size_bytes": .int(Int64(sizeBytes)), "uploaded_to_provider_at": .time(uploadedToProviderAt),
            "created_at": .time(createdAt),
        ]
    }
}

extension Page {
    func json(_ item: (Item) -> JSONValue) -> JSONValue {
        [
            "items": .array(items.map(item)), "total": .int(Int64(total)), "limit": .int(Int64(limit)),
            "offset": .int(Int64(offset)),
        ]
    }
}

extension JSONValue {
    static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
    static func time(_ milliseconds: Int64?) -> JSONValue { milliseconds.map { .string(ISOTime.string($0)) } ?? .null }
}
