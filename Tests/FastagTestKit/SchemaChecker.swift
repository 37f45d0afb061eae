import FastagBot
import Foundation

/// A small JSON Schema checker for the subset `/openapi.json` uses: `type` (a name or a list
/// such as `["string","null"]`), `properties`, `required`, `additionalProperties` (false,
/// true or a schema), `minProperties`, `maxProperties`, `anyOf`, `items`, `enum`, `const`,
/// `minimum`, `maximum`, `pattern`, `minLength`, `maxLength` (in Unicode scalars, as JSON
/// Schema counts), `format` (`date-time`, `uuid`) and `$ref` into `#/components/schemas/`.
/// A keyword it does not know is reported as a problem rather than ignored, so a schema can
/// never pass just because the checker skipped part of it.
package struct SchemaChecker {
    package let components: [String: JSONValue]

    package init(components: [String: JSONValue] = [:]) {
        self.components = components
    }

    /// The checker for a whole OpenAPI document.
    package init(spec: JSONValue) {
        components = spec["components"]?["schemas"]?.objectValue ?? [:]
    }

    private static let annotations: Set<String> = ["description", "examples", "default", "title", "deprecated"]
    private static let keywords: Set<String> = [
        "$ref", "type", "properties", "required", "additionalProperties", "minProperties", "maxProperties", "anyOf",
        "items", "enum", "const", "minimum", "maximum", "pattern", "minLength", "maxLength", "format",
    ]

    /// Every way `value` breaks `schema`, each prefixed with where (`$.items[0].mobile`).
    package func problems(_ value: JSONValue, _ schema: JSONValue, at path: String = "$") -> [String] {
        guard let rules = schema.objectValue else {
            if schema == .bool(true) { return [] }
            if schema == .bool(false) { return ["\(path): no value is allowed here"] }
            return ["\(path): the schema is not an object: \(schema)"]
        }
        var problems: [String] = []
        for key in rules.keys where !Self.keywords.contains(key) && !Self.annotations.contains(key) {
            problems.append("\(path): the checker does not support the keyword '\(key)'")
        }
        if let reference = rules["$ref"] {
            guard let text = reference.stringValue, text.hasPrefix("#/components/schemas/"),
                let target = components[String(text.dropFirst("#/components/schemas/".count))]
            else { return problems + ["\(path): unresolvable $ref \(reference)"] }
            problems += self.problems(value, target, at: path)
        }
        if let type = rules["type"] {
            let names = type.arrayValue?.compactMap(\.stringValue) ?? type.stringValue.map { [$0] } ?? []
            if names.isEmpty { problems.append("\(path): malformed type \(type)") }
            if !names.contains(where: { Self.value(value, is: $0) }) {
                return problems + ["\(path): expected \(names.joined(separator: " or ")), got \(value.typeName)"]
            }
        }
        if let choices = rules["enum"]?.arrayValue, !choices.contains(where: { Self.same($0, value) }) {
            problems.append("\(path): \(value) is not one of \(JSONValue.array(choices))")
        }
        if let constant = rules["const"], !Self.same(constant, value) {
            problems.append("\(path): \(value) is not \(constant)")
        }
        if let branches = rules["anyOf"] {
            let outcomes = (branches.arrayValue ?? []).map { self.problems(value, $0, at: path) }
            if !outcomes.contains(where: \.isEmpty) {
                problems.append("\(path): matches none of anyOf: \(outcomes.flatMap { $0 })")
            }
        }
        problems += numberProblems(value, rules, path)
        problems += stringProblems(value, rules, path)
        problems += objectProblems(value, rules, path)
        if case .array(let elements) = value, let items = rules["items"] {
            for (index, element) in elements.enumerated() {
                problems += self.problems(element, items, at: "\(path)[\(index)]")
            }
        }
        return problems
    }

    private func numberProblems(_ value: JSONValue, _ rules: [String: JSONValue], _ path: String) -> [String] {
        guard let number = Self.number(value) else { return [] }
        var problems: [String] = []
        if let minimum = rules["minimum"].flatMap(Self.number), number < minimum {
            problems.append("\(path): \(value) is below the minimum \(minimum)")
        }
        if let maximum = rules["maximum"].flatMap(Self.number), number > maximum {
            problems.append("\(path): \(value) is above the maximum \(maximum)")
        }
        return problems
    }

    private func stringProblems(_ value: JSONValue, _ rules: [String: JSONValue], _ path: String) -> [String] {
        guard case .string(let text) = value else { return [] }
        var problems: [String] = []
        if let pattern = rules["pattern"]?.stringValue {
            if let regex = try? NSRegularExpression(pattern: Self.icu(pattern)) {
                let range = NSRange(text.startIndex..., in: text)
                if regex.firstMatch(in: text, range: range) == nil {
                    problems.append("\(path): '\(text)' does not match \(pattern)")
                }
            } else {
                problems.append("\(path): malformed pattern \(pattern)")
            }
        }
        if let minimum = rules["minLength"]?.intValue, text.unicodeScalars.count < minimum {
            problems.append("\(path): '\(text)' is shorter than \(minimum)")
        }
        if let maximum = rules["maxLength"]?.intValue, text.unicodeScalars.count > maximum {
            problems.append("\(path): '\(text)' is longer than \(maximum)")
        }
        switch rules["format"]?.stringValue {
        case "date-time"?:
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            if formatter.date(from: text) == nil && ISO8601DateFormatter().date(from: text) == nil {
                problems.append("\(path): '\(text)' is not an RFC 3339 date-time")
            }
        case "uuid"?:
            if UUID(uuidString: text) == nil { problems.append("\(path): '\(text)' is not a UUID") }
        default:
            break
        }
        return problems
    }

    private func objectProblems(_ value: JSONValue, _ rules: [String: JSONValue], _ path: String) -> [String] {
        guard case .object(let fields) = value else { return [] }
        var problems: [String] = []
        let properties = rules["properties"]?.objectValue ?? [:]
        for name in rules["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where fields[name] == nil {
            problems.append("\(path): the required property '\(name)' is missing")
        }
        if let minimum = rules["minProperties"]?.intValue, fields.count < minimum {
            problems.append("\(path): fewer than \(minimum) properties")
        }
        if let maximum = rules["maxProperties"]?.intValue, fields.count > maximum {
            problems.append("\(path): more than \(maximum) properties")
        }
        for (name, field) in fields.sorted(by: { $0.key < $1.key }) {
            if let schema = properties[name] {
                problems += self.problems(field, schema, at: "\(path).\(name)")
            } else if let additional = rules["additionalProperties"] {
                if additional == .bool(false) {
                    problems.append("\(path): the property '\(name)' is not allowed")
                } else if additional != .bool(true) {
                    problems += self.problems(field, additional, at: "\(path).\(name)")
                }
            }
        }
        return problems
    }

    /// An ECMA-262 pattern (JSON Schema's dialect) for ICU: a final `$` is the end of the
    /// input there, while ICU's `$` also matches before a final newline.
    package static func icu(_ pattern: String) -> String {
        pattern.hasSuffix("$") && !pattern.hasSuffix("\\$") ? pattern.dropLast() + "\\z" : pattern
    }

    private static func value(_ value: JSONValue, is type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object),
            ("integer", .int), ("number", .int), ("number", .double):
            true
        case ("integer", .double(let number)): number == number.rounded()
        default: false
        }
    }

    private static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let number): Double(number)
        case .double(let number): number
        default: nil
        }
    }

    private static func same(_ left: JSONValue, _ right: JSONValue) -> Bool {
        if let a = number(left), let b = number(right) { return a == b }
        return left == right
    }
}
