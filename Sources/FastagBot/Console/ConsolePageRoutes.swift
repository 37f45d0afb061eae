import HTTPServerKit
import Synchronization

/// `/console`: the operators' pages (static assets compiled into the binary) and signing in
/// and out. Signing in takes the ADMIN_TOKEN once and gives a session cookie (`ConsoleCookie`)
/// stored as a hash in the database; the pages then call the admin API with the cookie and,
/// for every change, the sign-in's CSRF token in `X-CSRF-Token`.
struct ConsolePageRoutes {
    let sessions: ConsoleSessionStore
    let adminTokenDigest: [UInt8]
    let lifetimeSeconds: Int64
    let limiter: SignInLimiter

    init(sessions: ConsoleSessionStore, adminTokenDigest: [UInt8], lifetimeSeconds: Int64, time: any TimeSource) {
        self.sessions = sessions
        self.adminTokenDigest = adminTokenDigest
        self.lifetimeSeconds = lifetimeSeconds
        limiter = SignInLimiter(time: time)
    }

    var routes: [APIRoute] {
        [page, asset, signIn, current, signOut]
    }

    // MARK: - Pages

    private var page: APIRoute {
        let html = Array(ConsolePage.html.utf8)
        return APIRoute.immediate(
            .get, "/console", summary: "The operators' console", tag: "Console"
        ) { _ in
            Self.served(html, type: "text/html; charset=utf-8")
        }
        .describe(
            "One page for every view (overview, funnel, sessions, agents, try the bot); it asks for the ADMIN_TOKEN once. Served with a strict Content-Security-Policy: scripts and styles only from /console/assets/."
        )
        .response(200, "An HTML page", JSONSchema.string(), contentType: "text/html")
    }

    private var asset: APIRoute {
        let assets = ConsoleAssets.all.mapValues { (type: $0.type, bytes: Array($0.text.utf8)) }
        return APIRoute.immediate(
            .get, "/console/assets/{name}", summary: "A script or style sheet of the console", tag: "Console"
        ) { request in
            guard let asset = assets[request.parameter("name")] else {
                throw HTTPError(.notFound, "No console asset of that name")
            }
            return Self.served(asset.bytes, type: asset.type)
        }
        .response(200, "JavaScript or CSS", JSONSchema.string(), contentType: "text/plain")
        .errors(404)
    }

    static func served(_ body: [UInt8], type: String) -> HTTPResponse {
        var headers: HTTPHeaders = ["Content-Type": type]
        for (name, value) in ConsoleCookie.securityHeaders { headers.add(name: name, value: value) }
        return HTTPResponse(status: .ok, headers: headers, body: body)
    }

    // MARK: - Signing in and out

    private static let signInSchema = JSONSchema.object(
        [
            "csrf_token": JSONSchema.string("Send it back in X-CSRF-Token with every request that changes something."),
            "expires_at": JSONSchema.string("When the sign-in ends.", format: "date-time"),
        ],
        required: ["csrf_token", "expires_at"])
    private static let signInExample: JSONValue = [
        "csrf_token": "Jq3x1cX0V6y0QmZc2Xq7lA9bRkQ4tN2w", "expires_at": "2026-12-06T20:00:00Z",
    ]

    private var signIn: APIRoute {
        APIRoute(.post, "/console/sign-in", summary: "Sign in to the console", tag: "Console") {
            [sessions, adminTokenDigest, lifetimeSeconds, limiter] request in
            var body = try RequestBody(request)
            let token = try body.requiredString("token")
            try body.finish()
            try limiter.check()
            guard AccessControl.matches(token, adminTokenDigest) else {
                limiter.failed()
                throw HTTPError(.unauthorized, "That is not the ADMIN_TOKEN")
            }
            let cookie = Crypto.randomToken(bytes: 32)
            let signIn = try await sessions.create(
                token: cookie, csrfToken: Crypto.randomToken(bytes: 24), lifetimeMilliseconds: lifetimeSeconds * 1000)
            var response = HTTPResponse.json(Self.json(signIn))
            response.headers.add(
                name: "Set-Cookie",
                value: ConsoleCookie.setting(
                    cookie, maxAgeSeconds: lifetimeSeconds, secure: ConsoleCookie.overTLS(request)))
            response.headers.add(name: "Cache-Control", value: "no-store")
            return response
        }
        .describe(
            "Takes the ADMIN_TOKEN (compared in constant time, never logged) and sets the `fastag_console` cookie: HttpOnly, SameSite=Strict, Secure when the request came over TLS (X-Forwarded-Proto: https), for CONSOLE_SESSION_HOURS. After 20 wrong tokens in a minute, sign-ins wait for the next minute (429)."
        )
        .body(
            JSONSchema.object(["token": JSONSchema.string("The ADMIN_TOKEN.")], required: ["token"]),
            example: ["token": "the ADMIN_TOKEN"]
        )
        .response(200, "Signed in", Self.signInSchema, example: Self.signInExample)
        .errors(400, 401, 422, 429)
    }

    private var current: APIRoute {
        APIRoute(.get, "/console/session", summary: "The console sign-in of this browser", tag: "Console") {
            [sessions] request in
            .json(Self.json(try await AccessControl.signIn(request, in: sessions).signIn))
        }
        .describe("The pages read their CSRF token here after a reload; 401 when the cookie is missing or has ended.")
        .response(200, "Signed in", Self.signInSchema, example: Self.signInExample)
        .errors(401)
    }

    private var signOut: APIRoute {
        APIRoute(.post, "/console/sign-out", summary: "Sign out of the console", tag: "Console") {
            [sessions] request in
            let (token, _) = try await AccessControl.signIn(request, in: sessions)
            try await sessions.delete(token: token)
            var headers: HTTPHeaders = [:]
            headers.add(name: "Set-Cookie", value: ConsoleCookie.clearing(secure: ConsoleCookie.overTLS(request)))
            return HTTPResponse(status: .noContent, headers: headers, body: [])
        }
        .describe("Ends the sign-in on every replica and clears the cookie. Needs the X-CSRF-Token header.")
        .response(204, "Signed out")
        .errors(401, 403)
    }

    private static func json(_ signIn: ConsoleSessionStore.SignIn) -> JSONValue {
        [
            "csrf_token": .string(signIn.csrfToken),
            "expires_at": .string(Timestamp.iso8601(Int(signIn.expiresAt / 1000))),
        ]
    }
}

/// Wrong tokens a minute, for the whole process: guessing a 24-byte token is hopeless anyway,
/// but a flood of guesses should cost the guesser time, not the database.
final class SignInLimiter: Sendable {
    static let perMinute = 20
    private let time: any TimeSource
    private let state = Mutex<(minute: Int64, failures: Int)>((0, 0))

    init(time: any TimeSource) { self.time = time }

    func check() throws {
        let minute = time.nowMilliseconds() / 60_000
        let refused = state.withLock { $0.minute == minute && $0.failures >= Self.perMinute }
        if refused {
            throw HTTPError(
                .tooManyRequests, "Too many wrong tokens; try again in a minute", headers: ["Retry-After": "60"])
        }
    }

    func failed() {
        let minute = time.nowMilliseconds() / 60_000
        state.withLock { state in
            state = state.minute == minute ? (minute, state.failures + 1) : (minute, 1)
        }
    }
}
