import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// `/openapi.json` against the route table, its own schemas and an outside validator; the
/// other API tests check every real reply against it as well (`TestServer.call`).
@Suite(.onBothBackends) struct OpenAPITests {
    @Test func everyRegisteredRouteIsDocumentedWithItsMethod() async throws {
        try await withServer { server in
            let spec = try await server.spec()
            let paths = try #require(spec["paths"]?.objectValue)
            #expect(!server.app.routes.isEmpty)
            for route in server.app.routes {
                let method = route.verb.lowercased()
                #expect(paths[route.path]?[method] != nil, "\(route.method) \(route.path) is missing from the spec")
            }
            // And nothing is documented that is not served.
            let served = Set(server.app.routes.map { "\($0.verb.lowercased()) \($0.path)" })
            for (path, item) in paths {
                for method in item.objectValue?.keys ?? [:].keys {
                    #expect(served.contains("\(method) \(path)"), "\(method) \(path) is documented but not served")
                }
            }
        }
    }

    @Test func everyOperationDocumentsASuccessAndItsAccess() async throws {
        try await withServer { server in
            let spec = try await server.spec()
            var operationIDs: [String] = []
            for route in server.app.routes {
                let name = "\(route.method) \(route.path)"
                let operation = try #require(spec["paths"]?[route.path]?[route.verb.lowercased()])
                let statuses = try #require(operation["responses"]?.objectValue).keys.compactMap { Int($0) }
                #expect(statuses.contains { (200..<300).contains($0) }, "\(name) documents no 2xx response")
                if let id = operation["operationId"]?.stringValue { operationIDs.append(id) }
                let security = operation["security"]?.arrayValue ?? []
                if route.access == .open {
                    // (An open route may still answer 401 for a bad signature, like the webhooks.)
                    #expect(security.isEmpty, "\(name): \(security)")
                } else {
                    #expect(statuses.contains(401), "\(name) needs a token but does not document 401")
                    #expect(!security.isEmpty, "\(name) needs a token but documents no security")
                }
                if route.access == .admin {
                    #expect(security == [["adminToken": []], ["consoleCookie": []]], "\(name): \(security)")
                }
                let declared = Set(
                    (operation["parameters"]?.arrayValue ?? []).filter { $0["in"] == "path" }
                        .compactMap { $0["name"]?.stringValue })
                #expect(declared == Set(route.pathParameters), "\(name) declares path parameters \(declared)")
            }
            #expect(Set(operationIDs).count == server.app.routes.count, "operation ids are missing or repeated")
        }
    }

    @Test func everyExampleMatchesItsSchema() async throws {
        try await withServer { server in
            let spec = try await server.spec()
            let checker = SchemaChecker(spec: spec)
            var checked = 0
            func visit(_ value: JSONValue, _ path: String) {
                switch value {
                case .object(let object):
                    if let schema = object["schema"], let example = object["example"] {
                        checked += 1
                        for problem in checker.problems(example, schema) {
                            Issue.record("the example at \(path) does not match its schema: \(problem)")
                        }
                    }
                    if let examples = object["examples"]?.arrayValue {
                        for example in examples {
                            checked += 1
                            for problem in checker.problems(example, value) {
                                Issue.record("the example at \(path) does not match its schema: \(problem)")
                            }
                        }
                    }
                    for (key, child) in object { visit(child, "\(path)/\(key)") }
                case .array(let items):
                    for (index, child) in items.enumerated() { visit(child, "\(path)/\(index)") }
                default:
                    break
                }
            }
            visit(spec, "#")
            #expect(checked > 50, "only \(checked) examples found")
        }
    }

    @Test func everySchemaIsOneTheCheckerUnderstands() async throws {
        try await withServer { server in
            let spec = try await server.spec()
            let checker = SchemaChecker(spec: spec)
            // Checking null against each schema visits its keywords; only unsupported ones are of interest here.
            func schemas(_ value: JSONValue) -> [JSONValue] {
                switch value {
                case .object(let object):
                    return (object["schema"].map { [$0] } ?? []) + object.values.flatMap(schemas)
                case .array(let items): return items.flatMap(schemas)
                default: return []
                }
            }
            let all =
                schemas(spec["paths"] ?? .null) + (spec["components"]?["schemas"]?.objectValue?.values ?? [:].values)
            #expect(all.count > 40)
            for schema in all {
                let unsupported = checker.problems(.null, schema).filter { $0.contains("does not support") }
                #expect(unsupported.isEmpty, "\(unsupported)")
            }
        }
    }

