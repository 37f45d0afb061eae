import HTTPServerKit

extension HTTPResponse {
    /// A JSON value as the response body.
    static func json(_ value: JSONValue, status: HTTPStatus = .ok) -> HTTPResponse {
        .json(bytes: value.jsonBytes, status: status)
    }
}
