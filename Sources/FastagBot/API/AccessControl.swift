import HTTPServerKit

/// Checks the credentials a route asks for, from the request's head: the router runs it
/// before the body is read. Tokens are compared as SHA-256 digests with `CRYPTO_memcmp`, so
/// the time taken says nothing about how much of a guess was right.
///
/// Admin routes also take the console's session cookie (`ConsoleCookie`): the head only
/// sees that one is there (and, for a method that changes something, the CSRF header); the
/// sign-in is looked up in the database before the handler runs (`handler(for:)`), since
/// that lookup cannot run on the head.
struct AccessControl: Sendable {
    let adminTokenDigest: [UInt8]
    let stepTokenDigest: [UInt8]
    let consoleSessions: ConsoleSessionStore?

    init(adminToken: String, stepAPIToken: String, consoleSessions: ConsoleSessionStore? = nil) {
        adminTokenDigest = Crypto.sha256(Array(adminToken.utf8))
        stepTokenDigest = Crypto.sha256(Array(stepAPIToken.utf8))
        self.consoleSessions = consoleSessions
    }

    /// True when the request carries the admin token itself.
    func isAdmin(_ request: HTTPRequest) -> Bool { Self.matches(Self.bearerToken(request), adminTokenDigest) }

    static func matches(_ token: String?, _ digest: [UInt8]) -> Bool {
        guard let token else { return false }
        return Crypto.constantTimeEquals(Crypto.sha256(Array(token.utf8)), digest)
    }

    /// What the router runs on a route's head: the credentials it asks for, then its own check.
    func headCheck(for route: APIRoute) -> Router.HeadCheck? {
        let (requirement, check) = (route.access, route.headCheck)
        if requirement == .open { return check }
        return { [self] head in
            try authorize(head, for: requirement)
            try check?(head)
        }
    }

    func authorize(_ request: HTTPRequest, for access: APIRoute.Access) throws {
        switch access {
        case .open:
            return
        case .admin:
            if isAdmin(request) { return }
            guard consoleSessions != nil, ConsoleCookie.token(request) != nil else { throw Self.adminNeeded }
            // Checked again against the stored token once the sign-in is read.
            guard ConsoleCookie.isSafe(request.method) || request.headers[ConsoleCookie.csrfHeader] != nil else {
                throw Self.csrfRefused
            }
        case .stepAPI:
            // Interakt workflow steps can set a header: either form is accepted.
            guard
                Self.matches(Self.bearerToken(request), stepTokenDigest)
                    || Self.matches(request.headers["X-API-Key"], stepTokenDigest)
            else {
                throw HTTPError(
                    .unauthorized,
                    "This endpoint needs 'Authorization: Bearer <STEP_API_TOKEN>' or 'X-API-Key: <STEP_API_TOKEN>'",
                    headers: ["WWW-Authenticate": "Bearer realm=\"fastag-bot step API\""])
            }
        }
    }

    static let adminNeeded = HTTPError(
        .unauthorized, "This endpoint needs 'Authorization: Bearer <ADMIN_TOKEN>' or a console sign-in",
        headers: ["WWW-Authenticate": "Bearer realm=\"fastag-bot admin\""])
    static let csrfRefused = HTTPError(
        .forbidden, "A console request that changes something needs the X-CSRF-Token header of its sign-in")

    /// The route's handler, behind the console sign-in when the admin route was reached with
    /// the cookie instead of the token: the sign-in must exist and not have ended, and a
    /// method that changes something must carry its CSRF token.
    func handler(for route: APIRoute) -> Router.Handler {
        guard route.access == .admin, let consoleSessions else { return route.handler }
        let handler = route.handler
        return { [self] request in
            // Without a cookie the head check passed on the token itself: no second digest.
            if ConsoleCookie.token(request) == nil || isAdmin(request) { return try await handler(request) }
            try await Self.signIn(request, in: consoleSessions)
            return try await handler(request)
        }
    }

    /// The route's handler to run at once on the event loop, when it has one and needs
    /// nothing awaited first: not behind a console sign-in, which is looked up in the database.
    func immediateHandler(for route: APIRoute) -> Router.ImmediateHandler? {
        guard route.access != .admin || consoleSessions == nil else { return nil }
        return route.immediateHandler
    }

    /// Checks the console sign-in of a request: 401 without one, 403 when a method that
    /// changes something lacks its CSRF token (compared in constant time).
    @discardableResult
    static func signIn(_ request: HTTPRequest, in sessions: ConsoleSessionStore) async throws
        -> (token: String, signIn: ConsoleSessionStore.SignIn)
    {
        guard let token = ConsoleCookie.token(request), let signIn = try await sessions.find(token: token) else {
            throw adminNeeded
        }
        if !ConsoleCookie.isSafe(request.method) {
            let sent = request.headers[ConsoleCookie.csrfHeader] ?? ""
            guard Crypto.constantTimeEquals(Array(sent.utf8), Array(signIn.csrfToken.utf8)) else { throw csrfRefused }
        }
        return (token, signIn)
    }

    /// The token of `Authorization: Bearer <token>` (the scheme name is case-insensitive).
    static func bearerToken(_ request: HTTPRequest) -> String? {
        guard let header = request.headers["Authorization"] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimming(" \t")
        return token.isEmpty ? nil : String(token)
    }
}
