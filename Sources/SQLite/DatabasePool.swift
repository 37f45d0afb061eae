import Dispatch
import Glibc
import Synchronization

/// Shares one SQLite database among tasks: one writer connection and a few reader
/// connections (WAL lets readers run while the writer commits), each confined to its own
/// serial queue.
///
/// Writes are group-committed: every `write` closure waiting when the writer becomes free
/// runs inside one transaction, each in its own savepoint (a closure that throws undoes
/// only its own changes), and all of them return only after that transaction's COMMIT.
/// With `synchronous=FULL` one fsync then serves many writes, which is what lets a durable
/// store keep up with concurrent requests; nothing is acknowledged before it is on disk.
public final class DatabasePool: Sendable {
    private struct PendingWrite: Sendable {
        /// Runs the caller's closure; returns how to finish the caller once committed.
        let run: @Sendable (Database) -> (@Sendable (Result<Void, any Error>) -> Void)
        /// Fails the caller without running its closure.
        let fail: @Sendable (any Error) -> Void
    }

    private struct WriterState: Sendable {
        var pending: [PendingWrite] = []
        var draining = false
    }

    /// The database file, or `:memory:`.
    public let path: String
    private let writer: Confined
    private let readers: [Confined]
    private let readOptions: Database.Options
    /// Read connections of the threads that read most (an HTTP server's event loops), by
    /// thread: a read on such a thread runs right there instead of waiting for a reader
    /// queue to wake up and hand the result back.
    private let threadReaders = Mutex<[UInt: Confined]>([:])
    private let threadReaderLimit: Int
    private let state = Mutex(WriterState())
    private let nextReader = Atomic<Int>(0)
    /// At most this many writes share one commit, which bounds how long any one waits.
    private let maxBatch = 512

    /// A connection and the queue it lives on.
    private final class Confined: @unchecked Sendable {
        let queue: DispatchQueue
        let database: Database
        init(_ database: Database, label: String) {
            self.database = database
            queue = DispatchQueue(label: label)
        }
    }

    /// Opens the database (creating it if needed) with `readerCount` extra read connections.
    /// An in-memory database gets none: reads then use the writer connection.
    ///
    /// - Parameters:
    ///   - path: a file path, or `:memory:`.
    ///   - options: for every connection (readers are opened read-only).
    ///   - readerCount: read connections on queues of their own.
    ///   - threadReaderLimit: how many threads may get a read connection of their own on
    ///     their first read (0 disables it).
    /// - Throws: `SQLiteError` when a connection cannot be opened or set up.
    public init(
        path: String, options: Database.Options = Database.Options(), readerCount: Int = 2, threadReaderLimit: Int = 8
    ) throws {
        self.path = path
        writer = Confined(try Database(path: path, options: options), label: "sqlite.writer")
        let inMemory = path == ":memory:" || path.isEmpty
        var readOptions = options
        readOptions.readOnly = true
        self.readOptions = readOptions
        readers = try (0..<(inMemory ? 0 : readerCount)).map { index in
            Confined(try Database(path: path, options: readOptions), label: "sqlite.reader.\(index)")
        }
        self.threadReaderLimit = inMemory ? 0 : threadReaderLimit
    }

