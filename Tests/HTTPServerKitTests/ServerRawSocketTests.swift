import Glibc
import HTTPServerKit
import Testing

/// Live tests against a real server on an ephemeral port. They run one at a time so that a
/// loaded two-core machine is not asked to run a thousand connections and a timeout test at once.
@Suite("HTTPServer (live)", .serialized)
struct ServerTests {}

/// A rejected request: what is sent and the status that must come back before the close.
struct RejectionCase: Sendable, CustomTestStringConvertible {
    let name: String
    let request: String
    let status: Int

    var testDescription: String { name }

    static let all: [RejectionCase] = [
        RejectionCase(name: "garbage", request: "GARBAGE\r\n\r\n", status: 400),
        RejectionCase(name: "binary garbage", request: "\u{1}\u{2}\u{3}\r\n\r\n", status: 400),
        RejectionCase(
            name: "body too large by Content-Length",
            request: "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2048\r\n\r\n", status: 413),
        RejectionCase(
            name: "body too large by chunks",
            request: "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n", status: 413),
        RejectionCase(
            name: "headers too large",
            request: "GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "b", count: 2000))\r\n\r\n",
            status: 431),
        RejectionCase(
            name: "URI too long", request: "GET /\(String(repeating: "u", count: 600)) HTTP/1.1\r\nHost: x\r\n\r\n",
            status: 414),
        RejectionCase(
            name: "unsupported transfer coding",
            request: "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", status: 501),
        RejectionCase(name: "HTTP/2.0", request: "GET /hello HTTP/2.0\r\nHost: x\r\n\r\n", status: 505),
        RejectionCase(
            name: "unknown expectation",
            request: "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: x\r\nContent-Length: 1\r\n\r\nx", status: 417),
        RejectionCase(
            name: "Content-Length and Transfer-Encoding",
            request: "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
            status: 400),
    ]
}

private let smallLimits = HTTPParserLimits(
    maxRequestLineBytes: 256, maxHeaderBytes: 1024, maxHeaderCount: 20, maxBodyBytes: 1024)

