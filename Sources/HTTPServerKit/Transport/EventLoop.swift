import CEventPoll
import Glibc
import Synchronization

/// One thread waiting in `epoll_wait` for the sockets it owns (edge-triggered, registered
/// once), running their handlers and, between batches of events, the work and task jobs
/// sent to it. It is also a `TaskExecutor`: a request's handler runs here, so a response
/// computed without suspending is written in the same pass, with no thread handoff.
///
/// Why not Dispatch sources: on Linux every read source is `EPOLLONESHOT`, so each event
/// costs a `SIOCINQ` ioctl, a re-arm `epoll_ctl` and a hop from libdispatch's event thread
/// to a worker (a futex wake-up); that capped keep-alive throughput at about half of
/// nginx's. A loop like this one spends two system calls per request (recv, send).
final class EventLoop: @unchecked Sendable {
    /// Something registered with the loop; called on the loop's thread.
    protocol Handler: AnyObject {
        /// `hungUp`: the peer closed or reset; the end of input waits behind any bytes,
        /// and no later edge will announce it.
        func eventsReady(readable: Bool, writable: Bool, hungUp: Bool)
    }

    private enum Work: Sendable {
        case closure(@Sendable () -> Void)
        case job(UnownedJob)
    }

    private struct Inbox {
        var work: [Work] = []
        /// The loop is (about to be) blocked in epoll_wait and needs the eventfd to wake.
        var sleeping = false
        var running = true
    }

    private let epollFD: Int32
    private let wakeFD: Int32
    private let inbox = Mutex(Inbox())
    /// Confined to the loop's thread.
    private var handlers: [UInt64: any Handler] = [:]
    private var nextToken: UInt64 = 1
    private var thread = pthread_t()
    private let finished = Mutex(false)
    /// The loop's thread, for `inEventLoop`.
    private let threadID = Atomic<UInt>(0)
    /// Submitted work being run, swapped with the inbox's (loop thread only).
    private var batch: [Work] = []

    init() throws {
        epollFD = cep_create()
        guard epollFD >= 0 else { throw SocketError("epoll_create1") }
        wakeFD = cep_eventfd()
        guard wakeFD >= 0 else {
            Glibc.close(epollFD)
            throw SocketError("eventfd")
        }
        _ = cep_add(epollFD, wakeFD, UInt32(CEP_IN), 0)
        let box = Unmanaged.passRetained(self)
        let status = pthread_create(
            &thread, nil,
            { raw in
                let loop = Unmanaged<EventLoop>.fromOpaque(raw!).takeRetainedValue()
                loop.run()
                return nil
            }, box.toOpaque())
        guard status == 0 else {
            box.release()
            Glibc.close(wakeFD)
            Glibc.close(epollFD)
            throw SocketError("pthread_create", code: status)
        }
    }

    /// The descriptors live as long as the loop: work may be submitted after `stop` (a
    /// handler finishing late, `stop`'s own wake-up racing the thread's end), and a wake-up
    /// sent to a closed eventfd would land in whatever has taken its number since.
    deinit {
        Glibc.close(wakeFD)
        Glibc.close(epollFD)
    }

    /// True on the loop's own thread.
    var inEventLoop: Bool { threadID.load(ordering: .relaxed) == UInt(pthread_self()) }

    /// Runs `work` on the loop's thread, after the events it is handling now.
    func execute(_ work: @escaping @Sendable () -> Void) {
        submit(.closure(work))
    }

    private func submit(_ work: Work) {
        let wake = inbox.withLock { inbox -> Bool in
            inbox.work.append(work)
            defer { inbox.sleeping = false }
            return inbox.sleeping
        }
        if wake { cep_eventfd_signal(wakeFD) }
    }

    // MARK: - Registration (on the loop's thread)

    /// Watches `fd` for input, output and hang-up, edge-triggered; returns its token.
    func register(_ fd: Int32, _ handler: any Handler) throws -> UInt64 {
        let token = nextToken
        nextToken += 1
        let events = UInt32(CEP_IN) | UInt32(CEP_OUT) | UInt32(CEP_RDHUP) | UInt32(bitPattern: Int32(CEP_ET))
        guard cep_add(epollFD, fd, events, token) == 0 else { throw SocketError("epoll_ctl") }
        handlers[token] = handler
        return token
    }

    func deregister(_ fd: Int32, token: UInt64) {
        _ = cep_remove(epollFD, fd)
        handlers[token] = nil
    }

    /// Stops the loop after the work already submitted; waits for its thread to end.
    func stop() {
        inbox.withLock { $0.running = false }
        cep_eventfd_signal(wakeFD)
        if !inEventLoop {
            pthread_join(thread, nil)
        }
    }

    // MARK: - The loop

    private func run() {
        threadID.store(UInt(pthread_self()), ordering: .relaxed)
        var tokens = [UInt64](repeating: 0, count: 256)
        var events = [UInt32](repeating: 0, count: 256)
        while true {
            let (hasWork, running) = inbox.withLock { inbox -> (Bool, Bool) in
                if inbox.work.isEmpty { inbox.sleeping = true }
                return (!inbox.work.isEmpty, inbox.running)
            }
            if !running && !hasWork { break }
            let count = cep_wait(epollFD, &tokens, &events, 256, hasWork ? 0 : -1)
            inbox.withLock { $0.sleeping = false }
            for index in 0..<max(Int(count), 0) {
                let token = tokens[index]
                if token == 0 {
                    cep_eventfd_drain(wakeFD)
                    continue
                }
                guard let handler = handlers[token] else { continue }
                let ready = events[index]
                let failed = ready & (UInt32(CEP_ERR) | UInt32(CEP_HUP) | UInt32(CEP_RDHUP)) != 0
                handler.eventsReady(
                    readable: ready & UInt32(CEP_IN) != 0 || failed, writable: ready & UInt32(CEP_OUT) != 0,
                    hungUp: failed)
            }
            runSubmittedWork()
        }
    }

    private func runSubmittedWork() {
        inbox.withLock { swap(&batch, &$0.work) }
        for work in batch {
            switch work {
            case .closure(let body): body()
            case .job(let job): job.runSynchronously(on: asUnownedTaskExecutor())
            }
        }
        batch.removeAll(keepingCapacity: true)
    }
}

extension EventLoop: TaskExecutor {
    func enqueue(_ job: consuming ExecutorJob) {
        submit(.job(UnownedJob(job)))
    }
}
