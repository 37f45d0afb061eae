import Testing

@testable import FastagBot

/// The pace of one channel's sends, on given times: at most `limit` in any window, and a
/// pause then half the rate after a throughput error.
@Suite struct SendPacerTests {
    @Test func atMostTheLimitWithinAnyWindow() {
        let pacer = SendPacer(limit: 3, window: 60_000)
        #expect(pacer.reserve(now: 0) == nil)
        #expect(pacer.reserve(now: 10_000) == nil)
        #expect(pacer.reserve(now: 20_000) == nil)
        // The fourth waits until the first leaves the window.
        #expect(pacer.reserve(now: 30_000) == 60_001)
        #expect(pacer.reserve(now: 60_001) == nil)
        #expect(pacer.reserve(now: 60_002) == 70_001)
    }

    @Test func aThroughputErrorPausesThenHalvesTheRate() {
        let pacer = SendPacer(limit: 4, window: 1000, pause: 1000, slowFor: 60_000)
        #expect(pacer.throttled(now: 0) == 1000)
        #expect(pacer.reserve(now: 500) == 1000)
        #expect(pacer.reserve(now: 1000) == nil)
        #expect(pacer.reserve(now: 1001) == nil)
        #expect(pacer.reserve(now: 1002) != nil, "half of 4 a second for a while")
        // A minute later the full rate is back.
        for offset in 0..<4 { #expect(pacer.reserve(now: 70_000 + Int64(offset)) == nil) }
    }
}
