import Foundation
import FoundationNetworking

/// Interakt's Send Message API: `POST …/v1/public/message/` with `Authorization: Basic <key>`
/// (the key is used as shown in the dashboard). Our outbox id travels as `callbackData`, so
/// status webhooks find the message again.
struct InteraktClient: ChannelClient {
    let apiURL: String
    let apiKey: String
    let http: HTTPClient
    let deadline: Duration = .seconds(10)

    func send(_ body: JSONValue, outboxID: Int64) async -> SendOutcome {
        var fields = body.objectValue ?? [:]
        fields["callbackData"] = .string(String(outboxID))
        guard let url = URL(string: apiURL) else { return .failed("INTERAKT_API_URL is not a URL") }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("Basic \(apiKey)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(JSONValue.object(fields).jsonBytes)
        do {
            let (data, response) = try await http.send(request, deadline: deadline)
            let answer = try? JSONValue.parse(data)
            let detail = answer?["message"]?.stringValue ?? ""
            let outcome = SendOutcome.from(
                status: response.statusCode, detail: detail, providerMessageID: answer?["id"]?.stringValue)
            // A 200 with `result: false` (or no id) was not queued.
            if case .sent = outcome, answer?["result"] == .bool(false) || answer?["id"] == nil {
                return .failed("Interakt did not queue the message: \(detail)")
            }
            return outcome
        } catch {
            return .retry(error.description)
        }
    }

    /// Interakt's Template type (protocols/interakt.md section 6): the template at the top
    /// level, no parameters.
    func templateBody(_ template: ChatTemplate, to chatID: String) -> JSONValue {
        [
            "fullPhoneNumber": .string(chatID), "type": "Template",
            "template": ["name": .string(template.name), "languageCode": .string(template.language), "bodyValues": []],
        ]
    }

    /// Interakt's public API (protocols/interakt.md) documents no read receipt or typing
    /// indicator, so nothing is sent.
    func markRead(messageID: String) async -> ReadMarkOutcome { .unsupported }

    /// The media URL of the webhook. Interakt says nothing of the type or size beforehand, so
    /// the download's `Content-Type` and `Content-Length` are judged before its bytes are.
    func download(_ media: ChatMedia) async -> DownloadOutcome {
        guard let url = media.url, let mediaURL = URL(string: url) else { return .failed("no media url") }
        do {
            let (bytes, response) = try await http.send(URLRequest(url: mediaURL), deadline: deadline)
            guard response.statusCode == 200 else {
                return WhatsAppClient.outcome(response.statusCode, "media download")
            }
            let length = response.value(forHTTPHeaderField: "Content-Length").flatMap { Int($0) }
            if let refusal = IncomingMedia.refusal(
                media, mimeType: response.value(forHTTPHeaderField: "Content-Type") ?? media.mimeType, size: length)
            {
                return .refused(refusal)
            }
            return await IncomingMedia.accept(Array(bytes), media)
        } catch {
            return .retry(error.description)
        }
    }
}
