import Glibc
import HTTPServerKit
import TestKit
import Testing

extension ServerTests {
    @Test("1,000 concurrent connections, 10 requests each, all answered")
    func thousandConnections() async throws {
        // A connection opened early waits for the others before its first request: on a slow
        // machine that may exceed the default 10 s header timeout, which is not under test here.
        let patient: (inout HTTPServerConfiguration) -> Void = {
            $0.headerReadTimeout = .seconds(300)
            $0.idleTimeout = .seconds(300)
        }
        try await LiveServer.with(patient) { live in
            let port = live.port
            let connectionCount = 1000
            let requestsPerConnection = 10
            let groups = 4
            // Open every connection first, so all 1,000 are open at once. A round of 1,000
            // requests can take long on a loaded machine (or under a sanitizer), hence 60 s.
            let clients = try await blocking {
                try (0..<connectionCount).map { _ in try RawClient(port: port, timeout: 60) }
            }
            let answered = try await withThrowingTaskGroup(of: Int.self) { group in
                for part in 0..<groups {
                    let mine = Array(clients.enumerated().filter { $0.offset % groups == part })
                    group.addTask {
                        try await blocking {
                            var good = 0
                            // Rounds: every connection has a request in flight, then all are read.
                            for round in 0..<requestsPerConnection {
                                for (index, client) in mine {
                                    try client.send("GET /items/\(index)-\(round) HTTP/1.1\r\nHost: x\r\n\r\n")
                                }
                                for (index, client) in mine {
                                    let response = try client.readResponse()
                                    if response.status == 200 && response.text == "item \(index)-\(round)" {
                                        good += 1
                                    } else {
                                        Issue.record("connection \(index) round \(round): \(response)")
                                    }
                                }
                            }
                            return good
                        }
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(answered == connectionCount * requestsPerConnection)
            #expect(live.events.peakOpenConnections == connectionCount)
            clients.forEach { $0.close() }
            #expect(await live.events.wait { $0.closedConnectionCount == 0 })
        }
    }

    @Test("graceful shutdown: the in-flight request completes, new connections are refused")
    func gracefulShutdown() async throws {
        let live = try LiveServer.start()
        let client = try await live.connect(sending: "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(await live.slowStarted.wait())
        let shutdown = Task { await live.server.shutdown() }
        #expect(await live.events.wait { $0.isShutdownStarted })

        let attempt = await Task.detached { LoopbackSocket.connect(port: live.port) }.value
        if attempt.fd >= 0 { Glibc.close(attempt.fd) }
        #expect(attempt.fd < 0)
        #expect(attempt.error == ECONNREFUSED)

        live.slowRelease.fire()
        let response = try await blocking { try client.readResponse() }
        #expect(response.status == 200)
        #expect(response.text == "slow done")
        #expect(response["Connection"] == "close")
        #expect(try await blocking { try client.readUntilClose() }.isEmpty)
        client.close()
        await shutdown.value
        #expect(live.server.openConnections == 0)
        let finished = live.events.events.compactMap { event -> Int? in
            if case .shutdownFinished(let forced) = event { return forced }
            return nil
        }
        #expect(finished == [0])
        // A second shutdown is harmless.
        await live.server.shutdown()
    }

    @Test("shutdown closes idle keep-alive connections at once")
    func shutdownClosesIdle() async throws {
        let live = try LiveServer.start()
        let client = try await live.withClient { client in
            try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            _ = try client.readResponse()
            return client
        }
        await live.server.shutdown()
        #expect(try await blocking { try client.readUntilClose() }.isEmpty)
        #expect(live.server.openConnections == 0)
    }

    @Test("maxConnections: a third connection waits until one closes")
    func maxConnections() async throws {
        try await LiveServer.with({ $0.maxConnections = 2 }) { live in
            let port = live.port
            let (first, second) = try await blocking {
                let first = try RawClient(port: port)
                let second = try RawClient(port: port)
                for client in [first, second] {
                    #expect(try client.roundTrip("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").status == 200)
                }
                return (first, second)
            }
            #expect(await live.events.wait { $0.isAcceptPaused })
            // The kernel completes the handshake, but the server does not accept it.
            let third = try await blocking {
                let third = try RawClient(port: port)
                try third.send("GET /items/third HTTP/1.1\r\nHost: x\r\n\r\n")
                return third
            }
            #expect(live.server.openConnections == 2)
            #expect(third.isQuiet())
            first.close()
            let response = try await blocking { try third.readResponse() }
            #expect(response.status == 200)
            #expect(response.text == "item third")
            #expect(await live.events.wait { $0.isAcceptResumed })
            // The second connection was never disturbed.
            let again = try await blocking {
                try second.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                return try second.readResponse()
            }
            #expect(again.status == 200)
            #expect(live.events.peakOpenConnections == 2)
            second.close()
            third.close()
        }
    }

    @Test("shutdown closes a request that outlives the grace period")
    func shutdownGraceExpires() async throws {
        let live = try LiveServer.start { $0.shutdownGracePeriod = .milliseconds(200) }
        let client = try await live.connect(sending: "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(await live.slowStarted.wait())
        await live.server.shutdown()
        #expect(live.server.openConnections == 0)
        #expect(try await blocking { try client.readUntilClose() }.isEmpty)
        let finished = live.events.events.compactMap { event -> Int? in
            if case .shutdownFinished(let forced) = event { return forced }
            return nil
        }
        #expect(finished == [1])
        // The handler still finishes; its response has nowhere to go and must not crash.
        live.slowRelease.fire()
    }

    @Test("a large response reaches a slow reader intact")
    func largeResponse() async throws {
        try await LiveServer.withClient(receiveBuffer: 16 * 1024) { client in
            try client.send("GET /big/8 HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.body.count == 8 << 20)
            #expect(response.body == patternBytes(8 << 20))
            #expect(try client.readResponse().text == "hello")
        }
    }

    @Test("a client that does not read its response is dropped after writeTimeout")
    func writeTimeout() async throws {
        try await LiveServer.with({ $0.writeTimeout = .milliseconds(300) }) { live in
            let client = try await live.withClient(receiveBuffer: 4096) { client in
                try client.send("GET /big/32 HTTP/1.1\r\nHost: x\r\n\r\n")
                return client
            }
            // Nothing is read, so the server's send buffer fills and the deadline passes.
            #expect(await live.events.wait { $0.closedConnectionCount == 0 })
            #expect(live.server.openConnections == 0)
            client.close()
        }
    }
}
