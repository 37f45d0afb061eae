/// A complete request: head, body bytes as received (so signatures can be checked over
/// them), and what the server and router add (request id, path parameters).
public struct HTTPRequest: Sendable {
    /// The request method.
    public var method: HTTPMethod
    /// The request-target exactly as received, e.g. `/agents/?limit=5`.
    public var target: String {
        didSet { (rawPath, rawQuery) = Self.split(target) }
    }
    /// The path part of the target, still percent-encoded. For an absolute-form target
    /// (`http://host/p`) this is `/p`.
    public private(set) var rawPath: Substring
    /// The query string after `?`, still encoded; empty when there is none.
    public private(set) var rawQuery: Substring
    /// The protocol version of the request line.
    public var version: HTTPVersion
    /// The header fields in arrival order (a chunked body's trailers are checked, not kept).
    public var headers: HTTPHeaders
    /// The body exactly as received (chunked framing removed), so that a signature over it
    /// can be checked.
    public var body: [UInt8]
    /// Values of the `{name}` segments of the route that matched, percent-decoded.
    public var pathParameters: [String: String] = [:]
    /// `X-Request-ID` as sent by the client when it was usable, otherwise one the server made.
    public var requestID: String = ""
    /// Whether the connection may stay open after this request (RFC 9112 §9.3).
    public var keepAlive: Bool
    /// What the router decided from the head, so that it matches each request once.
    var examination: Router.Examination?

    /// A request as the parser makes it, or a test does.
    ///
    /// - Parameters:
    ///   - target: the request-target as sent; `rawPath` and `rawQuery` are split from it.
    ///   - keepAlive: whether the connection may stay open afterwards.
    public init(
        method: HTTPMethod,
        target: String,
        version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = [:],
        body: [UInt8] = [],
        keepAlive: Bool = true
    ) {
        self.method = method
        self.target = target
        (rawPath, rawQuery) = Self.split(target)
        self.version = version
        self.headers = headers
        self.body = body
        self.keepAlive = keepAlive
    }

    /// Splits a target into its path (absolute-form's authority skipped) and its query.
    private static func split(_ target: String) -> (path: Substring, query: Substring) {
        var rest = Substring(target)
        var query: Substring = ""
        if let question = rest.utf8.firstIndex(of: UInt8(ascii: "?")) {
            query = rest[rest.utf8.index(after: question)...]
            rest = rest[..<question]
        }
        if !rest.hasPrefix("/"), let colon = rest.firstIndex(of: ":"), rest[colon...].hasPrefix("://") {
            // absolute-form: skip "scheme://authority"
            let authority = rest[rest.index(colon, offsetBy: 3)...]
            rest = authority.firstIndex(of: "/").map { authority[$0...] } ?? "/"
        }
        return (rest, query)
    }

    /// The percent-decoded path.
    public var path: String {
        let raw = rawPath
        return PercentDecoding.decode(raw) ?? String(raw)
    }

    /// The decoded query items.
    public var query: HTTPQuery { HTTPQuery(parsing: rawQuery) }

    /// A path parameter by name; "" when the route has no such parameter.
    public func parameter(_ name: String) -> String {
        pathParameters[name] ?? ""
    }
}
