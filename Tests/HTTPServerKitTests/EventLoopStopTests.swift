import Glibc
import Testing

@testable import HTTPServerKit

/// A stopped loop must not write to descriptors it no longer owns. Its eventfd used to be
/// closed when the thread ended while work could still be submitted (a handler finishing
/// after shutdown, or `stop` itself racing the thread): the wake-up then wrote 8 bytes into
/// whatever had taken the descriptor's number since, such as another connection's socket,
/// which saw its request start with garbage ("Malformed request: bad method").
@Suite("EventLoop after stop")
struct EventLoopStopTests {
    @Test("work submitted after stop writes to no descriptor")
    func noWakeUpAfterStop() throws {
        let loop = try EventLoop()
        loop.stop()
        // The lowest free numbers are handed out first: were the loop's descriptors closed,
        // these pipes would take their numbers.
        var pipes: [[Int32]] = []
        for _ in 0..<4 {
            var ends: [Int32] = [0, 0]
            try #require(pipe(&ends) == 0)
            _ = fcntl(ends[0], F_SETFL, fcntl(ends[0], F_GETFL) | O_NONBLOCK)
            pipes.append(ends)
        }
        defer { pipes.joined().forEach { close($0) } }
        loop.execute {}
        for ends in pipes {
            var byte: UInt8 = 0
            #expect(read(ends[0], &byte, 1) == -1 && errno == EAGAIN, "a stopped loop wrote into pipe \(ends)")
        }
    }

    @Test("a stopped loop is released, and its descriptors with it")
    func releasedAfterStop() throws {
        weak var released: EventLoop?
        do {
            let loop = try EventLoop()
            released = loop
            loop.stop()
        }
        #expect(released == nil)
    }
}