    @Test func documentedRequestExamplesAreAccepted() async throws {
        try await withServer { server in
            let spec = try await server.spec()
            for path in ["/agents/", "/vehicles/"] {
                let example = try #require(
                    spec["paths"]?[path]?["post"]?["requestBody"]?["content"]?["application/json"]?["example"])
                _ = try await server.post(path, example)
            }
        }
    }

    @Test func bodiesThatMayBeEmptyAreDocumentedAsOptional() async throws {
        try await withServer { server in
            let spec = try await server.spec()
            let optional: Set<String> = ["post /sessions/", "post /fastags/{fastag_id}/deactivate"]
            for route in server.app.routes where route.requestSchema != nil {
                let name = "\(route.verb.lowercased()) \(route.path)"
                let required = spec["paths"]?[route.path]?[route.verb.lowercased()]?["requestBody"]?["required"]
                #expect(required == .bool(!optional.contains(name)), "\(name): \(String(describing: required))")
            }
            // What the document says: an empty body opens a session; elsewhere it is a 400.
            let reply = try await server.call("POST", "/sessions/")
            #expect(reply.status == 201, "\(reply.text)")
            let vehicle = try await server.call("POST", "/vehicles/")
            #expect(vehicle.status == 400, "\(vehicle.text)")
        }
    }

    @Test func createdThingsLinkToTheOperationsThatTakeTheirIDs() async throws {
        try await withServer { server in
            let spec = try await server.spec()
            let operations = Dictionary(
                (spec["paths"]?.objectValue ?? [:]).values.flatMap { item in
                    (item.objectValue ?? [:]).values.compactMap { operation in
                        operation["operationId"]?.stringValue.map { ($0, operation) }
                    }
                }, uniquingKeysWith: { first, _ in first })
            let creates: [(path: String, parameter: String, some: [String])] = [
                ("/sessions/", "session_id", ["get_sessions_session_id", "put_sessions_session_id_state"]),
                ("/vehicles/", "vehicle_id", ["get_vehicles_vehicle_id", "delete_vehicles_vehicle_id"]),
                ("/fastags/", "fastag_id", ["get_fastags_fastag_id", "post_fastags_fastag_id_recharge"]),
                ("/agents/", "agent_id", ["put_agents_agent_id", "post_agents_agent_id_decrement_fastags"]),
            ]
            for (path, parameter, some) in creates {
                let links = spec["paths"]?[path]?["post"]?["responses"]?["201"]?["links"]?.objectValue ?? [:]
                for name in some {
                    #expect(
                        links[name]?["parameters"]?["path.\(parameter)"] == "$response.body#/id",
                        "POST \(path) does not link to \(name): \(links.keys.sorted())")
                }
                for (name, link) in links {
                    let target = try #require(operations[link["operationId"]?.stringValue ?? ""], "\(name)")
                    let takesIt =
                        (target["parameters"]?.arrayValue ?? []).contains { $0["name"]?.stringValue == parameter }
                        || target["requestBody"]?["content"]?["application/json"]?["schema"]?["properties"]?[parameter]
                            != nil
                    #expect(takesIt, "\(name) does not take \(parameter)")
                }
            }
            // The step API takes the session in its bodies.
            let sessionLinks = spec["paths"]?["/sessions/"]?["post"]?["responses"]?["201"]?["links"]
            #expect(
                sessionLinks?["post_fastags_assign_vehicle_number"]?["requestBody"] == [
                    "session_id": "$response.body#/id"
                ])
            let loginLinks = spec["paths"]?["/agents/start"]?["post"]?["responses"]?["200"]?["links"]
            #expect(
                loginLinks?["post_agents_verify_otp"]?["requestBody"] == ["session_id": "$response.body#/session_id"])
        }
    }

    @Test func theStepAPIHasASecuritySchemeOfItsOwn() async throws {
        try await withServer { server in
            let spec = try await server.spec()
            let schemes = spec["components"]?["securitySchemes"]
            #expect(schemes?["stepToken"]?["scheme"] == "bearer" && schemes?["stepKey"]?["name"] == "X-API-Key")
            let stepRoutes = server.app.routes.filter { $0.access == .stepAPI }
            #expect(stepRoutes.count > 20)
            for route in stepRoutes {
                let security = spec["paths"]?[route.path]?[route.verb.lowercased()]?["security"]
                #expect(
                    security == [["stepToken": []], ["stepKey": []]], "\(route.path): \(String(describing: security))")
            }
        }
    }

    @Test func aChannelThatIsNotConfiguredIsADocumented503() async throws {
        try await withServer { server in
            let spec = try await server.spec()
            for (path, secret) in [
                ("/webhook", "WHATSAPP_APP_SECRET"), ("/webhook/interakt", "INTERAKT_WEBHOOK_SECRET"),
            ] {
                let documented = spec["paths"]?[path]?["post"]?["responses"]?["503"]
                let description = documented?["description"]?.stringValue ?? ""
                #expect(description.contains("not configured") && description.contains(secret), "\(description)")
                let reply = try await server.call(
                    "POST", path, json: ["object": "whatsapp_business_account"], credentials: .none)
                expectError(reply, 503, mentioning: secret)
            }
        }
    }

    @Test func specPassesOpenAPISpecValidator() async throws {
        try await withServer { server in
            let reply = try await server.request("GET", "/openapi.json")
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type") == "application/json")
            let file = NSTemporaryDirectory() + "openapi-\(UUID().uuidString).json"
            try reply.body.write(to: URL(fileURLWithPath: file))
            defer { try? FileManager.default.removeItem(atPath: file) }

            let probe = try await run(["python3", "-c", "import openapi_spec_validator"])
            guard probe.status == 0 else {
                Issue.record(
                    """
                    The Python module openapi_spec_validator is not available (\(probe.output)). \
                    Run .ci/run, or: python3 -m pip install openapi-spec-validator
                    """)
                return
            }
            let result = try await run(["python3", "-m", "openapi_spec_validator", file])
            #expect(result.status == 0, "openapi-spec-validator refused the spec:\n\(result.output)")
        }
    }

    @Test func docsPagesLoadTheSpec() async throws {
        try await withServer { server in
            for path in ["/docs", "/redoc"] {
                let reply = try await server.call("GET", path, credentials: .none)
                #expect(reply.status == 200)
                #expect(reply.header("Content-Type")?.hasPrefix("text/html") == true)
                #expect(reply.text.contains("/openapi.json"))
            }
        }
    }

    // MARK: - The checker itself

    @Test func schemaCheckerRefusesWhatItShould() {
        let checker = SchemaChecker(components: [
            "Thing": [
                "type": "object", "additionalProperties": false, "required": ["id", "tag"],
                "properties": [
                    "id": ["type": "integer", "minimum": 1],
                    "tag": ["type": ["string", "null"], "enum": ["a", "b", nil]],
                    "when": ["type": "string", "format": "date-time"],
                    "list": ["type": "array", "items": ["type": "string", "pattern": "^[0-9]+$"]],
                ],
            ]
        ])
        let reference: JSONValue = ["$ref": "#/components/schemas/Thing"]
        #expect(checker.problems(["id": 1, "tag": nil], reference).isEmpty)
        #expect(
            checker.problems(["id": 2, "tag": "a", "when": "2026-11-25T09:30:00.000Z", "list": ["12"]], reference)
                .isEmpty)
        let wrong: [JSONValue] = [
            ["id": 1],  // required
            ["id": 0, "tag": "a"],  // minimum
            ["id": "1", "tag": "a"],  // type
            ["id": 1, "tag": "c"],  // enum
            ["id": 1, "tag": 5],  // type list
            ["id": 1, "tag": "a", "extra": true],  // additionalProperties
            ["id": 1, "tag": "a", "when": "yesterday"],  // format
            ["id": 1, "tag": "a", "list": ["12", "x"]],  // items + pattern
            ["id": 1, "tag": "a", "list": "12"],  // array type
            "thing",  // object type
        ]
        for value in wrong {
            #expect(!checker.problems(value, reference).isEmpty, "\(value) passed")
        }
        #expect(!checker.problems(1, ["$ref": "#/components/schemas/Missing"]).isEmpty)
        #expect(!checker.problems(1, ["type": "integer", "oneOf": []]).isEmpty, "unknown keywords must not pass")
        let either: JSONValue = [
            "type": "object", "minProperties": 1, "maxProperties": 2,
            "anyOf": [["required": ["a"]], ["required": ["b"], "properties": ["b": ["const": true]]]],
        ]
        #expect(checker.problems(["a": 1], either).isEmpty)
        #expect(checker.problems(["b": true], either).isEmpty)
        for value: JSONValue in [[:], ["b": false], ["c": 1], ["a": 1, "b": true, "c": 1]] {
            #expect(!checker.problems(value, either).isEmpty, "\(value) passed")
        }
        // JSON Schema counts characters as Unicode scalars: "कि" is two.
        #expect(!checker.problems("\u{915}\u{93F}", ["type": "string", "maxLength": 1]).isEmpty)
    }

    @Test func independentSHA256MatchesKnownDigests() {
        #expect(ImageBytes.sha256([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            ImageBytes.sha256(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            ImageBytes.sha256(Array(repeating: UInt8(ascii: "a"), count: 1000))
                == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    /// Runs a command found on PATH; returns its exit status and combined output.
    private func run(_ arguments: [String]) async throws -> (status: Int32?, output: String) {
        let child = try ChildProcess("/usr/bin/env", arguments)
        let status = await child.waitForExit()
        return (status, child.output)
    }
}
