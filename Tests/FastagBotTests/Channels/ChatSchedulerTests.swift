import Synchronization
import TestKit
import Testing

@testable import FastagBot

/// The scheduler alone: marks start drains at once, one drain per chat at a time, no more
/// than the width at once, a mark during a drain drains the chat again, and a scan finds
/// work nobody marked.
@Suite struct ChatSchedulerTests {
    /// What the drains saw: how many ran at once, and each chat's drains in order.
    final class Recorder: Sendable {
        struct State {
            var running = 0
            var mostAtOnce = 0
            var runningChats: Set<String> = []
            var overlapping: [String] = []
            var drains: [String: Int] = [:]
        }

        let state = Mutex(State())

        func drain(_ chat: ChatKey, hold: Duration) async -> Int64? {
            state.withLock { state in
                state.running += 1
                state.mostAtOnce = max(state.mostAtOnce, state.running)
                if !state.runningChats.insert(chat.chatID).inserted { state.overlapping.append(chat.chatID) }
            }
            try? await Task.sleep(for: hold)
            state.withLock { state in
                state.running -= 1
                state.runningChats.remove(chat.chatID)
                state.drains[chat.chatID, default: 0] += 1
            }
            return nil
        }

        var drains: [String: Int] { state.withLock { $0.drains } }
    }

    static func chat(_ number: Int) -> ChatKey { ChatKey(channel: .whatsapp, chatID: "9190000000\(number)") }

    @Test func marksDrainEachChatOnceAtATimeWithinTheWidth() async {
        let recorder = Recorder()
        let scheduler = ChatScheduler(width: 3, time: SystemTime())
        scheduler.start(
            scan: { _ in ChatWorkScan(due: [], next: nil) },
            drain: { await recorder.drain($0, hold: .milliseconds(100)) }, onScanError: { _ in })
        let chats = (0..<10).map(Self.chat)
        scheduler.mark(chats)
        scheduler.mark(chats)  // the same chats again, while queued or draining
        #expect(await eventually { recorder.drains.count == 10 && recorder.state.withLock { $0.running == 0 } })
        await scheduler.stop()

        let state = recorder.state.withLock { $0 }
        #expect(state.overlapping == [], "a chat drained twice at once")
        #expect(state.mostAtOnce == 3)
        // Queued chats are drained once; the three draining when marked again are drained twice.
        #expect(state.drains.values.reduce(0, +) == 13)
        #expect(Set(state.drains.keys) == Set(chats.map(\.chatID)))
    }

    @Test func aScanFindsWorkNobodyMarkedAndAgainWhenARetryFallsDue() async {
        let recorder = Recorder()
        let scans = Mutex(0)
        let scheduler = ChatScheduler(width: 4, time: SystemTime())
        scheduler.start(
            scan: { now in
                // The first scan finds chat 1 due and chat 2 waiting for a retry 200 ms later;
                // the next finds chat 2 due.
                let scan = scans.withLock { scans -> Int in
                    scans += 1
                    return scans
                }
                return scan == 1
                    ? ChatWorkScan(due: [Self.chat(1)], next: now + 200) : ChatWorkScan(due: [Self.chat(2)], next: nil)
            },
            drain: { await recorder.drain($0, hold: .milliseconds(1)) }, onScanError: { _ in })
        #expect(await eventually { recorder.drains[Self.chat(2).chatID] != nil })
        await scheduler.stop()

        #expect(recorder.drains[Self.chat(1).chatID] == 1)
        #expect(recorder.drains[Self.chat(2).chatID] == 1)
        #expect(scans.withLock { $0 } == 2)
    }

    /// Chat 0's drain waits outside (like an HTTP call) until chat 1 has been drained. At width
    /// 1, chat 1 can start only because waiting outside frees chat 0's place.
    @Test func aDrainWaitingOutsideLeavesItsPlace() async {
        let order = await Self.drainOrder(widthCountsWaits: false) { drained in
            _ = await eventually { drained().contains(Self.chat(1).chatID) }
        }
        #expect(order == [Self.chat(1).chatID, Self.chat(0).chatID])
    }

    /// The same wait where waits count (the sender's width is replies in flight): chat 1 waits.
    @Test func aDrainWaitingOutsideKeepsItsPlaceWhereWaitsCount() async {
        let order = await Self.drainOrder(widthCountsWaits: true) { _ in
            try? await Task.sleep(for: .milliseconds(50))
        }
        #expect(order == [Self.chat(0).chatID, Self.chat(1).chatID])
    }

    /// Chats 0 and 1 marked together on a scheduler of width 1, chat 0's drain waiting
    /// outside (`wait`, which can see the chats drained so far): the order the drains ended in.
    static func drainOrder(
        widthCountsWaits: Bool, _ wait: @escaping @Sendable (_ drained: @Sendable () -> [String]) async -> Void
    ) async -> [String] {
        final class Drained: Sendable {
            let chats = Mutex<[String]>([])
        }
        let drained = Drained()
        let scheduler = ChatScheduler(width: 1, widthCountsWaits: widthCountsWaits, time: SystemTime())
        scheduler.start(
            scan: { _ in ChatWorkScan(due: [], next: nil) },
            drain: { chat in
                if chat == Self.chat(0) {
                    await OutsideWait.around { await wait { drained.chats.withLock { $0 } } }
                }
                drained.chats.withLock { $0.append(chat.chatID) }
                return nil
            }, onScanError: { _ in })
        scheduler.mark([Self.chat(0), Self.chat(1)])
        #expect(await eventually { drained.chats.withLock { $0.count == 2 } })
        await scheduler.stop()
        return drained.chats.withLock { $0 }
    }
}
