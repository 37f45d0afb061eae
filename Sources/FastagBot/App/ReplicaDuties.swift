import PostgreSQL
import Synchronization

/// A replica's part in sharing a PostgreSQL database with others: while it runs it renews
/// its leases and hears the others' signals; at shutdown it gives its leases back and tells
/// the others to look at the inbox and outbox at once, so a rolling deploy moves no chat
/// late. With SQLite (one process) there is nothing to do.
final class ReplicaDuties: Sendable {
    private let storage: Storage
    private let pipeline: ChatPipeline
    private let logger: Logger
    private let renewing = Mutex<Task<Void, Never>?>(nil)
    private let listening = Mutex<Task<Listener?, Never>?>(nil)

    init(storage: Storage, pipeline: ChatPipeline, logger: Logger) {
        self.storage = storage
        self.pipeline = pipeline
        self.logger = logger
    }

    func start() {
        guard let leases = storage.leases else { return }
        let renewal = Task.detached { [logger] in
            while !Task.isCancelled {
                do {
                    try await leases.renewAll()
                } catch {
                    logger.warning(
                        "leases not renewed; they expire unless the next try works", ["error": .string("\(error)")])
                }
                try? await Task.sleep(for: .milliseconds(leases.lifetime / 3))
            }
        }
        renewing.withLock { $0 = renewal }
        let listen = Task.detached { [storage, pipeline, logger] () -> Listener? in
            do {
                return try await storage.listenForSignals { signal in pipeline.received(signal) }
            } catch {
                logger.error(
                    "not listening to other replicas; chats are found by scans only", ["error": .string("\(error)")])
                return nil
            }
        }
        listening.withLock { $0 = listen }
    }

    /// Call after the pipeline stopped (its drains gave their chats back).
    func stop() async {
        guard let leases = storage.leases else { return }
        if let task = renewing.withLock({ $0.take() }) {
            task.cancel()
            await task.value
        }
        if let task = listening.withLock({ $0.take() }) {
            await task.value?.close()
        }
        do {
            try await leases.releaseAll()
            try await storage.signal(.rescan)
        } catch {
            logger.warning(
                "leases not given back; other replicas take them when they expire", ["error": .string("\(error)")])
        }
    }
}
