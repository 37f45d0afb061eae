/// Example values shown in `/openapi.json`; a test checks each against its schema.
enum Examples {
    static let agent: JSONValue = [
        "id": 1, "first_name": "Ravi", "last_name": "Kumar", "mobile": "9876543210", "shauryapay_agent_id": "1042",
        "status": "active", "wallet_balance_paise": 125050, "fastags_left": 12,
        "created_at": "2026-11-25T09:30:00.000Z",
        "updated_at": "2026-11-25T09:30:00.000Z",
    ]
    static let agentPage: JSONValue = ["items": [agent], "total": 1, "limit": 50, "offset": 0]
    static let newAgent: JSONValue = [
        "first_name": "Ravi", "last_name": "Kumar", "mobile": "+91 98765 43210", "shauryapay_agent_id": "1042",
        "wallet_balance_paise": 125050, "fastags_left": 12,
    ]
}
