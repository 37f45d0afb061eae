import FastagBot
import Foundation
import Synchronization
import TestKit
import Testing

/// `/openapi.json` is the same for every server in this process (it is generated from the
/// route table), so it is fetched and parsed once: parsing it takes a noticeable fraction of
/// a second in a debug build, and dozens of tests start at the same moment.
private let specCache = Mutex<Task<JSONValue, any Error>?>(nil)

extension TestServer {
    /// The server's `/openapi.json`.
    package func spec() async throws -> JSONValue {
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
    package func call(
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
        // URLSession on Linux cannot send a GET with a body (-1103); such requests go without,
        // in-process too, so that a test means the same over either transport.
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
    package func requestProblems(_ method: String, _ path: String, _ body: JSONValue?, _ reply: Reply) async throws
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
    package func documentationProblems(_ method: String, _ path: String, _ reply: Reply) async throws -> [String] {
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
    package static func template(matching path: String, method: String, in paths: [String: JSONValue]) -> String? {
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
}
