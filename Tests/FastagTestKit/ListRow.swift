import FastagBot

/// One list row as a channel shows it.
package struct ListRow: Sendable, Equatable {
    package let id: String
    package let title: String
    package let description: String?

    /// A row of Meta's interactive list.
    var json: JSONValue {
        var row: [String: JSONValue] = ["id": .string(id), "title": .string(title)]
        if let description { row["description"] = .string(description) }
        return .object(row)
    }
}
