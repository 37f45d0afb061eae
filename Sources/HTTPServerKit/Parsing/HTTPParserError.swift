/// Why a request could not be parsed. Every case maps to the status the server answers
/// with before it closes the connection, because the framing can no longer be trusted.
public enum HTTPParserError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Not HTTP/1.1 as RFC 9112 writes it, or framing that could smuggle a request (both
    /// `Content-Length` and `Transfer-Encoding`, conflicting lengths, no `Host`): 400. The
    /// text says what, for the log and the client.
    case malformed(String)
    /// The request line is over `maxRequestLineBytes`: 414.
    case uriTooLong
    /// The header fields are over `maxHeaderBytes` or `maxHeaderCount`: 431.
    case headersTooLarge
    /// The body is over its limit, by `Content-Length` or as chunks add up: 413.
    case bodyTooLarge
    /// A transfer coding other than `chunked` (named): 501 (RFC 9112 §6.1).
    case unsupportedTransferCoding(String)
    /// A version other than HTTP/1.0 or HTTP/1.1: 505.
    case unsupportedVersion
    /// An `Expect` other than `100-continue`: 417 (RFC 9110 §10.1.1).
    case expectationFailed

    /// The status the server answers this error with.
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

    /// The message sent to the client and logged; it never quotes the request's bytes
    /// beyond a transfer coding's name.
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
