/// What the parser has found in the bytes fed so far.
public enum HTTPParserEvent: Sendable {
    /// The head of a request that has a body, before any of the body is read (its `body` is
    /// empty). The caller may now lower this request's body limit (`limitBody(to:)`) or answer
    /// it without reading the body, and then close. A request without a body skips this event:
    /// `.request` is its first and only one.
    case head(HTTPRequest)
    /// After `.head`, when the head carried `Expect: 100-continue`, the body has not started
    /// and its announced length is within the limit: the server should send `100 Continue`
    /// now (RFC 9110 §10.1.1).
    case expectsContinue
    /// A complete request, body included. After a `.head` it repeats that head's fields.
    case request(HTTPRequest)
}
