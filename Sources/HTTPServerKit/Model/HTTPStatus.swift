/// A response status code with its reason phrase. A struct with static constants keeps
/// the set open: any code in 100...599 can be sent.
public struct HTTPStatus: Hashable, Sendable, CustomStringConvertible {
    /// The three-digit code.
    public let code: Int
    /// The text after the code in the status line.
    public let reasonPhrase: String

    /// A status; its phrase is the standard one unless given.
    ///
    /// - Parameters:
    ///   - code: 100 through 599; anything else is a programming error (it traps).
    ///   - reasonPhrase: nil for the registered phrase ("Status 599" for an unknown code).
    public init(code: Int, reasonPhrase: String? = nil) {
        precondition((100...599).contains(code), "HTTP status code out of range: \(code)")
        self.code = code
        self.reasonPhrase = reasonPhrase ?? HTTPStatus.phrases[code] ?? "Status \(code)"
    }

    /// `404 Not Found`.
    public var description: String { "\(code) \(reasonPhrase)" }

    /// 1xx, 204 and 304 answers never carry a body (RFC 9110 §6.4.1).
    public var allowsBody: Bool { code >= 200 && code != 204 && code != 304 }

    /// 100 Continue: send the body (RFC 9110 §15.2.1).
    public static let `continue` = HTTPStatus(code: 100)
    /// 200 OK (RFC 9110 §15.3.1).
    public static let ok = HTTPStatus(code: 200)
    /// 201 Created (RFC 9110 §15.3.2).
    public static let created = HTTPStatus(code: 201)
    /// 202 Accepted: taken, handled later (RFC 9110 §15.3.3).
    public static let accepted = HTTPStatus(code: 202)
    /// 204 No Content: never a body (RFC 9110 §15.3.5).
    public static let noContent = HTTPStatus(code: 204)
    /// 301 Moved Permanently (RFC 9110 §15.4.2).
    public static let movedPermanently = HTTPStatus(code: 301)
    /// 302 Found (RFC 9110 §15.4.3).
    public static let found = HTTPStatus(code: 302)
    /// 304 Not Modified: never a body (RFC 9110 §15.4.5).
    public static let notModified = HTTPStatus(code: 304)
    /// 400 Bad Request (RFC 9110 §15.5.1).
    public static let badRequest = HTTPStatus(code: 400)
    /// 401 Unauthorized: missing or wrong credentials (RFC 9110 §15.5.2).
    public static let unauthorized = HTTPStatus(code: 401)
    /// 403 Forbidden (RFC 9110 §15.5.4).
    public static let forbidden = HTTPStatus(code: 403)
    /// 404 Not Found (RFC 9110 §15.5.5).
    public static let notFound = HTTPStatus(code: 404)
    /// 405 Method Not Allowed, sent with `Allow` (RFC 9110 §15.5.6).
    public static let methodNotAllowed = HTTPStatus(code: 405)
    /// 408 Request Timeout (RFC 9110 §15.5.9).
    public static let requestTimeout = HTTPStatus(code: 408)
    /// 409 Conflict (RFC 9110 §15.5.10).
    public static let conflict = HTTPStatus(code: 409)
    /// 410 Gone (RFC 9110 §15.5.11).
    public static let gone = HTTPStatus(code: 410)
    /// 411 Length Required (RFC 9110 §15.5.12).
    public static let lengthRequired = HTTPStatus(code: 411)
    /// 413 Content Too Large (RFC 9110 §15.5.14).
    public static let payloadTooLarge = HTTPStatus(code: 413)
    /// 414 URI Too Long (RFC 9110 §15.5.15).
    public static let uriTooLong = HTTPStatus(code: 414)
    /// 415 Unsupported Media Type (RFC 9110 §15.5.16).
    public static let unsupportedMediaType = HTTPStatus(code: 415)
    /// 417 Expectation Failed (RFC 9110 §15.5.18).
    public static let expectationFailed = HTTPStatus(code: 417)
    /// 422 Unprocessable Content (RFC 9110 §15.5.21).
    public static let unprocessableContent = HTTPStatus(code: 422)
    /// 429 Too Many Requests (RFC 6585 §4).
    public static let tooManyRequests = HTTPStatus(code: 429)
    /// 431 Request Header Fields Too Large (RFC 6585 §5).
    public static let requestHeaderFieldsTooLarge = HTTPStatus(code: 431)
    /// 500 Internal Server Error (RFC 9110 §15.6.1).
    public static let internalServerError = HTTPStatus(code: 500)
    /// 501 Not Implemented (RFC 9110 §15.6.2).
    public static let notImplemented = HTTPStatus(code: 501)
    /// 502 Bad Gateway (RFC 9110 §15.6.3).
    public static let badGateway = HTTPStatus(code: 502)
    /// 503 Service Unavailable (RFC 9110 §15.6.4).
    public static let serviceUnavailable = HTTPStatus(code: 503)
    /// 504 Gateway Timeout (RFC 9110 §15.6.5).
    public static let gatewayTimeout = HTTPStatus(code: 504)
    /// 505 HTTP Version Not Supported (RFC 9110 §15.6.6).
    public static let httpVersionNotSupported = HTTPStatus(code: 505)

    private static let phrases: [Int: String] = [
        100: "Continue", 101: "Switching Protocols",
        200: "OK", 201: "Created", 202: "Accepted", 204: "No Content",
        301: "Moved Permanently", 302: "Found", 303: "See Other", 304: "Not Modified",
        307: "Temporary Redirect", 308: "Permanent Redirect",
        400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
        405: "Method Not Allowed", 406: "Not Acceptable", 408: "Request Timeout", 409: "Conflict",
        410: "Gone", 411: "Length Required", 412: "Precondition Failed", 413: "Content Too Large",
        414: "URI Too Long", 415: "Unsupported Media Type", 417: "Expectation Failed",
        422: "Unprocessable Content", 429: "Too Many Requests", 431: "Request Header Fields Too Large",
        500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway",
        503: "Service Unavailable", 504: "Gateway Timeout", 505: "HTTP Version Not Supported",
    ]
}
