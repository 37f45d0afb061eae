import FastagBot
import TestKit
import Testing

/// A sandbox server with both chat channels pointed at fakes on loopback.
package struct ChatBed: Sendable {
    package let server: TestServer
    package let graph: FakeGraphAPI
    package let interakt: FakeInterakt
    /// Posts the chats' webhooks to the server.
    package let poster: WebhookPoster

    package static func run(
        time: any TimeSource = SystemTime(), _ configure: (inout Settings) -> Void = { _ in },
        _ body: (ChatBed) async throws -> Void
    ) async throws {
        let graph = try FakeGraphAPI()
        let interakt = try FakeInterakt()
        let server: TestServer
        do {
            server = try TestServer(over: .loopback, time: time) { settings in
                settings.useWhatsApp(graph)
                settings.useInterakt(interakt)
                configure(&settings)
            }
        } catch {
            await graph.stop()
            await interakt.stop()
            throw error
        }
        let bed = ChatBed(
            server: server, graph: graph, interakt: interakt, poster: WebhookPoster(baseURL: server.baseURL))
        try await tryFinally {
            try await body(bed)
        } finally: {
            await bed.stop()
        }
        #expect(graph.problems == [], "Graph API contract")
        #expect(interakt.problems == [], "Interakt contract")
    }

    package func stop() async {
        await server.stop()
        poster.client.invalidate()
        await graph.stop()
        await interakt.stop()
    }

    package func whatsApp(_ chat: String) -> ChatDriver { ChatDriver(.whatsapp(graph), chat: chat, poster: poster) }
    package func interakt(_ chat: String) -> ChatDriver { ChatDriver(.interakt(interakt), chat: chat, poster: poster) }

    /// The last agent OTP the sandbox wrote to the log.
    package var agentOTP: String? { SandboxCatalog.agentOTP(in: server.logs.lines.joined(separator: "\n")) }
}
