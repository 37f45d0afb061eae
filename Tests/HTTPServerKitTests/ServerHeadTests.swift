import Glibc
import HTTPServerKit
import Testing

/// Requests judged from their head: refused before their body is read (credentials, size,
/// unknown route), and bodies that must arrive whole before a deadline.
extension ServerTests {
    @Test("a protected route without its token gets 401 from the head: the body is never sent")
    func refusedFromTheHead() async throws {
        try await LiveServer.with { live in
            let port = live.port
            try await blocking {
                for authorization in ["", "Authorization: Bearer wrong\r\n"] {
                    let client = try RawClient(port: port)
                    // 4 MB announced, not one byte of it sent: only an answer from the head can come.
                    try client.send(
                        "POST /protected HTTP/1.1\r\nHost: x\r\n\(authorization)Content-Length: 4000000\r\n\r\n")
                    let response = try client.readResponse()
                    #expect(response.status == 401)
                    #expect(response.text == #"{"status":"error","message":"Missing or wrong token"}"#)
                    // The body was not read, so the connection cannot go on: it closes.
                    #expect(response["Connection"] == "close")
                    #expect(try client.readUntilClose().isEmpty)
                }
            }
            #expect(
                await live.events.wait {
                    if case .requestCompleted(let record) = $0 {
                        record.status == 401 && record.route == "/protected"
                    } else {
                        false
                    }
                })
        }
    }

    @Test("with its token the same route reads the body")
    func acceptedWithToken() async throws {
        try await LiveServer.withClient { client in
            try client.send(
                "POST /protected HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(LiveServer.token)\r\n"
                    + "Expect: 100-continue\r\nContent-Length: 5\r\n\r\n")
            #expect(try client.readResponse().status == 100)
            let response = try client.roundTrip("hello")
            #expect(response.status == 200)
            #expect(response.text == "got 5")
            // Refusing a request without a body keeps the connection: nothing is left unread.
            try client.send("GET /protected HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            let refused = try client.readResponse()
            #expect(refused.status == 401)
            #expect(refused["Connection"] == nil)
            #expect(try client.readResponse().text == "hello")
        }
    }

    @Test("Expect: 100-continue without the token gets 401 and no 100 Continue")
    func noContinueWithoutToken() async throws {
        try await LiveServer.withClient { client in
            try client.send(
                "POST /protected HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4000000\r\n\r\n")
            let response = try client.readFinalResponse()
            #expect(response.status == 401)
        }
    }

    @Test("a refused body already sent is not taken for the next request")
    func refusedBodyKeepsFraming() async throws {
        try await LiveServer.withClient { client in
            // The body looks like a request of its own; it must not be answered as one.
            let smuggled = "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"
            try client.send(
                "POST /protected HTTP/1.1\r\nHost: x\r\nContent-Length: \(smuggled.utf8.count)\r\n\r\n\(smuggled)"
                    + "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readFinalResponse().status == 401)
        }
    }

    @Test("a body over the route's limit gets 413 from Content-Length, before it is sent")
    func routeLimitByLength() async throws {
        try await LiveServer.with { live in
            try await live.withClient { fits in
                let body = String(repeating: "b", count: LiveServer.smallBodyLimit)
                let echoed = try fits.roundTrip(
                    "POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
                #expect(echoed.text == body)

                let client = try RawClient(port: fits.port)
                try client.send(
                    "POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: \(LiveServer.smallBodyLimit + 1)\r\n\r\n")
                let response = try client.readFinalResponse()
                #expect(response.status == 413)
                #expect(response["Connection"] == "close")
            }
            #expect(
                await live.events.wait { if case .badRequest(let status, _) = $0 { status == 413 } else { false } })
        }
    }

    @Test("a chunked body gets 413 as soon as it grows past the route's limit")
    func routeLimitByChunks() async throws {
        try await LiveServer.withClient { client in
            try client.send("POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
            try client.send("20\r\n\(String(repeating: "c", count: 32))\r\n")
            #expect(client.isQuiet())
            // 32 + 33 > 64: the size line alone passes the limit; the rest is never sent.
            try client.send("21\r\n")
            let response = try client.readFinalResponse()
            #expect(response.status == 413)
        }
    }

    @Test("an unknown route with a body is answered 404 from the head")
    func unknownRouteFromTheHead() async throws {
        try await LiveServer.withClient { client in
            try client.send("POST /nowhere HTTP/1.1\r\nHost: x\r\nContent-Length: 4000000\r\n\r\n")
            #expect(try client.readFinalResponse().status == 404)
        }
    }

    @Test("20 connections announcing 4 MB each without a token are all refused with no body sent")
    func manyRefusedFromTheHead() async throws {
        try await LiveServer.with { live in
            let port = live.port
            try await blocking {
                let clients = try (0..<20).map { _ in try RawClient(port: port) }
                for client in clients {
                    try client.send("POST /protected HTTP/1.1\r\nHost: x\r\nContent-Length: 4000000\r\n\r\n")
                }
                // Had the server waited for any of the 80 MB, none of these answers could come.
                for client in clients {
                    #expect(try client.readFinalResponse().status == 401)
                }
            }
            let refused = live.events.events.filter {
                if case .requestCompleted(let record) = $0 { record.status == 401 } else { false }
            }
            #expect(refused.count == 20)
        }
    }

    @Test("a body trickled a byte at a time still gets 408 when the body deadline passes")
    func trickledBody() async throws {
        try await LiveServer.withClient({ $0.bodyReadTimeout = .seconds(1) }) { client in
            let length = 600
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: \(length)\r\n\r\n")
            // A byte every 50 ms: never a silence as long as the deadline, so only a deadline
            // for the whole body can end this before all 600 bytes are in (30 s or more).
            var sent = 0
            trickle: while sent < length && client.isQuiet() {
                do {
                    try client.send("x")
                } catch {
                    break trickle
                }
                sent += 1
                usleep(50_000)
            }
            let response = try client.readFinalResponse()
            #expect(response.status == 408, "after \(sent) of \(length) bytes")
            #expect(response["Connection"] == "close")
        }
    }
}
