import HTTPServerKit

/// Reads a JSON object body field by field, with errors a client can act on: 400 when the
/// body is not a JSON object, 422 naming the field when one is missing, of the wrong type,
/// null where it may not be, invalid, or unknown to the endpoint (a typo'd field is refused,
/// not silently ignored).
struct RequestBody {
    private let fields: [String: JSONValue]
    private var read: Set<String> = []

    init(_ request: HTTPRequest) throws {
        guard !request.body.isEmpty else { throw HTTPError(.badRequest, "A JSON object body is required") }
        let value: JSONValue
        do {
            value = try JSONValue.parse(request.body)
        } catch {
            throw HTTPError(.badRequest, "The body is not valid JSON")
        }
        guard let object = value.objectValue else {
            throw HTTPError(.badRequest, "The body must be a JSON object, not \(value.typeName)")
        }
        fields = object
    }

    init(fields: [String: JSONValue]) {
        self.fields = fields
    }

    /// An empty body reads as an empty object (for endpoints whose fields are all optional).
    static func allowingEmpty(_ request: HTTPRequest) throws -> RequestBody {
        request.body.isEmpty ? RequestBody(fields: [:]) : try RequestBody(request)
    }

    static func invalid(_ field: String, _ reason: String) -> HTTPError {
        HTTPError(.unprocessableContent, "Invalid '\(field)': \(reason)")
    }

    func contains(_ field: String) -> Bool { fields[field] != nil }

    /// The raw value, or nil when absent.
    mutating func value(_ field: String) -> JSONValue? {
        read.insert(field)
        return fields[field]
    }

    /// The value of a field that is present: nil when absent, and when null for a field
    /// documented as nullable (null clears it); null elsewhere is refused, naming the field,
    /// rather than read as "no change".
    private mutating func present(_ field: String, nullable: Bool) throws -> JSONValue? {
        switch value(field) {
        case nil: return nil
        case .null?:
            guard nullable else { throw Self.invalid(field, "must not be null") }
            return nil
        case let value?: return value
        }
    }

    /// A string; nil when absent (or null, where `nullable`).
    package mutating func string(_ field: String, nullable: Bool = false) throws -> String? {
        switch try present(field, nullable: nullable) {
        case nil: return nil
        case .string(let text): return text
        case let other?: throw Self.invalid(field, "must be a string, not \(other.typeName)")
        }
    }

    mutating func requiredString(_ field: String) throws -> String {
        guard let text = try string(field) else { throw missing(field) }
        return text
    }

    /// An integer within `range`; nil when absent (or null, where `nullable`).
    mutating func integer(_ field: String, in range: ClosedRange<Int64>, nullable: Bool = false) throws -> Int64? {
        guard let value = try present(field, nullable: nullable) else { return nil }
        guard let number = value.intValue else {
            throw Self.invalid(field, "must be an integer, not \(value.typeName)")
        }
        guard range.contains(number) else {
            throw Self.invalid(field, "must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return number
    }

    mutating func requiredInteger(_ field: String, in range: ClosedRange<Int64>) throws -> Int64 {
        guard let number = try integer(field, in: range) else { throw missing(field) }
        return number
    }

    mutating func bool(_ field: String) throws -> Bool? {
        switch try present(field, nullable: false) {
        case nil: return nil
        case .bool(let flag): return flag
        case let other?: throw Self.invalid(field, "must be true or false, not \(other.typeName)")
        }
    }

    package mutating func object(_ field: String) throws -> [String: JSONValue]? {
        switch try present(field, nullable: false) {
        case nil: return nil
        case .object(let object): return object
        case let other?: throw Self.invalid(field, "must be an object, not \(other.typeName)")
        }
    }

    /// A string run through a validator; the validator's reason becomes the 422 message.
    mutating func validated<T>(
        _ field: String, nullable: Bool = false, _ validate: (String) throws(InvalidInput) -> T
    ) throws -> T? {
        guard let text = try string(field, nullable: nullable) else { return nil }
        do {
            return try validate(text)
        } catch {
            throw Self.invalid(field, error.reason)
        }
    }

    /// A path parameter run through a validator (422 naming it when refused).
    static func validateParameter<T>(_ text: String, _ name: String, _ validate: (String) throws(InvalidInput) -> T)
        throws -> T
    {
        do {
            return try validate(text)
        } catch {
            throw invalid(name, error.reason)
        }
    }

    /// A required string run through a validator.
    mutating func required<T>(_ field: String, _ validate: (String) throws(InvalidInput) -> T) throws -> T {
        guard let value = try validated(field, validate) else { throw missing(field) }
        return value
    }

    /// One of `type`'s raw values.
    mutating func choice<T: RawRepresentable & CaseIterable>(_ field: String, _ type: T.Type) throws -> T?
    where T.RawValue == String {
        guard let text = try string(field) else { return nil }
        guard let value = T(rawValue: text) else {
            throw Self.invalid(field, "must be one of \(T.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))")
        }
        return value
    }

    mutating func requiredChoice<T: RawRepresentable & CaseIterable>(_ field: String, _ type: T.Type) throws -> T
    where T.RawValue == String {
        guard let value = try choice(field, type) else { throw missing(field) }
        return value
    }

    /// Refuses fields that were never read: the endpoint does not know them.
    func finish() throws {
        let unknown = Set(fields.keys).subtracting(read).sorted()
        guard unknown.isEmpty else {
            throw HTTPError(
                .unprocessableContent,
                "Unknown field\(unknown.count > 1 ? "s" : "") \(unknown.map { "'\($0)'" }.joined(separator: ", "))")
        }
    }
}

/// The 422 for a required field that is absent.
func missing(_ field: String) -> HTTPError {
    HTTPError(.unprocessableContent, "Missing required field '\(field)'")
}
