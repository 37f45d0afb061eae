import HTTPServerKit

/// A route of the product's HTTP API together with what the docs need to describe it.
/// The application registers these in the router and generates `/openapi.json` from the
/// same list, so the documentation cannot drift from the code.
public struct APIRoute: Sendable {
    /// Who may call a route.
    public enum Access: Sendable {
        /// No credentials (health, metrics, docs).
        case open
    }

    public let method: HTTPMethod
    public let path: String
    public let summary: String
    public let tag: String
    public let access: Access
    public let handler: Router.Handler

    public init(
        _ method: HTTPMethod, _ path: String, summary: String, tag: String, access: Access = .open,
        handler: @escaping Router.Handler
    ) {
        self.method = method
        self.path = path
        self.summary = summary
        self.tag = tag
        self.access = access
        self.handler = handler
    }
}