extension ServerTests {
    @Test("keep-alive: several requests on one socket")
    func keepAliveReuse() async throws {
        try await LiveServer.with { live in
            try await live.withClient { client in
                for index in 0..<5 {
                    let response = try client.roundTrip("GET /items/\(index) HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    #expect(response.status == 200)
                    #expect(response.text == "item \(index)")
                    #expect(response["Connection"] == nil)
                    #expect(response["Content-Type"] == "text/plain; charset=utf-8")
                    #expect(response["Date"]?.hasSuffix(" GMT") == true)
                }
                client.close()
            }
            let opened = live.events.events.filter { if case .connectionOpened = $0 { true } else { false } }
            #expect(opened.count == 1)
        }
    }

    @Test("three pipelined requests in one write are answered in order")
    func pipelining() async throws {
        try await LiveServer.withClient { client in
            try client.send(
                "GET /items/1 HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\nsecond!"
                    + "PUT /items/3 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
            let responses = try (0..<3).map { _ in try client.readResponse() }
            #expect(responses.map(\.status) == [200, 200, 200])
            #expect(responses.map(\.text) == ["item 1", "second!", "put 3"])
            // The connection is still usable afterwards.
            #expect(try client.roundTrip("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").text == "hello")
        }
    }

    @Test("a chunked request body with extensions and trailers is echoed")
    func chunkedBody() async throws {
        try await LiveServer.withClient { client in
            try client.send(
                "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5;ext=1\r\nhello\r\n")
            let response = try client.roundTrip("6 ; a=\"b\"\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n")
            #expect(response.status == 200)
            #expect(response.text == "hello world")
            #expect(response["Content-Length"] == "11")
            #expect(response["Content-Type"] == "text/plain")
        }
    }

    @Test("Expect: 100-continue gets 100 Continue before the final response")
    func expectContinue() async throws {
        try await LiveServer.withClient { client in
            let interim = try client.roundTrip(
                "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 9\r\n\r\n")
            #expect(interim.status == 100)
            #expect(interim.reason == "Continue")
            let response = try client.roundTrip("continued")
            #expect(response.status == 200)
            #expect(response.text == "continued")
        }
    }

    @Test("HEAD has Content-Length and no body")
    func head() async throws {
        try await LiveServer.withClient { client in
            try client.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            let head = try client.readResponse(isHead: true)
            #expect(head.status == 200)
            #expect(head["Content-Length"] == "5")
            // Had the HEAD answer carried a body, this would not parse as a response.
            let get = try client.readResponse()
            #expect(get.status == 200)
            #expect(get.text == "hello")
        }
    }

    @Test("404 and 405 with Allow")
    func notFoundAndMethodNotAllowed() async throws {
        try await LiveServer.withClient { client in
            let missing = try client.roundTrip("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(missing.status == 404)
            #expect(missing.text == #"{"status":"error","message":"No route for GET /nowhere"}"#)
            let wrong = try client.roundTrip("DELETE /items/5 HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(wrong.status == 405)
            #expect(wrong["Allow"] == "GET, HEAD, OPTIONS, PUT")
            let options = try client.roundTrip("OPTIONS /items/5 HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(options.status == 204)
            #expect(options["Allow"] == "GET, HEAD, OPTIONS, PUT")
        }
    }

    @Test("bad requests are answered with their status, then the connection is closed", arguments: RejectionCase.all)
    func rejection(_ rejection: RejectionCase) async throws {
        try await LiveServer.with({ $0.limits = smallLimits }) { live in
            try await live.withClient { client in
                try client.send(rejection.request)
                let response = try client.readResponse()
                #expect(response.status == rejection.status)
                #expect(response["Connection"] == "close")
                #expect(response["Content-Type"] == "application/json")
                #expect(response.text.hasPrefix(#"{"status":"error","message":"#))
                #expect(try client.readUntilClose().isEmpty)
            }
            #expect(
                await live.events.wait {
                    if case .badRequest(let status, _) = $0 { status == rejection.status } else { false }
                })
        }
    }

    @Test("an idle keep-alive connection is closed after idleTimeout")
    func idleTimeout() async throws {
        try await LiveServer.with({ $0.idleTimeout = .milliseconds(300) }) { live in
            try await live.withClient { client in
                let response = try client.roundTrip("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(response.status == 200)
                // The server closes without a word; the receive timeout (10 s) only bounds a failure.
                #expect(try client.readUntilClose().isEmpty)
            }
            #expect(await live.events.wait { $0.closedConnectionCount == 0 })
        }
    }

    @Test("a request head not finished within headerReadTimeout gets 408")
    func headerReadTimeout() async throws {
        try await LiveServer.withClient({ $0.headerReadTimeout = .milliseconds(300) }) { client in
            try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n")
            let response = try client.readFinalResponse()
            #expect(response.status == 408)
            #expect(response["Connection"] == "close")
        }
    }

    @Test("a pipelined partial head after a response also gets 408")
    func headerReadTimeoutAfterPipelinedRequest() async throws {
        try await LiveServer.withClient({ $0.headerReadTimeout = .milliseconds(300) }) { client in
            try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHo")
            #expect(try client.readResponse().status == 200)
            #expect(try client.readFinalResponse().status == 408)
        }
    }

    @Test("a body that stops arriving gets 408 after bodyReadTimeout")
    func bodyReadTimeout() async throws {
        try await LiveServer.withClient({ $0.bodyReadTimeout = .milliseconds(300) }) { client in
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
            #expect(try client.readFinalResponse().status == 408)
        }
    }

    @Test(
        "Connection: close is honoured, and HTTP/1.0 is closed by default",
        arguments: ["GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "GET /hello HTTP/1.0\r\n\r\n"])
    func closedAfterTheResponse(_ request: String) async throws {
        try await LiveServer.withClient { client in
            try client.send(request)
            let response = try client.readFinalResponse()
            #expect(response.status == 200)
            #expect(response.text == "hello")
            #expect(response["Connection"] == "close")
        }
    }

    @Test("HTTP/1.0 with keep-alive stays open")
    func http10KeepAlive() async throws {
        try await LiveServer.withClient { client in
            for _ in 0..<2 {
                let answer = try client.roundTrip("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                #expect(answer.status == 200)
                #expect(answer["Connection"] == "keep-alive")
            }
        }
    }

    @Test("X-Request-ID is echoed when sent and generated when not")
    func requestID() async throws {
        try await LiveServer.withClient { client in
            let echoed = try client.roundTrip("GET /id HTTP/1.1\r\nHost: x\r\nX-Request-ID: trace-42.a/b\r\n\r\n")
            #expect(echoed["X-Request-ID"] == "trace-42.a/b")
            #expect(echoed.text == "trace-42.a/b")

            let generated = try client.roundTrip("GET /id HTTP/1.1\r\nHost: x\r\n\r\n")
            let id = try #require(generated["X-Request-ID"])
            #expect(id == generated.text)
            #expect(id.count == 25)
            #expect(id.allSatisfy { $0.isHexDigit || $0 == "-" })

            #expect(try client.roundTrip("GET /id HTTP/1.1\r\nHost: x\r\n\r\n")["X-Request-ID"] != id)

            // An unusable id (a space) is replaced, so it cannot corrupt a log line.
            let replaced = try client.roundTrip("GET /id HTTP/1.1\r\nHost: x\r\nX-Request-ID: a b\r\n\r\n")
            #expect(replaced["X-Request-ID"] != "a b")
        }
    }

    @Test("a client that vanishes mid-request does not disturb another")
    func vanishingClient() async throws {
        try await LiveServer.with { live in
            let steady = try await live.withClient { steady in
                #expect(try steady.roundTrip("GET /items/before HTTP/1.1\r\nHost: x\r\n\r\n").text == "item before")

                let halfBody = try RawClient(port: steady.port)
                try halfBody.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly part")
                let halfHead = try RawClient(port: steady.port)
                try halfHead.send("GET /items/1 HTTP/1.1\r\nHo")
                #expect(try steady.roundTrip("GET /items/during HTTP/1.1\r\nHost: x\r\n\r\n").text == "item during")
                halfBody.close()
                halfHead.reset()

                for index in 0..<3 {
                    let after = try steady.roundTrip("GET /items/after\(index) HTTP/1.1\r\nHost: x\r\n\r\n")
                    #expect(after.text == "item after\(index)")
                }
                return steady
            }
            // Both vanished connections were cleaned up; only the steady one is left.
            #expect(await live.events.wait { $0.closedConnectionCount == 1 })
            #expect(live.server.openConnections == 1)
            steady.close()
        }
    }
}
