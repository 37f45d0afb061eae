/// Why a request could not be parsed. Every case maps to the status the server answers
/// with before it closes the connection, because the framing can no longer be trusted.
public enum HTTPParserError: Error, Hashable, Sendable, CustomStringConvertible {
    case malformed(String)
    case uriTooLong
    case headersTooLarge
    case bodyTooLarge
    case unsupportedTransferCoding(String)
    case unsupportedVersion
    case expectationFailed

    public var status: HTTPStatus {
        switch self {
        case .malformed: .badRequest
        case .uriTooLong: .uriTooLong
        case .headersTooLarge: .requestHeaderFieldsTooLarge
        case .bodyTooLarge: .payloadTooLarge
        case .unsupportedTransferCoding: .notImplemented
        case .unsupportedVersion: .httpVersionNotSupported
        case .expectationFailed: .expectationFailed
        }
    }

    public var description: String {
        switch self {
        case .malformed(let reason): "Malformed request: \(reason)"
        case .uriTooLong: "Request line too long"
        case .headersTooLarge: "Request header fields too large"
        case .bodyTooLarge: "Request body too large"
        case .unsupportedTransferCoding(let coding): "Unsupported transfer coding: \(coding)"
        case .unsupportedVersion: "HTTP version not supported"
        case .expectationFailed: "Only 'Expect: 100-continue' is supported"
        }
    }
}
