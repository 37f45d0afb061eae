/// Replies due together to one chat go as one message where they are plain text: fewer sends
/// against the pair-rate and throughput limits (protocols/whatsapp-cloud-api.md section 8).
/// Bodies are joined with a blank line, within WhatsApp's 4,096-character text limit; buttons,
/// lists and templates always go alone.
enum TextMerge {
    /// The body to send and the replies it carries (the first, and the texts merged into it).
    static func merge(_ items: [OutboxStore.Item]) -> (JSONValue, [OutboxStore.Item]) {
        guard var merged = text(of: items[0].body) else { return (items[0].body, [items[0]]) }
        var batch = [items[0]]
        for item in items.dropFirst() {
            guard let next = text(of: item.body), merged.count + 2 + next.count <= ReplyFormat.textLimit else { break }
            merged += "\n\n" + next
            batch.append(item)
        }
        return (batch.count == 1 ? items[0].body : replacing(merged, in: items[0].body), batch)
    }

    /// The text of a plain-text body (Graph API or Interakt, as `ReplyFormat` makes them).
    static func text(of body: JSONValue) -> String? {
        switch body["type"]?.stringValue {
        case "text": body["text"]?["body"]?.stringValue
        case "Text": body["data"]?["message"]?.stringValue
        default: nil
        }
    }

    private static func replacing(_ text: String, in body: JSONValue) -> JSONValue {
        guard var fields = body.objectValue else { return body }
        if fields["type"] == "text" {
            fields["text"] = ["body": .string(text)]
        } else {
            fields["data"] = ["message": .string(text)]
        }
        return .object(fields)
    }
}
