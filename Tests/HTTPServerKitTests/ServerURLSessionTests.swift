import Foundation
import FoundationNetworking
import HTTPServerKit
import Testing

/// A URLSession of its own per test: no cache, no cookies, more than 6 connections per host.
private func makeSession() -> URLSession {
    let configuration = URLSessionConfiguration.ephemeral
    configuration.httpMaximumConnectionsPerHost = 32
    configuration.timeoutIntervalForRequest = 20
    configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
    configuration.urlCache = nil
    configuration.httpCookieStorage = nil
    return URLSession(configuration: configuration)
}

private func request(
    _ live: LiveServer, _ path: String, method: String = "GET", headers: [String: String] = [:], body: Data? = nil
) -> URLRequest {
    var request = URLRequest(url: URL(string: "http://127.0.0.1:\(live.port)\(path)")!)
    request.httpMethod = method
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    request.httpBody = body
    return request
}

private func send(_ session: URLSession, _ request: URLRequest) async throws -> (Data, HTTPURLResponse) {
    let (data, response) = try await session.data(for: request)
    return (data, try #require(response as? HTTPURLResponse))
}

extension ServerTests {
    @Test("URLSession: GET, POST echo, 404 and 405")
    func urlSessionBasics() async throws {
        try await LiveServer.with { live in
            let session = makeSession()
            defer { session.finishTasksAndInvalidate() }

            let (hello, helloResponse) = try await send(session, request(live, "/hello"))
            #expect(helloResponse.statusCode == 200)
            #expect(String(decoding: hello, as: UTF8.self) == "hello")
            #expect(helloResponse.value(forHTTPHeaderField: "Content-Type") == "text/plain; charset=utf-8")

            let json = Data(#"{"agent":"A-1","note":"नमस्ते"}"#.utf8)
            let (echo, echoResponse) = try await send(
                session,
                request(live, "/echo", method: "POST", headers: ["Content-Type": "application/json"], body: json))
            #expect(echoResponse.statusCode == 200)
            #expect(echo == json)
            #expect(echoResponse.value(forHTTPHeaderField: "Content-Type") == "application/json")

            let (missing, missingResponse) = try await send(session, request(live, "/missing/thing"))
            #expect(missingResponse.statusCode == 404)
            let error = try JSONSerialization.jsonObject(with: missing) as? [String: String]
            #expect(error == ["status": "error", "message": "No route for GET /missing/thing"])

            let (_, notAllowed) = try await send(session, request(live, "/hello", method: "DELETE"))
            #expect(notAllowed.statusCode == 405)
            #expect(notAllowed.value(forHTTPHeaderField: "Allow") == "GET, HEAD, OPTIONS")
        }
    }

    @Test("URLSession: HEAD has Content-Length and no body")
    func urlSessionHead() async throws {
        try await LiveServer.with { live in
            let session = makeSession()
            defer { session.finishTasksAndInvalidate() }
            let (data, response) = try await send(session, request(live, "/hello", method: "HEAD"))
            #expect(response.statusCode == 200)
            #expect(response.value(forHTTPHeaderField: "Content-Length") == "5")
            #expect(data.isEmpty)
        }
    }

    @Test("URLSession: X-Request-ID echoed when sent, generated when not")
    func urlSessionRequestID() async throws {
        try await LiveServer.with { live in
            let session = makeSession()
            defer { session.finishTasksAndInvalidate() }
            let (echoedBody, echoed) = try await send(
                session, request(live, "/id", headers: ["X-Request-ID": "client-7f3a"]))
            #expect(echoed.value(forHTTPHeaderField: "X-Request-ID") == "client-7f3a")
            #expect(String(decoding: echoedBody, as: UTF8.self) == "client-7f3a")

            let (generatedBody, generated) = try await send(session, request(live, "/id"))
            let id = try #require(generated.value(forHTTPHeaderField: "X-Request-ID"))
            #expect(!id.isEmpty)
            #expect(id != "client-7f3a")
            #expect(String(decoding: generatedBody, as: UTF8.self) == id)
        }
    }

    @Test("URLSession: 200 concurrent requests")
    func urlSessionConcurrent() async throws {
        try await LiveServer.with { live in
            let session = makeSession()
            defer { session.finishTasksAndInvalidate() }
            let bodies = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for index in 0..<200 {
                    let request = request(live, "/items/\(index)")
                    group.addTask {
                        let (data, response) = try await send(session, request)
                        #expect(response.statusCode == 200)
                        return (index, String(decoding: data, as: UTF8.self))
                    }
                }
                return try await group.reduce(into: [Int: String]()) { $0[$1.0] = $1.1 }
            }
            #expect(bodies.count == 200)
            #expect(bodies.allSatisfy { $0.value == "item \($0.key)" })
        }
    }

    @Test("URLSession: a large POST body round-trips")
    func urlSessionLargeBody() async throws {
        try await LiveServer.with { live in
            let session = makeSession()
            defer { session.finishTasksAndInvalidate() }
            let body = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            let (data, response) = try await send(session, request(live, "/echo", method: "POST", body: body))
            #expect(response.statusCode == 200)
            #expect(data == body)
        }
    }
}
