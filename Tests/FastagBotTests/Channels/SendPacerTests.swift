import TestKit
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

    @Test func sendsHeldAtTheLimitBookTheFreedPlacesInTheOrderTheyAsked() {
        let pacer = SendPacer(limit: 3, window: 1000)
        // A burst of five at once: three go, the next two book the places the first free.
        let burst = (0..<5).map { _ in pacer.book(now: 0, within: 1100) }
        #expect(burst == [.now, .now, .now, .booked(1001), .booked(1001)])
        // A later send books after them, never before.
        #expect(pacer.book(now: 10, within: 1100) == .booked(1001))
        // The window is full until 2002: beyond the horizon nothing is booked.
        #expect(pacer.book(now: 20, within: 1100) == .notBefore(2002))
        #expect(pacer.book(now: 20, within: 2000) == .booked(2002))
    }

    @Test func aBurstGoesAtOnceUpToItsSizeThenSpreadOut() {
        // 20 a second, two at once: then one every 50 ms instead of the rest of the second's 20 at once.
        let pacer = SendPacer(limit: 20, window: 1000, burst: 2)
        let burst = (0..<5).map { _ in pacer.book(now: 0, within: 1100) }
        #expect(burst == [.now, .now, .booked(50), .booked(100), .booked(150)])
        // After a quiet spell a burst goes at once again.
        #expect(pacer.book(now: 5000, within: 1100) == .now)
        #expect(pacer.book(now: 5000, within: 1100) == .now)
        #expect(pacer.book(now: 5000, within: 1100) == .booked(5050))
    }

    @Test func bookedSendsNeverExceedTheLimitInAnyWindow() {
        for burst in [1, 3, 10] { holdsTheLimit(SendPacer(limit: 10, window: 1000, burst: burst)) }
    }

    private func holdsTheLimit(_ pacer: SendPacer) {
        var times: [Int64] = []
        var rng = SplitMix64(seed: 7)
        var now: Int64 = 0
        while times.count < 500 {
            now += Int64(rng.next() % 40)
            switch pacer.book(now: now, within: 1000) {
            case .now: times.append(now)
            case .booked(let at): times.append(at)
            case .notBefore: continue
            }
        }
        #expect(times == times.sorted(), "first come, first served")
        for (index, time) in times.enumerated() where index >= 10 {
            #expect(time - times[index - 10] > 1000, "send \(index) at \(time)")
        }
    }

    @Test func aPauseIsNeverBooked() {
        let pacer = SendPacer(limit: 4, window: 1000, pause: 1000, slowFor: 60_000)
        #expect(pacer.book(now: 0, within: 1000) == .now)
        #expect(pacer.throttled(now: 10) == 1010)
        #expect(pacer.book(now: 20, within: 1000) == .notBefore(1010))
        #expect(pacer.pausedUntil(now: 500) == 1010)
        #expect(pacer.pausedUntil(now: 1010) == nil)
    }
}
