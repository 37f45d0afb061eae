import HTTPServerKit

/// A route of the product's HTTP API together with what the docs need to describe it.
/// The application registers these in the router and generates `/openapi.json` from the
/// same list, so the documentation cannot drift from the code.
package struct APIRoute: Sendable {
    /// Who may call a route.
    package enum Access: Sendable, Equatable {
        /// No credentials (health, metrics, docs).
        case open
        /// Operators: `Authorization: Bearer <ADMIN_TOKEN>`.
        case admin
        /// Interakt workflows: `Authorization: Bearer <STEP_API_TOKEN>` or `X-API-Key`.
        case stepAPI
    }

    /// How many body bytes a route reads; beyond its limit the server answers 413 (from the
    /// head when `Content-Length` says so) without reading further.
    enum BodyLimit {
        /// A JSON object of a few fields: most routes.
        static let json = 64 * 1024
        /// Meta's largest webhook batch is about 3 MB; Interakt's events are smaller.
        static let webhook = 3 * 1024 * 1024
        /// One photo of at most `ImageData.maxBytes`, base64 in JSON: 4/3 of it, a sixteenth
        /// more for line breaks and escaped slashes, and room for the other fields.
        static let photo = (ImageData.maxBytes + 2) / 3 * 4 * 17 / 16 + json
    }

    struct Parameter: Sendable {
        let name: String
        let schema: JSONValue
        let description: String
    }

    struct Response: Sendable {
        let status: Int
        let description: String
        let schema: JSONValue?
        let example: JSONValue?
        let contentType: String
    }

    package let method: HTTPMethod
    package let path: String
    let summary: String
    package let tag: String
    package let access: Access
    let handler: Router.Handler
    /// Set for a route whose handler never suspends: the server answers it on the event loop
    /// without a `Task` (`Router.addImmediate`); `handler` calls it.
    private(set) var immediateHandler: Router.ImmediateHandler?
    /// Whether the server answers it on the event loop, without a `Task`.
    package var answersAtOnce: Bool { immediateHandler != nil }
    /// The largest body this route reads (the server's `MAX_BODY_BYTES` stays the ceiling).
    private(set) var bodyLimit = BodyLimit.json
    /// Checks the head before the body is read (e.g. that a signature header is there);
    /// credentials are checked from `access` and need no check here.
    private(set) var headCheck: Router.HeadCheck?
    private(set) var description: String?
    private(set) var queryParameters: [Parameter] = []
    package private(set) var requestSchema: JSONValue?
    private(set) var requestExample: JSONValue?
    /// False when an empty body is read as `{}` (every field optional).
    private(set) var requestBodyRequired = true
    private(set) var responses: [Response] = []
    private(set) var errorStatuses: [Int] = []

    init(
        _ method: HTTPMethod, _ path: String, summary: String, tag: String, access: Access = .open,
        handler: @escaping Router.Handler
    ) {
        self.method = method
        self.path = path
        self.summary = summary
        self.tag = tag
        self.access = access
        self.handler = handler
    }

    /// A route whose handler answers without suspending (nothing stored, nothing awaited):
    /// quick work only, as it runs on the event loop. (Not an `init` overload: that would
    /// take every route whose closure happens not to await.)
    static func immediate(
        _ method: HTTPMethod, _ path: String, summary: String, tag: String, access: Access = .open,
        _ handler: @escaping Router.ImmediateHandler
    ) -> APIRoute {
        var route = APIRoute(method, path, summary: summary, tag: tag, access: access) { try handler($0) }
        route.immediateHandler = handler
        return route
    }

    /// The `{name}` segments of the path.
    package var pathParameters: [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map {
            String($0.dropFirst().dropLast())
        }
    }

    // MARK: - Reading the body

    func limitBody(to bytes: Int) -> APIRoute {
        var copy = self
        copy.bodyLimit = bytes
        return copy
    }

    func checkHead(_ check: @escaping Router.HeadCheck) -> APIRoute {
        var copy = self
        copy.headCheck = check
        return copy
    }

    // MARK: - Documentation builders

    func describe(_ text: String) -> APIRoute {
        var copy = self
        copy.description = text
        return copy
    }

    func query(_ name: String, _ schema: JSONValue, _ description: String) -> APIRoute {
        var copy = self
        copy.queryParameters.append(Parameter(name: name, schema: schema, description: description))
        return copy
    }

    /// Adds the `limit` and `offset` parameters of a listing.
    func paged() -> APIRoute {
        let (limit, offset) = (InputLimits.listLimit, InputLimits.listOffset)
        return query(
            "limit", JSONSchema.integer(minimum: limit.lowerBound, maximum: limit.upperBound, default: 50),
            "Items per page (1-500)."
        )
        .query(
            "offset", JSONSchema.integer(minimum: offset.lowerBound, maximum: offset.upperBound, default: 0),
            "Items to skip.")
    }

    func body(_ schema: JSONValue, example: JSONValue, required: Bool = true) -> APIRoute {
        var copy = self
        copy.requestSchema = schema
        copy.requestExample = example
        copy.requestBodyRequired = required
        return copy
    }

    func response(
        _ status: Int, _ description: String, _ schema: JSONValue? = nil, example: JSONValue? = nil,
        contentType: String = "application/json"
    ) -> APIRoute {
        var copy = self
        copy.responses.append(
            Response(
                status: status, description: description, schema: schema, example: example, contentType: contentType))
        return copy
    }

    /// Error statuses this route may answer, all with the error shape.
    func errors(_ statuses: Int...) -> APIRoute {
        var copy = self
        copy.errorStatuses += statuses
        return copy
    }
}
