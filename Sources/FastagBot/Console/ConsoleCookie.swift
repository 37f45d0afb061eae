import HTTPServerKit

/// The console's session cookie and the headers every console answer carries.
enum ConsoleCookie {
    static let name = "fastag_console"
    /// The header the pages send the CSRF token in, on every request that changes something.
    static let csrfHeader = "X-CSRF-Token"

    /// The cookie's token, from any `Cookie` header of the request.
    static func token(_ request: HTTPRequest) -> String? {
        for header in request.headers.values(for: "Cookie") {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[0].trimming(" \t") == name else { continue }
                let value = parts[1].trimming(" \t")
                if !value.isEmpty { return String(value) }
            }
        }
        return nil
    }

    /// True when the request reached the proxy over TLS (docs/DEPLOY.md: nginx sets
    /// `X-Forwarded-Proto`); the cookie is then `Secure`. Plain HTTP on loopback (the sandbox)
    /// would never send a `Secure` cookie back.
    static func overTLS(_ request: HTTPRequest) -> Bool {
        guard let proto = request.headers["X-Forwarded-Proto"] else { return false }
        return proto.split(separator: ",").first?.trimming(" \t").lowercased() == "https"
    }

    /// `Path=/`: the pages call the admin API (`/stats`, `/sessions`, `/agents`) with it.
    static func setting(_ token: String, maxAgeSeconds: Int64, secure: Bool) -> String {
        "\(name)=\(token); Path=/; Max-Age=\(maxAgeSeconds); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    static func clearing(secure: Bool) -> String { setting("", maxAgeSeconds: 0, secure: secure) }

    /// Methods that change nothing; every other method needs the CSRF header with a cookie.
    static func isSafe(_ method: HTTPMethod) -> Bool {
        method == .get || method == .head || method == .options
    }

    /// What every console page and asset is served with: scripts only from this server (no
    /// inline script, no CDN), never framed, never sniffed into another type, never cached.
    static let securityHeaders: [(String, String)] = [
        (
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
                + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        ),
        ("X-Frame-Options", "DENY"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("Cache-Control", "no-store"),
    ]
}
