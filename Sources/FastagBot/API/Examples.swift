/// Example values shown in `/openapi.json`; a test checks each against its schema.
enum Examples {
    static let agent: JSONValue = [
        "id": 1, "first_name": "Ravi", "last_name": "Kumar", "mobile": "9876543210", "shauryapay_agent_id": "1042",
        "status": "active", "wallet_balance_paise": 125050, "fastags_left": 12, "language": "en",
        "created_at": "2026-11-25T09:30:00.000Z",
        "updated_at": "2026-11-25T09:30:00.000Z",
    ]

    static func page(_ item: JSONValue) -> JSONValue {
        ["items": [item], "total": 1, "limit": 50, "offset": 0]
    }

    static let vehicle: JSONValue = [
        "id": 7, "registration_number": "MH12AB1234", "engine_last5": "K4321", "chassis_number": "MA3EWDE1S00123456",
        "maker": "MARUTI", "model": "SWIFT", "descriptor": "Petrol", "colour": "WHITE", "vehicle_type": "Motor Car",
        "state_of_registration": "MH", "vehicle_class": "4", "created_at": "2026-11-25T09:30:00.000Z",
        "updated_at": "2026-11-25T09:30:00.000Z",
    ]
    static let newVehicle: JSONValue = [
        "registration_number": "mh 12 ab 1234", "engine_last5": "K4321", "maker": "MARUTI", "model": "SWIFT",
        "descriptor": "Petrol",
    ]
    static let newAgent: JSONValue = [
        "first_name": "Ravi", "last_name": "Kumar", "mobile": "+91 98765 43210", "shauryapay_agent_id": "1042",
        "wallet_balance_paise": 125050, "fastags_left": 12,
    ]

    static let session: JSONValue = [
        "id": "3f1c2a9e-5b7d-4c1e-9a2b-6d8e0f1a2b3c", "agent_id": 1, "channel": "api", "chat_id": nil, "flow": "assign",
        "state": "plan", "status": "open", "data": ["vehicle_number": "MH12AB1234", "engine_number": "K4321"],
        "provider_request_id": "REQ123", "provider_session_id": "SES456",
        "authenticated_at": "2026-11-25T09:30:00.000Z",
        "created_at": "2026-11-25T09:30:00.000Z", "updated_at": "2026-11-25T09:34:12.000Z",
        "last_activity_at": "2026-11-25T09:34:12.000Z", "completed_at": nil, "expired_at": nil,
    ]
    static let document: JSONValue = [
        "id": 3, "session_id": "3f1c2a9e-5b7d-4c1e-9a2b-6d8e0f1a2b3c", "vehicle_id": nil, "kind": "rc_front",
        "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "mime_type": "image/jpeg",
        "size_bytes": 153600, "uploaded_to_provider_at": nil, "created_at": "2026-11-25T09:40:00.000Z",
    ]
    static let fastag: JSONValue = [
        "id": 12, "tag_number": "608268-001-0012345", "serial_number": "34161FA8203286140200A1B2", "agent_id": 1,
        "vehicle_id": 7, "customer_name": "Asha Patil", "customer_mobile": "9123456780", "plan": "500 Plan",
        "vehicle_class": "4", "status": "active", "balance_paise": 20000, "activated_at": "2026-11-25T09:45:00.000Z",
        "created_at": "2026-11-20T08:00:00.000Z", "updated_at": "2026-11-25T09:45:00.000Z",
    ]
    static let transaction: JSONValue = [
        "id": 40, "fastag_id": 12, "kind": "recharge", "amount_paise": 50000, "balance_after_paise": 70000,
        "session_id": nil, "note": "counter top-up", "created_at": "2026-11-26T10:00:00.000Z",
    ]
}
