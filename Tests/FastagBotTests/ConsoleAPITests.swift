import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// The console's session timeline and actions over a real WhatsApp chat (the fake Graph
/// API on loopback): personal data never in the timeline, a failed reply sent again to the
/// Graph API, a session sent back to the menu and cancelled; agents deactivated and back.
@Suite(.onBothBackends) struct ConsoleAPITests {
    static let agentChat = "919876543210"

    @Test func timelineMasksWhatTheCustomerGaveAndAFailedReplyIsSentAgain() async throws {
        try await ChatBed.run { bed in
            let chat = bed.whatsApp(Self.agentChat)
            try await chat.say(.text("Hi"), [.text(Copy.askAgentMobile)])
            try await chat.say(.text("98765 43210"), [.text(Copy.agentOTPSent)])
            let otp = try #require(bed.agentOTP, "no agent OTP in the log")
            try await chat.say(.text(otp), Outgoing.demoMenu())
            let script = AssignScript.sandbox()
            _ = try await chat.walk(script, until: "plan") { "photo-\($0)" }
            #expect(try await bed.server.waitUntilChatsSettle())
            let session = try #require(try await bed.server.fetch("/sessions/?status=open")["items"]?.arrayValue?.first)
            let id = try #require(session["id"]?.stringValue)

            let timeline = try await bed.server.fetch("/sessions/\(id)/timeline")
            #expect(timeline["session"]?["id"] == .string(id))
            let entries = timeline["entries"]?.arrayValue ?? []
            let text = timeline.jsonText
            for secret in [script.mobile, script.idNumber, otp, script.customerOTP, "98765 43210", script.lastName] {
                #expect(!text.contains(secret), "\(secret) in the timeline")
            }
            #expect(!text.contains(script.firstName), "the customer's name")
            #expect(timeline["session"]?["data"]?["user_mobile"] == "***")
            let kinds = Set(entries.compactMap { $0["kind"]?.stringValue })
            #expect(kinds == ["state", "input", "reply", "delivery", "provider_call"], "\(kinds)")
            #expect(
                entries.contains {
                    $0["kind"] == "input" && $0["step"] == "user_mobile" && $0["text"] == "[hidden: user_mobile]"
                })
            #expect(
                entries.contains {
                    $0["kind"] == "provider_call" && $0["step"] == "sendCustomerOTP" && $0["outcome"] == "ok"
                })
            #expect(entries.contains { $0["kind"] == "state" && $0["step"] == "plan" })
            let times = entries.compactMap { $0["at"]?.stringValue }
            #expect(times == times.sorted() && times.count == entries.count)

