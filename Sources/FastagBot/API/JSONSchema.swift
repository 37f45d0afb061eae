/// Small builders for the JSON Schemas (OpenAPI 3.1 dialect) that document the API.
enum JSONSchema {
    package static func object(
        _ properties: KeyValuePairs<String, JSONValue>, required: [String] = [], description: String? = nil
    ) -> JSONValue {
        object(properties: properties.map { ($0.key, $0.value) }, required: required, description: description)
    }

    package static func object(properties: [(String, JSONValue)], required: [String] = [], description: String? = nil)
        -> JSONValue
    {
        var schema: [String: JSONValue] = [
            "type": "object",
            "properties": .object(Dictionary(properties, uniquingKeysWith: { $1 })),
            "additionalProperties": false,
        ]
        if !required.isEmpty { schema["required"] = .array(required.map(JSONValue.string)) }
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }

    package static func string(
        _ description: String? = nil, format: String? = nil, pattern: String? = nil, values: [String]? = nil,
        maxLength: Int? = nil, example: String? = nil, nullable: Bool = false
    ) -> JSONValue {
        var schema: [String: JSONValue] = ["type": nullable ? ["string", "null"] : "string"]
        if let description { schema["description"] = .string(description) }
        if let format { schema["format"] = .string(format) }
        if let pattern { schema["pattern"] = .string(pattern) }
        if let maxLength { schema["maxLength"] = .int(Int64(maxLength)) }
        if let values { schema["enum"] = .array(values.map(JSONValue.string) + (nullable ? [.null] : [])) }
        if let example { schema["examples"] = [.string(example)] }
        return .object(schema)
    }

    static func integer(
        _ description: String? = nil, minimum: Int64? = nil, maximum: Int64? = nil, default value: Int64? = nil,
        nullable: Bool = false
    ) -> JSONValue {
        var schema: [String: JSONValue] = ["type": nullable ? ["integer", "null"] : "integer"]
        if let description { schema["description"] = .string(description) }
        if let minimum { schema["minimum"] = .int(minimum) }
        if let maximum { schema["maximum"] = .int(maximum) }
        if let value { schema["default"] = .int(value) }
        return .object(schema)
    }

    /// An integer the server accepts exactly within `range`.
    static func integer(_ description: String? = nil, in range: ClosedRange<Int64>, nullable: Bool = false)
        -> JSONValue
    {
        integer(description, minimum: range.lowerBound, maximum: range.upperBound, nullable: nullable)
    }

    /// `schema` with more keywords (`anyOf`, `minProperties` …).
    static func adding(_ keywords: [String: JSONValue], to schema: JSONValue) -> JSONValue {
        .object((schema.objectValue ?? [:]).merging(keywords) { $1 })
    }

    static func boolean(_ description: String? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "boolean"]
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }

    static func time(_ description: String? = nil, nullable: Bool = false) -> JSONValue {
        string(description, format: "date-time", example: "2026-11-25T09:30:00.000Z", nullable: nullable)
    }

    package static func array(_ items: JSONValue, description: String? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "array", "items": items]
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }

    /// Any JSON object (a session's collected data).
    static func freeObject(_ description: String) -> JSONValue {
        ["type": "object", "description": .string(description), "additionalProperties": true]
    }

    static func ref(_ name: String) -> JSONValue {
        ["$ref": .string("#/components/schemas/\(name)")]
    }

    /// A page of `item`s.
    static func page(of item: String) -> JSONValue {
        object(
            [
                "items": array(ref(item)), "total": integer("Items matching the filters."),
                "limit": integer(), "offset": integer(),
            ], required: ["items", "total", "limit", "offset"])
    }
}
