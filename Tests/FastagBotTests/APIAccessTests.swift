import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// What every route of the operators' API has in common: the token, the trailing slash,
/// and the error shape.
@Suite(.onBothBackends) struct APIAccessTests {
    /// A concrete path for a route pattern.
    static func concrete(_ pattern: String) -> String {
        let values = [
            "{session_id}": "3f1c2a9e-5b7d-4c1e-9a2b-6d8e0f1a2b3c", "{manufacturer}": "TOYOTA",
            "{vehicle_number}": "MH12AB1234", "{tag_number}": "608268-001-0012345",
        ]
        return pattern.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            guard segment.hasPrefix("{") else { return String(segment) }
            return values[String(segment)] ?? "1"
        }.joined(separator: "/")
    }

    /// The same path with the trailing slash added or taken away.
    static func otherSlash(_ path: String) -> String {
        path.hasSuffix("/") ? String(path.dropLast()) : path + "/"
    }

    @Test func everyAdminRouteRefusesAMissingOrWrongToken() async throws {
        try await withServer { server in
            let admin = server.app.routes.filter { $0.access == .admin }
            #expect(admin.count >= 30)
            let body: JSONValue = ["first_name": "Ravi", "mobile": "9876543210", "tag_number": "608268-001-0012345"]
            let refused: [Credentials] = [
                .none, .header("Bearer wrong-token-0123456789"), .header("Bearer"), .header("Bearer "),
                .header("Basic \(Data("admin:\(server.app.adminToken)".utf8).base64EncodedString())"),
                .header(server.app.adminToken), .header("Bearer \(server.app.adminToken)x"),
            ]
            for route in admin {
                let path = Self.concrete(route.path)
                for (index, credentials) in refused.enumerated() {
                    // Alternate the trailing slash: both forms reach the route (401, not 404).
                    let sent = index % 2 == 0 ? path : Self.otherSlash(path)
                    let reply = try await server.call(route.verb, sent, json: body, credentials: credentials)
                    expectError(reply, 401, mentioning: "Authorization: Bearer")
                    #expect(reply.header("WWW-Authenticate")?.hasPrefix("Bearer") == true, "\(route.verb) \(sent)")
                }
            }
            // Nothing was written by any of those requests.
            for listing in ["/agents/", "/sessions/", "/vehicles/", "/fastags/"] {
                #expect(try await server.fetch(listing)["total"] == 0, "\(listing)")
            }
        }
    }

    @Test func theTokenSchemeIsCaseInsensitive() async throws {
        try await withServer { server in
            for scheme in ["bearer", "BEARER", "Bearer"] {
                let reply = try await server.call(
                    "GET", "/agents/", credentials: .header("\(scheme) \(server.app.adminToken)"))
                #expect(reply.status == 200, "\(scheme)")
            }
        }
    }

    @Test func openRoutesNeedNoToken() async throws {
        try await withServer { server in
            let system = server.app.routes.filter { $0.tag == "System" }
            #expect(
                Set(system.map(\.path)) == [
                    "/", "/health", "/health/ready", "/metrics", "/openapi.json", "/docs", "/redoc",
                ])
            #expect(system.allSatisfy { $0.access == .open })
            for route in system {
                for path in route.path == "/" ? ["/"] : [route.path, route.path + "/"] {
                    let reply = try await server.call(route.verb, path, credentials: .none)
                    #expect(reply.status == 200, "\(path): \(reply.text)")
                }
            }
        }
    }

    @Test func listingsAndItemsAnswerWithAndWithoutTheTrailingSlash() async throws {
        try await withServer { server in
            let (agent, vehicle, tag, session) = try await server.oneOfEach()
            for path in [
                "/agents/", "/sessions/", "/vehicles/", "/fastags/", "/vehicles/manufacturers/",
                "/vehicles/descriptors/", "/vehicles/manufacturers/TOYOTA/models/",
                "/agents/\(agent.id)/", "/vehicles/\(vehicle.id)/", "/fastags/\(tag.id)/",
                "/sessions/\(session.id)/", "/fastags/\(tag.id)/transactions/",
                "/vehicles/by-number/MH12AB1234/", "/fastags/by-tag/608268-001-0012345/",
            ] {
                let withSlash = try await server.fetch(path)
                let without = try await server.fetch(Self.otherSlash(path))
                #expect(withSlash == without, "\(path)")
            }
            // Writes too.
            let changed = try await server.put("/agents/\(agent.id)/", ["first_name": "Asha"])
            #expect(changed["first_name"] == "Asha")
            _ = try await server.json(201, "POST", "/agents", json: ["first_name": "Ravi", "mobile": "9123456780"])
        }
    }

    @Test func malformedBodiesAreRefusedWith400() async throws {
        try await withServer { server in
            let (agent, vehicle, tag, session) = try await server.oneOfEach()
            let writes: [(String, String)] = [
                ("POST", "/agents/"), ("PUT", "/agents/\(agent.id)"), ("POST", "/sessions/"),
                ("PUT", "/sessions/\(session.id)"), ("PUT", "/sessions/\(session.id)/state"),
                ("POST", "/sessions/\(session.id)/documents"), ("POST", "/vehicles/"),
                ("PUT", "/vehicles/\(vehicle.id)"), ("POST", "/fastags/"), ("PUT", "/fastags/\(tag.id)"),
                ("POST", "/fastags/\(tag.id)/activate"), ("POST", "/fastags/\(tag.id)/deactivate"),
                ("POST", "/fastags/\(tag.id)/recharge"),
            ]
            for (method, path) in writes {
                for raw in ["{\"first_name\": ", "[1, 2]", "\"text\"", "42", "null", "{'a': 1}"] {
                    let reply = try await server.call(method, path, raw: raw)
                    expectError(reply, 400)
                    #expect(reply.status == 400, "\(method) \(path) with \(raw)")
                }
            }
            // Endpoints whose fields are all optional accept an empty body; the others refuse it.
            for (method, path) in writes where !["/sessions/", "/fastags/\(tag.id)/deactivate"].contains(path) {
                let reply = try await server.call(method, path, raw: "")
                expectError(reply, 400, mentioning: "JSON object")
            }
            // Nothing changed.
            #expect(try await server.fetch("/agents/\(agent.id)") == agent)
            #expect(try await server.fetch("/fastags/\(tag.id)") == tag)
            #expect(try await server.fetch("/sessions/\(session.id)") == session)
            #expect(try await server.fetch("/vehicles/\(vehicle.id)") == vehicle)
            #expect(try await server.fetch("/agents/")["total"] == 1)
        }
    }

    @Test func oversizedBodiesAre413AndDocumented() async throws {
        // The server-wide ceiling is the server's, judged from the head: over a socket.
        try await withServer(over: .loopback, { $0.maxBodyBytes = 1024 }) { server in
            let spec = try await server.spec()
            let big = "{\"note\": \"" + String(repeating: "x", count: 2000) + "\"}"
            var checked = 0
            for route in server.app.routes
            where spec["paths"]?[route.path]?[route.verb.lowercased()]?["requestBody"] != nil {
                checked += 1
                expectError(try await server.call(route.verb, Self.concrete(route.path), raw: big), 413)
            }
            #expect(checked >= 12)
            // A body at the limit is read (and refused for what it says, not for its size).
            let fits = "{\"note\": \"" + String(repeating: "x", count: 1000) + "\"}"
            expectError(try await server.call("POST", "/agents/", raw: fits), 422, field: "first_name")
        }
    }

    @Test func otherMethodsAre405WithAllow() async throws {
        try await withServer { server in
            let reply = try await server.request(
                "PATCH", "/agents/1", body: Data("{}".utf8),
                headers: ["Authorization": "Bearer \(server.app.adminToken)"])
            expectError(reply, 405)
            #expect(reply.header("Allow") == "DELETE, GET, HEAD, OPTIONS, PUT")
        }
    }

    @Test func unknownIdsAre404() async throws {
        try await withServer { server in
            for id in ["999", "0", "-1", "abc", "1.5", "99999999999999999999"] {
                // Each with a body the route would accept, so that only the id is wrong.
                for (method, path, body) in [
                    ("GET", "/agents/\(id)", nil), ("PUT", "/agents/\(id)", ["first_name": "Asha"]),
                    ("DELETE", "/agents/\(id)", nil), ("POST", "/agents/\(id)/decrement-fastags", nil),
                    ("GET", "/vehicles/\(id)", nil), ("PUT", "/vehicles/\(id)", ["colour": "RED"]),
                    ("DELETE", "/vehicles/\(id)", nil), ("GET", "/fastags/\(id)", nil),
                    ("PUT", "/fastags/\(id)", ["plan": "500 Plan"]), ("DELETE", "/fastags/\(id)", nil),
                    ("GET", "/fastags/\(id)/transactions", nil),
                    ("POST", "/fastags/\(id)/recharge", ["amount_paise": 100]),
                    ("POST", "/fastags/\(id)/deactivate", nil), ("POST", "/fastags/\(id)/activate", ["vehicle_id": 1]),
                ] as [(String, String, JSONValue?)] {
                    let reply = try await server.call(method, path, json: body)
                    expectError(reply, 404, mentioning: "not found")
                }
            }
            let missing = "3f1c2a9e-5b7d-4c1e-9a2b-6d8e0f1a2b3c"
            for id in [missing, "not-a-uuid", "1"] {
                for (method, path, body) in [
                    ("GET", "/sessions/\(id)", nil), ("PUT", "/sessions/\(id)", ["flow": "menu"]),
                    ("PUT", "/sessions/\(id)/state", ["state": "menu"]), ("POST", "/sessions/\(id)/complete", nil),
                    ("DELETE", "/sessions/\(id)", nil),
                    (
                        "POST", "/sessions/\(id)/documents",
                        ["kind": "rc_front", "image_base64": .string(Data(ImageBytes.jpeg).base64EncodedString())]
                    ),
                ] as [(String, String, JSONValue?)] {
                    let reply = try await server.call(method, path, json: body)
                    expectError(reply, 404, mentioning: "not found")
                }
            }
        }
    }
}
