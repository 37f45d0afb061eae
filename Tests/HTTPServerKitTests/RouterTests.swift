import Foundation
import HTTPServerKit
import Synchronization
import Testing

private struct ErrorBody: Decodable, Equatable {
    var status: String
    var message: String
}

private struct Boom: Error {}

private func decodeError(_ response: HTTPResponse) throws -> ErrorBody {
    try JSONDecoder().decode(ErrorBody.self, from: Data(response.body))
}

private func text(_ response: HTTPResponse) -> String {
    String(decoding: response.body, as: UTF8.self)
}

/// Answers with the route's name and its parameters, so tests see which route matched.
private func echo(_ name: String) -> Router.Handler {
    { request in
        let parameters = request.pathParameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return .text(([name] + parameters).joined(separator: " "))
    }
}

@Suite("Router")
struct RouterTests {
    private func get(_ router: Router, _ target: String, method: HTTPMethod = .get) async -> HTTPResponse {
        await router.respond(to: HTTPRequest(method: method, target: target))
    }

    /// A router whose GET routes (path, name) answer with `echo(name)`, added in this order.
    private func echoRouter(_ routes: [(path: String, name: String)]) -> Router {
        var router = Router()
        for route in routes { router.add(.get, route.path, echo(route.name)) }
        return router
    }

    /// What `router` answers to a GET of each target (the echo's text), by target.
    private func answers(_ router: Router, _ targets: some Sequence<String>) async -> [String: String] {
        var texts: [String: String] = [:]
        for target in targets { texts[target] = text(await get(router, target)) }
        return texts
    }

    @Test("a literal segment wins over a parameter")
    func literalWins() async {
        let router = echoRouter([("/vehicles/{vehicle_id}", "vehicle"), ("/vehicles/manufacturers", "manufacturers")])
        let expected = [
            "/vehicles/manufacturers": "manufacturers", "/vehicles/KA01AB1234": "vehicle vehicle_id=KA01AB1234",
        ]
        #expect(await answers(router, expected.keys) == expected)
        #expect(await get(router, "/vehicles/manufacturers").route == "/vehicles/manufacturers")
        #expect(await get(router, "/vehicles/x").route == "/vehicles/{vehicle_id}")
    }

    @Test("backtracks from a literal branch that has no route")
    func backtracking() async {
        let router = echoRouter([("/a/b/c", "literal"), ("/a/{x}/d", "param"), ("/a/{x}/{y}/e", "two")])
        let expected = ["/a/b/c": "literal", "/a/b/d": "param x=b", "/a/b/c/e": "two x=b y=c"]
        #expect(await answers(router, expected.keys) == expected)
        #expect(await get(router, "/a/b").status == .notFound)
        #expect(await get(router, "/a/b/c/d").status == .notFound)
    }

    @Test("path parameters are percent-decoded")
    func parametersDecoded() async {
        let router = echoRouter([("/agents/{agent_id}/files/{name}", "file")])
        let expected = [
            "/agents/A%2001/files/a%2Fb%C3%A9": "file agent_id=A 01 name=a/bé",
            "/agents/7/files/x?name=ignored": "file agent_id=7 name=x",
        ]
        #expect(await answers(router, expected.keys) == expected)
    }

    @Test("a trailing slash is ignored, on the route and on the request")
    func trailingSlash() async {
        let router = echoRouter([("/agents/", "agents"), ("/health", "health"), ("/", "root")])
        let expected = ["/agents": "agents", "/agents/": "agents", "/health/": "health", "/": "root"]
        #expect(await answers(router, expected.keys) == expected)
    }

    @Test("404 for an unknown path, 405 with Allow for a known one")
    func notFoundAndMethodNotAllowed() async throws {
        var router = Router()
        router.add(.get, "/agents", echo("list"))
        router.add(.post, "/agents", echo("create"))
        router.add(.delete, "/agents/{id}", echo("delete"))

        let missing = await get(router, "/nothing/here")
        #expect(missing.status == .notFound)
        #expect(missing.headers["Content-Type"] == "application/json")
        #expect(try decodeError(missing) == ErrorBody(status: "error", message: "No route for GET /nothing/here"))

        let wrongMethod = await get(router, "/agents", method: .put)
        #expect(wrongMethod.status == .methodNotAllowed)
        #expect(wrongMethod.headers["Allow"] == "GET, HEAD, OPTIONS, POST")
        #expect(try decodeError(wrongMethod).status == "error")

        let noGet = await get(router, "/agents/5")
        #expect(noGet.status == .methodNotAllowed)
        #expect(noGet.headers["Allow"] == "DELETE, OPTIONS")

        #expect(await get(router, "/agents/%zz").status == .notFound)
    }

