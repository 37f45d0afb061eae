/// An error that knows which response it becomes. Handlers throw these for anything a
/// client did wrong; every other error is a 500 whose details stay in the log.
public protocol HTTPResponseError: Error {
    /// The status of the answer.
    var status: HTTPStatus { get }
    /// The text shown to the client.
    var message: String { get }
    /// Extra headers, e.g. `Allow` for 405 or `WWW-Authenticate` for 401.
    var headers: HTTPHeaders { get }
    /// The whole response. By default `{"status":"error","message":…}` with `status` and
    /// `headers`; an error whose answer says more gives its own.
    var response: HTTPResponse { get }
}

extension HTTPResponseError {
    public var headers: HTTPHeaders { [:] }

    public var response: HTTPResponse {
        var response = ErrorResponse.body(status: status, message: message)
        for field in headers { response.headers.add(name: field.name, value: field.value) }
        return response
    }
}

/// The default `HTTPResponseError`: a status and a message.
public struct HTTPError: HTTPResponseError, Equatable, CustomStringConvertible {
    /// The status of the answer.
    public var status: HTTPStatus
    /// The text shown to the client.
    public var message: String
    /// Extra headers sent with the answer.
    public var headers: HTTPHeaders

    /// An error answered with `status`.
    ///
    /// - Parameters:
    ///   - message: what the client reads; the status's reason phrase when nil.
    ///   - headers: extra headers, e.g. `Allow` with a 405.
    public init(_ status: HTTPStatus, _ message: String? = nil, headers: HTTPHeaders = [:]) {
        self.status = status
        self.message = message ?? status.reasonPhrase
        self.headers = headers
    }

    /// `404 No route for GET /x`.
    public var description: String { "\(status.code) \(message)" }

    /// Same status and message (headers are not compared: a tuple list is not `Equatable`).
    public static func == (lhs: HTTPError, rhs: HTTPError) -> Bool {
        lhs.status == rhs.status && lhs.message == rhs.message
    }
}

extension HTTPParserError: HTTPResponseError {
    /// The error's description: what was wrong with the request.
    public var message: String { description }
}
