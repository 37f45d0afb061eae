import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// The console in a real browser: headless Chromium, driven by `scripts/console-browser.py`
/// (the DevTools protocol over a pipe, Python's standard library only), signs in, visits
/// every page, opens the session this test drove and chats with the sandbox. Screenshots of
/// each step stay in `.build/test-artifacts/console/`. Without Chromium this fails rather than
/// skips: .ci/run installs it.
///
/// The funnel and "back to menu" come with the console API (`/stats/funnel`,
/// `POST /sessions/{id}/menu`): the test reads /openapi.json and asks the browser to check
/// them only when the server has them, so it passes before that API is merged and checks
/// them after.
@Suite struct ConsoleBrowserTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let script = root.appendingPathComponent("scripts/console-browser.py")
    static let artifacts = root.appendingPathComponent(".build/test-artifacts/console")

    @Test func anOperatorSignsInSeesTheFunnelOpensASessionAndSendsItToTheMenu() async throws {
        try await withServer(over: .loopback, keepingSeed: true) { server in
            // The flow this test drives: the demo agent starts an assignment.
            let console = try await ConsoleClient.signIn(server)
            let menu = try await console.send("POST", "/console/try").value()
            let session = try #require(menu["session_id"]?.stringValue)
            let assign = try #require(
                menu["messages"]?.arrayValue?.last?["interactive"]?["action"]?["buttons"]?.arrayValue?.first?["reply"]?[
                    "id"]?.stringValue)
            let asked = try await console.send(
                "POST", "/console/try/\(session)/message", json: ["option_id": .string(assign)])
            let firstStep = try #require(try asked.value()["step"]?.stringValue)

            let paths = try await server.spec()["paths"]?.objectValue ?? [:]
            let stats = paths["/stats/funnel"] != nil
            let toMenu = paths["/sessions/{session_id}/menu"] != nil
            try? FileManager.default.removeItem(at: Self.artifacts)
            var arguments = [
                Self.script.path, "--url", server.baseURL, "--token", server.app.adminToken, "--session", session,
                "--out", Self.artifacts.path,
            ]
            if stats { arguments.append("--stats") }
            if toMenu { arguments.append("--menu") }
            let browser = try ChildProcess("/usr/bin/env", ["python3"] + arguments)
            // Generous: Chromium's first start on a busy machine; the result does not depend on it.
            let status = await browser.waitForExit(within: .seconds(600))
            let output = browser.output
            guard status == 0 else {
                Issue.record(
                    status == 2
                        ? "Chromium is not installed (apt-get install -y chromium; .ci/run does it):\n\(output)"
                        : "the browser run failed (exit \(status.map(String.init) ?? "none")):\n\(output)")
                return
            }
            let steps = output.split(separator: "\n").filter { $0.hasPrefix("STEP ") }.map { String($0.dropFirst(5)) }
            let names = steps.map { String($0.split(separator: " ", maxSplits: 1)[0]) }
            var expected = ["sign-in", "overview", "funnel", "sessions", "session", "agents", "try", "try-tapped"]
            if toMenu { expected.insert("session-menu", at: 5) }
            #expect(names == expected + ["phone-sessions", "signed-out"], "\(output)")
            #expect(steps.contains("sessions listed"), "the driven session is in the list: \(output)")
            #expect(steps.contains { $0.hasPrefix("session ") && $0.contains(firstStep) }, "\(output)")
            if stats {
                let funnel = steps.first { $0.hasPrefix("funnel ") } ?? ""
                #expect(funnel.contains("started") && funnel.contains(firstStep), "the assignment driven: \(funnel)")
            }
            if toMenu {
                #expect(try await server.fetch("/sessions/\(session)")["state"] == "menu")
            }
            let shots = try FileManager.default.contentsOfDirectory(atPath: Self.artifacts.path)
            #expect(shots.filter { $0.hasSuffix(".png") }.count == names.count, "\(shots)")
        }
    }
}
