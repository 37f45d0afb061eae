import HTTPServerKit
import Synchronization
import Testing

/// The router as the server's responder: it judges a head (route, body limit, head check)
/// before the body is read, and answers the request later without matching it again.
@Suite("Router: the head")
struct RouterHeadTests {
    private struct Refused: HTTPResponseError {
        var status: HTTPStatus { .unauthorized }
        var message: String { "no token" }
    }

    private struct Boom: Error {}

    private final class Counter: Sendable {
        private let value = Mutex(0)
        func add() { value.withLock { $0 += 1 } }
        var count: Int { value.withLock { $0 } }
    }

    private static func requireToken(counting calls: Counter) -> Router.HeadCheck {
        { head in
            calls.add()
            guard head.headers["Authorization"] == "Bearer t" else { throw Refused() }
        }
    }

    @Test("a route's body limit and path parameters come from the head; the check runs once")
    func proceed() async {
        let calls = Counter()
        var router = Router()
        router.add(.post, "/items/{id}", bodyLimit: 10, headCheck: Self.requireToken(counting: calls)) { request in
            .text("item \(request.parameter("id")) \(request.body.count)")
        }
        router.add(.post, "/free") { _ in .text("free") }
        var head = HTTPRequest(method: .post, target: "/items/7", headers: ["Authorization": "Bearer t"])
        guard case .proceed(let limit) = router.examineHead(&head) else {
            Issue.record("expected to proceed")
            return
        }
        #expect(limit == 10)
        #expect(head.pathParameters == ["id": "7"])
        head.body = Array("0123456789".utf8)
        let response = await router.respond(to: head)
        #expect(String(decoding: response.body, as: UTF8.self) == "item 7 10")
        #expect(response.route == "/items/{id}")
        // Answering did not examine the head again.
        #expect(calls.count == 1)

        var free = HTTPRequest(method: .post, target: "/free")
        guard case .proceed(let unlimited) = router.examineHead(&free) else {
            Issue.record("expected to proceed")
            return
        }
        #expect(unlimited == .max)
    }

    @Test("404, 405, OPTIONS and a failed head check are answered from the head")
    func respondFromHead() {
        let calls = Counter()
        var router = Router()
        router.add(.post, "/items/{id}", headCheck: Self.requireToken(counting: calls)) { _ in .text("never") }
        router.add(.get, "/boom", headCheck: { _ in throw Boom() }) { _ in .text("never") }
        let unexpected = Counter()
        router.onUnexpectedError = { _, _ in unexpected.add() }
        let cases: [(HTTPMethod, String, Int, String?)] = [
            (.post, "/nowhere", 404, nil), (.delete, "/items/1", 405, nil), (.options, "/items/1", 204, nil),
            (.post, "/items/1", 401, "/items/{id}"), (.get, "/boom", 500, "/boom"),
        ]
        for (method, target, status, route) in cases {
            var head = HTTPRequest(method: method, target: target)
            guard case .respond(let response) = router.examineHead(&head) else {
                Issue.record("\(method) \(target): expected an answer from the head")
                continue
            }
            #expect(response.status.code == status, "\(method) \(target)")
            #expect(response.route == route, "\(method) \(target)")
        }
        #expect(unexpected.count == 1)
    }

    @Test("without a server the router still checks the head and the body limit")
    func respondWithoutExamination() async {
        let calls = Counter()
        var router = Router()
        router.add(.post, "/items/{id}", bodyLimit: 4, headCheck: Self.requireToken(counting: calls)) { _ in .text("ok")
        }
        let unauthorized = await router.respond(to: HTTPRequest(method: .post, target: "/items/1"))
        #expect(unauthorized.status == .unauthorized)
        let tooLarge = await router.respond(
            to: HTTPRequest(
                method: .post, target: "/items/1", headers: ["Authorization": "Bearer t"], body: Array("12345".utf8)))
        #expect(tooLarge.status == .payloadTooLarge)
        #expect(tooLarge.route == "/items/{id}")
        let fits = await router.respond(
            to: HTTPRequest(
                method: .post, target: "/items/1", headers: ["Authorization": "Bearer t"], body: Array("1234".utf8)))
        #expect(fits.status == .ok)
    }
}
