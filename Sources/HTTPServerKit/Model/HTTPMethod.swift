/// An HTTP request method. A struct rather than an enum so that extension methods
/// (RFC 9110 §9.1) pass through the parser and reach the router, which answers 405.
public struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The method as sent: a token, case-sensitive (RFC 9110 §9.1), e.g. `GET`.
    public let rawValue: String

    /// The method `rawValue`; the parser has checked it is a token.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The method as sent.
    public var description: String { rawValue }

    /// GET (RFC 9110 §9.3.1).
    public static let get = HTTPMethod(rawValue: "GET")
    /// HEAD: GET without the body (RFC 9110 §9.3.2).
    public static let head = HTTPMethod(rawValue: "HEAD")
    /// POST (RFC 9110 §9.3.3).
    public static let post = HTTPMethod(rawValue: "POST")
    /// PUT (RFC 9110 §9.3.4).
    public static let put = HTTPMethod(rawValue: "PUT")
    /// PATCH (RFC 5789).
    public static let patch = HTTPMethod(rawValue: "PATCH")
    /// DELETE (RFC 9110 §9.3.5).
    public static let delete = HTTPMethod(rawValue: "DELETE")
    /// OPTIONS, answered by the router from its table (RFC 9110 §9.3.7).
    public static let options = HTTPMethod(rawValue: "OPTIONS")
}
