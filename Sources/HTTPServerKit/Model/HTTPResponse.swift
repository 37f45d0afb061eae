/// A response a handler returns. The server adds `Content-Length`, `Date`, `Connection`
/// and `X-Request-ID`; handlers set everything else.
public struct HTTPResponse: Sendable {
    /// The status code and reason phrase.
    public var status: HTTPStatus
    /// Fields the handler sets; the server's own (`Content-Length`, `Date`, `Connection`,
    /// `X-Request-ID`, `Transfer-Encoding`) are replaced on the way out.
    public var headers: HTTPHeaders
    /// The body, sent whole with its `Content-Length` (not for HEAD, 1xx, 204 or 304).
    public var body: [UInt8]
    /// The pattern of the route that produced this response (`/agents/{agent_id}`), set by
    /// the router so that access logs and metrics can group by route, not by raw path.
    public var route: String?

    /// A response; 200 with no body by default.
    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A UTF-8 text response.
    ///
    /// - Parameters:
    ///   - text: the body.
    ///   - contentType: the `Content-Type`; plain UTF-8 text by default.
    /// - Returns: the response, 200 unless `status` says otherwise.
    public static func text(
        _ text: String, status: HTTPStatus = .ok, contentType: String = "text/plain; charset=utf-8"
    ) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": contentType], body: Array(text.utf8))
    }

    /// A response whose body is already-encoded JSON (`Content-Type: application/json`).
    ///
    /// - Parameter bytes: the encoded JSON, sent as is.
    /// - Returns: the response, 200 unless `status` says otherwise.
    public static func json(bytes: [UInt8], status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: bytes)
    }
}
