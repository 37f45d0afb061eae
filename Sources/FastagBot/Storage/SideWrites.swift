import Synchronization

/// Writes that may wait for the input's own transaction: the record of a provider call and
/// the provider's figures kept on the agent. Each was a transaction of its own, so a step
/// waited for one more commit (an fsync) per provider call; while an input is applied
/// (`StorageConversationStore.exclusively`) they are kept here and run in the engine's next
/// write, after its own statements, and what is left when the input ends gets one write.
/// Neither is a promise to anyone: a lost call record is a gap in the statistics and the
/// figures are a copy of the provider's, read again at the next menu.
final class SideWrites: Sendable {
    typealias Write = @Sendable (SQLConnection) throws -> Void

    /// The input being applied in this task, if any.
    @TaskLocal static var current: SideWrites?

    private let pending = Mutex<[Write]>([])

    func add(_ write: @escaping Write) {
        pending.withLock { $0.append(write) }
    }

    /// Takes every write kept so far (they run in the caller's transaction).
    func take() -> [Write] {
        pending.withLock { pending in
            defer { pending = [] }
            return pending
        }
    }

    /// Gives writes back when the transaction that took them did not commit.
    func giveBack(_ writes: [Write]) {
        pending.withLock { $0.insert(contentsOf: writes, at: 0) }
    }
}
