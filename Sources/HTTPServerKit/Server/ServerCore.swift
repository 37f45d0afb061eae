import Dispatch
import Glibc
import Synchronization

/// The shared state behind an `HTTPServer`: listeners, the set of open connections, the
/// deadline sweeper and the accept pause. Listener state is confined to `acceptQueue`;
/// the connection set is behind a mutex.
final class ServerCore: @unchecked Sendable {
    let configuration: HTTPServerConfiguration
    let responder: any HTTPResponder
    private let onEvent: @Sendable (HTTPServerEvent) -> Void
    let acceptQueue = DispatchQueue(label: "http.accept")
    /// The loops connections are spread over; created when the server starts listening.
    private let loops = Mutex<[EventLoop]>([])
    private let nextLoop = Atomic<Int>(0)
    private let connections = Mutex<[ObjectIdentifier: HTTPConnection]>([:])
    /// Confined to `acceptQueue`.
    private var listeners: [Listener] = []
    private var acceptPaused = false
    private var stopping = false
    private var sweeper: (any DispatchSourceTimer)?

    init(
        configuration: HTTPServerConfiguration,
        responder: any HTTPResponder,
        onEvent: @escaping @Sendable (HTTPServerEvent) -> Void
    ) {
        self.configuration = configuration
        self.responder = responder
        self.onEvent = onEvent
    }

    func report(_ event: HTTPServerEvent) {
        onEvent(event)
    }

    var openConnections: Int { connections.withLock { $0.count } }

    // MARK: - Listening and accepting

    func listen() throws -> [String] {
        let sockets = try Socket.listen(
            host: configuration.host, port: configuration.port, backlog: configuration.backlog)
        do {
            let created = try (0..<configuration.eventLoops).map { _ in try EventLoop() }
            loops.withLock { $0 = created }
        } catch {
            sockets.forEach { Glibc.close($0.fd) }
            throw error
        }
        acceptQueue.sync {
            for socket in sockets {
                listeners.append(
                    Listener(fd: socket.fd, address: socket.address, queue: acceptQueue) { [self] in
                        acceptPending(on: socket.fd)
                    })
            }
        }
        startSweeper()
        return sockets.map(\.address)
    }

    private func acceptPending(on listenerFD: Int32) {
        for _ in 0..<256 {
            guard !stopping else { return }
            if openConnections >= configuration.maxConnections {
                pauseAccepting(reason: "open connections reached \(configuration.maxConnections)")
                return
            }
            do {
                guard let fd = try Socket.accept(listenerFD) else { return }
                let loop = loops.withLock { $0[nextLoop.wrappingAdd(1, ordering: .relaxed).oldValue % $0.count] }
                let connection = HTTPConnection(fd: fd, server: self, loop: loop)
                let open = connections.withLock { set in
                    set[ObjectIdentifier(connection)] = connection
                    return set.count
                }
                report(.connectionOpened(open: open))
                loop.execute { connection.start() }
            } catch {
                // Typically EMFILE: back off instead of spinning on a readable listener.
                pauseAccepting(reason: "\(error)")
                acceptQueue.asyncAfter(deadline: .now() + .milliseconds(100)) { self.resumeAccepting() }
                return
            }
        }
    }

    private func pauseAccepting(reason: String) {
        guard !acceptPaused else { return }
        acceptPaused = true
        listeners.forEach { $0.pause() }
        report(.acceptPaused(reason: reason))
    }

    private func resumeAccepting() {
        guard acceptPaused, !stopping, openConnections < configuration.maxConnections else { return }
        acceptPaused = false
        listeners.forEach { $0.resume() }
        report(.acceptResumed)
    }

    func connectionClosed(_ connection: HTTPConnection) {
        let open = connections.withLock { set in
            set[ObjectIdentifier(connection)] = nil
            return set.count
        }
        report(.connectionClosed(open: open))
        if open < configuration.maxConnections {
            acceptQueue.async { self.resumeAccepting() }
        }
    }

    // MARK: - Deadlines

    private func startSweeper() {
        let shortest = [
            configuration.headerReadTimeout, configuration.bodyReadTimeout, configuration.idleTimeout,
            configuration.writeTimeout,
        ].min()!
        let interval = min(max(shortest.nanoseconds / 4, 10_000_000), 250_000_000)
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "http.sweeper"))
        timer.schedule(deadline: .now(), repeating: .nanoseconds(Int(interval)), leeway: .milliseconds(5))
        timer.setEventHandler { [self] in
            let now = HTTPConnection.now()
            let due = connections.withLock { set in
                set.values.filter {
                    let deadline = $0.deadline.load(ordering: .relaxed)
                    return deadline != 0 && deadline <= now
                }
            }
            for connection in due {
                connection.loop.execute { connection.deadlineReached() }
            }
        }
        timer.resume()
        sweeper = timer
    }

    // MARK: - Shutdown

    /// Stops accepting (closing the listening sockets), lets in-flight requests finish
    /// within the grace period, then closes whatever is left.
    func shutdown() async {
        let listening: Bool = await withCheckedContinuation { continuation in
            acceptQueue.async {
                let wasRunning = !self.stopping
                self.stopping = true
                self.listeners.forEach { $0.cancel() }
                self.listeners = []
                continuation.resume(returning: wasRunning)
            }
        }
        guard listening else { return }
        let all = connections.withLock { Array($0.values) }
        report(.shutdownStarted(openConnections: all.count))
        for connection in all {
            connection.loop.execute { connection.beginDraining() }
        }
        let graceEnd = HTTPConnection.now() &+ configuration.shutdownGracePeriod.nanoseconds
        while openConnections > 0 && HTTPConnection.now() < graceEnd {
            try? await Task.sleep(for: .milliseconds(10))
        }
        let remaining = connections.withLock { Array($0.values) }
        for connection in remaining {
            connection.loop.execute { connection.close() }
        }
        for _ in 0..<200 where openConnections > 0 {
            try? await Task.sleep(for: .milliseconds(5))
        }
        sweeper?.cancel()
        // Handlers still running after the grace period finish on a stopped loop's thread
        // only if they never suspend; their answers go nowhere.
        for loop in loops.withLock({ $0 }) { loop.stop() }
        report(.shutdownFinished(forcedClosed: remaining.count))
    }
}
