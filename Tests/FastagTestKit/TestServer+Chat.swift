import FastagBot
import TestKit

/// What the chat tests read of a running server: gauges and the chat backlogs.
extension TestServer {
    /// A gauge or counter from `/metrics` (the sum over its label sets).
    package func metric(_ name: String) async throws -> Double? {
        let text = try await get("/metrics").text
        return Self.metric(name, in: text)
    }

    /// Whether a counter reaches `value` (counters move just after the rows they count).
    package func metric(_ name: String, reaches value: Double) async throws -> Bool {
        try await eventually { try await metric(name) == value }
    }

    package static func metric(_ name: String, in text: String) -> Double? {
        let values = text.split(separator: "\n").filter { $0.hasPrefix(name + " ") || $0.hasPrefix(name + "{") }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
        return values.isEmpty ? nil : values.reduce(0, +)
    }

    /// Waits until every chat message is answered and every reply sent, given up or parked
    /// (waiting for its agent to write).
    package func waitUntilChatsSettle() async throws -> Bool {
        try await eventually {
            try app.storage.inbox.backlog() == 0 && app.storage.outbox.backlog() == 0
        }
    }
}
