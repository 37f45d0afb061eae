/// The console's sign-ins (migration 14; PostgreSQL 10). The cookie carries a random token;
/// only its SHA-256 is stored, so a copy of the database signs nobody in. A sign-in is
/// looked up on every console request, on whichever replica it reaches.
package struct ConsoleSessionStore: Sendable {
    let pool: StoragePool
    let time: any TimeSource

    /// A sign-in as the pages need it: the CSRF token they send back, and when it ends.
    package struct SignIn: Sendable, Equatable {
        package var csrfToken: String
        package var expiresAt: Int64
    }

    static func digest(_ token: String) -> String { Crypto.hex(Crypto.sha256(Array(token.utf8))) }

    /// Stores a new sign-in and forgets the ones that have ended (the table stays small).
    func create(token: String, csrfToken: String, lifetimeMilliseconds: Int64) async throws -> SignIn {
        let now = time.nowMilliseconds()
        let signIn = SignIn(csrfToken: csrfToken, expiresAt: now + lifetimeMilliseconds)
        let hash = Self.digest(token)
        try await pool.write { db in
            _ = try db.run("DELETE FROM console_sessions WHERE expires_at <= ?", now)
            _ = try db.run(
                "INSERT INTO console_sessions (token_hash, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?)",
                hash, signIn.csrfToken, now, signIn.expiresAt)
        }
        return signIn
    }

    /// The sign-in a cookie's token names, if it has not ended.
    func find(token: String) async throws -> SignIn? {
        let now = time.nowMilliseconds()
        let hash = Self.digest(token)
        return try await pool.read { db in
            guard
                let row = try db.queryOne(
                    "SELECT csrf_token, expires_at FROM console_sessions WHERE token_hash = ? AND expires_at > ?", hash,
                    now)
            else { return nil }
            return SignIn(csrfToken: try row.get("csrf_token"), expiresAt: try row.get("expires_at"))
        }
    }

    /// Signing out: the token names nothing any more, on any replica.
    func delete(token: String) async throws {
        let hash = Self.digest(token)
        try await pool.write { db in _ = try db.run("DELETE FROM console_sessions WHERE token_hash = ?", hash) }
    }
}
