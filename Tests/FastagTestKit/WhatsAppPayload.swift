import FastagBot
import Foundation

/// WhatsApp Cloud API webhook bodies (protocols/whatsapp-cloud-api.md sections 2 and 9).
package enum WhatsAppPayload {
    package static func notification(
        messages: [JSONValue] = [], statuses: [JSONValue] = [], contact: String? = nil
    ) -> JSONValue {
        var value: [String: JSONValue] = [
            "messaging_product": "whatsapp",
            "metadata": [
                "display_phone_number": "919800000000", "phone_number_id": .string(FakeGraphAPI.phoneNumberID),
            ],
        ]
        if let contact { value["contacts"] = [["profile": ["name": "Field Agent"], "wa_id": .string(contact)]] }
        if !messages.isEmpty { value["messages"] = .array(messages) }
        if !statuses.isEmpty { value["statuses"] = .array(statuses) }
        return [
            "object": "whatsapp_business_account",
            "entry": [["id": "102290129340398", "changes": [["field": "messages", "value": .object(value)]]]],
        ]
    }

    /// A notification carrying one message.
    package static func message(_ inbound: Inbound, from chat: String, id: String) -> JSONValue {
        notification(messages: [item(inbound, from: chat, id: id)], contact: chat)
    }

    /// One `messages[]` element, sent at `timestamp` (Unix seconds; now by default).
    package static func item(_ inbound: Inbound, from chat: String, id: String, timestamp: Int? = nil) -> JSONValue {
        var message: [String: JSONValue] = [
            "from": .string(chat), "id": .string(id),
            "timestamp": .string(String(timestamp ?? Int(Date().timeIntervalSince1970))),
        ]
        switch inbound {
        case .text(let body):
            message["type"] = "text"
            message["text"] = ["body": .string(body)]
        case .button(let replyID, let title):
            message["type"] = "interactive"
            message["context"] = ["from": "919800000000", "id": "wamid.OUT0"]
            message["interactive"] = [
                "type": "button_reply", "button_reply": ["id": .string(replyID), "title": .string(title)],
            ]
        case .list(let replyID, let title, let description):
            var reply: [String: JSONValue] = ["id": .string(replyID), "title": .string(title)]
            if let description { reply["description"] = .string(description) }
            message["type"] = "interactive"
            message["context"] = ["from": "919800000000", "id": "wamid.OUT0"]
            message["interactive"] = ["type": "list_reply", "list_reply": .object(reply)]
        case .image(let mediaID):
            message["type"] = "image"
            message["image"] = [
                "id": .string(mediaID), "mime_type": "image/jpeg",
                "sha256": "Jm1VXBH0sGbyT2XN1XLGrxK5kDcYCYvhH9J6MVaF5S0=",
            ]
        case .document(let mediaID, let mimeType, let filename):
            message["type"] = "document"
            message["document"] = [
                "id": .string(mediaID), "mime_type": .string(mimeType), "filename": .string(filename),
                "sha256": "Jm1VXBH0sGbyT2XN1XLGrxK5kDcYCYvhH9J6MVaF5S0=",
            ]
        case .other("location"):
            message["type"] = "location"
            message["location"] = ["latitude": .double(19.076), "longitude": .double(72.8777), "name": "Mumbai"]
        case .other(let type):
            // Section 2.2: stickers are WebP (animated or not), videos MP4, voice notes Ogg Opus.
            let mimeType: JSONValue =
                switch type {
                case "sticker": "image/webp"
                case "video": "video/mp4"
                default: "audio/ogg; codecs=opus"
                }
            var object: [String: JSONValue] = ["id": "1481932342564738", "mime_type": mimeType, "sha256": "c2hhMjU2"]
            if type == "sticker" { object["animated"] = false }
            message["type"] = .string(type)
            message[type] = .object(object)
        }
        return .object(message)
    }

    /// One `statuses[]` element about a message we sent.
    package static func status(
        _ wamid: String, _ state: String, recipient: String, error: (code: Int, title: String)? = nil
    ) -> JSONValue {
        var status: [String: JSONValue] = [
            "id": .string(wamid), "status": .string(state), "recipient_id": .string(recipient),
            "timestamp": .string(String(Int(Date().timeIntervalSince1970))),
        ]
        if state != "failed" {
            status["conversation"] = ["id": "CONVERSATION_ID", "origin": ["type": "service"]]
            status["pricing"] = ["billable": false, "pricing_model": "PMP", "category": "service"]
        }
        if let error {
            status["errors"] = [
                [
                    "code": .int(Int64(error.code)), "title": .string(error.title),
                    "message": .string(error.title), "error_data": ["details": "Message failed to send."],
                ]
            ]
        }
        return .object(status)
    }
}
