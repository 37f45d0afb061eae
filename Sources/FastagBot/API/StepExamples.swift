/// Example answers shown in the docs.
enum StepExamples {
    static let otpSent: JSONValue = [
        "status": "success", "message": "OTP sent to your mobile. Please enter the 4-digit OTP.",
        "session_id": "3f1c2a9e-5b7d-4c1e-9a2b-6d8e0f1a2b3c", "options": [],
        "data": ["step": "agent_otp", "flow": "login"],
    ]
    static let menu: JSONValue = [
        "status": "success", "message": "Hi Ravi Kumar 👋,\n💼Your Wallet Balance: ₹5,000, 🏷️ FASTags Left: 10",
        "session_id": "3f1c2a9e-5b7d-4c1e-9a2b-6d8e0f1a2b3c", "options": ["Assign a FASTag", "Replace a FASTag"],
        "data": [
            "step": "menu", "flow": "menu", "agent_name": "Ravi Kumar", "wallet_balance": "₹5,000",
            "wallet_balance_paise": 500000, "fastags_left": 10,
        ],
    ]
    static let engine: JSONValue = [
        "status": "success", "message": "Got it ✅Share the last 5 digits of engine no.",
        "session_id": "3f1c2a9e-5b7d-4c1e-9a2b-6d8e0f1a2b3c", "options": [],
        "data": [
            "step": "engine_number", "flow": "assign", "agent_name": "Ravi Kumar", "wallet_balance": "₹5,000",
            "wallet_balance_paise": 500000, "fastags_left": 10,
        ],
    ]
}