            // A reply WhatsApp reports undeliverable (131026) after sending; the console sends it again.
            try await chat.send(.text("help"))
            #expect(try await bed.server.waitUntilChatsSettle())
            let sent = try #require(try await bed.server.app.storage.outboxRows(chat: Self.agentChat).last)
            let messageID = try #require(sent.providerMessageID)
            let report = try await chat.poster.whatsApp(
                WhatsAppPayload.notification(statuses: [
                    WhatsAppPayload.status(
                        messageID, "failed", recipient: Self.agentChat, error: (131026, "Message undeliverable"))
                ]))
            #expect(report.status == 200, "\(report.text)")
            let reply = try #require(try await bed.server.app.storage.outboxRow(sent.id))
            try #require(reply.status == "failed" && reply.errorCode == 131026, "\(reply)")
            let sendsBefore = bed.graph.calls(to: Self.agentChat)
            let refusedBody = try #require(sendsBefore.last?.body)
            let overview = try await bed.server.fetch("/stats/overview?days=1")
            #expect(overview["reply_failures_by_code"] == [["code": "131026", "count": 1]], "\(overview)")
            let failedAt = try await bed.server.fetch("/sessions/\(id)/timeline")["entries"]?.arrayValue ?? []
            #expect(
                failedAt.contains {
                    $0["kind"] == "delivery" && $0["outcome"] == "failed" && $0["reply_id"] == .int(reply.id)
                        && $0["error_code"] == "131026"
                })

            let stuck = try await bed.server.fetch("/sessions/?stuck=true")
            #expect(stuck["items"]?.arrayValue?.map { $0["id"] } == [.string(id)], "\(stuck)")

            try await bed.server.json(200, "POST", "/replies/\(reply.id)/resend")
            let resent = try await eventually {
                try await bed.server.app.storage.outboxRows(chat: Self.agentChat).last?.status == "sent"
            }
            #expect(resent)
            let sends = bed.graph.calls(to: Self.agentChat)
            #expect(
                sends.count == sendsBefore.count + 1 && sends.last?.body == refusedBody && sends.last?.status == 200)
            try await bed.server.json(409, "POST", "/replies/\(reply.id)/resend")
            try await bed.server.json(404, "POST", "/replies/999999/resend")

            // Found by the agent's mobile (in any form), the vehicle, the channel; no longer
            // stuck once its reply went.
            for query in [
                "agent_mobile=98765%2043210", "vehicle_number=mh12ab1235", "channel=whatsapp",
                "agent_mobile=9876543210&vehicle_number=MH12AB1235&channel=whatsapp&status=open",
            ] {
                let found = try await bed.server.fetch("/sessions/?\(query)")
                #expect(found["items"]?.arrayValue?.map { $0["id"] } == [.string(id)], "\(query): \(found)")
            }
            for query in [
                "agent_mobile=9123456780", "vehicle_number=MH12AB1236", "channel=interakt", "stuck=true",
            ] {
                #expect(try await bed.server.fetch("/sessions/?\(query)")["total"] == 0, "\(query)")
            }
            for query in ["agent_mobile=12", "vehicle_number=x", "channel=sms", "stuck=maybe"] {
                try await bed.server.json(422, "GET", "/sessions/?\(query)")
            }

            // Back to the menu, the login kept; then cancelled; a closed session takes neither.
            let menu = try await bed.server.json(200, "POST", "/sessions/\(id)/menu")
            #expect(menu["flow"] == "menu" && menu["state"] == "menu" && menu["status"] == "open")
            #expect(menu["agent_id"] == session["agent_id"] && menu["authenticated_at"] == session["authenticated_at"])
            // Taken out of the assign at its plan: left there, not completed.
            let funnel = try await bed.server.fetch("/stats/funnel?flow=assign")
            let plan = funnel["steps"]?.arrayValue?.first { $0["step"] == "plan" }
            #expect(funnel["started"] == 1 && funnel["completed"] == 0, "\(funnel)")
            #expect(plan?["reached"] == 1 && plan?["left"] == 1, "\(funnel)")
            let cancelled = try await bed.server.json(200, "POST", "/sessions/\(id)/cancel")
            #expect(cancelled["status"] == "cancelled")
            try await bed.server.json(409, "POST", "/sessions/\(id)/cancel")
            try await bed.server.json(409, "POST", "/sessions/\(id)/menu")
        }
    }

    @Test func agentsAreDeactivatedAndReactivated() async throws {
        try await withServer { server in
            let agent = try await server.agent()
            let inactive = try await server.json(200, "POST", "/agents/\(agent.id)/deactivate")
            #expect(inactive["status"] == "inactive" && inactive["id"] == agent["id"])
            #expect(try await server.fetch("/agents/\(agent.id)")["status"] == "inactive")
            let active = try await server.json(200, "POST", "/agents/\(agent.id)/reactivate")
            #expect(active["status"] == "active")
            try await server.json(404, "POST", "/agents/999999/deactivate")
            let unknown = "3f1c2a9e-5b7d-4c1e-9a2b-6d8e0f1a2b3c"
            try await server.json(404, "GET", "/sessions/\(unknown)/timeline")
            try await server.json(404, "POST", "/sessions/\(unknown)/menu")
            for path in ["/agents/\(agent.id)/deactivate", "/sessions/\(unknown)/cancel", "/replies/1/resend"] {
                #expect(try await server.call("POST", path, credentials: .none).status == 401, "\(path)")
            }
            #expect(try await server.call("GET", "/sessions/\(unknown)/timeline", credentials: .none).status == 401)
        }
    }
}
