import Dispatch
import Glibc
import Synchronization

/// Shares PostgreSQL connections among tasks: up to `size` connections, each confined to a
/// serial queue of its own.
///
/// libpq blocks the thread that calls it while the server answers, so no libpq call ever runs
/// on the caller's thread: `read` and `write` suspend the calling task and run their closure
/// on a connection's queue (an HTTP server's event loops call into storage, and must never
/// wait on the network). Callers beyond `size` wait in one first-come, first-served line and
/// hold no thread while they wait. Connections open on first use and are kept; one the server
/// dropped is replaced by its next use (see `Database`).
///
/// Unlike SQLite's pool, writes are not group-committed here: with several connections the
/// server already shares one WAL flush among commits that arrive together, and a shared
/// transaction would hold every write's row locks until the slowest finished. Batches of
/// independent writes go through `pipeline` instead.
public final class DatabasePool: Sendable {
    /// Where the pool's connections go.
    public let url: PostgresURL
    /// The most connections this pool opens.
    public let size: Int
    private let options: Database.Options
    private let slots: [Slot]
    private let state: Mutex<State>

    /// A connection (opened on first use) and the queue it lives on.
    private final class Slot: @unchecked Sendable {
        let index: Int
        let queue: DispatchQueue
        /// Only touched on `queue`.
        var database: Database?

        init(index: Int) {
            self.index = index
            queue = DispatchQueue(label: "postgres.connection.\(index)")
        }
    }

    /// Work for a slot: `run` on the slot's queue, or `fail` when the pool closes first.
    private struct Job: Sendable {
        let run: @Sendable (Slot) -> Void
        let fail: @Sendable (any Error) -> Void
    }

    private struct State: Sendable {
        /// Slots with no job, the most recently used last (so that light load keeps using the
        /// connections already open).
        var idle: [Int]
        /// Jobs waiting for a slot, oldest first from `head` on.
        var waiting: [Job?] = []
        var head = 0
        var closed = false

        mutating func takeWaiting() -> Job? {
            guard head < waiting.count else { return nil }
            let job = waiting[head]
            waiting[head] = nil
            head += 1
            if head >= 64 && head * 2 >= waiting.count {
                waiting.removeFirst(head)
                head = 0
            }
            return job
        }
    }

    /// Creates the pool and opens its first connection, so that a wrong URL or an unreachable
    /// server shows at start-up.
    ///
    /// - Throws: `PostgresError` (`.unableToConnect`) when that first connection fails.
    public init(url: PostgresURL, options: Database.Options = Database.Options(), size: Int = 8)
        throws(PostgresError)
    {
        precondition(size >= 1, "a pool needs at least one connection")
        self.url = url
        self.size = size
        self.options = options
        slots = (0..<size).map { Slot(index: $0) }
        state = Mutex(State(idle: Array((0..<size).reversed())))
        let first = try Database(url: url, options: options)
        slots[0].queue.sync { slots[0].database = first }
    }

