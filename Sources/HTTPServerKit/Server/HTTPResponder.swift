/// What answers a server's requests. The server consults `examineHead` as soon as a
/// request's head has arrived, before any of its body is read, so that credentials and
/// sizes are judged without spending memory or time on a body that will be refused.
public protocol HTTPResponder: Sendable {
    /// Judges a request from its head alone (`body` is still empty). It runs on the
    /// connection's event loop, so it must be quick and must not block. What it writes into
    /// `request` (path parameters, the route it chose) is kept for `respond(to:)`.
    ///
    /// - Parameter request: the head, with its request id set; may be amended.
    /// - Returns: read the body within a limit, or answer now without reading it.
    func examineHead(_ request: inout HTTPRequest) -> HTTPHeadDecision

    /// Answers a complete request that `examineHead` let through. Errors are responses.
    ///
    /// - Parameter request: the request as `examineHead` left it, with its body.
    /// - Returns: the response to send.
    func respond(to request: HTTPRequest) async -> HTTPResponse

    /// The answer, when it can be given at once without suspending: the server then writes it
    /// on the connection's event loop, sparing the request a `Task` (an allocation and an
    /// enqueue, most of what a tiny handler costs). Nil sends the request to `respond(to:)`.
    /// It runs on the loop, so whatever answers here must be quick and must not block.
    func respondAtOnce(to request: HTTPRequest) -> HTTPResponse?
}

extension HTTPResponder {
    /// No answer at once: every request goes to `respond(to:)`.
    public func respondAtOnce(to request: HTTPRequest) -> HTTPResponse? { nil }
}

/// What to do with a request whose head has arrived.
public enum HTTPHeadDecision: Sendable {
    /// Read the body, refusing it with 413 beyond `bodyLimit` bytes (the server's
    /// `maxBodyBytes` stays the ceiling).
    case proceed(bodyLimit: Int)
    /// Answer now. A body the client announced is never read: the connection closes after
    /// this answer, as its unread bytes would otherwise be taken for the next request.
    case respond(HTTPResponse)
}

/// A plain handler closure as a responder: every head proceeds.
struct ClosureResponder: HTTPResponder {
    let handler: HTTPServer.Handler

    func examineHead(_ request: inout HTTPRequest) -> HTTPHeadDecision {
        .proceed(bodyLimit: .max)
    }

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        do {
            return try await handler(request)
        } catch {
            return ErrorResponse.make(for: error).response
        }
    }
}