    /// Runs `body` on the writer connection inside a group-committed transaction and
    /// returns its result once the transaction is durable. If `body` throws, its changes
    /// are rolled back and the error is rethrown; other writes in the batch are unaffected.
    /// `body` must not end the transaction itself (COMMIT, ROLLBACK). If it does, or SQLite
    /// rolls the whole transaction back because of it (`INSERT OR ROLLBACK`, a full disk),
    /// the writes that ran before it in the batch fail with `ResultCode.abort`.
    ///
    /// - Parameter body: the work, run on the writer's queue; it must not block on other tasks.
    /// - Returns: what `body` returned, once its transaction has committed.
    /// - Throws: what `body` threw, or `SQLiteError` when the commit failed.
    @discardableResult
    public func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let pending = PendingWrite(
                run: { database in
                    do {
                        let value = try database.savepoint { try body(database) }
                        return { outcome in continuation.resume(with: outcome.map { value }) }
                    } catch {
                        return { _ in continuation.resume(throwing: error) }
                    }
                },
                fail: { continuation.resume(throwing: $0) })
            let start = state.withLock { state in
                state.pending.append(pending)
                if state.draining { return false }
                state.draining = true
                return true
            }
            if start {
                writer.queue.async { self.drain() }
            }
        }
    }

    /// Runs `body` on a reader connection (a consistent snapshot of committed data): the
    /// calling thread's own one when it has or may open one, otherwise a reader queue.
    /// Several statements see one snapshot only inside one transaction (`Database.transaction(.deferred)`).
    ///
    /// - Parameter body: read-only work; a write fails with `ResultCode.readOnly`.
    /// - Returns: what `body` returned.
    /// - Throws: what `body` threw.
    public func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        if let local = threadReader() {
            return try body(local.database)
        }
        let connection =
            readers.isEmpty ? writer : readers[nextReader.wrappingAdd(1, ordering: .relaxed).oldValue % readers.count]
        return try await withCheckedThrowingContinuation { continuation in
            connection.queue.async {
                continuation.resume(with: Result { try body(connection.database) })
            }
        }
    }

    /// The calling thread's read connection, opened on first use while under the limit.
    private func threadReader() -> Confined? {
        guard threadReaderLimit > 0 else { return nil }
        let thread = UInt(pthread_self())
        if let existing = threadReaders.withLock({ $0[thread] }) { return existing }
        guard threadReaders.withLock({ $0.count }) < threadReaderLimit,
            let database = try? Database(path: path, options: readOptions)
        else { return nil }
        let confined = Confined(database, label: "sqlite.thread-reader")
        return threadReaders.withLock { readers in
            guard readers[thread] == nil, readers.count < threadReaderLimit else { return readers[thread] }
            readers[thread] = confined
            return confined
        }
    }

    /// Blocking variant of `write` for start-up code and command-line tools; never call it
    /// from a Dispatch queue or a task that `write` might be waiting on. It runs in its own
    /// IMMEDIATE transaction, not in a group commit.
    ///
    /// - Returns: what `body` returned, once committed.
    /// - Throws: what `body` threw (its changes rolled back), or `SQLiteError`.
    @discardableResult
    public func writeNow<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.queue.sync {
            try writer.database.transaction(.immediate) { try body(writer.database) }
        }
    }

    /// Blocking variant of `read`, with the same caveats as `writeNow`.
    ///
    /// - Returns: what `body` returned.
    /// - Throws: what `body` threw.
    public func readNow<T>(_ body: (Database) throws -> T) throws -> T {
        try (readers.first ?? writer).queue.sync { try body((readers.first ?? writer).database) }
    }

    private func drain() {
        while true {
            let batch: [PendingWrite] = state.withLock { state in
                let count = min(state.pending.count, maxBatch)
                let batch = Array(state.pending.prefix(count))
                state.pending.removeFirst(count)
                if batch.isEmpty { state.draining = false }
                return batch
            }
            if batch.isEmpty { return }
            commit(batch[...])
        }
    }

    private func commit(_ batch: ArraySlice<PendingWrite>) {
        guard !batch.isEmpty else { return }
        let database = writer.database
        var finishers: [@Sendable (Result<Void, any Error>) -> Void] = []
        finishers.reserveCapacity(batch.count)
        do {
            try database.execute("BEGIN IMMEDIATE")
        } catch {
            // Could not even start (e.g. the disk is gone): run nothing, fail everyone.
            batch.forEach { $0.fail(error) }
            return
        }
        for index in batch.indices {
            finishers.append(batch[index].run(database))
            if !database.isInTransaction {
                // That write ended the shared transaction: SQLite rolled it back (`INSERT OR
                // ROLLBACK`, `RAISE(ROLLBACK)`, a full disk) or the closure ran COMMIT or
                // ROLLBACK itself. The writes run so far are not known to be committed, so
                // they fail; the rest must not run in autocommit mode, so they get a new
                // transaction.
                let ended = SQLiteError(
                    code: .abort, message: "the transaction was ended by another write in the same batch")
                finishers.forEach { $0(.failure(ended)) }
                commit(batch[(index + 1)...])
                return
            }
        }
        let outcome: Result<Void, any Error>
        do {
            try database.execute("COMMIT")
            outcome = .success(())
        } catch {
            if database.isInTransaction { try? database.execute("ROLLBACK") }
            outcome = .failure(error)
        }
        for finish in finishers {
            finish(outcome)
        }
    }
}
