import FastagBot

/// One option as a channel shows it.
package struct ButtonChoice: Sendable, Equatable {
    package let id: String
    package let title: String

    /// A reply button of Meta's interactive object.
    var json: JSONValue { ["type": "reply", "reply": ["id": .string(id), "title": .string(title)]] }
}
