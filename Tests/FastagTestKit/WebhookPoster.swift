import FastagBot
import Foundation
import TestKit

/// Posts webhooks to a bot on a loopback port, signed unless told otherwise.
package struct WebhookPoster: Sendable {
    package let client: LoopbackClient

    package init(client: LoopbackClient) {
        self.client = client
    }

    package init(baseURL: String) {
        self.init(client: LoopbackClient(baseURL: baseURL))
    }

    package func post(_ path: String, body: [UInt8], headers: [String: String]) async throws -> HTTPReply {
        try await client.send(
            "POST", path, headers: headers.merging(["Content-Type": "application/json"]) { mine, _ in mine },
            body: Data(body))
    }

    package func get(_ path: String) async throws -> HTTPReply {
        try await client.send("GET", path)
    }

    /// A WhatsApp notification signed with the app secret.
    package func whatsApp(_ payload: JSONValue) async throws -> HTTPReply {
        let body = Array(payload.jsonText.utf8)
        return try await post(
            "/webhook", body: body,
            headers: ["X-Hub-Signature-256": ChatSecrets.signature(body, secret: ChatSecrets.whatsappAppSecret)])
    }

    /// An Interakt event signed with the webhook secret.
    package func interakt(_ payload: JSONValue, header: String = "Interakt-Signature") async throws -> HTTPReply {
        let body = Array(payload.jsonText.utf8)
        return try await post(
            "/webhook/interakt", body: body,
            headers: [header: ChatSecrets.signature(body, secret: ChatSecrets.interaktWebhookSecret)])
    }
}
