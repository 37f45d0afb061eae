import HTTPServerKit

/// Checks the credentials a route asks for. Tokens are compared as SHA-256 digests with
/// `CRYPTO_memcmp`, so the time taken says nothing about how much of a guess was right.
struct AccessControl: Sendable {
    let adminTokenDigest: [UInt8]

    init(adminToken: String) {
        adminTokenDigest = Crypto.sha256(Array(adminToken.utf8))
    }

    func authorize(_ request: HTTPRequest, for access: APIRoute.Access) throws {
        switch access {
        case .open:
            return
        case .admin:
            guard let token = Self.bearerToken(request),
                Crypto.constantTimeEquals(Crypto.sha256(Array(token.utf8)), adminTokenDigest)
            else {
                throw HTTPError(
                    .unauthorized, "This endpoint needs 'Authorization: Bearer <ADMIN_TOKEN>'",
                    headers: ["WWW-Authenticate": "Bearer realm=\"fastag-bot admin\""])
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
