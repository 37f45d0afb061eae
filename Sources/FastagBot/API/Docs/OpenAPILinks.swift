/// OpenAPI links from an answer that carries a new id to the operations that take it, so a
/// client (schemathesis' stateful phase among them) can chain a create with what uses it.
struct OpenAPILinks {
    /// The schemas whose `id` the operations on one of them take as this path parameter.
    static let idParameters: [String: String] = [
        "Agent": "agent_id", "Session": "session_id", "Vehicle": "vehicle_id", "Fastag": "fastag_id",
    ]

    let routes: [APIRoute]

    /// The links of `route`'s answer with `status` and `schema`, by name; nil when it has none.
    func from(_ route: APIRoute, status: Int, _ schema: JSONValue) -> [String: JSONValue]? {
        guard let name = schema["$ref"]?.stringValue?.split(separator: "/").last.map(String.init) else { return nil }
        let parameter: String
        let expression: JSONValue
        if status == 201, let id = Self.idParameters[name] {
            (parameter, expression) = (id, "$response.body#/id")
        } else if name == "StepAnswer", route.path == "/agents/start" {
            // A login starts the step API's sessions; every later answer names the session too.
            (parameter, expression) = ("session_id", "$response.body#/session_id")
        } else {
            return nil
        }
        var links: [String: JSONValue] = [:]
        for target in routes where target.path != route.path || target.method != route.method {
            let operationID = JSONValue.string(OpenAPIDocument.operationID(target))
            if target.pathParameters.contains(parameter) {
                links[OpenAPIDocument.operationID(target)] = [
                    "operationId": operationID, "parameters": .object(["path.\(parameter)": expression]),
                ]
            } else if parameter == "session_id", target.requestSchema?["properties"]?[parameter] != nil {
                // The step API takes the session in the body; the rest of it is the target's own.
                links[OpenAPIDocument.operationID(target)] = [
                    "operationId": operationID, "requestBody": .object([parameter: expression]),
                ]
            }
        }
        return links
    }
}