    /// Runs `body` on a connection, outside any transaction: each statement sees what was
    /// committed when it began. For a consistent snapshot over several statements, open a
    /// `transaction(.repeatableRead)` inside `body`. Also the place for work that manages its own
    /// transactions (migrations, `pipeline`).
    ///
    /// - Throws: what `body` throws, or `PostgresError` (`isConnectionLost`) when no connection
    ///   can be made or the pool is closed.
    public func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            submit(
                Job(
                    run: { slot in continuation.resume(with: Result { try body(self.database(of: slot)) }) },
                    fail: { continuation.resume(throwing: $0) }))
        }
    }

    /// Runs `body` in a transaction on a connection, committing when it returns and rolling back
    /// when it throws; returns once the COMMIT has succeeded.
    ///
    /// - Parameters:
    ///   - isolation: the transaction's isolation level.
    ///   - retries: how many times to run `body` again, in a new transaction, when the
    ///     transaction loses a conflict (`isTransactionConflict`: a serialization failure or a
    ///     deadlock). Only for closures that are safe to repeat: no effects outside the database.
    /// - Throws: what `body` throws, or `PostgresError` (from COMMIT, or `isConnectionLost`).
    @discardableResult
    public func write<T: Sendable>(
        isolation: Database.IsolationLevel = .readCommitted, retries: Int = 0,
        _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            submit(
                Job(
                    run: { slot in
                        continuation.resume(
                            with: Result {
                                try Self.inTransaction(self.database(of: slot), isolation, retries: retries, body)
                            })
                    },
                    fail: { continuation.resume(throwing: $0) }))
        }
    }

    /// `Database.pipeline` on a pooled connection: the statements in one round trip and one
    /// implicit transaction.
    ///
    /// - Throws: `PostgresError` of the first statement that failed.
    @discardableResult
    public func pipeline(_ statements: [(sql: String, arguments: [any PostgresConvertible])]) async throws -> [Int] {
        try await read { db in try db.pipeline(statements) }
    }

    /// Blocking variant of `write`, for start-up code and command-line tools: it runs on the
    /// calling thread. Never call it from a task or a queue that the pool's work may wait on.
    @discardableResult
    public func writeNow<T>(isolation: Database.IsolationLevel = .readCommitted, _ body: (Database) throws -> T)
        throws -> T
    {
        try withConnectionNow { try Self.inTransaction($0, isolation, retries: 0, body) }
    }

    /// Blocking variant of `read`, with the same caveats as `writeNow`.
    public func readNow<T>(_ body: (Database) throws -> T) throws -> T {
        try withConnectionNow(body)
    }

    /// How many calls wait for a connection right now (all `size` are busy): a measure of
    /// saturation, for metrics.
    public var waitingCount: Int {
        state.withLock { $0.waiting.count - $0.head }
    }

    /// Closes every connection once its current work is done; work still waiting fails, and
    /// later calls fail at once.
    public func close() {
        let waiting = state.withLock { state in
            state.closed = true
            var jobs: [Job] = []
            while let job = state.takeWaiting() { jobs.append(job) }
            return jobs
        }
        for job in waiting { job.fail(Self.closedError) }
        for slot in slots {
            slot.queue.async { slot.database = nil }
        }
    }

    // MARK: - Scheduling

    private static let closedError = PostgresError(
        code: .connectionDoesNotExist, message: "the connection pool is closed", isConnectionLost: true)

    /// Runs `job` on an idle slot, or queues it until one is free.
    private func submit(_ job: Job) {
        enum Decision {
            case run(Slot)
            case wait
            case closed
        }
        let decision = state.withLock { state -> Decision in
            if state.closed { return .closed }
            if let index = state.idle.popLast() { return .run(slots[index]) }
            state.waiting.append(job)
            return .wait
        }
        switch decision {
        case .run(let slot): slot.queue.async { self.work(on: slot, starting: job) }
        case .wait: break
        case .closed: job.fail(Self.closedError)
        }
    }

    /// Runs `job`, then whatever waits, on `slot` until nothing does; then the slot is idle.
    private func work(on slot: Slot, starting job: Job) {
        var next: Job? = job
        while let job = next {
            job.run(slot)
            next = state.withLock { state in
                if let waiting = state.takeWaiting() { return waiting }
                state.idle.append(slot.index)
                return nil
            }
        }
    }

    /// The slot's connection, opened now if it has none yet.
    private func database(of slot: Slot) throws(PostgresError) -> Database {
        dispatchPrecondition(condition: .onQueue(slot.queue))
        if let database = slot.database { return database }
        let database = try Database(url: url, options: options)
        slot.database = database
        return database
    }

    /// Runs `body` on a slot's queue while the calling thread waits for it.
    private func withConnectionNow<T>(_ body: (Database) throws -> T) throws -> T {
        try withoutActuallyEscaping(body) { body in
            let call = BlockingCall(body)
            let done = DispatchSemaphore(value: 0)
            submit(
                Job(
                    run: { slot in
                        call.run { try self.database(of: slot) }
                        done.signal()
                    },
                    fail: { error in
                        call.fail(error)
                        done.signal()
                    }))
            done.wait()
            guard let result = call.result else { throw Self.closedError }
            return try result.get()
        }
    }

    private static func inTransaction<T>(
        _ database: Database, _ isolation: Database.IsolationLevel, retries: Int, _ body: (Database) throws -> T
    ) throws -> T {
        var attempt = 0
        while true {
            do {
                return try database.transaction(isolation) { try body(database) }
            } catch let error as PostgresError where error.isTransactionConflict && attempt < retries {
                attempt += 1
                // The winner may not have committed yet: a retry at once can lose to it again,
                // as many times as there are retries. Back off 1, 2, 4 … 64 ms (with jitter);
                // this runs on the slot's own thread, never on a task's.
                usleep(UInt32.random(in: 500...1000) << UInt32(min(attempt - 1, 6)))
            }
        }
    }
}

/// A closure and its result handed to a slot's queue by a caller that blocks until the queue
/// has run it: the two threads never touch it at the same time.
///
/// The closure is only borrowed (`withoutActuallyEscaping`): `run` lets go of it before the
/// caller is woken, since the slot's queue may still hold this object (its job) a moment
/// after, and a borrowed closure still referenced when the caller returns is a crash.
private final class BlockingCall<T>: @unchecked Sendable {
    private var body: ((Database) throws -> T)?
    var result: Result<T, any Error>?

    init(_ body: @escaping (Database) throws -> T) {
        self.body = body
    }

    func run(_ database: () throws -> Database) {
        guard let body else { return }
        self.body = nil
        result = Result { try body(database()) }
    }

    func fail(_ error: any Error) {
        body = nil
        result = .failure(error)
    }
}
