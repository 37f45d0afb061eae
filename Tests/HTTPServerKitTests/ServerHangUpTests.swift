import Glibc
import HTTPServerKit
import Synchronization
import Testing

/// Holds the calling thread until opened: a handler that calls it without suspending holds
/// its event loop, so that what clients send meanwhile reaches the loop as one event.
final class LoopGate: Sendable {
    private let isOpen = Atomic(false)

    func hold() {
        while !isOpen.load(ordering: .acquiring) { usleep(1000) }
    }

    func open() {
        isOpen.store(true, ordering: .releasing)
    }
}

extension ServerTests {
    /// The socket is edge-triggered and a short read used to end the pass, so an end of input
    /// (FIN or reset) reported with the last bytes went unseen: the connection stayed open
    /// until its header deadline (here 60 s) instead of closing at once.
    @Test("bytes and the end of input reported together: the connection closes at once")
    func endOfInputWithLastBytes() async throws {
        let events = EventRecorder()
        let holding = Signal()
        let gate = LoopGate()
        let configuration = HTTPServerConfiguration(port: 0, headerReadTimeout: .seconds(60), eventLoops: 1)
        let server = HTTPServer(configuration: configuration, onEvent: { events.record($0) }) { request in
            if request.path == "/hold" {
                holding.fire()
                gate.hold()
            }
            return .text("done")
        }
        try server.start()
        do {
            try await exchange(port: server.port, holding: holding, gate: gate)
        } catch {
            gate.open()
            await server.shutdown()
            throw error
        }
        // The reset connection, too, was closed without waiting for its deadline.
        #expect(await events.wait { $0.closedConnectionCount == 0 })
        await server.shutdown()
    }

    /// Two clients end their input while the loop is held; then the holder is released.
    private func exchange(port: Int, holding: Signal, gate: LoopGate) async throws {
        let (halfClosing, resetting, holder) = try await blocking { () throws -> (RawClient, RawClient, RawClient) in
            let halfClosing = try RawClient(port: port)
            let resetting = try RawClient(port: port)
            for client in [halfClosing, resetting] {
                #expect(try client.roundTrip("GET /ready HTTP/1.1\r\nHost: x\r\n\r\n").status == 200)
            }
            let holder = try RawClient(port: port)
            try holder.send("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n")
            return (halfClosing, resetting, holder)
        }
        #expect(await holding.wait())
        try await blocking {
            try halfClosing.send("GET /ready HTTP/1.1\r\nHo")
            shutdown(halfClosing.fd, Int32(SHUT_WR))
            try resetting.send("GET /ready HTTP/1.1\r\nHo")
            resetting.reset()
        }
        gate.open()
        try await blocking { () throws in
            #expect(try holder.readResponse().text == "done")
            // A timeout (10 s) here is the failure: the server never saw the client's end.
            #expect(try halfClosing.readUntilClose().isEmpty)
            holder.close()
        }
    }
}
