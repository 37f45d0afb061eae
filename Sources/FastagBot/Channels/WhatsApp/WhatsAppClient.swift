import Foundation
import FoundationNetworking

/// The Graph API: `POST {api}/{phone-number-id}/messages` with the bearer token, and media
/// downloads (`GET {api}/{media-id}`, then the returned URL, with the same token).
struct WhatsAppClient: ChannelClient {
    let apiURL: String
    let accessToken: String
    let phoneNumberID: String
    let http: HTTPClient
    let deadline: Duration = .seconds(10)

    static let noURL = "WHATSAPP_API_URL and WHATSAPP_PHONE_NUMBER_ID make no URL"

    /// `POST {api}/{phone-number-id}/messages` with `body`: replies and read marks alike.
    private func messagesRequest(_ body: JSONValue) -> URLRequest? {
        guard let url = URL(string: "\(apiURL)/\(phoneNumberID)/messages") else { return nil }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("Bearer \(accessToken)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body.jsonBytes)
        return request
    }

    func send(_ body: JSONValue, outboxID: Int64) async -> SendOutcome {
        guard let request = messagesRequest(body) else { return .failed(Self.noURL) }
        do {
            let (data, response) = try await http.send(request, deadline: deadline)
            let answer = try? JSONValue.parse(data)
            // Throughput and pair-rate limits come with a 4xx status; they pass with time, each
            // at its own scale (protocols/whatsapp-cloud-api.md sections 8 and 11).
            if let code = answer?["error"]?["code"]?.intValue {
                switch code {
                case 130429, 4, 80007: return .throttled("Graph error \(code)")
                case 131056: return .pairLimited("Graph error \(code)")
                case 131047: return .windowClosed("Graph error \(code)")
                default: break
                }
            }
            let detail = answer?["error"]?["message"]?.stringValue ?? ""
            return SendOutcome.from(
                status: response.statusCode, detail: detail,
                providerMessageID: answer?["messages"]?.arrayValue?.first?["id"]?.stringValue)
        } catch {
            return .retry(error.description)
        }
    }

    /// `{"messaging_product":"whatsapp","type":"template","template":{"name":…,"language":{"code":…}}}`
    /// (protocols/whatsapp-cloud-api.md section 11), without parameters.
    func templateBody(_ template: ChatTemplate, to chatID: String) -> JSONValue {
        [
            "messaging_product": "whatsapp", "recipient_type": "individual", "to": .string(chatID),
            "type": "template",
            "template": ["name": .string(template.name), "language": ["code": .string(template.language)]],
        ]
    }

    /// `{"messaging_product":"whatsapp","status":"read","message_id":…,"typing_indicator":{"type":"text"}}`
    /// to the messages endpoint (protocols/whatsapp-cloud-api.md 5.5 and 11): the message shows
    /// read and the agent sees the bot typing until its reply is sent (or for about 25 s).
    func markRead(messageID: String) async -> ReadMarkOutcome {
        let body: JSONValue = [
            "messaging_product": "whatsapp", "status": "read", "message_id": .string(messageID),
            "typing_indicator": ["type": "text"],
        ]
        guard let request = messagesRequest(body) else { return .failed(Self.noURL) }
        do {
            let (data, response) = try await http.send(request, deadline: .seconds(5))
            guard (200..<300).contains(response.statusCode) else {
                let code = (try? JSONValue.parse(data))?["error"]?["code"]?.intValue.map { " Graph error \($0)" }
                return .failed("HTTP \(response.statusCode)\(code ?? "")")
            }
            return .marked
        } catch {
            return .failed(error.description)
        }
    }

    /// The media lookup, then its URL. Each call looks the media up again: the URL it returns
    /// lives about 5 minutes (section 6), so a retry never reuses an old one. The lookup's
    /// `mime_type` and `file_size` are judged before the bytes are fetched.
    func download(_ media: ChatMedia) async -> DownloadOutcome {
        // One path segment of plain characters (Meta's ids are digits): a slash or an escape
        // would reach another Graph API path with our token.
        guard let mediaID = media.mediaID, !mediaID.isEmpty, mediaID.utf8.allSatisfy(Self.isIDByte),
            let url = URL(string: "\(apiURL)/\(mediaID)")
        else { return .failed("no usable media id") }
        var lookup = URLRequest(url: url)
        lookup.setValue("Bearer \(accessToken)", forHTTPHeaderField: "Authorization")
        do {
            let (data, response) = try await http.send(lookup, deadline: deadline)
            guard response.statusCode == 200 else { return Self.outcome(response.statusCode, "media lookup") }
            let answer = try? JSONValue.parse(data)
            guard let link = answer?["url"]?.stringValue, let mediaURL = URL(string: link) else {
                return .failed("media lookup without a url")
            }
            let size = answer?["file_size"]?.intValue ?? answer?["file_size"]?.stringValue.flatMap { Int64($0) }
            if let refusal = IncomingMedia.refusal(
                media, mimeType: answer?["mime_type"]?.stringValue ?? media.mimeType, size: size.map { Int($0) })
            {
                return .refused(refusal)
            }
            var fetch = URLRequest(url: mediaURL)
            fetch.setValue("Bearer \(accessToken)", forHTTPHeaderField: "Authorization")
            let (bytes, answered) = try await http.send(fetch, deadline: deadline)
            guard answered.statusCode == 200 else { return Self.outcome(answered.statusCode, "media download") }
            return await IncomingMedia.accept(Array(bytes), media)
        } catch {
            return .retry(error.description)
        }
    }

    private static func isIDByte(_ byte: UInt8) -> Bool {
        (byte &- 0x30 < 10) || (byte | 0x20) &- 0x61 < 26 || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    static func outcome(_ status: Int, _ what: String) -> DownloadOutcome {
        status == 429 || status >= 500 ? .retry("\(what): HTTP \(status)") : .failed("\(what): HTTP \(status)")
    }
}
