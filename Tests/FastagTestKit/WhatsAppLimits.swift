import FastagBot
import Foundation

/// WhatsApp's limits on what a business sends (protocols/whatsapp-cloud-api.md 5.2-5.4), for
/// both fakes: Interakt forwards the same interactive objects to WhatsApp.
package enum WhatsAppLimits {
    /// Problems of one Graph API message body.
    package static func problems(message body: JSONValue) -> [String] {
        var problems: [String] = []
        if body["messaging_product"] != "whatsapp" { problems.append("messaging_product is not whatsapp") }
        if (body["to"]?.stringValue ?? "").isEmpty { problems.append("no recipient") }
        switch body["type"]?.stringValue {
        case "text":
            problems += text(body["text"]?["body"]?.stringValue)
        case "interactive":
            problems += interactive(body["interactive"])
        case "template":
            problems += template(name: body["template"]?["name"], language: body["template"]?["language"]?["code"])
        default:
            problems.append("type \(body["type"]?.description ?? "missing")")
        }
        return problems
    }

    /// A template message (section 11): an approved name and a language code.
    package static func template(name: JSONValue?, language: JSONValue?) -> [String] {
        var problems: [String] = []
        if (name?.stringValue ?? "").isEmpty { problems.append("template without a name") }
        if (language?.stringValue ?? "").isEmpty { problems.append("template without a language code") }
        return problems
    }

    package static func text(_ text: String?) -> [String] {
        guard let text, !text.isEmpty else { return ["empty text"] }
        return text.count > 4096 ? ["text of \(text.count) characters (4096 at most)"] : []
    }

    /// Meta's interactive object: reply buttons or a list.
    package static func interactive(_ object: JSONValue?) -> [String] {
        guard let object else { return ["no interactive object"] }
        var problems: [String] = []
        let body = object["body"]?["text"]?.stringValue ?? ""
        if body.isEmpty || body.count > 1024 { problems.append("interactive body of \(body.count) characters") }
        switch object["type"]?.stringValue {
        case "button":
            let buttons = object["action"]?["buttons"]?.arrayValue ?? []
            if !(1...3).contains(buttons.count) { problems.append("\(buttons.count) buttons") }
            var titles = Set<String>()
            var ids = Set<String>()
            for button in buttons {
                let id = button["reply"]?["id"]?.stringValue ?? ""
                let title = button["reply"]?["title"]?.stringValue ?? ""
                if button["type"] != "reply" { problems.append("button type \(button["type"] ?? .null)") }
                if id.isEmpty || id.count > 256 || id != id.trimmingCharacters(in: .whitespaces) {
                    problems.append("button id '\(id)'")
                }
                if title.isEmpty || title.count > 20 { problems.append("button title '\(title)'") }
                if !titles.insert(title).inserted { problems.append("repeated button title '\(title)'") }
                if !ids.insert(id).inserted { problems.append("repeated button id '\(id)'") }
            }
        case "list":
            let label = object["action"]?["button"]?.stringValue ?? ""
            if label.isEmpty || label.count > 20 { problems.append("list button '\(label)'") }
            let sections = object["action"]?["sections"]?.arrayValue ?? []
            if !(1...10).contains(sections.count) { problems.append("\(sections.count) sections") }
            let rows = sections.flatMap { $0["rows"]?.arrayValue ?? [] }
            if !(1...10).contains(rows.count) { problems.append("\(rows.count) rows") }
            for section in sections where (section["title"]?.stringValue?.count ?? 0) > 24 {
                problems.append("section title '\(section["title"] ?? .null)'")
            }
            if sections.count > 1, sections.contains(where: { $0["title"] == nil }) {
                problems.append("an untitled section among several")
            }
            var ids = Set<String>()
            for row in rows {
                let id = row["id"]?.stringValue ?? ""
                let title = row["title"]?.stringValue ?? ""
                if id.isEmpty || id.count > 200 { problems.append("row id '\(id)'") }
                if !ids.insert(id).inserted { problems.append("repeated row id '\(id)'") }
                if title.isEmpty || title.count > 24 { problems.append("row title '\(title)'") }
                if let description = row["description"]?.stringValue, description.count > 72 {
                    problems.append("row description of \(description.count) characters")
                }
            }
        default:
            problems.append("interactive type \(object["type"] ?? .null)")
        }
        return problems
    }
}
