import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// The console's page and assets: served by the binary, with a strict Content-Security-Policy,
/// never framed, with no inline script or style and nothing fetched from elsewhere.
@Suite struct ConsolePagesTests {
    @Test func thePageAndEveryAssetAreServedWithAStrictPolicy() async throws {
        try await withServer { server in
            let page = try await server.call("GET", "/console", credentials: .none)
            #expect(page.status == 200)
            #expect(page.header("Content-Type") == "text/html; charset=utf-8")
            let html = page.text
            let sources = html.matches(of: /src="([^"]+)"|href="(\/[^"]+)"/).map {
                String($0.output.1 ?? $0.output.2 ?? "")
            }
            #expect(sources.count == 8, "\(sources)")
            #expect(!html.contains("<script>") && !html.contains("style=") && !html.contains("http://"))
            for reply in [page] + (try await sources.asyncMap { try await server.call("GET", $0, credentials: .none) })
            {
                #expect(reply.status == 200)
                let policy = reply.header("Content-Security-Policy") ?? ""
                #expect(policy.contains("default-src 'self'") && policy.contains("script-src 'self'"), "\(policy)")
                #expect(!policy.contains("unsafe"), "\(policy)")
                #expect(reply.header("X-Frame-Options") == "DENY")
                #expect(reply.header("X-Content-Type-Options") == "nosniff")
            }
            for source in sources where source.hasSuffix(".js") {
                // (The SVG namespace is a name, not an address anything is fetched from.)
                let script = try await server.get(source).text.replacing("http://www.w3.org/2000/svg", with: "")
                // Text only ever goes in as text: no HTML parsing of what the API returns.
                #expect(!script.contains("innerHTML") && !script.contains("eval("), "\(source)")
                #expect(
                    !script.contains("http://") && !script.contains("https://"),
                    "\(source) loads nothing from elsewhere")
            }
            expectError(try await server.call("GET", "/console/assets/nothing.js", credentials: .none), 404)
        }
    }
}

/// "Try the bot": the demo agent, logged in, answered in WhatsApp's shapes.
@Suite(.onBothBackends) struct ConsoleTryTests {
    @Test func theChatOpensAtTheMenuAndTapsAndTextsAnswerIt() async throws {
        try await withServer(keepingSeed: true) { server in
            let console = try await ConsoleClient.signIn(server)
            expectError(try await console.send("POST", "/console/try", csrf: .some(nil)), 403)
            let opened = try await console.send("POST", "/console/try")
            #expect(opened.status == 201, "\(opened.text)")
            let menu = try opened.value()
            #expect(menu["step"] == "menu")
            #expect(menu["data"]?["agent_name"] == "Demo Agent")
            let first = try #require(menu["messages"]?.arrayValue?.last)
            #expect(first["type"] == "interactive")
            let buttons = try #require(first["interactive"]?["action"]?["buttons"]?.arrayValue)
            #expect((1...3).contains(buttons.count))
            let id = try #require(menu["session_id"]?.stringValue)
            #expect(try await server.fetch("/sessions/\(id)")["channel"] == "api")

            // A tapped button, by the id WhatsApp would send.
            let assign = try #require(buttons.first?["reply"]?["id"]?.stringValue)
            let asked = try await console.send(
                "POST", "/console/try/\(id)/message", json: ["option_id": .string(assign)])
            #expect(asked.status == 200, "\(asked.text)")
            #expect(try asked.value()["flow"] == "assign")
            // A photo from the picker (base64, as a data: URL) where a vehicle number is asked:
            // answered, refused, the question asked again.
            let photo =
                "data:image/jpeg;base64," + Data(ImageFixtures.jpeg(bytes: 20_000, seed: 7)).base64EncodedString()
            let refused = try await console.send(
                "POST", "/console/try/\(id)/message", json: ["image_base64": .string(photo)])
            #expect(refused.status == 200, "\(refused.text)")
            #expect(try refused.value()["refused"] == true)
            #expect(try refused.value()["step"] == asked.value()["step"])
            // Words work as in any chat: back to the menu.
            let back = try await console.send("POST", "/console/try/\(id)/message", json: ["text": "menu"])
            #expect(try back.value()["step"] == "menu")
            expectError(try await console.send("POST", "/console/try/\(id)/message", json: [:]), 422)

            // A new chat closes the old one.
            let again = try await console.send("POST", "/console/try")
            #expect(try again.value()["session_id"]?.stringValue != id)
            #expect(try await server.fetch("/sessions/\(id)")["status"] == "cancelled")
            let closed = try await console.send("POST", "/console/try/\(id)/message", json: ["text": "menu"])
            #expect(closed.status == 409)
            #expect(try closed.value()["data"]?["step"] == "cancelled")
        }
    }

    @Test func liveModeHasNoDemoAgentToTry() async throws {
        try await withServer({ settings in
            settings.shauryapayMode = .live
            settings.shauryapayBaseURL = "https://shauryapay.example/"
        }) { server in
            let console = try await ConsoleClient.signIn(server)
            expectError(try await console.send("POST", "/console/try"), 404)
        }
    }
}

extension Sequence {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var values: [T] = []
        for element in self { values.append(try await transform(element)) }
        return values
    }
}
