import Foundation
import HTTPServerKit

extension HTTPResponse {
    /// `value` encoded as JSON.
    static func json(_ value: some Encodable, status: HTTPStatus = .ok) throws -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return .json(bytes: Array(try encoder.encode(value)), status: status)
    }
}

extension HTTPResponse {
    /// A JSON value as the response body.
    static func json(_ value: JSONValue, status: HTTPStatus = .ok) -> HTTPResponse {
        .json(bytes: value.jsonBytes, status: status)
    }
}
