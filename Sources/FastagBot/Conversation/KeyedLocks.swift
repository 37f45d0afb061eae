import Synchronization

/// Async mutual exclusion per key: work for one session runs one at a time, in arrival
/// order, while different sessions run in parallel. Waiters suspend; no thread blocks.
final class KeyedLocks: Sendable {
    private struct Entry {
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    /// Keys currently held, with the tasks waiting for each.
    private let held = Mutex<[String: Entry]>([:])

    func withLock<T: Sendable>(_ key: String, _ body: () async throws -> T) async rethrows -> T {
        await acquire(key)
        defer { release(key) }
        return try await body()
    }

    private func acquire(_ key: String) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let granted = held.withLock { held -> Bool in
                if held[key] == nil {
                    held[key] = Entry()
                    return true
                }
                held[key]!.waiters.append(continuation)
                return false
            }
            if granted { continuation.resume() }
        }
    }

    private func release(_ key: String) {
        let next = held.withLock { held -> CheckedContinuation<Void, Never>? in
            guard var entry = held[key] else { return nil }
            if entry.waiters.isEmpty {
                held[key] = nil
                return nil
            }
            let next = entry.waiters.removeFirst()
            held[key] = entry
            return next
        }
        next?.resume()
    }
}
