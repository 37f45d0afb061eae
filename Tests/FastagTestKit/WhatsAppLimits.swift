import FastagBot
import Foundation

/// WhatsApp's limits on what a business sends (protocols/whatsapp-cloud-api.md 5.2-5.4), for
/// both fakes: Interakt forwards the same interactive objects to WhatsApp. Every send of every
/// chat test passes through here (`FakeGraphAPI`, `FakeInterakt`). Lengths are UTF-16 units
/// (`size`): Meta says "characters" without saying which; an emoji is two units, so counting
/// units never lets through what counting characters would refuse.
package enum WhatsAppLimits {
    /// How long `text` is against Meta's limits.
    package static func size(_ text: String) -> Int { text.utf16.count }

    /// Text that is empty, blank or longer than `limit`.
    static func bad(_ text: String, _ limit: Int) -> Bool {
        text.allSatisfy(\.isWhitespace) || size(text) > limit
    }

    /// An id Meta refuses: empty, longer than `limit`, or with spaces around it.
    static func badID(_ id: String, _ limit: Int) -> Bool {
        id.isEmpty || size(id) > limit || id.first?.isWhitespace == true || id.last?.isWhitespace == true
    }

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
        return size(text) > 4096 ? ["text of \(size(text)) units (4096 at most)"] : []
    }

    /// Meta's interactive object: reply buttons or a list.
    package static func interactive(_ object: JSONValue?) -> [String] {
        guard let object else { return ["no interactive object"] }
        var problems: [String] = []
        let body = object["body"]?["text"]?.stringValue ?? ""
        if bad(body, 1024) { problems.append("interactive body of \(size(body)) units") }
        // Optional header (text, at most 60) and footer (at most 60).
        if let header = object["header"] {
            let text = header["text"]?.stringValue ?? ""
            if header["type"] == "text", bad(text, 60) { problems.append("header of \(size(text)) units") }
            if object["type"] == "list", header["type"] != "text" { problems.append("a list's header is not text") }
        }
        if let footer = object["footer"] {
            let text = footer["text"]?.stringValue ?? ""
            if bad(text, 60) { problems.append("footer of \(size(text)) units") }
        }
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
                if badID(id, 256) { problems.append("button id '\(id)'") }
                if bad(title, 20) { problems.append("button title '\(title)'") }
                if !titles.insert(title).inserted { problems.append("repeated button title '\(title)'") }
                if !ids.insert(id).inserted { problems.append("repeated button id '\(id)'") }
            }
        case "list":
            let label = object["action"]?["button"]?.stringValue ?? ""
            if bad(label, 20) { problems.append("list button '\(label)'") }
            let sections = object["action"]?["sections"]?.arrayValue ?? []
            if !(1...10).contains(sections.count) { problems.append("\(sections.count) sections") }
            let rows = sections.flatMap { $0["rows"]?.arrayValue ?? [] }
            if !(1...10).contains(rows.count) { problems.append("\(rows.count) rows") }
            for section in sections {
                if let title = section["title"], bad(title.stringValue ?? "", 24) {
                    problems.append("section title '\(title)'")
                }
                if (section["rows"]?.arrayValue ?? []).isEmpty { problems.append("a section without rows") }
            }
            if sections.count > 1, sections.contains(where: { $0["title"] == nil }) {
                problems.append("an untitled section among several")
            }
            var ids = Set<String>()
            for row in rows {
                let id = row["id"]?.stringValue ?? ""
                let title = row["title"]?.stringValue ?? ""
                if badID(id, 200) { problems.append("row id '\(id)'") }
                if !ids.insert(id).inserted { problems.append("repeated row id '\(id)'") }
                if bad(title, 24) { problems.append("row title '\(title)'") }
                if let description = row["description"], bad(description.stringValue ?? "", 72) {
                    problems.append("row description '\(description)'")
                }
            }
        default:
            problems.append("interactive type \(object["type"] ?? .null)")
        }
        return problems
    }
}
