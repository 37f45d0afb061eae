import FastagBot
import FastagTestKit
import Foundation
import SQLite
import TestKit
import Testing

/// A stored row that cannot be read back (a damaged file, a hand edit past the schema's
/// checks) fails loudly: the API answers 500 with a generic message, the log names the table,
/// the row and the column, and no value is made up for it (an empty payload, a default status).
@Suite struct UnreadableRowTests {
    static let internalError = #"{"status":"error","message":"Internal server error"}"#

    /// Reads `path` after the damage: a 500 with the generic message, and the log names the
    /// row (`named`).
    static func expectUnreadable(
        _ server: TestServer, _ path: String, named: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let item = try await server.admin("GET", path)
        #expect(item.status == 500 && item.text == Self.internalError, "\(item.text)", sourceLocation: sourceLocation)
        #expect(
            server.logs.lines.contains { $0.contains(named) }, "\(server.logs.lines.suffix(3))",
            sourceLocation: sourceLocation)
    }

    @Test func aSessionWhoseDataIsNotJSONIsAnErrorNotAnEmptyObject() async throws {
        try await withServer { server in
            let session = try await server.session(["data": ["plan": "500 Plan"]])
            try server.corrupt("UPDATE sessions SET data = '{\"plan\": ' WHERE id = ?", session.id)

            let item = try await server.admin("GET", "/sessions/\(session.id)")
            #expect(item.status == 500)
            #expect(item.text == Self.internalError)
            let list = try await server.admin("GET", "/sessions/")
            #expect(list.status == 500)
            #expect(list.text == Self.internalError)
            let named = "sessions row \(session.id): column data does not hold JSON"
            #expect(server.logs.lines.filter { $0.contains(named) }.count == 2, "\(server.logs.lines.suffix(3))")
            // What is stored stays as it was: reading it changed nothing.
            #expect(try server.stored("SELECT data FROM sessions WHERE id = ?", session.id) == "{\"plan\": ")
        }
    }

    @Test func aSessionWhoseDataIsNotAnObjectIsAnError() async throws {
        try await withServer { server in
            let session = try await server.session()
            try server.corrupt("UPDATE sessions SET data = '[1, 2]' WHERE id = ?", session.id)
            try await Self.expectUnreadable(
                server, "/sessions/\(session.id)",
                named: "sessions row \(session.id): column data does not hold a JSON object")
        }
    }

    @Test func anUnknownStatusIsAnErrorNotADefault() async throws {
        try await withServer { server in
            let agent = try await server.agent()
            try server.corrupt("UPDATE agents SET status = 'retired' WHERE id = ?", agent.id)
            try await Self.expectUnreadable(
                server, "/agents/\(agent.id)", named: "agents row \(agent.id): column status holds no Status value")
        }
    }

    /// A queued reply whose body cannot be read back is given up (its row and the log say
    /// why) instead of being sent as `{}`; the chat's later replies go out.
    @Test func aReplyThatCannotBeReadBackIsGivenUpNotSentEmpty() async throws {
        let chatID = "919876543210"
        try await ChatBed.run({ $0.chatMaxAttempts = 50 }) { bed in
            // Held back by failing sends until it is damaged.
            bed.graph.failAllSends(.status(503))
            let chat = bed.whatsApp(chatID)
            try await chat.send(.text("Hi"))
            let storage = bed.server.app.storage
            let queued = try await eventually { try await storage.outboxRows(chat: chatID).count == 1 }
            try #require(queued, "the reply was not queued")
            let id = try #require(try await storage.outboxRows(chat: chatID).first?.id)
            try bed.server.corrupt("UPDATE outbox SET payload = '{\"to\": ' WHERE id = ?", id)
            bed.graph.failAllSends(nil)

            // A new message wakes the chat's sending at once (no waiting for the retry time);
            // its reply is queued behind the damaged one, so it goes out only once that one
            // is given up.
            try await chat.say(.text("help"), [.text(ChatDeliveryTests.help)])
            let named = "outbox row \(id): column payload does not hold JSON"
            let damaged = try await storage.outboxRows(chat: chatID).first
            #expect(damaged?.status == "failed")
            #expect(damaged?.lastError == named)
            #expect(bed.server.logs.lines.contains { $0.contains(named) })
            #expect(bed.graph.calls(to: chatID).filter { $0.status != 503 }.count == 1, "only the help reached Graph")
        }
    }
}

extension TestServer {
    /// Runs `sql` past the schema's CHECKs on a connection of its own, as damage to the file
    /// or an edit by hand would.
    func corrupt(_ sql: String, _ arguments: any SQLiteConvertible...) throws {
        let database = try Database(path: app.settings.databasePath)
        try database.execute("PRAGMA ignore_check_constraints = ON")
        try #require(try database.run(sql, arguments) == 1, "\(sql) changed no row")
    }

    /// The first column of the first row `sql` selects.
    func stored(_ sql: String, _ arguments: any SQLiteConvertible...) throws -> String {
        try Database(path: app.settings.databasePath).scalar(sql, arguments, as: String.self)
    }
}
