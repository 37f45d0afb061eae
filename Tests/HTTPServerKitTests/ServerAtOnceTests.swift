import HTTPServerKit
import Testing

/// Routes registered `answeringAtOnce` are answered on the connection's event loop, with no
/// `Task`; everything else about them is as for any route.
extension ServerTests {
    @Test("an at-once route is answered on the loop, without a task; others still run in a task")
    func answeredAtOnce() async throws {
        try await LiveServer.withClient { client in
            let now = try client.roundTrip("GET /now/7 HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(now.status == 200)
            #expect(now.text == "now 7 on the loop")
            #expect(now["Content-Length"] == "\(now.text.utf8.count)")
            #expect(now["X-Request-ID"]?.isEmpty == false)
            #expect(try client.roundTrip("GET /later HTTP/1.1\r\nHost: x\r\n\r\n").text == "later in a task")
            // HEAD falls back to the GET route, answered at once too, without a body.
            try client.send("HEAD /now/8 HTTP/1.1\r\nHost: x\r\n\r\n")
            let head = try client.readResponse(isHead: true)
            #expect(head.status == 200)
            #expect(head.text.isEmpty)
        }
    }

    @Test("an error thrown by an at-once route is its answer, and the connection stays usable")
    func refusedAtOnce() async throws {
        try await LiveServer.withClient { client in
            let refused = try client.roundTrip("GET /now-refused HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(refused.status == 409)
            #expect(refused.text.contains("Refused at once"))
            #expect(try client.roundTrip("GET /now/1 HTTP/1.1\r\nHost: x\r\n\r\n").text == "now 1 on the loop")
        }
    }

    /// Each answer given at once may parse and answer the next pipelined request: they must
    /// come out in order, however many are queued, mixed with answers given by a task.
    @Test("a thousand pipelined requests, at once and in tasks, are answered in order")
    func pipelinedAtOnce() async throws {
        let count = 1000
        let paths = (0..<count).map { $0 % 10 == 9 ? "/later" : "/now/\($0)" }
        try await LiveServer.withClient { client in
            try client.send(paths.map { "GET \($0) HTTP/1.1\r\nHost: x\r\n\r\n" }.joined())
            // Where each ran is not compared: an answer given at once right after a task's
            // answer runs inside that task, as the next request is read from there.
            let texts = try (0..<count).map { _ in
                try client.readResponse().text.split(separator: " ").prefix(2).joined(separator: " ")
            }
            let expected = paths.map { $0 == "/later" ? "later in" : "now \($0.dropFirst(5))" }
            #expect(texts == expected)
            #expect(try client.roundTrip("GET /now/last HTTP/1.1\r\nHost: x\r\n\r\n").text == "now last on the loop")
        }
    }

    @Test("an at-once answer is logged as a completed request with its route")
    func atOnceEvents() async throws {
        try await LiveServer.with { live in
            try await live.withClient { client in
                _ = try client.roundTrip("GET /now/42 HTTP/1.1\r\nHost: x\r\n\r\n")
            }
            let logged = await live.events.wait { event in
                if case .requestCompleted(let record) = event {
                    return record.route == "/now/{id}" && record.status == 200 && record.path == "/now/42"
                }
                return false
            }
            #expect(logged)
        }
    }
}
