import Dispatch
import Glibc
import Synchronization

/// The server's log sink: lines are formatted into a buffer of the calling thread (so one
/// per event loop for the access log) and written in large blocks by a thread of its own,
/// never with a `write` per line on the caller's thread.
///
/// The writer takes every thread's buffer whole (a swap under that buffer's lock) when one
/// passes `flushBytes`, every `flushInterval`, and on `flush`. A thread's lines stay in
/// the order it logged them (a connection lives on one loop, so its lines do too); lines
/// are only ever written whole, one block after another. When the writer falls behind (a
/// slow disk, a pipe nobody reads), a thread's buffer stops at `maxPendingBytes` and
/// further lines are dropped and counted (`droppedLines`, `/metrics`): requests never wait
/// for the log.
package final class BufferedLogSink: LogSink, @unchecked Sendable {
    package struct Limits: Sendable {
        /// A buffer this full wakes the writer.
        package var flushBytes = 64 * 1024
        /// The longest a line waits when few are logged.
        package var flushInterval: Duration = .milliseconds(100)
        /// A thread's unwritten lines beyond this are dropped.
        package var maxPendingBytes = 4 * 1024 * 1024

        package init() {}
    }

    /// One thread's lines not yet taken by the writer.
    private final class ThreadBuffer: Sendable {
        struct State {
            var line = LogLineWriter()
            /// The writer was woken for this buffer's size since its last swap.
            var signalled = false
            /// Its thread has ended: once emptied, the writer forgets it.
            var orphaned = false
        }
        let state = Mutex(State())
    }

    private struct Control {
        var waiters: [DispatchSemaphore] = []
        var stopping = false
    }

    private let descriptor: Int32
    private let limits: Limits
    /// The calling thread's `ThreadBuffer` (retained by the thread, released when it ends).
    private var key = pthread_key_t()  // set once in init
    private let buffers = Mutex<[ThreadBuffer]>([])
    private let dropped = Atomic<Int>(0)
    private let wake = DispatchSemaphore(value: 0)
    private let control = Mutex(Control())

    /// Writes to `descriptor` (standard output by default) from a new thread.
    package init(descriptor: Int32 = STDOUT_FILENO, limits: Limits = Limits()) {
        self.descriptor = descriptor
        self.limits = limits
        pthread_key_create(&key) { raw in
            guard let raw else { return }
            let buffer = Unmanaged<ThreadBuffer>.fromOpaque(raw).takeRetainedValue()
            buffer.state.withLock { $0.orphaned = true }
        }
        var thread = pthread_t()
        let box = Unmanaged.passRetained(self)
        let status = pthread_create(
            &thread, nil,
            { raw in
                Unmanaged<BufferedLogSink>.fromOpaque(raw!).takeRetainedValue().run()
                return nil
            }, box.toOpaque())
        if status == 0 {
            pthread_detach(thread)
        } else {
            box.release()
            preconditionFailure("cannot start the log writer thread: \(status)")
        }
    }

    /// Lines dropped because the writer was behind or its destination failed.
    package var droppedLines: Int { dropped.load(ordering: .relaxed) }

    package func write(_ line: String) {
        append { $0.bytes.append(contentsOf: line.utf8) }
    }

    package func append(_ build: (inout LogLineWriter) -> Void) {
        let buffer = threadBuffer()
        let wakeWriter = buffer.state.withLock { state -> Bool in
            guard state.line.bytes.count < limits.maxPendingBytes else {
                _ = dropped.wrappingAdd(1, ordering: .relaxed)
                return false
            }
            build(&state.line)
            guard !state.signalled, state.line.bytes.count >= limits.flushBytes else { return false }
            state.signalled = true
            return true
        }
        if wakeWriter { wake.signal() }
    }

    /// Writes every line logged before this call; false when they were not all written
    /// within `timeout` (a destination that blocks: the caller exits anyway).
    @discardableResult
    package func flush(timeout: Duration) -> Bool {
        let done = DispatchSemaphore(value: 0)
        control.withLock { $0.waiters.append(done) }
        wake.signal()
        return done.wait(timeout: .now() + .nanoseconds(Self.nanoseconds(timeout))) == .success
    }

    /// Writes what is buffered, then ends the writer thread (tests; the server's ends with
    /// the process).
    package func stop(timeout: Duration = .seconds(2)) {
        flush(timeout: timeout)
        control.withLock { $0.stopping = true }
        wake.signal()
    }

    private func threadBuffer() -> ThreadBuffer {
        if let raw = pthread_getspecific(key) {
            return Unmanaged<ThreadBuffer>.fromOpaque(raw).takeUnretainedValue()
        }
        let buffer = ThreadBuffer()
        buffers.withLock { $0.append(buffer) }
        pthread_setspecific(key, Unmanaged.passRetained(buffer).toOpaque())
        return buffer
    }

    // MARK: - The writer thread

    private func run() {
        var block: [UInt8] = []
        let interval = Self.nanoseconds(limits.flushInterval)
        while true {
            _ = wake.wait(timeout: .now() + .nanoseconds(interval))
            // Waiters taken before the swaps: every line logged before their call is written.
            let (waiters, stopping) = control.withLock { control in
                defer { control.waiters = [] }
                return (control.waiters, control.stopping)
            }
            for buffer in buffers.withLock({ $0 }) {
                let orphaned = buffer.state.withLock { state -> Bool in
                    swap(&state.line.bytes, &block)
                    state.signalled = false
                    return state.orphaned
                }
                writeAll(block)
                block.removeAll(keepingCapacity: true)
                if orphaned { buffers.withLock { $0.removeAll { $0 === buffer } } }
            }
            waiters.forEach { $0.signal() }
            if stopping { return }
        }
    }

    /// Blocks until `bytes` are written; on an error the block's lines count as dropped.
    private func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                    // A non-blocking descriptor (set so by whoever shares it): wait, as a blocking one would.
                    var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&ready, 1, 100)
                } else {
                    let lost = raw[offset...].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
                    _ = dropped.wrappingAdd(lost, ordering: .relaxed)
                    return
                }
            }
        }
    }

    private static func nanoseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
    }
}
