import FastagBot
import TestKit
import Testing

/// Short forms of the API calls the tests make most.
extension TestServer {
    /// Deletes what the sandbox seeds on its first start (the demo agent and its tag stock)
    /// the way an operator would, and checks that the store is then empty.
    package func removeSeedData() async throws {
        for tag in try await fetch("/fastags/?limit=500")["items"]?.arrayValue ?? [] {
            let reply = try await call("DELETE", "/fastags/\(tag.id)")
            try #require(reply.status == 204, "\(reply.text)")
        }
        for agent in try await fetch("/agents/?limit=500")["items"]?.arrayValue ?? [] {
            let reply = try await call("DELETE", "/agents/\(agent.id)")
            try #require(reply.status == 204, "\(reply.text)")
        }
        for listing in ["/agents/", "/sessions/", "/vehicles/", "/fastags/"] {
            try #require(try await fetch(listing)["total"] == 0, "\(listing) is not empty")
        }
    }

    /// A request that must answer `status`; returns the JSON body.
    @discardableResult
    package func json(
        _ status: Int, _ method: String, _ path: String, json: JSONValue? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> JSONValue {
        let reply = try await call(method, path, json: json, sourceLocation: sourceLocation)
        let text = reply.text
        try #require(reply.status == status, "\(method) \(path): \(text)", sourceLocation: sourceLocation)
        return reply.body.isEmpty ? .null : try reply.value()
    }

    /// A PUT that must be taken (200); returns the changed thing.
    @discardableResult
    package func put(_ path: String, _ json: JSONValue, sourceLocation: SourceLocation = #_sourceLocation)
        async throws -> JSONValue
    {
        try await self.json(200, "PUT", path, json: json, sourceLocation: sourceLocation)
    }

    package func fetch(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        try await json(200, "GET", path, sourceLocation: sourceLocation)
    }

    package func post(_ path: String, _ json: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) async throws
        -> JSONValue
    {
        try await self.json(201, "POST", path, json: json, sourceLocation: sourceLocation)
    }

    /// Registers an agent (mobile 98765432NN) and returns it.
    package func agent(_ number: Int = 10, fastags: Int64 = 0, status: String = "active") async throws -> JSONValue {
        try await post(
            "/agents/",
            [
                "first_name": "Agent", "last_name": .string(Self.letters(number)),
                "mobile": .string(Self.mobile(number)),
                "fastags_left": .int(fastags), "status": .string(status),
            ])
    }

    /// A name made of letters only for a number (0 → "A", 27 → "BB").
    package static func letters(_ number: Int) -> String {
        String(UnicodeScalar(UInt8(65 + number % 26))) + String(repeating: "b", count: number / 26)
    }

    package static func mobile(_ number: Int) -> String {
        "98765" + String(100_000 + number).suffix(5)
    }

    package func vehicle(_ number: String = "MH12AB1234") async throws -> JSONValue {
        try await post("/vehicles/", ["registration_number": .string(number)])
    }

    package func fastag(_ number: String = "608268-001-0012345", agentID: Int64? = nil) async throws -> JSONValue {
        var body: [String: JSONValue] = ["tag_number": .string(number)]
        if let agentID { body["agent_id"] = .int(agentID) }
        return try await post("/fastags/", .object(body))
    }

    /// One agent, vehicle, FASTag and session, as the short forms make them.
    package func oneOfEach() async throws -> (
        agent: JSONValue, vehicle: JSONValue, fastag: JSONValue, session: JSONValue
    ) {
        (try await agent(), try await vehicle(), try await fastag(), try await session())
    }

    package func session(_ body: JSONValue = [:]) async throws -> JSONValue {
        try await post("/sessions/", body)
    }
}
