import FastagBot
import Foundation
import Synchronization
import Testing

/// Runs `body` against a fresh server (its own temporary database) and stops the server
/// afterwards, whether `body` threw or not. Unless told to keep it, the sandbox's demo data
/// is removed first (through the API), so that every test starts from an empty store.
func withServer(
    keepingSeed: Bool = false, time: any TimeSource = SystemTime(), _ configure: (inout Settings) -> Void = { _ in },
    _ body: (TestServer) async throws -> Void
) async throws {
    let server = try TestServer(time: time, configure)
    do {
        if !keepingSeed { try await server.removeSeedData() }
        try await body(server)
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}

/// How a request authenticates.
enum Credentials {
    case admin
    case none
    /// The whole `Authorization` header.
    case header(String)
}

extension TestServer.Reply {
    /// The body as a JSON value.
    func value() throws -> JSONValue {
        try JSONValue.parse(Array(body))
    }
}

/// `/openapi.json` is the same for every server in this process (it is generated from the
/// route table), so it is fetched and parsed once: parsing it takes a noticeable fraction of
/// a second in a debug build, and dozens of tests start at the same moment.
private let specCache = Mutex<Task<JSONValue, any Error>?>(nil)

extension TestServer {
    /// The server's `/openapi.json`.
    func spec() async throws -> JSONValue {
        let task = specCache.withLock { cached in
            if let cached { return cached }
            // The first caller's server answers; that caller waits for it, so it stays up.
            let task = Task {
                let reply = try await self.get("/openapi.json")
                try #require(reply.status == 200)
                return try reply.value()
            }
            cached = task
            return task
        }
        return try await task.value
    }

    /// Sends a request (with the admin token unless told otherwise) and checks the reply
    /// against `/openapi.json`: its status must be documented for the route, and a JSON body
    /// must match the documented schema. Every API test goes through here, so every real
    /// answer (successes and errors alike) is checked against the documentation.
    @discardableResult
    func call(
        _ method: String, _ path: String, json: JSONValue? = nil, raw: String? = nil,
        credentials: Credentials = .admin, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Reply {
        var headers = ["Content-Type": "application/json"]
        switch credentials {
        case .admin: headers["Authorization"] = "Bearer \(app.adminToken)"
        case .none: break
        case .header(let value): headers["Authorization"] = value
        }
        let body = raw.map { Data($0.utf8) } ?? json.map { Data($0.jsonText.utf8) }
        // URLSession on Linux cannot send a GET with a body (-1103); such requests go without.
        let sent = method == "GET" ? nil : body
        let reply = try await request(method, path, body: sent, headers: headers)
        var problems = try await documentationProblems(method, path, reply)
        if raw == nil, method != "GET" { problems += try await requestProblems(method, path, json, reply) }
        for problem in problems {
            Issue.record("\(method) \(path) → \(reply.status): \(problem)", sourceLocation: sourceLocation)
        }
        return reply
    }

    /// Where the server's verdict on a request body disagrees with the documented request
    /// schema: a body it took must be valid by the schema, and a body it refused with 422 must
    /// not be (except for what a schema cannot judge: whether base64 text is a photo). So every
    /// API test also checks that the document says exactly what the server accepts.
    func requestProblems(_ method: String, _ path: String, _ body: JSONValue?, _ reply: Reply) async throws
        -> [String]
    {
        let spec = try await spec()
        let paths = spec["paths"]?.objectValue ?? [:]
        guard let template = Self.template(matching: path, method: method, in: paths),
            let requestBody = paths[template]?[method.lowercased()]?["requestBody"],
            let schema = requestBody["content"]?["application/json"]?["schema"]
        else { return [] }
        let accepted = (200..<300).contains(reply.status)
        guard let body else {
            let required = requestBody["required"] == .bool(true)
            return accepted && required ? ["accepted no body where the document requires one"] : []
        }
        let problems = SchemaChecker(spec: spec).problems(body, schema)
        if accepted && !problems.isEmpty {
            return ["the server accepted \(body.jsonText), which the document refuses: \(problems)"]
        }
        if reply.status == 422 && problems.isEmpty && body["image_base64"] == nil {
            return ["the server refused \(body.jsonText), which the document allows: \(reply.text)"]
        }
        return []
    }

    /// Why `reply` does not agree with the documentation of the route `path` matches.
    func documentationProblems(_ method: String, _ path: String, _ reply: Reply) async throws -> [String] {
        let spec = try await spec()
        let paths = spec["paths"]?.objectValue ?? [:]
        guard let template = Self.template(matching: path, method: method, in: paths) else {
            return ["no documented path matches"]
        }
        guard let operation = paths[template]?[method.lowercased()] else {
            return ["\(template) documents no \(method)"]
        }
        guard let response = operation["responses"]?[String(reply.status)] else {
            return ["status \(reply.status) is not documented for \(method) \(template) (body: \(reply.text))"]
        }
        guard let content = response["content"]?.objectValue else {
            return reply.body.isEmpty ? [] : ["\(template) documents no body for \(reply.status), got \(reply.text)"]
        }
        guard let schema = content["application/json"]?["schema"] else { return [] }
        guard reply.header("Content-Type")?.hasPrefix("application/json") == true else {
            return ["Content-Type \(reply.header("Content-Type") ?? "none") is not JSON"]
        }
        let value: JSONValue
        do {
            value = try reply.value()
        } catch {
            return ["the body is not JSON: \(reply.text)"]
        }
        return SchemaChecker(spec: spec).problems(value, schema).map { "\(template): \($0)" }
    }

    /// The documented path template a concrete path is routed to: same number of segments,
    /// literal segments equal, and (as the router does) a literal segment preferred over a
    /// parameter at the first place they differ.
    static func template(matching path: String, method: String, in paths: [String: JSONValue]) -> String? {
        let wanted = path.split(separator: "?", maxSplits: 1)[0].split(separator: "/")
        var best: (template: String, literals: [Bool])?
        for (template, item) in paths where item[method.lowercased()] != nil {
            let segments = template.split(separator: "/")
            guard segments.count == wanted.count else { continue }
            var literals: [Bool] = []
            var matches = true
            for (segment, actual) in zip(segments, wanted) {
                let isParameter = segment.hasPrefix("{") && segment.hasSuffix("}")
                if !isParameter && segment != actual { matches = false }
                literals.append(!isParameter)
            }
            guard matches else { continue }
            if let current = best, !literals.lexicographicallyPrecedes(current.literals, by: { $0 && !$1 }) {
                continue
            }
            best = (template, literals)
        }
        return best?.template
    }

    /// Deletes what the sandbox seeds on its first start (the demo agent and its tag stock)
    /// the way an operator would, and checks that the store is then empty.
    func removeSeedData() async throws {
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

    // MARK: - Short forms

    /// A request that must answer `status`; returns the JSON body.
    @discardableResult
    func json(
        _ status: Int, _ method: String, _ path: String, json: JSONValue? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> JSONValue {
        let reply = try await call(method, path, json: json, sourceLocation: sourceLocation)
        let text = reply.text
        try #require(reply.status == status, "\(method) \(path): \(text)", sourceLocation: sourceLocation)
        return reply.body.isEmpty ? .null : try reply.value()
    }

    func fetch(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        try await json(200, "GET", path, sourceLocation: sourceLocation)
    }

    func post(_ path: String, _ json: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) async throws
        -> JSONValue
    {
        try await self.json(201, "POST", path, json: json, sourceLocation: sourceLocation)
    }

    /// Registers an agent (mobile 98765432NN) and returns it.
    func agent(_ number: Int = 10, fastags: Int64 = 0, status: String = "active") async throws -> JSONValue {
        try await post(
            "/agents/",
            [
                "first_name": "Agent", "last_name": .string(Self.letters(number)),
                "mobile": .string(Self.mobile(number)),
                "fastags_left": .int(fastags), "status": .string(status),
            ])
    }

    /// A name made of letters only for a number (0 → "A", 27 → "BB").
    static func letters(_ number: Int) -> String {
        String(UnicodeScalar(UInt8(65 + number % 26))) + String(repeating: "b", count: number / 26)
    }

    static func mobile(_ number: Int) -> String {
        "98765" + String(100_000 + number).suffix(5)
    }

    func vehicle(_ number: String = "MH12AB1234") async throws -> JSONValue {
        try await post("/vehicles/", ["registration_number": .string(number)])
    }

    func fastag(_ number: String = "608268-001-0012345", agentID: Int64? = nil) async throws -> JSONValue {
        var body: [String: JSONValue] = ["tag_number": .string(number)]
        if let agentID { body["agent_id"] = .int(agentID) }
        return try await post("/fastags/", .object(body))
    }

    func session(_ body: JSONValue = [:]) async throws -> JSONValue {
        try await post("/sessions/", body)
    }
}

/// Checks an error reply: its status, the `{"status":"error","message":…}` shape, and (for
/// a field problem) that the message names the field in quotes.
func expectError(
    _ reply: TestServer.Reply, _ status: Int, field: String? = nil, mentioning text: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(reply.status == status, "\(reply.text)", sourceLocation: sourceLocation)
    guard let value = try? reply.value(), let object = value.objectValue else {
        Issue.record("the error body is not a JSON object: \(reply.text)", sourceLocation: sourceLocation)
        return
    }
    #expect(Set(object.keys) == ["status", "message"], "\(reply.text)", sourceLocation: sourceLocation)
    #expect(object["status"] == "error", sourceLocation: sourceLocation)
    let message = object["message"]?.stringValue ?? ""
    #expect(!message.isEmpty, sourceLocation: sourceLocation)
    if let field {
        #expect(
            message.contains("'\(field)'"), "the message does not name '\(field)': \(message)",
            sourceLocation: sourceLocation)
    }
    if let text {
        #expect(message.contains(text), "'\(message)' does not mention '\(text)'", sourceLocation: sourceLocation)
    }
}

extension APIRoute {
    /// The method's name (`GET`).
    var verb: String { String(describing: method) }
}

extension JSONValue {
    /// The `id` of a stored thing, as a path segment.
    var id: String {
        switch self["id"] {
        case .int(let id)?: String(id)
        case .string(let id)?: id
        default: "missing-id"
        }
    }

    var int: Int64? { intValue }

    /// The ids of a page's items.
    var itemIDs: [String] { (self["items"]?.arrayValue ?? []).map(\.id) }
}
