import FastagBot
import Foundation

/// Interakt webhook bodies (protocols/interakt.md sections 3, 4 and 8).
package enum InteraktPayload {
    package static func customer(_ chat: String) -> JSONValue {
        [
            "id": "00000000-0000-0000-0000-0000000000c1", "channel_phone_number": .string(chat),
            "phone_number": .string(String(chat.suffix(10))), "country_code": "+91",
            "traits": ["name": "Field Agent", "whatsapp_opted_in": true],
        ]
    }

    /// A `message_received` event; `mediaURL` gives the URL a photo is served under.
    package static func message(_ inbound: Inbound, from chat: String, id: String, mediaURL: (String) -> String)
        -> JSONValue
    {
        var message: [String: JSONValue] = [
            "id": .string(id), "chat_message_type": "CustomerMessage", "message_status": "Sent",
            "received_at_utc": "2026-11-25T10:00:00.000000", "delivered_at_utc": nil, "seen_at_utc": nil,
            "is_template_message": false, "media_url": nil, "meta_data": [:],
        ]
        switch inbound {
        case .text(let text):
            message["message_content_type"] = "Text"
            message["message"] = .string(text)
        case .button(let replyID, let title):
            message["message_content_type"] = "InteractiveButtonReply"
            message["message"] = .string(
                "{\"type\": \"button_reply\", \"button_reply\": {\"id\": \(quoted(replyID)), \"title\": \(quoted(title))}}"
            )
        case .list(let replyID, let title, let description):
            message["message_content_type"] = "InteractiveListReply"
            let extra = description.map { ", \"description\": \(quoted($0))" } ?? ""
            message["message"] = .string(
                "{\"type\": \"list_reply\", \"list_reply\": {\"id\": \(quoted(replyID)), \"title\": \(quoted(title))\(extra)}}"
            )
        case .image(let mediaID):
            message["message_content_type"] = "Image"
            message["message"] = ""
            message["media_url"] = .string(mediaURL(mediaID))
        case .document(let mediaID, _, _):
            message["message_content_type"] = "Document"
            message["message"] = ""
            message["media_url"] = .string(mediaURL(mediaID))
        case .other(let kind):
            message["message_content_type"] = .string(kind)
            message["message"] = ""
            if kind != "Location" { message["media_url"] = .string(mediaURL("other-\(kind)")) }
        }
        return [
            "version": "1.0", "timestamp": "2026-11-25T10:00:00.000000", "type": "message_received",
            "data": ["customer": customer(chat), "message": .object(message)],
        ]
    }

    /// A `message_api_*` event about a message we sent, with our callback data echoed.
    package static func status(_ type: String, callbackData: String?, id: String, chat: String, failure: String? = nil)
        -> JSONValue
    {
        var metaData: [String: JSONValue] = [:]
        if let callbackData { metaData["source_data"] = ["callback_data": .string(callbackData)] }
        var message: [String: JSONValue] = [
            "id": .string(id), "chat_message_type": "PublicApiMessage",
            "message_status": .string(String(type.dropFirst("message_api_".count)).capitalized),
            "message_content_type": "Text", "is_template_message": false, "meta_data": .object(metaData),
        ]
        if let failure {
            message["channel_failure_reason"] = .string(failure)
            message["channel_error_code"] = "131026"
        }
        return [
            "version": "1.0", "timestamp": "2026-11-25T10:00:05.000000", "type": .string(type),
            "data": ["customer": customer(chat), "message": .object(message)],
        ]
    }

    private static func quoted(_ text: String) -> String { JSONValue.string(text).jsonText }
}
