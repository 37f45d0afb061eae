import HTTPServerKit

/// Checks the credentials a route asks for, from the request's head: the router runs it
/// before the body is read. Tokens are compared as SHA-256 digests with `CRYPTO_memcmp`, so
/// the time taken says nothing about how much of a guess was right.
struct AccessControl: Sendable {
    let adminTokenDigest: [UInt8]
    let stepTokenDigest: [UInt8]

    init(adminToken: String, stepAPIToken: String) {
        adminTokenDigest = Crypto.sha256(Array(adminToken.utf8))
        stepTokenDigest = Crypto.sha256(Array(stepAPIToken.utf8))
    }

    private static func matches(_ token: String?, _ digest: [UInt8]) -> Bool {
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
            guard Self.matches(Self.bearerToken(request), adminTokenDigest) else {
                throw HTTPError(
                    .unauthorized, "This endpoint needs 'Authorization: Bearer <ADMIN_TOKEN>'",
                    headers: ["WWW-Authenticate": "Bearer realm=\"fastag-bot admin\""])
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

    /// The token of `Authorization: Bearer <token>` (the scheme name is case-insensitive).
    static func bearerToken(_ request: HTTPRequest) -> String? {
        guard let header = request.headers["Authorization"] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimming(" \t")
        return token.isEmpty ? nil : String(token)
    }
}