    @Test("HEAD falls back to GET")
    func headFallsBack() async {
        var router = Router()
        router.add(.get, "/health") { request in .text("method \(request.method)") }
        let response = await get(router, "/health", method: .head)
        #expect(response.status == .ok)
        #expect(text(response) == "method HEAD")

        router.add(.head, "/own") { _ in HTTPResponse(status: .noContent) }
        #expect(await get(router, "/own", method: .head).status == .noContent)
        #expect(await get(router, "/own").headers["Allow"] == "HEAD, OPTIONS")
    }

    @Test("OPTIONS is answered with Allow")
    func options() async {
        var router = Router()
        router.add(.get, "/agents/{id}", echo("get"))
        router.add(.patch, "/agents/{id}", echo("patch"))
        let response = await get(router, "/agents/1", method: .options)
        #expect(response.status == .noContent)
        #expect(response.headers["Allow"] == "GET, HEAD, OPTIONS, PATCH")
        #expect(response.body.isEmpty)
        #expect(await get(router, "/elsewhere", method: .options).status == .notFound)
    }

    @Test("a thrown HTTPError becomes its status and the JSON error body")
    func httpErrorMapped() async throws {
        let unexpected = Mutex(0)
        var router = Router()
        router.onUnexpectedError = { _, _ in unexpected.withLock { $0 += 1 } }
        router.add(.post, "/agents") { _ in
            throw HTTPError(.conflict, "Agent \"7\" exists\n", headers: ["Retry-After": "5"])
        }
        router.add(.get, "/secret") { _ in throw HTTPError(.unauthorized) }
        let response = await get(router, "/agents", method: .post)
        #expect(response.status == .conflict)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(response.headers["Retry-After"] == "5")
        #expect(response.route == "/agents")
        #expect(text(response) == #"{"status":"error","message":"Agent \"7\" exists\n"}"#)
        #expect(try decodeError(response) == ErrorBody(status: "error", message: "Agent \"7\" exists\n"))

        let unauthorized = await get(router, "/secret")
        #expect(unauthorized.status == .unauthorized)
        #expect(try decodeError(unauthorized).message == "Unauthorized")
        #expect(unexpected.withLock { $0 } == 0)
    }

    @Test("any other error becomes a generic 500 and is reported")
    func unexpectedErrorMapped() async throws {
        let reported = Mutex<[String]>([])
        var router = Router()
        router.onUnexpectedError = { request, error in
            reported.withLock { $0.append("\(request.target) \(error is Boom) \(request.pathParameters)") }
        }
        router.add(.get, "/boom/{id}") { _ in throw Boom() }
        let response = await get(router, "/boom/9")
        #expect(response.status == .internalServerError)
        #expect(try decodeError(response) == ErrorBody(status: "error", message: "Internal server error"))
        #expect(reported.withLock { $0 } == [#"/boom/9 true ["id": "9"]"#])
    }

    @Test("parser errors map through the same place")
    func parserErrorMapped() throws {
        let (response, unexpected) = ErrorResponse.make(for: HTTPParserError.bodyTooLarge)
        #expect(!unexpected)
        #expect(response.status.code == 413)
        #expect(try decodeError(response) == ErrorBody(status: "error", message: "Request body too large"))
    }

    @Test("the route table lists every route")
    func routeListing() {
        var router = Router()
        router.add(.get, "/b", echo("b"))
        router.add(.get, "/a/{id}", echo("a"))
        router.add(.post, "/a", echo("a"))
        let listed = Set(router.routes.map { "\($0.method) \($0.pattern)" })
        #expect(listed == ["GET /b", "GET /a/{id}", "POST /a"])
    }
}
