import Foundation
import HTTPServerKit

/// Builds `/openapi.json` (OpenAPI 3.1) from the route table.
enum OpenAPIDocument {
    static let tagDescriptions: [(String, String)] = [
        ("System", "Health, version and metrics."),
        ("Agents", "FASTag field agents: registration, status, wallet and FASTag count."),
        ("Sessions", "Conversations: where each stands and what it has collected."),
        ("Vehicles", "Registered vehicles and the maker, model and descriptor lists."),
        ("FASTags", "The tag stock, activation, recharge and transactions."),
        (
            "Webhooks",
            "Where Meta (WhatsApp Cloud API) and Interakt deliver agents' chat messages; signed, not token-protected."
        ),
        ("Console", "The operators' console: its pages, signing in and out, and its chat with the sandbox."),
        (
            "Step API",
            "For Interakt workflows: one endpoint per question of the dialogue. Always continue with the `session_id` of the latest answer, and branch on `data.step`."
        ),
    ]

    static func make(routes: [APIRoute]) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        let links = OpenAPILinks(routes: routes)
        for route in routes {
            var item = paths[route.path]?.objectValue ?? [:]
            item[route.method.rawValue.lowercased()] = operation(route, links: links)
            paths[route.path] = .object(item)
        }
        let usedTags = Set(routes.map(\.tag))
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "fastag-bot API",
                "version": .string(FastagBotInfo.version),
                "description": """
                The HTTP API of fastag-bot, the WhatsApp assistant for FASTag field agents. \
                Operators' endpoints need `Authorization: Bearer <ADMIN_TOKEN>`; the step API takes its own \
                token, `STEP_API_TOKEN`, as a Bearer token or in `X-API-Key`. \
                Errors always have the shape `{"status":"error","message":"…"}`. \
                Each schema says exactly what is taken: patterns, lengths, bounds, and `null` only where a \
                field is nullable (it clears the field).
                """,
            ],
            "servers": [["url": "/"]],
            "tags": .array(
                tagDescriptions.filter { usedTags.contains($0.0) }.map {
                    ["name": .string($0.0), "description": .string($0.1)]
                }),
            "paths": .object(paths),
            "components": [
                "schemas": .object(Schemas.all.merging(Schemas.console) { $1 }),
                "securitySchemes": [
                    "adminToken": [
                        "type": "http", "scheme": "bearer",
                        "description": "The operators' token (ADMIN_TOKEN; printed at start when generated).",
                    ],
                    "consoleCookie": [
                        "type": "apiKey", "in": "cookie", "name": "fastag_console",
                        "description":
                            "A console sign-in (POST /console/sign-in); methods that change something also need its X-CSRF-Token header.",
                    ],
                    "stepToken": [
                        "type": "http", "scheme": "bearer",
                        "description": "The step API's token (STEP_API_TOKEN; printed at start when generated).",
                    ],
                    "stepKey": [
                        "type": "apiKey", "in": "header", "name": "X-API-Key",
                        "description": "The same STEP_API_TOKEN, as a header Interakt workflows can set.",
                    ],
                ],
            ],
        ]
    }

    private static func operation(_ route: APIRoute, links: OpenAPILinks) -> JSONValue {
        var operation: [String: JSONValue] = [
            "operationId": .string(operationID(route)),
            "summary": .string(route.summary),
            "tags": [.string(route.tag)],
        ]
        if let description = route.description { operation["description"] = .string(description) }
        var parameters: [JSONValue] = route.pathParameters.map { name in
            [
                "name": .string(name), "in": "path", "required": true, "schema": pathParameterSchema(name),
                "description": .string("The \(name.replacingUnderscores)."),
            ]
        }
        parameters += route.queryParameters.map { parameter in
            [
                "name": .string(parameter.name), "in": "query", "required": false, "schema": parameter.schema,
                "description": .string(parameter.description),
            ]
        }
        if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
        if let schema = route.requestSchema {
            var media: [String: JSONValue] = ["schema": schema]
            if let example = route.requestExample { media["example"] = example }
            operation["requestBody"] = [
                "required": .bool(route.requestBodyRequired), "content": ["application/json": .object(media)],
            ]
        }
        var responses: [String: JSONValue] = [:]
        for response in route.responses {
            var entry: [String: JSONValue] = ["description": .string(response.description)]
            if let schema = response.schema {
                var media: [String: JSONValue] = ["schema": schema]
                if let example = response.example { media["example"] = example }
                entry["content"] = .object([response.contentType: .object(media)])
                if (200..<300).contains(response.status),
                    let found = links.from(route, status: response.status, schema), !found.isEmpty
                {
                    entry["links"] = .object(found)
                }
            }
            responses[String(response.status)] = .object(entry)
        }
        var errors = route.errorStatuses
        if route.access != .open { errors.append(401) }
        // A console sign-in without its CSRF token may change nothing.
        if route.access == .admin, !ConsoleCookie.isSafe(route.method) { errors.append(403) }
        // The server refuses a body over MAX_BODY_BYTES before any route sees it.
        if route.requestSchema != nil { errors.append(413) }
        // Everything but the system routes reads or writes the database.
        if route.tag != "System" { errors.append(503) }
        for status in Set(errors) where responses[String(status)] == nil {
            responses[String(status)] = [
                "description": .string(errorDescriptions[status] ?? "Error"),
                "content": ["application/json": ["schema": JSONSchema.ref("Error")]],
            ]
        }
        operation["responses"] = .object(responses)
        switch route.access {
        case .open: operation["security"] = []
        case .admin: operation["security"] = [["adminToken": []], ["consoleCookie": []]]
        case .stepAPI: operation["security"] = [["stepToken": []], ["stepKey": []]]
        }
        return .object(operation)
    }

    static let errorDescriptions: [Int: String] = [
        400: "The body is not a JSON object",
        401: "The token or signature is missing or wrong",
        403: "Refused",
        404: "Not found",
        409: "Conflicts with what is stored (a duplicate, or a change that cannot happen now)",
        413: "The body is too large",
        422: "A field is missing, of the wrong type or invalid; the message names it",
        503:
            "The database cannot be reached, or the session is busy on another replica: nothing was changed; try again (Retry-After)",
    ]

    /// `post_agents_agent_id_decrement_fastags`
    static func operationID(_ route: APIRoute) -> String {
        let words = route.path.split(separator: "/").map { segment in
            segment.filter { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }.replacingOccurrences(
                of: "-", with: "_")
        }
        return ([route.method.rawValue.lowercased()] + words).joined(separator: "_")
    }

    private static func pathParameterSchema(_ name: String) -> JSONValue {
        switch name {
        case "session_id": JSONSchema.string(format: "uuid")
        case "vehicle_number": Schemas.vehicleNumberInput()
        case let id where id.hasSuffix("_id"): JSONSchema.integer(in: InputLimits.id)
        default: JSONSchema.string()
        }
    }
}

extension String {
    fileprivate var replacingUnderscores: String { replacingOccurrences(of: "_", with: " ") }
}
