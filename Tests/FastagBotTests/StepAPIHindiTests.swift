import FastagTestKit
import Foundation
import TestKit
import Testing

@testable import FastagBot

/// The step API in Hindi, sandbox mode, in-process: `हिंदी` before the login, then the whole
/// assign flow through `/sessions/{id}/message` with Hindi answers where there are options,
/// every answer in Hindi, and the tag activated in the books. The agent's `language` on the
/// agents API.
@Suite(.onBothBackends) struct StepAPIHindiTests {
    static func hindi(_ english: String) -> String { Hindi.table.translate(english) ?? "(no Hindi for: \(english))" }

    /// The script's message moves with the Hindi the bot must say, and the Hindi title typed
    /// for every option picked.
    static func hindiMoves(_ script: AssignScript) -> [StepMove] {
        zip(script.messageMoves(), script.turns).map { move, turn in
            var move = move
            move.says = turn.says.map(hindi).joined(separator: "\n\n")
            move.options = turn.options.map { Hindi.table.title($0.title) }
            if case .pick(let title, _) = turn.answer, let typed = Hindi.sentences[title] {
                move.body = ["text": .string(typed)]
            }
            return move
        }
    }

    @Test func assignInHindiFromLoginToActivation() async throws {
        try await SandboxBed.run { bed in
            let driver = bed.driver
            let started = try await driver.step(
                "/agents/start", ["mobile_number": .string(SandboxCatalog.demoMobile)], says: Copy.agentOTPSent,
                step: "agent_otp", options: [])
            let first = try #require(started.sessionID)
            try await driver.step(
                "/sessions/\(first)/message", ["text": "हिंदी"],
                says: "ठीक है, अब से मैं हिंदी में जवाब दूँगा। वापस अंग्रेज़ी के लिए English भेजें।\n\n"
                    + "आपके मोबाइल पर OTP भेजा गया है। 4 अंकों का OTP डालें।",
                step: "agent_otp", options: [])
            // A refusal before the login is in Hindi too.
            let wrong = try await driver.send("/sessions/\(first)/message", ["text": "12"])
            #expect(wrong.status == 200 && wrong.body["status"] == "error")
            #expect(wrong.message == "4 अंकों का OTP टाइप करें।\n\nआपके मोबाइल पर OTP भेजा गया है। 4 अंकों का OTP डालें।")
            let otp = try #require(SandboxCatalog.agentOTP(in: bed.server.logs.lines.joined()))
            let menu = try await driver.step(
                "/agents/verify_otp",
                [
                    "mobile_number": .string(SandboxCatalog.demoMobile), "otp": .string(otp),
                    "session_id": .string(first),
                ],
                says: Self.hindi(SandboxCatalog.menu()), step: "menu", options: ["FASTag असाइन करें", "FASTag बदलें"])
            #expect(menu.message.hasPrefix("नमस्ते "))
            let session = try #require(menu.sessionID)

            let script = AssignScript.sandbox()
            let done = try #require(try await driver.run(Self.hindiMoves(script), session: session))
            #expect(done.message.hasPrefix("🎉 बधाई हो! आपका FASTag एक्टिवेट हो गया ✅"))
            try await bed.server.expectActivated(
                script, session: session, agentMobile: SandboxCatalog.demoMobile, walletPaise: 450_000, fastags: 9)

            // The agent keeps Hindi: its JSON says so, and an operator can change it.
            let agents = try await bed.server.fetch("/agents/")["items"]?.arrayValue ?? []
            let agent = try #require(agents.first { $0["mobile"] == .string(SandboxCatalog.demoMobile) })
            #expect(agent["language"] == "hi")
            let changed = try await bed.server.put("/agents/\(agent.id)", ["language": "en"])
            #expect(changed["language"] == "en")
            let refused = try await bed.server.call("PUT", "/agents/\(agent.id)", json: ["language": "fr"])
            #expect(refused.status == 422 || refused.status == 400, "\(refused.text)")
            // The next answer is in English again.
            try await driver.step(
                "/sessions/\(try #require(done.sessionID))/message", ["text": "help"],
                says: SandboxCatalog.menu(wallet: "₹4,500", fastags: 9)
                    + "\n(Reply 1 to assign a new FASTag or 2 to replace one.)",
                step: "menu", options: Copy.menuOptions.titles)
        }
    }
    /// An agent an operator registers in Hindi is asked for the OTP in Hindi as soon as the
    /// step API knows the mobile number.
    @Test func anAgentRegisteredInHindiLogsInInHindi() async throws {
        try await SandboxBed.run { bed in
            let created = try await bed.server.post(
                "/agents/", ["first_name": "Sita", "mobile": "9876500011", "fastags_left": 2, "language": "hi"])
            #expect(created["language"] == "hi")
            let english = try await bed.server.post("/agents/", ["first_name": "Ravi", "mobile": "9876500012"])
            #expect(english["language"] == "en")
            try await bed.driver.step(
                "/agents/start", ["mobile_number": "9876500011"],
                says: "आपके मोबाइल पर OTP भेजा गया है। 4 अंकों का OTP डालें।", step: "agent_otp", options: [])
        }
    }
}
